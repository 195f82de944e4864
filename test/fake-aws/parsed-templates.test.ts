/**
 * Template bodies are parsed once (parsed-templates.ts): every caller gets an equal template of its own,
 * equal in the isDeepStrictEqual sense the fake's "No updates" check uses, and a bad body still throws.
 */
import { isDeepStrictEqual } from 'node:util';
import { loadTemplate } from '../../scripts/yaml/cfn-yaml';
import { parsedTemplate } from './parsed-templates';

const BODY = 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub "${AWS::StackName}-t"\n      Tags: [{ Key: a, Value: "1" }]\n';

describe('parsedTemplate', () => {
  it('gives each caller its own copy of what loadTemplate gives', () => {
    const first = parsedTemplate(BODY) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const again = parsedTemplate(BODY) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(isDeepStrictEqual(first, loadTemplate(BODY))).toBe(true);
    expect(isDeepStrictEqual(again, first)).toBe(true);
    first.Resources.Topic.Properties.Tags.push({ Key: 'b', Value: '2' });
    expect(isDeepStrictEqual(parsedTemplate(BODY), loadTemplate(BODY))).toBe(true);
  });

  it('throws for a body loadTemplate refuses, every time', () => {
    expect(() => parsedTemplate('Resources: [')).toThrow();
    expect(() => parsedTemplate('Resources: [')).toThrow();
  });
});
