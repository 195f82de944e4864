/**
 * `xacct status` of a fleet deployed by `deploy-sequence --engine stacksets`, through the CLI against the
 * fake AWS: each target's row reads its stage-1 and stage-2 instance stacks (not `target.stackName`),
 * the pipeline and ECS, and the instances' StackSets status; an instance that is not CURRENT names its
 * target (exit 1).
 */
import { FLEET_TARGETS, SOURCE, type FleetWorld } from '../helpers/fleet-world';
import { waveTag } from '../../templates-src/wave-tag';
import { ADMIN_REGION, deployStackSets, STAGE1, stackSetsFleet, statusRows as rowsOf } from './stacksets-fleet';

let world: FleetWorld;
afterEach(() => world.restore());

const deploy = () => deployStackSets(world);
const status = () => world.run('status', '--config', world.configFile, '--json');

describe('status of a StackSets-deployed fleet', () => {
  it('reads each target from its instance stacks: every target healthy, instances CURRENT, exit 0', async () => {
    world = stackSetsFleet();
    expect((await deploy()).code).toBe(0);
    await world.aws.settle();
    const r = await status();
    expect(r.err).toBe('');
    const rows = rowsOf(r.out);
    expect(rows.map((t) => [t.name, t.verdict, t.stage1, t.stage2, t.pipeline, t.running])).toEqual(
      FLEET_TARGETS.map((t) => [t.name, 'healthy', 'CURRENT', 'CURRENT', 'deployed', [world.aws.ecr(SOURCE, t.region).imageOfTag('orders-api', waveTag('latest', t.wave))!.digest]]),
    );
    expect(r.code).toBe(0);
    // No stack named target.stackName was made: the rows came from the instances' stacks.
    for (const t of FLEET_TARGETS) expect(world.aws.cloudFormation(t.accountId, t.region).stack('orders-api-target')).toBeUndefined();
  });

  it("one target's stage-1 instance failed: it is named with StackSets' status and reason, exit 1", async () => {
    world = stackSetsFleet({ failureTolerancePercentage: 50 });
    const staging = FLEET_TARGETS[1];
    const spec = { stack: '', logicalId: 'PipelineRole', reason: 'Role limit exceeded' };
    Object.defineProperty(spec, 'stack', { get: () => world.aws.stackSets(SOURCE, ADMIN_REGION).instanceStack(STAGE1, staging.accountId, staging.region) ?? '' });
    world.aws.cloudFormation(staging.accountId, staging.region).failures.push(spec);
    expect((await deploy()).code).toBe(7);
    await world.aws.settle();
    const r = await status();
    const rows = rowsOf(r.out);
    const row = rows.find((t) => t.name === 'staging')!;
    expect([row.verdict, row.stage1, row.stage2]).toEqual(['not-healthy', expect.stringMatching(/^OUTDATED/), 'missing']);
    expect(row.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^stage 1: stack instance OUTDATED.*Role limit exceeded/)]));
    expect(rows.filter((t) => t.name !== 'staging').map((t) => [t.name, t.verdict])).toEqual([['dev', 'healthy'], ['prod', 'healthy']]);
    expect(r.code).toBe(1);
    // The table names it too.
    const text = await world.run('status', '--config', world.configFile);
    expect(text.out).toMatch(/^staging:\n(  - .*\n)*  - stage 1: stack instance OUTDATED/m);
  });
});
