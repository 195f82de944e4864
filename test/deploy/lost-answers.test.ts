/**
 * A request that reached AWS but whose answer was lost (a reset connection): the SDK retries it. The
 * change-set calls carry client tokens, so the retry is recognised as the same request and no second
 * change set or operation starts (CloudFormation API reference, CreateChangeSet ClientToken and
 * ExecuteChangeSet ClientRequestToken).
 */
import { ACCOUNT_B, twoAccountWorld, type World } from '../helpers/deploy-world';

let world: World;
beforeEach(() => {
  world = twoAccountWorld();
});
afterEach(() => world.restore());

const deploy = () => world.run('deploy-sequence', '--config', world.configFile, '--yes', '--json');
const cfnB = () => world.aws.cloudFormation(ACCOUNT_B);
const operationStarts = () => (cfnB().stack('orders-api-target')?.events ?? []).filter((e) => e.LogicalResourceId === 'orders-api-target' && e.ResourceStatusReason === 'User Initiated' && e.ResourceStatus !== 'REVIEW_IN_PROGRESS');

describe('a lost answer to a change-set call', () => {
  it('CreateChangeSet: the retry carries the same ClientToken and gets the first change set back', async () => {
    world.aws.loseAnswers(1, 'cloudformation', 'CreateChangeSet');
    const r = await deploy();
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const first = world.aws.callsOf('CreateChangeSet').filter((c) => c.account === ACCOUNT_B);
    // Sent twice (the lost one and the SDK's retry), one change set executed per stage.
    expect(first.length).toBe(3);
    expect(first[0].error).toBe('LostAnswer');
    expect(operationStarts().map((e) => e.ResourceStatus)).toEqual(['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS']);
  });

  it('ExecuteChangeSet: the retry carries the same ClientRequestToken and starts no second operation', async () => {
    world.aws.loseAnswers(1, 'cloudformation', 'ExecuteChangeSet');
    const r = await deploy();
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(world.aws.callsOf('ExecuteChangeSet').filter((c) => c.account === ACCOUNT_B)).toHaveLength(3);
    const starts = operationStarts();
    expect(starts.map((e) => e.ResourceStatus)).toEqual(['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS']);
    // The operation's events carry the token of the request that started it.
    expect(starts.every((e) => /^xacct-[0-9a-f]{16}-[0-9a-z]+-execute$/.test(e.ClientRequestToken ?? ''))).toBe(true);
    expect(cfnB().stack('orders-api-target')?.status).toBe('UPDATE_COMPLETE');
  });
});

describe('a lost ExecuteChangeSet answer whose retry AWS answers with an error', () => {
  it.each(['TokenAlreadyExistsException', 'ChangeSetNotFound'] as const)('%s: the stack events carry this request\'s token, so the run watches the operation it started', async (answer) => {
    cfnB().repeatedExecuteAnswer = answer;
    world.aws.loseAnswers(1, 'cloudformation', 'ExecuteChangeSet');
    const r = await deploy();
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.events).toContainEqual(expect.objectContaining({ type: 'notice', message: expect.stringContaining('but the operation it asked for is running') }));
    expect(operationStarts().map((e) => e.ResourceStatus)).toEqual(['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS']);
  });
});

describe('a lost answer to DeleteStack or ContinueUpdateRollback', () => {
  it('ContinueUpdateRollback: the retry carries the same ClientRequestToken and is the same request, not a refusal', async () => {
    cfnB().failures.push({ stack: 'orders-api-target', logicalId: 'Pipeline', on: 'update', reason: 'Internal failure', rollbackFails: true, times: 1 });
    expect((await deploy()).code).toBe(4);
    expect(cfnB().stack('orders-api-target')?.status).toBe('UPDATE_ROLLBACK_FAILED');
    world.aws.loseAnswers(1, 'cloudformation', 'ContinueUpdateRollback');
    const r = await world.run('deploy-sequence', '--config', world.configFile, '--yes', '--json', '--continue-update-rollback');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const calls = world.aws.callsOf('ContinueUpdateRollback');
    expect(calls).toHaveLength(2);
    expect(calls[0].error).toBe('LostAnswer');
    expect(calls[1].error).toBeUndefined();
    const rollbacks = (cfnB().stack('orders-api-target')?.events ?? []).filter((e) => e.ResourceStatus === 'UPDATE_ROLLBACK_IN_PROGRESS' && e.ResourceStatusReason === 'User Initiated');
    expect(rollbacks).toHaveLength(1);
    expect(rollbacks[0].ClientRequestToken).toMatch(/^xacct-continue-rollback-[0-9a-z]+-1$/);
  });

  it('DeleteStack: the retry carries the same ClientRequestToken and starts no second delete', async () => {
    expect((await deploy()).code).toBe(0);
    world.aws.loseAnswers(1, 'cloudformation', 'DeleteStack');
    const r = await world.run('destroy', '--config', world.configFile, '--yes', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const calls = world.aws.callsOf('DeleteStack').filter((c) => c.account === ACCOUNT_B);
    expect(calls.map((c) => c.error)).toEqual(['LostAnswer', undefined]);
    expect(cfnB().stack('orders-api-target')).toBeUndefined();
  });
});
