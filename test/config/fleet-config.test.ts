/**
 * A config with `targets:` and `defaults:`, read through the CLI as a person runs it: every problem
 * names the target (index and name) and the field; two targets in one account and region are refused;
 * a fleet of one is the single-target deployment it describes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const FLEET = load(readFileSync('examples/fleet.yaml', 'utf8')) as Doc;
const SINGLE = load(readFileSync('examples/deployment.yaml', 'utf8')) as Doc;
const dir = mkdtempSync(join(tmpdir(), 'xacct-fleet-config-'));
const copy = (doc: Doc): Doc => JSON.parse(JSON.stringify(doc));

async function run(doc: Doc | string, ...args: string[]) {
  const file = join(dir, `c-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, typeof doc === 'string' ? doc : dump(doc));
  const io = recordingIo();
  const code = await main([...(args.length ? args : ['plan', '--offline']), '--config', file], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

/** A target moved to another account: its account id and the ARNs it names. */
const moved = (target: Doc, accountId: string): Doc => JSON.parse(JSON.stringify(target).replace(new RegExp(target.accountId, 'g'), accountId));

/** The config is valid: it plans. */
function expectValid(r: { code: number; err: string }) {
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
}

const lines = (err: string) => err.split('\n').map((l) => l.trim());

/** examples/deployment.yaml written as a fleet of one target. */
function singleAsFleet(): Doc {
  const { name, region, source, target, pipeline } = copy(SINGLE);
  return {
    name,
    source,
    defaults: { region, stackName: target.stackName },
    targets: [{ name: 'prod', accountId: target.accountId, credentials: target.credentials, cloudFormationRoleArn: target.cloudFormationRoleArn, pipeline }],
  };
}

describe('a config with targets:', () => {
  it('examples/fleet.yaml is valid', async () => {
    expectValid(await run(FLEET));
  });

  it('a fleet of one plans exactly as the single-target config it describes', async () => {
    const single = await run(SINGLE, 'plan', '--offline', '--json');
    const fleet = await run(singleAsFleet(), 'plan', '--offline', '--json');
    expect(single.code).toBe(0);
    expect(fleet.err).toBe('');
    expect(fleet.out).toBe(single.out);
  });

  it('a fleet of one deploys like the single-target config: the commands that run one deployment read it', async () => {
    const r = await run(singleAsFleet(), 'permissions', '--role', 'deployer', '--account', 'target');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).Statement.length).toBeGreaterThan(0);
  });

  it('a fleet of several is refused, before any AWS call, by the commands that run one deployment', async () => {
    const r = await run(FLEET, 'bootstrap', '--dry-run', '--trust', 'arn:aws:iam::111122223333:role/platform-admin');
    expect(r.code).toBe(2);
    expect(r.err).toContain('holds 3 targets (dev, staging, prod): this command runs one deployment');
  });

  it.each([
    ['a wrong account id', (d: Doc) => (d.targets[1].accountId = 555566667777), 'targets[1] (staging).accountId: must be a string of 12 digits in quotes, for example "111122223333"; found the number 555566667777'],
    ['an unknown key', (d: Doc) => (d.targets[0].clusterName = 'x'), 'targets[0] (dev): unknown key clusterName (see examples/deployment.yaml)'],
    ['a bad target name', (d: Doc) => (d.targets[2].name = 'Prod'), 'targets[2] (Prod).name: must be 1 to 20 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen, for example staging; found the string "Prod"'],
    ['a bad wave', (d: Doc) => (d.targets[2].wave = 0), 'targets[2] (prod).wave: must be a whole number from 1 to 100 (the release wave: wave 1 first); found the number 0'],
    ['a bad shared value', (d: Doc) => (d.defaults.pipeline.imageTag = '.x'), 'defaults.pipeline.imageTag: must be a Docker tag: 1 to 128 letters, digits, _ . and -, not starting with . or -, for example latest; found the string ".x"'],
    [
      'a value missing on the target and in defaults',
      (d: Doc) => delete d.defaults.pipeline.ecsService,
      'targets[0] (dev).pipeline.ecsService: is required (it must be an ECS service name: 1 to 255 letters, digits, _ and -): set it on the target or in defaults',
    ],
    ['a missing region', (d: Doc) => delete d.defaults.region, 'targets[0] (dev).region: is required (it must be an AWS region the SDK knows, for example eu-west-1): set it on the target or in defaults'],
    [
      'a role of another account',
      (d: Doc) => (d.targets[2].pipeline.ecsTaskExecutionRoleArn = 'arn:aws:iam::444455556666:role/ecsTaskExecutionRole'),
      'targets[2] (prod).pipeline.ecsTaskExecutionRoleArn: must be in the target account 777788889999; found the string "arn:aws:iam::444455556666:role/ecsTaskExecutionRole"',
    ],
    ['the source account as a target', (d: Doc) => (d.targets[1].accountId = '111122223333'), 'targets[1] (staging).accountId: must differ from source.accountId: the pipeline spans two accounts; found the string "111122223333"'],
    [
      'a name prefix that grows too long',
      (d: Doc) => (d.defaults.pipeline.namePrefix = 'orders-api-payments-team-x'),
      'targets[1] (staging).pipeline.namePrefix: must be 2 to 32 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen, for example orders-api; found the string "orders-api-payments-team-x-staging"',
    ],
    [
      'two targets in one account and region',
      (d: Doc) => (d.targets[1] = moved(d.targets[1], '444455556666')),
      'targets[1] (staging).accountId: account 444455556666 in region eu-west-1 is already targets[0] (dev): one target per account and region (the pipeline, its bus permission and its stacks would be shared)',
    ],
    ['one name twice', (d: Doc) => (d.targets[2].name = 'dev'), 'targets[2] (dev).name: must differ from targets[0] (dev): every target has its own name (found dev twice)'],
    [
      'one name prefix twice',
      (d: Doc) => (d.targets[1].pipeline.namePrefix = 'orders-api-dev'),
      "targets[1] (staging).pipeline.namePrefix: orders-api-dev is already the name prefix of targets[0] (dev): it names the pipeline's role in account A, where IAM role names are global",
    ],
    [
      'two repositories in one region of account A',
      (d: Doc) => (d.targets[1].pipeline.repositoryName = 'orders-staging'),
      'targets[1] (staging).pipeline.repositoryName: must be orders-api as for targets[0] (dev): account A serves the targets of region eu-west-1 from one stack and one repository; found orders-staging',
    ],
    ['an empty list', (d: Doc) => (d.targets = []), 'targets: must be a list of targets, each with name, accountId and credentials; found an empty list'],
    [
      'the target product published in a target account',
      (d: Doc) => (d.publish = { owner: 'x', support: { email: 'a@example.com' }, catalogs: { source: { bucket: 'catalog-a' } }, products: { target: { catalog: 'target' } } }),
      'publish.products.target.catalog: must be source for a config with targets: the target product is published once in account A and its portfolio shared with every target account',
    ],
  ])('%s is named by target and field (exit 2)', async (_what, change, expected) => {
    const doc = copy(FLEET);
    change(doc);
    const r = await run(doc);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(lines(r.err)).toContain(expected);
  });

  it('one account in two regions is two targets', async () => {
    const doc = copy(FLEET);
    doc.targets[2] = moved(doc.targets[2], '444455556666');
    expectValid(await run(doc));
  });

  it('a problem of account A is said once, not once per target', async () => {
    const doc = copy(FLEET);
    doc.source.cloudFormationRoleArn = 'arn:aws:iam::444455556666:role/orders-api-cloudformation';
    const r = await run(doc);
    expect(r.code).toBe(2);
    expect(r.err.match(/source\.cloudFormationRoleArn/g)).toHaveLength(1);
    expect(r.err).toMatch(/1 problem:/);
  });
});
