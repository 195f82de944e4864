/**
 * `xacct destroy` of a fleet through the CLI against the fake AWS: three targets, each in its own
 * account and region (each region's account-A stack serves one target), and a fourth target beside dev
 * whose account-A stack is shared (the fleet stack: updated when one of its targets goes). One target's teardown keeps the others and the account-A stacks they
 * use; all of them; --dry-run writes nothing; a target that fails leaves the others done (exit 7).
 */
import { ACCOUNT_A } from '../helpers/deploy-world';
import { enforcePrintedDeployerPolicies } from '../helpers/fleet-accounts';
import { FLEET_TARGETS, fleetWorld, type FleetWorld } from '../helpers/fleet-deployed-world';
import type { FleetDestroyPlan, FleetDestroySummary } from '../../scripts/destroy/fleet-destroy';

let world: FleetWorld;
afterEach(() => world.restore());

const [DEV, STAGING, PROD] = FLEET_TARGETS;
const QA = { name: 'qa', accountId: '888899990000', region: 'eu-west-1', wave: 1 };
const stackB = (t: { accountId: string; region: string }) => world.aws.cloudFormation(t.accountId, t.region).stack('orders-api-target');
const stackA = (region: string) => world.aws.cloudFormation(ACCOUNT_A, region).stack('orders-api-source');
const destroy = (...extra: string[]) => world.run('destroy', '--config', world.configFile, ...extra);
const summaryOf = (out: string) => JSON.parse(out.trim().split('\n').at(-1)!) as FleetDestroySummary & { type: string };

describe('xacct destroy of a fleet', () => {
  beforeEach(() => {
    world = fleetWorld();
  });

  it('of one target: its stack B, its bus permission and its region\'s account-A stack go; the other targets and their account-A stacks stay', async () => {
    await world.deploy();
    const before = world.aws.writes().length;

    const r = await destroy('--targets', 'staging', '--yes', '--json');

    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(stackB(STAGING)).toBeUndefined();
    expect(stackA(STAGING.region)).toBeUndefined();
    expect(world.aws.eventBridge(STAGING.accountId, STAGING.region).statements()).toEqual([]);
    for (const t of [DEV, PROD]) {
      expect(stackB(t)?.status).toBe('UPDATE_COMPLETE');
      expect(stackA(t.region)?.status).toBe('CREATE_COMPLETE');
      expect(world.aws.eventBridge(t.accountId, t.region).statements()).toHaveLength(1);
    }
    // Writes only in staging's account and account A of its region; stack B before account A's stack.
    const writes = world.aws.writes().slice(before);
    expect(writes.every((w) => w.region === STAGING.region && [STAGING.accountId, ACCOUNT_A].includes(w.account))).toBe(true);
    // (Stack B is deleted twice: CloudFormation cannot delete the non-empty source bucket, so the second delete keeps it.)
    const deletes = writes.filter((w) => w.command === 'DeleteStack').map((w) => w.account);
    expect([...new Set(deletes)]).toEqual([STAGING.accountId, ACCOUNT_A]);
    expect(deletes.filter((a) => a === ACCOUNT_A)).toHaveLength(1);

    const summary = summaryOf(r.out);
    expect(summary.type).toBe('fleet-destroy-finished');
    expect(summary.targets).toEqual([expect.objectContaining({ target: 'staging', outcome: 'destroyed', steps: [
      { stepId: 'delete-target-stack', outcome: 'deleted' },
      { stepId: 'remove-events-permission', outcome: 'permission-removed' },
      { stepId: 'delete-source-stack', outcome: 'no-change' },
    ] })]);
    expect(summary.sources).toEqual([expect.objectContaining({ region: STAGING.region, serves: ['staging'], outcome: 'deleted' })]);
    // The kept key and source bucket of the target are listed, as the single-target teardown lists them.
    expect(summary.targets[0].retained.map((k) => k.logicalId)).toEqual(['ArtifactKey', 'SourceBucket']);
    // Each progress event names its unit.
    const events = r.out.trim().split('\n').slice(0, -1).map((l) => JSON.parse(l) as { type: string; target: string });
    expect(new Set(events.map((e) => e.target))).toEqual(new Set(['staging', 'account A eu-central-1']));
  });

  it('of every target: all stacks B, permissions and account-A stacks go, with a summary per target; deploy and teardown run with the printed deployer policies enforced', async () => {
    await enforcePrintedDeployerPolicies(world, FLEET_TARGETS);
    await world.deploy();

    const r = await destroy('--yes', '--concurrency', '2');

    expect(world.aws.identityPolicies.decisions.filter((d) => !d.allowed)).toEqual([]);
    // The teardown looked for each region's further fleet stacks (<stackName>-2, ...) under the policy.
    expect(world.aws.identityPolicies.decisions.map((d) => `${d.action} ${d.resource}`)).toEqual(expect.arrayContaining([expect.stringMatching(/^cloudformation:DescribeStacks .*:stack\/orders-api-source-2\//)]));
    expect(r.code).toBe(0);
    for (const t of FLEET_TARGETS) {
      expect(stackB(t)).toBeUndefined();
      expect(stackA(t.region)).toBeUndefined();
    }
    expect(r.out).toContain('Teardown of deployment orders-api: 3 of 3 targets destroyed');
    for (const t of FLEET_TARGETS) expect(r.out).toMatch(new RegExp(`^  ${t.name}\\s+destroyed \\(delete-target-stack deleted, remove-events-permission permission-removed`, 'm'));
    for (const t of FLEET_TARGETS) expect(r.out).toContain(`account A ${t.region}: stack orders-api-source deleted`);
    expect(r.out).toContain('[dev]');
  });

  it('--dry-run reads every target and makes no write', async () => {
    await world.deploy();
    const before = world.aws.writes().length;

    const r = await destroy('--wave', '1', '--dry-run', '--json');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out) as FleetDestroyPlan;
    expect(plan.targets.map((t) => t.target)).toEqual(['dev']);
    expect(plan.targets[0].plan!.steps.map((s) => `${s.id} ${s.action}`)).toEqual(['delete-target-stack delete', 'remove-events-permission remove', 'delete-source-stack none']);
    expect(plan.sources).toEqual([expect.objectContaining({ region: DEV.region, goes: true, step: expect.objectContaining({ action: 'delete', stack: 'orders-api-source' }) })]);

    const text = await destroy('--dry-run');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^\[prod\] account 777788889999, us-east-1$/m);
    expect(world.aws.writes().length).toBe(before);
  });

  it('without --yes or --dry-run refuses before any call', async () => {
    const before = world.aws.calls.length;
    const r = await destroy('--targets', 'dev');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/add --yes to delete, or --dry-run/);
    expect(world.aws.calls.length).toBe(before);
  });

  it('a target whose credentials are refused fails alone: the others are destroyed, exit 7, and its account-A stack stays', async () => {
    await world.deploy();
    world.aws.expire(world.aws.profileKey('team-prod'));

    const dry = await destroy('--dry-run', '--json');
    expect(dry.code).toBe(7);
    expect((JSON.parse(dry.out) as FleetDestroyPlan).targets.map((t) => `${t.target} ${t.error ? 'error' : t.plan!.steps.length}`)).toEqual(['dev 3', 'staging 3', 'prod error']);
    const dryProd = await destroy('--dry-run', '--targets', 'prod');
    expect(dryProd.code).toBe(6);

    const r = await destroy('--yes', '--json');

    expect(r.code).toBe(7);
    const summary = summaryOf(r.out);
    expect(summary.targets.map((t) => `${t.target} ${t.outcome}`)).toEqual(['dev destroyed', 'staging destroyed', 'prod failed']);
    expect(summary.targets[2].error!.message).toMatch(/expired/);
    expect(summary.sources.map((s) => `${s.region} ${s.outcome}`)).toEqual(['eu-west-1 deleted', 'eu-central-1 deleted', 'us-east-1 kept']);
    expect(summary.sources[2].reason).toMatch(/the teardown of prod failed/);
    expect(stackA(PROD.region)?.status).toBe('CREATE_COMPLETE');
    expect(stackB(PROD)?.status).toBe('UPDATE_COMPLETE');

    // Again, on the console: dev and staging are done (nothing to change), prod still fails, named with why.
    const text = await destroy('--yes');
    expect(text.code).toBe(7);
    expect(text.out).toMatch(/^  prod\s+failed: .*expired/m);
    expect(text.out).toContain("account A us-east-1: stack orders-api-source kept: the teardown of prod failed");
  });
});

describe('xacct destroy of a fleet whose account-A stack serves two targets', () => {
  beforeEach(() => {
    world = fleetWorld([QA]);
  });

  it('updates account A\'s stack to serve the target that stays, and says so', async () => {
    expect((await world.run('deploy-sequence', '--config', world.configFile, '--yes', '--targets', 'dev,qa')).code).toBe(0);
    const r = await destroy('--targets', 'dev', '--yes');
    expect(r.code).toBe(0);
    expect(stackB(DEV)).toBeUndefined();
    expect(stackA(DEV.region)).toMatchObject({ status: 'UPDATE_COMPLETE', outputs: expect.objectContaining({ Serves: 'qa' }) });
    expect(r.out).toContain('account A eu-west-1: stack orders-api-source updated: dev no longer served (orders-api-source updated)');
    expect(world.aws.writes().filter((w) => w.account === ACCOUNT_A && w.command === 'DeleteStack')).toEqual([]);
  });

  it('deletes it once both targets it serves are down', async () => {
    await world.deploy('dev');
    const r = await destroy('--targets', 'dev,qa', '--yes', '--json');
    expect(r.code).toBe(0);
    expect(stackA(DEV.region)).toBeUndefined();
    expect(summaryOf(r.out).sources).toEqual([expect.objectContaining({ serves: ['dev', 'qa'], outcome: 'deleted' })]);
  });
});
