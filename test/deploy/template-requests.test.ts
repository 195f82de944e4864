/**
 * What a change-set request carries beside the template: the capabilities its template needs, and a
 * body CloudFormation accepts inline (CreateChangeSet API reference: Capabilities, TemplateBody).
 */
import * as artifacts from '../../scripts/deploy/template-artifacts';
import { capabilitiesFor, TEMPLATE_BODY_LIMIT, templateArtifact } from '../../scripts/deploy/template-artifacts';
import { TEMPLATES } from '../../templates-src';
import { twoAccountWorld } from '../helpers/deploy-world';

describe('capabilities', () => {
  it.each([
    ['AWS::IAM::Role', 'RoleName'],
    ['AWS::IAM::ManagedPolicy', 'ManagedPolicyName'],
    ['AWS::IAM::User', 'UserName'],
    ['AWS::IAM::Group', 'GroupName'],
    ['AWS::IAM::InstanceProfile', 'InstanceProfileName'],
  ])('%s with %s needs CAPABILITY_NAMED_IAM, without it CAPABILITY_IAM', (type, name) => {
    expect(capabilitiesFor({ R: { Type: type, Properties: { [name]: 'custom' } } })).toEqual(['CAPABILITY_NAMED_IAM']);
    expect(capabilitiesFor({ R: { Type: type, Properties: {} } })).toEqual(['CAPABILITY_IAM']);
  });

  it('an inline policy name is no custom name; a template without IAM needs nothing', () => {
    expect(capabilitiesFor({ P: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p' } } })).toEqual(['CAPABILITY_IAM']);
    expect(capabilitiesFor({ B: { Type: 'AWS::S3::Bucket' } })).toEqual([]);
  });

  it('every template says what it needs', () => {
    for (const t of TEMPLATES) expect(templateArtifact(t.name).capabilities.length).toBe(1);
  });
});

describe('template size', () => {
  it('every generated template fits in a request (TemplateBody at most 51,200 bytes)', () => {
    for (const t of TEMPLATES) expect(Buffer.byteLength(templateArtifact(t.name).body)).toBeLessThanOrEqual(TEMPLATE_BODY_LIMIT);
  });

  it('a template over the limit is refused before any call, naming its size', async () => {
    const real = artifacts.templateArtifact;
    const spy = jest.spyOn(artifacts, 'templateArtifact').mockImplementation((n) => {
      const a = real(n);
      return n === 'AccB-pipeline-1' ? { ...a, body: `${a.body}# ${'x'.repeat(TEMPLATE_BODY_LIMIT)}\n` } : a;
    });
    const world = twoAccountWorld();
    try {
      const r = await world.run('deploy-sequence', '--config', world.configFile, '--yes');
      expect(r.code).toBe(4);
      expect(r.err).toMatch(/cannot deploy orders-api-target \(AccB-pipeline-1\): template AccB-pipeline-1 is \d{5} bytes; CloudFormation takes at most 51200 bytes .*Nothing was sent to AWS/);
      expect(world.aws.callsOf('CreateChangeSet')).toEqual([]);
    } finally {
      world.restore();
      spy.mockRestore();
    }
  });
});
