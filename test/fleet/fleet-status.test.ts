/**
 * `xacct status` of a fleet through the CLI against the fake AWS: three targets, each in its own
 * account and region, deployed with the single-target deploy sequence; one table, a row per target;
 * a target that is not healthy and one whose credentials are refused; --json; the exit codes.
 */
import type { FleetStatusReport } from '../../scripts/status/fleet-status';
import { ACCOUNT_A } from '../helpers/deploy-world';
import { FLEET_TARGETS, fleetWorld, type FleetWorld } from '../helpers/fleet-deployed-world';
import { waveTag } from '../../templates-src/wave-tag';

let world: FleetWorld;
beforeEach(() => {
  world = fleetWorld();
});
afterEach(() => world.restore());

const [DEV, STAGING, PROD] = FLEET_TARGETS;
const pipelineOf = (t: (typeof FLEET_TARGETS)[number]) => world.aws.cloudFormation(t.accountId, t.region).stack('orders-api-target')!.outputs.PipelineName;
/** A release in each region's repository under the tag the target's wave watches (as promote puts it), deployed by its pipeline. */
function release(...targets: (typeof FLEET_TARGETS)[number][]) {
  for (const t of targets) {
    world.aws.ecr(ACCOUNT_A, t.region).pushImage('orders-api', waveTag('latest', t.wave));
    world.aws.codePipeline(t.accountId, t.region).recordExecution(pipelineOf(t), { revisions: { Image: 'sha256:1f2e', ImageDefinitions: 'v00000001' } });
  }
}
async function status(...extra: string[]): Promise<{ code: number; report: FleetStatusReport; err: string }> {
  const r = await world.run('status', '--config', world.configFile, '--json', ...extra);
  return { code: r.code, report: JSON.parse(r.out) as FleetStatusReport, err: r.err };
}

describe('xacct status of a fleet', () => {
  it('of three healthy targets: a row each, exit 0, and nothing written', async () => {
    await world.deploy();
    release(DEV, STAGING, PROD);
    const writesBefore = world.aws.writes().length;

    const r = await world.run('status', '--config', world.configFile);

    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('Deployment orders-api, 3 targets');
    expect(lines[2]).toMatch(/^target\s+wave\s+account\s+region\s+stack A\s+stage 1\s+stage 2\s+pipeline\s+running\s+healthy$/);
    for (const [i, t] of FLEET_TARGETS.entries()) {
      expect(lines[3 + i]).toMatch(new RegExp(`^${t.name}\\s+${t.wave}\\s+${t.accountId}\\s+${t.region}\\s+CREATE_COMPLETE\\s+done\\s+UPDATE_COMPLETE\\s+deployed\\s+\\S+\\s+yes$`));
    }
    expect(r.out).toContain('3 healthy, 0 not healthy, 0 not read.');
    expect(world.aws.writes().length).toBe(writesBefore);
  });

  it('one target not healthy (its last push failed): its row says so and why, exit 1', async () => {
    await world.deploy();
    release(DEV, STAGING, PROD);
    world.aws.codePipeline(STAGING.accountId, STAGING.region).recordExecution(pipelineOf(STAGING), { failAt: { stage: 'Deploy', message: 'The ECS service could not reach a steady state' } });

    const { code, report } = await status();

    expect(code).toBe(1);
    expect(report.summary).toEqual({ targets: 3, healthy: 2, notHealthy: 1, unreadable: 0 });
    expect(report.targets.map((t) => `${t.name} ${t.verdict} ${t.pipeline}`)).toEqual(['dev healthy deployed', 'staging not-healthy failed', 'prod healthy deployed']);
    expect(report.targets[1].report!.problems.join('\n')).toMatch(/failed in stage Deploy/);
  });

  it('a target whose credentials are refused is a row that says why; the others are read; exit 4', async () => {
    await world.deploy();
    release(DEV, STAGING, PROD);
    world.aws.expire(world.aws.profileKey('team-prod'));

    const text = await world.run('status', '--config', world.configFile);
    expect(text.code).toBe(4);
    expect(text.out).toMatch(/^prod\s+3\s+777788889999\s+us-east-1\s+\?\s+\?\s+\?\s+unreadable\s+-\s+unknown$/m);
    expect(text.out).toMatch(/^prod: could not be read: .*ExpiredToken/m);
    expect(text.out).toContain('2 healthy, 0 not healthy, 1 not read.');

    const { code, report } = await status();
    expect(code).toBe(4);
    expect(report.targets.map((t) => t.verdict)).toEqual(['healthy', 'healthy', 'unreadable']);
    expect(report.targets[2]).toMatchObject({ name: 'prod', accountId: PROD.accountId, unreadable: expect.stringMatching(/expired/) });
    expect(report.targets[2].report).toBeUndefined();
    expect(report.targets[0].report!.stacks.map((s) => s.stack)).toEqual(['orders-api-target', 'orders-api-source']);
  });

  it('--targets and --wave read only the chosen targets; a name the config does not have is refused with the known names', async () => {
    await world.deploy('dev');
    const byName = await status('--targets', 'dev,prod');
    expect(byName.report.targets.map((t) => t.name)).toEqual(['dev', 'prod']);
    // prod is not deployed: its stacks are missing and it is not healthy.
    expect(byName.report.targets[1]).toMatchObject({ stackA: 'missing', stage1: 'missing', stage2: 'pending', pipeline: 'not-deployed', verdict: 'not-healthy' });
    expect(byName.code).toBe(1);
    expect(world.aws.calls.some((c) => c.account === STAGING.accountId)).toBe(false);

    const wave = await status('--wave', '2');
    expect(wave.report.targets.map((t) => t.name)).toEqual(['staging']);

    const bad = await world.run('status', '--config', world.configFile, '--targets', 'qa');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--targets names qa, which the config does not have: its targets are dev, staging, prod/);
  });

  it('reads at most --concurrency targets at a time: one by one with 1, side by side with 3', async () => {
    await world.deploy();
    const spans = async (concurrency: string) => {
      const before = world.aws.calls.length;
      expect((await status('--concurrency', concurrency)).report.summary.targets).toBe(3);
      const calls = world.aws.calls.slice(before);
      return FLEET_TARGETS.map((t) => [calls.findIndex((c) => c.account === t.accountId), calls.map((c) => c.account).lastIndexOf(t.accountId)]);
    };
    const one = await spans('1');
    // Each target's calls end before the next target's begin.
    expect(one[0][1]).toBeLessThan(one[1][0]);
    expect(one[1][1]).toBeLessThan(one[2][0]);
    const three = await spans('3');
    expect(three[1][0]).toBeLessThan(three[0][1]);
    expect(three[2][0]).toBeLessThan(three[0][1]);
  });

  it('--concurrency must be at least 1', async () => {
    const zero = await world.run('status', '--config', world.configFile, '--concurrency', '0');
    expect(zero.code).toBe(2);
    expect(zero.err).toMatch(/--concurrency.*at least 1/);
  });
});

describe('xacct status of a fleet with two targets in one region', () => {
  it('reads account A of that region once for both targets it serves', async () => {
    world.restore();
    // qa: its own account in eu-west-1, beside dev; account A's stack there (dev's) serves both.
    world = fleetWorld([{ name: 'qa', accountId: '888899990000', region: 'eu-west-1', wave: 1 }]);
    // Deployed as a user does: account A's fleet stack in eu-west-1 serves both.
    expect((await world.run('deploy-sequence', '--config', world.configFile, '--yes', '--targets', 'dev,qa')).code).toBe(0);
    const before = world.aws.calls.length;
    const { report } = await status('--targets', 'dev,qa', '--concurrency', '2');
    expect(report.targets.map((t) => `${t.name} ${t.stackA}`)).toEqual(['dev CREATE_COMPLETE', 'qa CREATE_COMPLETE']);
    const calls = world.aws.calls.slice(before).filter((c) => c.account === ACCOUNT_A);
    // Once per name: the fleet stack, and orders-api-source-2, which does not exist (it ends the list).
    expect(calls.filter((c) => c.command === 'DescribeStacks')).toHaveLength(2);
    expect(calls.filter((c) => c.command === 'GetCallerIdentity')).toHaveLength(1);
    // Each target's account B is read with its own credentials.
    expect(world.aws.calls.slice(before).filter((c) => c.command === 'GetCallerIdentity').map((c) => c.account).sort()).toEqual([ACCOUNT_A, '444455556666', '888899990000']);
  });
});
