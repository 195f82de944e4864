/**
 * `xacct destroy` of a fleet deployed by `deploy-sequence --engine stacksets`, through the CLI against the
 * fake AWS: one target's instances go (stage 2, account A without it, its bus permission, stage 1) while
 * the others stay healthy; all targets: the stack sets are deleted with account A's stacks; --dry-run
 * writes nothing.
 */
import { fleetConfig, fleetWorld, FLEET_TARGETS, SOURCE, type FleetWorld } from '../helpers/fleet-world';
import { enforcePrintedDeployerPolicies } from '../helpers/fleet-accounts';
import { ADMIN_REGION, deployStackSets, STAGE1, STAGE2, stackSetsFleet, statusRows } from './stacksets-fleet';

let world: FleetWorld;
beforeEach(() => {
  world = stackSetsFleet();
});
afterEach(() => world.restore());

const destroy = (...args: string[]) => world.run('destroy', '--config', world.configFile, '--yes', '--json', ...args);
const sets = () => world.aws.stackSets(SOURCE, ADMIN_REGION);
/** The summary: the last JSON line of the output. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const finished = (out: string): any => JSON.parse(out.trim().split('\n').at(-1)!);
const stackIn = (t: (typeof FLEET_TARGETS)[number], name: string) => world.aws.cloudFormation(t.accountId, t.region).stack(name);

describe('destroy of a StackSets-deployed fleet', () => {
  it('one target: its instances and their stacks go, account A no longer serves it, the others stay healthy', async () => {
    expect((await deployStackSets(world)).code).toBe(0);
    await world.aws.settle();
    const [dev, staging, prod] = FLEET_TARGETS;
    const devStacks = [sets().instanceStack(STAGE1, dev.accountId, dev.region)!, sets().instanceStack(STAGE2, dev.accountId, dev.region)!];
    const r = await destroy('--targets', 'dev');
    expect(r.err).toBe('');
    const summary = finished(r.out);
    expect(summary.targets.map((t: { target: string; outcome: string }) => [t.target, t.outcome])).toEqual([['dev', 'destroyed']]);
    expect(r.code).toBe(0);
    expect([sets().instanceStack(STAGE1, dev.accountId, dev.region), sets().instanceStack(STAGE2, dev.accountId, dev.region)]).toEqual([undefined, undefined]);
    for (const s of devStacks) expect([s, stackIn(dev, s)?.status ?? 'gone']).toEqual([s, expect.stringMatching(/^(gone|DELETE_COMPLETE)$/)]);
    expect(world.aws.eventBridge(dev.accountId, dev.region).statements()).toEqual([]);
    // Stage 2 went before account A changed, and account A before stage 1.
    const ops = sets().operationsOf(STAGE2).filter((o) => o.action === 'DELETE');
    const one = sets().operationsOf(STAGE1).filter((o) => o.action === 'DELETE');
    const sourceWrites = world.aws.calls.filter((c) => c.account === SOURCE && /ChangeSet|DeleteStack$/.test(c.command) && c.at >= ops[0]!.createdAt).map((c) => c.at);
    expect(sourceWrites.length).toBeGreaterThan(0);
    expect(Math.min(...sourceWrites)).toBeGreaterThanOrEqual(ops[0]!.endedAt!);
    expect(one[0]!.createdAt).toBeGreaterThanOrEqual(Math.max(...sourceWrites));
    // The sets stay for the others, which are still healthy.
    expect(sets().operationsOf(STAGE1).length).toBeGreaterThan(0);
    const status = await world.run('status', '--config', world.configFile, '--json');
    expect(statusRows(status.out).map((t) => [t.name, t.verdict])).toEqual([['dev', 'not-healthy'], ['staging', 'healthy'], ['prod', 'healthy']]);
    for (const t of [staging, prod]) expect(world.aws.eventBridge(t.accountId, t.region).statements()).toHaveLength(1);
  });

  it('every target: the instances, account A stacks and both stack sets are deleted; what holds data is reported kept; with the printed deployer policies enforced', async () => {
    expect((await deployStackSets(world)).code).toBe(0);
    await world.aws.settle();
    await enforcePrintedDeployerPolicies(world, FLEET_TARGETS);
    const r = await destroy();
    expect(world.aws.identityPolicies.decisions.filter((d) => !d.allowed)).toEqual([]);
    // The target accounts' part was among the requests checked: the stage-1 instance's stack deleted keeping what holds data.
    expect(world.aws.identityPolicies.decisions.map((d) => `${d.action} ${d.resource}`)).toEqual(expect.arrayContaining([expect.stringMatching(/^cloudformation:DeleteStack .*:stack\/StackSet-orders-api-AccB-pipeline-1-/i)]));
    expect(r.err).toBe('');
    const summary = finished(r.out);
    expect(summary.targets.map((t: { target: string; outcome: string }) => [t.target, t.outcome])).toEqual(FLEET_TARGETS.map((t) => [t.name, 'destroyed']));
    expect(r.code).toBe(0);
    expect(summary.operations.filter((o: { kind: string }) => o.kind === 'DeleteStackSet').map((o: { set: string }) => o.set)).toEqual([STAGE2, STAGE1]);
    expect(() => sets().DescribeStackSet({ StackSetName: STAGE1 })).toThrow(/not found/);
    for (const t of FLEET_TARGETS) expect(world.aws.cloudFormation(SOURCE, t.region).stack('orders-api-source')).toBeUndefined();
    // The artifact key is kept (DeletionPolicy Retain), as the single-target teardown keeps it.
    expect(summary.targets[0].retained.map((k: { type: string }) => k.type)).toContain('AWS::KMS::Key');
  });

  it('--dry-run lists the instances, account A and the sets that would go, with no write', async () => {
    expect((await deployStackSets(world)).code).toBe(0);
    await world.aws.settle();
    const before = world.aws.writes().length;
    const r = await world.run('destroy', '--config', world.configFile, '--dry-run');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(world.aws.writes().length).toBe(before);
    expect(r.out).toMatch(/stage 2: DeleteStackInstances on orders-api-AccB-pipeline-2 \(RetainStacks false\) deletes stack StackSet-/);
    expect(r.out).toMatch(/DeleteStackSet orders-api-AccB-pipeline-1: no instance of it is left/);
  });

  it('a target whose credentials are refused is left whole: the others are destroyed, exit 7, the sets stay for it', async () => {
    expect((await deployStackSets(world)).code).toBe(0);
    await world.aws.settle();
    const prod = FLEET_TARGETS[2];
    world.aws.expire(world.aws.profileKey('team-prod'));
    const r = await destroy();
    const summary = finished(r.out);
    expect(summary.targets.map((t: { target: string; outcome: string }) => `${t.target} ${t.outcome}`)).toEqual(['dev destroyed', 'staging destroyed', 'prod failed']);
    expect(summary.targets[2].reason).toMatch(/expired/);
    expect(r.code).toBe(7);
    // Nothing of prod's was deleted: both its instances, and both sets, stay.
    expect([sets().instanceStack(STAGE1, prod.accountId, prod.region), sets().instanceStack(STAGE2, prod.accountId, prod.region)]).toEqual([expect.any(String), expect.any(String)]);
    expect(summary.operations.filter((o: { kind: string }) => o.kind === 'DeleteStackSet')).toEqual([]);
    expect(world.aws.cloudFormation(SOURCE, prod.region).stack('orders-api-source')?.status).toBe('CREATE_COMPLETE');
  });

  it("a region with two targets: destroying one updates account A's fleet stacks to serve the other, whose instances stay", async () => {
    world.restore();
    // GIVEN staging deployed in dev's region: account A's fleet stacks there serve both.
    const config = fleetConfig() as { targets: Array<{ name: string; region: string }> };
    config.targets.find((t) => t.name === 'staging')!.region = 'eu-west-1';
    world = fleetWorld({ ...config, stackSets: { permissionModel: 'SELF_MANAGED', maxConcurrentPercentage: 100 } });
    expect((await deployStackSets(world)).code).toBe(0);
    await world.aws.settle();
    const [dev, staging] = FLEET_TARGETS;
    const a = () => world.aws.cloudFormation(SOURCE, 'eu-west-1').stack('orders-api-source');
    expect(a()!.outputs.Serves!.split(',').sort()).toEqual(['dev', 'staging']);
    const r = await destroy('--targets', 'dev');
    const summary = finished(r.out);
    expect(summary.targets.map((t: { target: string; outcome: string }) => `${t.target} ${t.outcome}`)).toEqual(['dev destroyed']);
    expect(summary.sources.map((g: { region: string; outcome: string }) => `${g.region} ${g.outcome}`)).toEqual(['eu-west-1 updated']);
    expect(r.code).toBe(0);
    expect(a()!.outputs.Serves).toBe('staging');
    expect(sets().instanceStack(STAGE1, dev.accountId, 'eu-west-1')).toBeUndefined();
    expect([sets().instanceStack(STAGE1, staging.accountId, 'eu-west-1'), sets().instanceStack(STAGE2, staging.accountId, 'eu-west-1')]).toEqual([expect.any(String), expect.any(String)]);
  });
});
