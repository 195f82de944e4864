/**
 * The message table (messages.table.ts): every denial mechanism on every hop, foreign callers and
 * resources, elided callers, S3's own settings, malformed input. For each: the scope, the verdict, the
 * mechanism, and that every ARN and name the answer prints is the config's, the templates' or the
 * message's (never a stand-in of the model, nor a name from AWS's examples).
 */
import { loadConfig } from '../../scripts/config/load-config';
import { deploymentView } from '../../scripts/explain/deployment-view';
import { builtInTemplates } from '../../scripts/explain/templates';
import { CONFIG, explain, explainJson } from './explain-helpers';
import { ROWS, type Row } from './messages.table';
import type { Json } from '../helpers/templates';

jest.setTimeout(120_000);

const config = loadConfig(CONFIG);
const view = deploymentView(config, CONFIG, builtInTemplates('0.1.0'));

/** The names the model makes up for what CloudFormation names at deploy time (and the "other" resources of the proof). */
function standIns(): string[] {
  const out = new Set<string>();
  for (const name of ['AccA-pipeline', 'AccB-pipeline-2'] as const) {
    const t = view.model.deployment.templates[name];
    for (const [id, physical] of Object.entries(t.physical)) {
      const fixed = JSON.stringify(t.resources[id]?.Properties ?? {}).includes(physical.ref);
      if (!fixed && physical.ref.length > 12) out.add(physical.ref);
    }
  }
  for (const key of ['A:OtherRole', 'B:OtherRole', 'A:OtherRepository', 'B:OtherKey', 'B:OtherBucket', 'B:OtherPipeline', 'C:PipelineRoleTwin', 'A:Administrator', 'B:Administrator', 'C:Administrator']) {
    const arn = view.model.resources.get(key)?.arn ?? view.model.principals.get(key)?.arn;
    if (arn) out.add(arn);
  }
  return [...out];
}

/** ARNs an answer may print besides the message's: the config's, the fixed names of the templates, account roots, AWS managed policies. */
function allowedArns(message: string): (arn: string) => boolean {
  const c = config as Json;
  const known = new Set<string>(
    [
      c.source.cloudFormationRoleArn,
      c.target.cloudFormationRoleArn,
      c.pipeline.ecsTaskExecutionRoleArn,
      c.pipeline.ecsTaskRoleArn,
      c.pipeline.keyAdministratorArn,
      `arn:aws:iam::${c.source.accountId}:role/${c.pipeline.namePrefix}-ecr-source`,
      `arn:aws:iam::${c.source.accountId}:root`,
      `arn:aws:iam::${c.target.accountId}:root`,
      `arn:aws:ecr:${c.region}:${c.source.accountId}:repository/${c.pipeline.repositoryName}`,
      `arn:aws:events:${c.region}:${c.target.accountId}:event-bus/default`,
      `arn:aws:ecs:${c.region}:${c.target.accountId}:cluster/${c.pipeline.ecsCluster}`,
      `arn:aws:ecs:${c.region}:${c.target.accountId}:service/${c.pipeline.ecsCluster}/${c.pipeline.ecsService}`,
    ].filter(Boolean),
  );
  return (arn) =>
    known.has(arn) ||
    message.includes(arn) ||
    arn.startsWith('arn:aws:iam::aws:policy/') ||
    // A role named in the message (a session's role), in the message's account.
    ((m) => Boolean(m && message.includes(`:${m[1]}:`) && message.includes(`assumed-role/${m[2]}/`)))(/^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(arn)) ||
    // What a cut-off message gives whole, with a wildcard after it.
    (arn.endsWith('*') && message.includes(arn.slice(0, -1)));
}

const printedArns = (text: string) => [...text.matchAll(/arn:[a-z-]+:[^\s"'),;]+/g)].map((m) => m[0].replace(/[.:]$/, '')).filter((a) => !a.includes('${'));

describe('the message table', () => {
  it('holds at least 60 messages, each citing its source, covering every mechanism', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(60);
    for (const r of ROWS) expect({ id: r.id, cited: Boolean(r.source.url ?? r.source.repo ?? r.source.index) && r.source.note.length > 0 }).toEqual({ id: r.id, cited: true });
    const mechanisms = new Set(ROWS.map((r) => r.expect.mechanism).filter(Boolean));
    for (const m of ['identity-policy', 'identity-explicit-deny', 'resource-policy', 'trust-policy', 'key-policy', 'bucket-condition', 'scp', 'rcp', 'boundary', 'session', 'vpce', 'block-public-access', 'object-ownership']) expect(mechanisms).toContain(m);
    expect(ROWS.some((r) => r.expect.inScope === false && r.expect.exit === 0)).toBe(true);
    expect(ROWS.some((r) => r.expect.exit === 2)).toBe(true);
  });
});

describe.each(ROWS.map((r) => [r.id, r] as const))('message %s', (_id, row: Row) => {
  it(`exits ${row.expect.exit} with the expected scope, verdict and mechanism, naming only real things`, async () => {
    if (row.expect.exit === 2) {
      const r = await explain(row.text);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      // Never the input beyond a short prefix.
      if (row.text.length > 40) expect(r.err).not.toContain(row.text.slice(40));
      return;
    }
    const { code, json } = await explainJson(row.text);
    const e = row.expect;
    const got: Record<string, unknown> = { exit: code };
    const want: Record<string, unknown> = { exit: e.exit };
    for (const k of ['inScope', 'templatesAllow', 'deniedBy', 'mechanism', 'confidence'] as const) {
      if (e[k] !== undefined) {
        got[k] = json[k];
        want[k] = e[k];
      }
    }
    expect(got).toEqual(want);
    for (const w of e.fixHas ?? []) expect(json.fix).toContain(w);
    for (const w of e.fixLacks ?? []) expect(`${json.fix} ${json.notes.join(' ')}`).not.toContain(w);
    for (const w of e.checksHave ?? []) expect(JSON.stringify(json.checks)).toContain(w);
    // Out of scope: no drift check among the commands.
    if (json.inScope === false) expect(json.checks.map((c: Json) => c.command).join('\n')).not.toMatch(/--drift|xacct doctor/);

    const text = (await explain(row.text)).out + JSON.stringify(json.checks) + json.fix;
    const allowed = allowedArns(row.text);
    expect(printedArns(text).filter((a) => !allowed(a))).toEqual([]);
    expect(standIns().filter((s) => text.includes(s) && !row.text.includes(s))).toEqual([]);
  });
});

describe('what the table teaches', () => {
  it('a KMS key is described by its id and alias (KMS keys have no name), never by a made-up name', async () => {
    const { json } = await explainJson(ROWS.find((r) => r.id === 'artifact-key/resource')!.text);
    expect(json.resourceDescription).toContain('alias alias/orders-api-artifacts');
    expect(json.resourceDescription).not.toMatch(/ArtifactKey-/);
  });

  it('a message cut inside S3\'s quotes keeps the bucket it gives whole, and says it names the caller and the action', async () => {
    const { json } = await explainJson(ROWS.find((r) => r.id === 'cut-in-quoted-resource')!.text);
    expect(json).toMatchObject({ principalKey: 'A:SourceRole', resourceKey: expect.stringMatching(/^B:ArtifactBucket/), message: { truncated: true } });
  });

  it('the session-policy answer names the role by the ARN the message gives, and says it is unsure about AWS services', async () => {
    const { json } = await explainJson(ROWS.find((r) => r.id === 'pipeline-decrypt/session')!.text);
    expect(json.checks[0].command).toContain('AttributeValue=arn:aws:iam::444455556666:role/orders-api-target-PipelineRole-1A2B3C4D5E6F ');
    expect(json.fix).toContain('Unsure');
  });
});
