/**
 * examples/fleet.yaml, as a user copies it, through the CLI against the fake AWS under the real SDK:
 * three targets (dev and staging in eu-west-1, where account A's fleet stack serves both; prod in
 * us-east-1 through a role) in three waves. It plans, deploys, re-runs without a write, releases a
 * push to wave 1 only, promotes to wave 2, shows status, survives throttling and a failing target, and
 * tears down.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import type { RunDeps } from '../../scripts/cli/run-deps';
import { FakeAws } from '../fake-aws/fake-aws';
import { FIRST_IMAGE } from '../helpers/deploy-world';
import { ROOT } from '../helpers/templates';

const A = '111122223333';
const WEST = 'eu-west-1';
const EAST = 'us-east-1';
const TARGETS = [
  { name: 'dev', account: '444455556666', region: WEST, cluster: 'orders', profile: 'orders-dev-admin' },
  { name: 'staging', account: '555566667777', region: WEST, cluster: 'orders', profile: 'orders-staging-admin' },
  { name: 'prod', account: '777788889999', region: EAST, cluster: 'orders-prod', profile: 'orders-prod-admin' },
] as const;

let aws: FakeAws;
let deps: RunDeps;
let configFile: string;
const saved = { ...process.env };

async function run(...argv: string[]) {
  const io = recordingIo();
  const code = await main([argv[0]!, '--config', configFile, ...argv.slice(1)], io, deps);
  return { code, out: io.stdout(), err: io.stderr() };
}
const lastLine = (out: string) => JSON.parse(out.trim().split('\n').filter((l) => l.startsWith('{')).pop()!) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const outcomes = (out: string) => (lastLine(out).targets as Array<{ name: string; outcome: string }>).map((t) => [t.name, t.outcome]);
const pushRuns = (t: (typeof TARGETS)[number]) => aws.codePipeline(t.account, t.region).executions(`orders-api-${t.name}-pipeline`).filter((e) => e.trigger.triggerType === 'CloudWatchEvent');

beforeAll(() => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  aws = new FakeAws([A, ...TARGETS.map((t) => t.account)]);
  // The example's credentials: a profile per account, prod's through a role its profile may assume.
  aws.addProfile('orders-source-admin', A);
  for (const t of TARGETS) aws.addProfile(t.profile, t.account);
  aws.addRole('arn:aws:iam::777788889999:role/orders-deployer', ['777788889999']);
  for (const t of TARGETS) {
    aws.ecs(t.account, t.region).createService({ cluster: t.cluster, service: 'orders-api', family: 'orders-api', containers: [{ name: 'web', image: FIRST_IMAGE }], executionRoleArn: `arn:aws:iam::${t.account}:role/ecsTaskExecutionRole` });
  }
  Object.assign(process.env, aws.writeCredentialsFile());
  for (const k of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) delete process.env[k];
  configFile = join(mkdtempSync(join(tmpdir(), 'xacct-example-fleet-')), 'fleet.yaml');
  copyFileSync(join(ROOT, 'examples', 'fleet.yaml'), configFile);
  deps = { clock: aws.clock, pollIntervalMs: 10_000, requestHandler: aws.requestHandler };
});

afterAll(() => {
  jest.useRealTimers();
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
  expect(aws.background.errors).toEqual([]);
});

describe('examples/fleet.yaml through the CLI', () => {
  it('plans every target offline, in dependency order', async () => {
    const r = await run('plan', '--offline', '--json');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out) as { steps: Array<{ id: string; target?: string; serves?: string[]; dependsOn: string[] }> };
    const index = new Map(plan.steps.map((s, i) => [s.id, i]));
    for (const s of plan.steps) for (const d of s.dependsOn) expect(index.get(d)).toBeLessThan(index.get(s.id)!);
    expect(plan.steps.find((s) => s.id.startsWith(`source@${WEST}`))!.serves).toEqual(['dev', 'staging']);
  });

  it('deploys every target (account A once per region), and a second run writes nothing', async () => {
    const r = await run('deploy-sequence', '--yes', '--json');
    expect(r.code).toBe(0);
    expect(outcomes(r.out)).toEqual([['dev', 'succeeded'], ['staging', 'succeeded'], ['prod', 'succeeded']]);
    expect(aws.cloudFormation(A, WEST).stack('orders-api-source')!.outputs.Serves).toBe('dev,staging');
    expect(aws.cloudFormation(A, EAST).stack('orders-api-source')!.status).toMatch(/_COMPLETE$/);
    const before = aws.writes().length;
    const again = await run('deploy-sequence', '--yes', '--json');
    expect(again.code).toBe(0);
    expect(outcomes(again.out).map(([, o]) => o)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(aws.writes().slice(before)).toEqual([]);
  });

  let digest: string;
  it('a push releases to wave 1 only; promote --wave 2 then releases that digest to staging', async () => {
    await aws.settle();
    digest = aws.ecr(A, WEST).pushImage('orders-api', 'latest', 'release 1');
    await aws.settle();
    expect(pushRuns(TARGETS[0]).map((e) => e.status)).toEqual(['Succeeded']);
    expect(pushRuns(TARGETS[1])).toEqual([]);
    const promoted = await run('promote', '--wave', '2', '--yes');
    expect(promoted.code).toBe(0);
    await aws.settle();
    expect(pushRuns(TARGETS[1]).map((e) => e.status)).toEqual(['Succeeded']);
    expect(aws.ecs(TARGETS[1].account, WEST).serviceImage('orders', 'orders-api', 'web')).toBe(`${A}.dkr.ecr.${WEST}.amazonaws.com/orders-api@${digest}`);
    expect(pushRuns(TARGETS[2])).toEqual([]);
  });

  it('promote --wave 3 releases it to prod in its own region, once the image is there (as replication puts it)', async () => {
    expect(aws.ecr(A, EAST).pushImage('orders-api', 'latest', 'release 1')).toBe(digest);
    await aws.settle();
    expect(pushRuns(TARGETS[2])).toEqual([]);
    const promoted = await run('promote', '--wave', '3', '--yes');
    expect(promoted.code).toBe(0);
    await aws.settle();
    expect(pushRuns(TARGETS[2]).map((e) => e.status)).toEqual(['Succeeded']);
    expect(aws.ecs(TARGETS[2].account, EAST).serviceImage('orders-prod', 'orders-api', 'web')).toBe(`${A}.dkr.ecr.${EAST}.amazonaws.com/orders-api@${digest}`);
  });

  it('status shows one row per target, every one healthy and running the released digest', async () => {
    const r = await run('status', '--json');
    const report = JSON.parse(r.out) as { targets: Array<{ name: string; verdict: string; running: string[] }> };
    expect(report.targets.map((t) => [t.name, t.verdict])).toEqual([['dev', 'healthy'], ['staging', 'healthy'], ['prod', 'healthy']]);
    for (const t of report.targets) expect(t.running.join(' ')).toContain(digest);
    expect(r.code).toBe(0);
  });

  it('throttling never fails a run, and a failing target leaves the others as they are (exit 7)', async () => {
    let n = 0;
    aws.onCall = (c) => {
      if (n++ % 3 === 0) aws.throttle(1);
      if (c.command === 'DescribeStacks' && c.account === TARGETS[2].account) aws.fail(1, 'cloudformation', 'DescribeStacks', 'AccessDenied', 'injected refusal', 403);
    };
    const r = await run('deploy-sequence', '--yes', '--json');
    aws.onCall = undefined;
    expect(r.code).toBe(7);
    expect(outcomes(r.out)).toEqual([['dev', 'unchanged'], ['staging', 'unchanged'], ['prod', 'failed']]);
    expect(r.err).not.toMatch(/Rate exceeded|Throttl/);
  });

  it('destroys every target and account A\'s stacks', async () => {
    const r = await run('destroy', '--yes', '--json');
    expect(r.code).toBe(0);
    for (const t of TARGETS) expect(aws.cloudFormation(t.account, t.region).stack('orders-api-target')).toBeUndefined();
    for (const region of [WEST, EAST]) expect(aws.cloudFormation(A, region).stack('orders-api-source')).toBeUndefined();
  });
});
