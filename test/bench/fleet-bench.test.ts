/**
 * The fleet bench's counting kept honest: the classification of CloudFormation requests into polls and
 * other calls on a hand-made sequence, and a 4-target fleet deployed through the CLI against the fake
 * over HTTP (short operations), whose log must hold every request the fake answered, each stack's
 * change-set and operation polls, and the throttled answers the fake gave. The figures themselves are
 * printed by `make bench`, not asserted.
 */
import { CfnCallLog, countCalls } from './fleet-bench-calls';
import { benchTargets, benchWorld, SOURCE } from './fleet-bench-world';

describe('the poll / other split', () => {
  it('polls are the change-set reads while it is computed and the stack reads while an operation runs, the read that sees the end included', () => {
    const log = new CfnCallLog();
    const at = (s: number) => 1_000_000 + s * 1000;
    const r = (s: number, command: string, answer: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}, error?: string) =>
      log.record(at(s), '444455556666', 'eu-west-1', command, { StackName: 'b', ...extra }, answer, error).poll;
    const event = (status: string, s: number) => ({ LogicalResourceId: 'b', ResourceStatus: status, Timestamp: new Date(at(s)) });
    expect([
      r(0, 'DescribeStacks', { Stacks: [{ StackStatus: 'CREATE_COMPLETE' }] }),
      r(1, 'CreateChangeSet', { Id: 'cs' }),
      r(1, 'DescribeStackEvents', { StackEvents: [event('CREATE_COMPLETE', -5)] }),
      r(2, 'DescribeChangeSet', { Status: 'CREATE_IN_PROGRESS' }),
      r(3, 'DescribeChangeSet', undefined, {}, 'Throttling'),
      r(4, 'DescribeChangeSet', { Status: 'CREATE_COMPLETE' }),
      r(4, 'DescribeChangeSet', { Status: 'CREATE_COMPLETE' }, { NextToken: 'page2' }),
      r(5, 'ExecuteChangeSet', {}),
      r(6, 'DescribeStackEvents', { StackEvents: [event('UPDATE_IN_PROGRESS', 5), event('CREATE_COMPLETE', -5)] }),
      r(7, 'DescribeStackEvents', { StackEvents: [event('UPDATE_COMPLETE', 7), event('UPDATE_IN_PROGRESS', 5)] }),
      r(8, 'DescribeStacks', { Stacks: [{ StackStatus: 'UPDATE_COMPLETE' }] }),
      r(9, 'DescribeChangeSet', { Status: 'CREATE_COMPLETE' }),
    ]).toEqual([false, false, false, true, true, true, true, false, true, true, false, false]);
    const c = countCalls(log.requests, 1);
    expect([c.total, c.polls, c.others, c.throttled]).toEqual([12, 6, 6, 1]);
  });

  it('an operation watched by DescribeStacks ends when the status settles', () => {
    const log = new CfnCallLog();
    const r = (command: string, status?: string) => log.record(1, SOURCE, 'us-east-1', command, { StackName: 'a' }, status ? { Stacks: [{ StackStatus: status }] } : {}).poll;
    expect([r('DeleteStack'), r('DescribeStacks', 'DELETE_IN_PROGRESS'), r('DescribeStacks', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'), r('DescribeStacks', 'DELETE_COMPLETE'), r('DescribeStacks', 'DELETE_COMPLETE')]).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });
});

it('a 4-target fleet over HTTP: the log holds every CloudFormation request, each stack deployment has its polls, throttled answers are counted', async () => {
  // Short operations and the CLI's poll interval shortened to match: the counting, not the time, is checked.
  const world = await benchWorld(benchTargets(4), { operationMs: 300, changeSetMs: 120, throttleEvery: 5, deps: { pollIntervalMs: 100 } });
  try {
    const r = await world.run('deploy-sequence', '--config', world.configFile, '--yes', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const fake = world.aws.calls.filter((c) => c.service === 'cloudformation');
    expect(world.log.requests.map((q) => [q.account, q.region, q.command, q.error])).toEqual(fake.map((c) => [c.account, c.region, c.command, c.error]));
    // 4 targets x (stage 1, stage 2), and account A's one fleet stack in each of the 2 regions.
    const executed = world.log.requests.filter((q) => q.command === 'ExecuteChangeSet' && !q.error);
    expect(executed).toHaveLength(10);
    for (const e of executed) {
      const ofStack = world.log.requests.filter((q) => q.account === e.account && q.region === e.region && q.stack === e.stack && q.poll);
      expect([e.stack, ofStack.some((q) => q.command === 'DescribeChangeSet'), ofStack.some((q) => q.command === 'DescribeStackEvents')]).toEqual([e.stack, true, true]);
    }
    const c = countCalls(world.log.requests, 10);
    expect(c.throttled).toBe(fake.filter((q) => q.error === 'Throttling').length);
    expect(c.throttled).toBeGreaterThan(0);
    expect(c.polls + c.others).toBe(fake.length);
    // No poll outside a wait: every poll reads a stack the run changes.
    expect(world.log.requests.filter((q) => q.poll && !['DescribeChangeSet', 'DescribeStackEvents', 'DescribeStacks'].includes(q.command))).toEqual([]);
  } finally {
    await world.close();
  }
});
