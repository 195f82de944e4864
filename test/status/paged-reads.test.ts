/**
 * A listing that spans pages and is throttled part way through resumes from the throttled page: the
 * pages already read are not asked for again (status --drift reads drift results page by page, doctor
 * reads each stack's resources page by page).
 */
import type { StatusReport } from '../../scripts/status/status-types';
import { ACCOUNT_A, twoAccountWorld, type World } from '../helpers/deploy-world';

let world: World;
beforeEach(() => {
  world = twoAccountWorld();
});
afterEach(() => world.restore());

const deploy = () => world.run('deploy-sequence', '--config', world.configFile, '--yes');

/**
 * Throttle the second page of `command` in account A once: the first call that carries a page token
 * (onCall runs before the fake looks for faults, so the rule applies to that very call).
 */
function throttleSecondPage(command: string): void {
  let done = false;
  world.aws.onCall = (call) => {
    if (done || call.command !== command || call.account !== ACCOUNT_A || call.pageToken === undefined) return;
    done = true;
    world.aws.throttle(1, 'cloudformation', command);
  };
}
const pagesAsked = (command: string) => world.aws.callsOf(command).filter((c) => c.account === ACCOUNT_A).map((c) => c.pageToken ?? 'first');

describe('a throttled page is read again on its own', () => {
  it('status --drift: drift results over three pages, the second throttled; the first page is read once', async () => {
    await deploy();
    for (const id of ['Repository', 'SourceRole', 'ForwardingRule', 'ForwardingRole', 'ForwardingDeadLetterQueue']) {
      world.aws.cloudFormation(ACCOUNT_A).driftResource('orders-api-source', id, { status: 'DELETED' });
    }
    world.aws.cloudFormation(ACCOUNT_A).eventPageSize = 2;
    throttleSecondPage('DescribeStackResourceDrifts');

    const r = await world.run('status', '--config', world.configFile, '--json', '--drift');
    const report = JSON.parse(r.out) as StatusReport;
    expect(report.stacks[1].drift?.drifted?.map((d) => d.logicalId).sort()).toEqual(['ForwardingDeadLetterQueue', 'ForwardingRole', 'ForwardingRule', 'Repository', 'SourceRole']);
    // first page once; the second twice (throttled, then answered); the third once.
    expect(pagesAsked('DescribeStackResourceDrifts')).toEqual(['first', '2', '2', '4']);
    expect(world.aws.callsOf('DescribeStackResourceDrifts').filter((c) => c.error).map((c) => c.pageToken)).toEqual(['2']);
  });

  it('doctor: stack resources over pages, the second throttled; the first page is read once', async () => {
    await deploy();
    world.aws.cloudFormation(ACCOUNT_A).eventPageSize = 3;
    throttleSecondPage('ListStackResources');

    const r = await world.run('doctor', '--config', world.configFile, '--json');
    expect(r.err).not.toMatch(/Rate exceeded/);
    const pages = pagesAsked('ListStackResources');
    expect(pages.filter((p) => p === 'first')).toHaveLength(1);
    expect(pages.slice(0, 3)).toEqual(['first', '3', '3']);
  });
});
