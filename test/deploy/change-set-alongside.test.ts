/**
 * Stage 2's change set is created while stack A's operation runs (engine.ts, duringOperation): its only
 * input from stack A, the repository name, is what stack A's own parameters give (predicted-outputs.ts).
 * Through the CLI against the fake: when it is made, that it is the one executed, and that a wrong guess
 * costs only a change set.
 */
import { predictedOutputs } from '../../scripts/deploy/predicted-outputs';
import { ACCOUNT_A, ACCOUNT_B, twoAccountWorld, type World } from '../helpers/deploy-world';

let world: World;
beforeEach(() => {
  world = twoAccountWorld();
});
afterEach(() => world.restore());

const creates = (w: World) => w.aws.callsOf('CreateChangeSet').filter((c) => !c.error);

describe('the stage-2 change set', () => {
  it('is created once stack A is executed and before its operation ends, and is the one executed', async () => {
    // Stack A's operation takes two minutes: on the virtual clock, each sleep of the watch moves time
    // at once, so the preparation's calls need polls enough to fall between.
    world.aws.cloudFormation(ACCOUNT_A).operationMs = 120_000;
    const r = await world.run('deploy-sequence', '--config', world.configFile, '--yes', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);

    const made = creates(world);
    expect(made.map((c) => c.account)).toEqual([ACCOUNT_B, ACCOUNT_A, ACCOUNT_B]);
    // In the order the fake answered: stack A executed, then stage 2's change set, then the poll of
    // stack A that saw its end (the virtual clock jumps at each of the watch's sleeps, so the order of
    // the calls, not their times, says what ran alongside what).
    const calls = world.aws.calls;
    const aExecuted = calls.findIndex((c) => c.command === 'ExecuteChangeSet' && c.account === ACCOUNT_A);
    const stageTwoMade = calls.indexOf(made[2]!);
    const beforePermission = calls.slice(0, calls.findIndex((x) => x.command === 'PutPermission'));
    const aEndSeen = beforePermission.map((c) => c.command === 'DescribeStackEvents' && c.account === ACCOUNT_A).lastIndexOf(true);
    expect(aExecuted).toBeGreaterThan(-1);
    expect(stageTwoMade).toBeGreaterThan(aExecuted);
    expect(stageTwoMade).toBeLessThan(aEndSeen);
    // Taken as it was made: nothing withdrawn, and stage 2 runs with stack A's real repository name.
    expect(world.aws.callsOf('DeleteChangeSet')).toEqual([]);
    const a = world.aws.cloudFormation(ACCOUNT_A).stack('orders-api-source')!;
    const b = world.aws.cloudFormation(ACCOUNT_B).stack('orders-api-target')!;
    expect(b.tags['xacct:template']).toBe('AccB-pipeline-2');
    expect(b.parameters.RepositoryName).toBe(a.outputs.RepositoryName);
  });

  it('made on a guess the real outputs contradict is deleted, and stage 2 takes the real value', async () => {
    // GIVEN stack A's output differing from what its parameters say once the image check has read it
    // (a repository of that name exists, for the pipeline to read).
    world.aws.ecr(ACCOUNT_A).createRepository('orders-api-elsewhere');
    world.aws.onCall = (c) => {
      const a = world.aws.cloudFormation(ACCOUNT_A).stack('orders-api-source');
      if (c.command === 'DescribeImages' && a?.outputs.RepositoryName === 'orders-api') a.outputs.RepositoryName = 'orders-api-elsewhere';
    };
    const r = await world.run('deploy-sequence', '--config', world.configFile, '--yes', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(world.aws.callsOf('DeleteChangeSet').map((c) => c.account)).toEqual([ACCOUNT_B]);
    expect(creates(world).map((c) => c.account)).toEqual([ACCOUNT_B, ACCOUNT_A, ACCOUNT_B, ACCOUNT_B]);
    expect(world.aws.cloudFormation(ACCOUNT_B).stack('orders-api-target')!.parameters.RepositoryName).toBe('orders-api-elsewhere');
  });
});

describe('predictedOutputs', () => {
  it("gives stack A's outputs that its parameters decide, and they are the outputs the deployed stack has", async () => {
    await world.run('deploy-sequence', '--config', world.configFile, '--yes', '--json');
    const a = world.aws.cloudFormation(ACCOUNT_A).stack('orders-api-source')!;
    const predicted = predictedOutputs('AccA-pipeline', a.parameters);
    expect(predicted).toEqual({ RepositoryName: 'orders-api' });
    for (const [name, value] of Object.entries(predicted)) expect(a.outputs[name]).toBe(value);
  });

  it('guesses nothing where a value comes from AWS (generated names, ARNs, ids)', () => {
    expect(predictedOutputs('AccB-pipeline-1', { NamePrefix: 'orders-api', SourceAccountId: ACCOUNT_A })).toEqual({});
  });
});
