/**
 * `status` reads each part on its own: a part AWS refuses to show (ECS, CodePipeline, drift) is reported
 * as unreadable with why, the rest of the report is still printed, and the exit is 4.
 */
import type { StatusReport } from '../../scripts/status/status-types';
import { ACCOUNT_B, twoAccountWorld, type World } from '../helpers/deploy-world';

let world: World;
beforeEach(() => {
  world = twoAccountWorld();
});
afterEach(() => world.restore());

const deploy = () => world.run('deploy-sequence', '--config', world.configFile, '--yes');
const denied = (action: string) => `User: arn:aws:iam::${ACCOUNT_B}:user/team-b is not authorized to perform: ${action}`;

describe('status with a part it cannot read', () => {
  it('ECS DescribeServices denied: the release part is unreadable with the reason; stacks, bus, pipeline still reported; exit 4', async () => {
    await deploy();
    world.aws.fail(5, 'ecs', 'DescribeServices', 'AccessDeniedException', denied('ecs:DescribeServices'), 400);
    const r = await world.run('status', '--config', world.configFile, '--json');
    expect(r.code).toBe(4);
    const report = JSON.parse(r.out) as StatusReport;
    expect(report.stacks.map((s) => s.status)).toEqual(['UPDATE_COMPLETE', 'CREATE_COMPLETE']);
    expect(report.busPermission.present).toBe(true);
    expect(report.pipeline.verdict).not.toBe('unreadable');
    expect(report.release).toMatchObject({ exists: false, unreadable: expect.stringContaining('not authorized to perform: ecs:DescribeServices') });
    expect(report.unreadable).toEqual([{ part: 'release', reason: expect.stringContaining('access denied') }]);
    expect(report.healthy).toBe(false);

    const human = await world.run('status', '--config', world.configFile);
    expect(human.code).toBe(4);
    expect(human.out).toMatch(/Stacks/);
    expect(human.out).toMatch(/Unreadable \(1\):\n  - release: .*ecs:DescribeServices/);
  });

  it('CodePipeline denied: the pipeline is unreadable (no release read), the stacks are still reported; exit 4', async () => {
    await deploy();
    world.aws.fail(5, 'codepipeline', 'GetPipelineState', 'AccessDeniedException', denied('codepipeline:GetPipelineState'), 400);
    const r = await world.run('status', '--config', world.configFile, '--json');
    expect(r.code).toBe(4);
    const report = JSON.parse(r.out) as StatusReport;
    expect(report.pipeline).toMatchObject({ verdict: 'unreadable', unreadable: expect.stringContaining('codepipeline:GetPipelineState') });
    expect(report.stacks[0].exists).toBe(true);
    expect(report.unreadable.map((u) => u.part)).toEqual(['pipeline']);
  });

  it('a healthy deployment has no unreadable parts and exits 0', async () => {
    await deploy();
    const r = await world.run('status', '--config', world.configFile, '--json');
    expect((JSON.parse(r.out) as StatusReport).unreadable).toEqual([]);
  });
});
