/**
 * Every real message format `xacct explain` reads, from AWS documentation and public issues
 * (fixtures/aws-samples.json, each with its source): read through the CLI with the example deployment's
 * config, each gives the caller, action, resource and policy type it holds, and the right exit code:
 * messages of other systems are understood but not about this deployment (1); bare messages that name
 * nothing (S3's "Access Denied", CodePipeline's "access ECS") could be this pipeline's and get its
 * candidate calls (0).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MessageForm } from '../../scripts/explain/message';
import { explain, explainJson } from './explain-helpers';
import type { Json } from '../helpers/templates';

jest.setTimeout(60_000);

interface Sample {
  id: string;
  service: string;
  kind: string;
  text: string;
  source: { url?: string; repo?: string; index?: string; note: string };
  expect: Record<string, Json> & { exit: number; form: MessageForm; deniedBy: string };
}

const SAMPLES: Sample[] = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'aws-samples.json'), 'utf8'));

describe('the message samples', () => {
  it('each cite where they come from: an AWS page, a public issue, or the public file index of the research', () => {
    expect(SAMPLES.length).toBeGreaterThan(80);
    for (const s of SAMPLES) {
      expect({ id: s.id, cited: Boolean(s.source.url ?? s.source.repo ?? s.source.index) }).toEqual({ id: s.id, cited: true });
      if (s.source.url) expect(s.source.url).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|aws\.amazon\.com|github\.com|stackguides\.com)\//);
    }
  });

  it('cover every message form and every policy type explain reads', () => {
    const forms = new Set(SAMPLES.map((s) => s.expect.form));
    const all: MessageForm[] = [
      'not-authorized',
      'codepipeline-permissions',
      'codepipeline-artifact',
      'image-pull-forbidden',
      'generic-access-denied',
      'cloudformation-template',
      'cloudformation-tagging',
    ];
    for (const f of all) expect(forms).toContain(f);
    const types = new Set(SAMPLES.map((s) => s.expect.deniedBy));
    for (const t of ['identity', 'resource', 'scp', 'rcp', 'boundary', 'session', 'vpce', 'unknown']) expect(types).toContain(t);
  });
});

describe.each(SAMPLES.map((s) => [s.id, s] as const))('xacct explain with sample %s', (_id, sample) => {
  it(`reads it (${sample.kind}) and exits ${sample.expect.exit}`, async () => {
    const { code, json } = await explainJson(sample.text);
    expect(code).toBe(sample.expect.exit);
    const m = json.message;
    const read: Record<string, Json> = {
      exit: code,
      form: json.form,
      ...(json.caller !== undefined ? { caller: json.caller } : {}),
      ...(json.action !== undefined ? { action: json.action } : {}),
      ...(json.resource !== undefined ? { resource: json.resource } : {}),
      ...Object.fromEntries(
        ['decision', 'policyType', 'policyArn', 'via', 'otherReason', 'operation', 'service', 'bucket', 'objectKey', 'truncated', 'image'].filter((k) => m[k] !== undefined).map((k) => [k, m[k]]),
      ),
      deniedBy: json.deniedBy,
      ...(json.candidates ? { candidates: json.candidates.map((c: Json) => c.call.id) } : {}),
    };
    expect(read).toEqual(sample.expect);
  });
});

describe('what the samples teach', () => {
  const byId = (id: string) => SAMPLES.find((s) => s.id === id)!;

  it('a message about another deployment says so in words, and names this deployment\'s accounts', async () => {
    const r = await explain(byId('S3-R1').text);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Not about this deployment.');
    expect(r.out).toContain('neither account of this deployment (111122223333 (A) and 444455556666 (B))');
  });

  it('S3\'s bare "Access Denied" lists the calls that could have produced it, the cross-account write first', async () => {
    const { json } = await explainJson(byId('S3-R6').text);
    expect(json.candidates.map((c: Json) => [c.call.id, c.likely])).toEqual([
      ['source-role-writes-source-artifact', true],
      ['pipeline-writes-definitions-artifact', false],
      ['pipeline-writes-pinned-definitions', false],
    ]);
    expect(json.notes.join(' ')).toMatch(/outside the bucket owner's organization/);
  });

  it('a pull failure from another registry, a CodeDeploy action and a template URL are understood and set aside', async () => {
    for (const id of ['ECS-1', 'CP-4', 'CFN-8']) {
      const r = await explain(byId(id).text);
      expect({ id, code: r.code }).toEqual({ id, code: 1 });
    }
    expect((await explain(byId('ECS-1').text)).out).toContain('is not the deployment\'s repository (orders-api in account 111122223333, eu-west-1)');
    expect((await explain(byId('CP-4').text)).out).toContain('the pipeline has no action that uses CodeDeploy');
  });
});
