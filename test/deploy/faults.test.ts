/**
 * The fault scenarios every release must survive (shared design, aws-behaviour.md, 1 to 15 and 19), each
 * through the CLI's own path against the fake, asserting on the fake's end state and the events reported.
 */
import { ACCOUNT_A, ACCOUNT_B, exampleConfig, twoAccountWorld, type World } from '../helpers/deploy-world';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import type { ProgressEvent } from '../../scripts/deploy/events';

let world: World;
beforeEach(() => {
  world = twoAccountWorld();
});
afterEach(() => world.restore());

const deploy = (...extra: string[]) => world.run('deploy-sequence', '--config', world.configFile, ...extra);
const cfnA = () => world.aws.cloudFormation(ACCOUNT_A);
const cfnB = () => world.aws.cloudFormation(ACCOUNT_B);
const stackA = () => cfnA().stack('orders-api-source');
const stackB = () => cfnB().stack('orders-api-target');
const outcomes = (events: ProgressEvent[]) => events.flatMap((e) => (e.type === 'step-finished' ? [[e.stepId, e.result.outcome]] : []));
const stackEventIds = (events: ProgressEvent[]) => events.flatMap((e) => (e.type === 'stack-event' ? [e.event.eventId] : []));

/** The end state a deployment is judged by, in both accounts. */
function endState() {
  const b = stackB();
  const a = stackA();
  return {
    b: b && { status: b.status, template: b.tags['xacct:template'], hash: b.tags['xacct:template-sha256'], parameters: b.parameters },
    a: a && { status: a.status, template: a.tags['xacct:template'], parameters: a.parameters },
    bus: world.aws.eventBridge(ACCOUNT_B).statements(),
    definitions: b?.outputs.SourceBucketName ? world.aws.s3.versions(b.outputs.SourceBucketName, 'imagedefinitions.zip').at(-1)?.metadata : undefined,
  };
}

describe('1. create fails on one resource', () => {
  it('rolls back to ROLLBACK_COMPLETE; the next run says so, deletes and creates again', async () => {
    cfnB().failures.push({ stack: 'orders-api-target', logicalId: 'ArtifactBucket', reason: 'Bucket limit exceeded', times: 1 });
    const first = await deploy('--yes', '--json');
    expect(first.code).toBe(4);
    expect(stackB()?.status).toBe('ROLLBACK_COMPLETE');
    expect(first.err).toMatch(/Root cause: ArtifactBucket \(AWS::S3::Bucket\) CREATE_FAILED: Bucket limit exceeded/);

    const declined = await deploy();
    expect(declined.code).toBe(5);
    expect(declined.out).toContain('stack orders-api-target is ROLLBACK_COMPLETE after a failed create: it will be deleted and created again');
    expect(stackB()?.status).toBe('ROLLBACK_COMPLETE');

    const again = await deploy('--yes', '--json');
    expect(again.code).toBe(0);
    expect(outcomes(again.events)[0]).toEqual(['target-foundation', 'recreated']);
    expect(stackB()?.status).toBe('UPDATE_COMPLETE');
  });
});

describe('2. update with no changes', () => {
  it('change-set form: CloudFormation finds nothing to change → "no change", success, change set removed', async () => {
    await deploy('--yes');
    // DescribeStacks masks the parameter (as for NoEcho), so the tool cannot tell and asks CloudFormation.
    cfnA().maskedParameters.add('ArtifactKeyArn');
    const r = await deploy('--yes', '--json');
    expect(r.code).toBe(0);
    expect(outcomes(r.events)[1]).toEqual(['source-stack', 'no-change']);
    expect(r.events).toContainEqual(expect.objectContaining({ type: 'step-finished', stepId: 'source-stack', result: { outcome: 'no-change', reason: 'CloudFormation found nothing to change' } }));
    expect(world.aws.callsOf('DeleteChangeSet')).toHaveLength(1);
    expect(world.aws.callsOf('ExecuteChangeSet')).toHaveLength(3);
  });
});

describe('3. update fails', () => {
  it('ends UPDATE_ROLLBACK_COMPLETE and is reported as a failure with the resource reason', async () => {
    cfnB().failures.push({ stack: 'orders-api-target', logicalId: 'Pipeline', on: 'update', reason: 'Cross-account pass role is not allowed', times: 1 });
    const r = await deploy('--yes', '--json');
    expect(r.code).toBe(4);
    expect(stackB()?.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(stackB()?.tags['xacct:template']).toBe('AccB-pipeline-1');
    expect(r.err).toMatch(/update of stack orders-api-target in account 444455556666 ended in UPDATE_ROLLBACK_COMPLETE\. Root cause: Pipeline \(AWS::CodePipeline::Pipeline\) CREATE_FAILED: Cross-account pass role is not allowed/);
    const failed = r.events.find((e) => e.type === 'failed' && e.rootCause);
    expect(failed).toMatchObject({ stepId: 'target-pipeline', rootCause: [expect.objectContaining({ logicalId: 'Pipeline', reason: 'Cross-account pass role is not allowed' })] });
    // Stage 2 is the last step: nothing ran after it.
    expect(r.events.filter((e) => e.type === 'step-started').at(-1)).toMatchObject({ step: { id: 'target-pipeline' } });
    // The stack is updatable again: the next run finishes.
    expect((await deploy('--yes')).code).toBe(0);
  });
});

describe('4. stack stuck in UPDATE_ROLLBACK_FAILED', () => {
  it('gets precise guidance, and --continue-update-rollback rolls it on and continues', async () => {
    cfnB().failures.push({ stack: 'orders-api-target', logicalId: 'Pipeline', on: 'update', reason: 'Internal failure', rollbackFails: true, times: 1 });
    const failed = await deploy('--yes');
    expect(failed.code).toBe(4);
    expect(stackB()?.status).toBe('UPDATE_ROLLBACK_FAILED');

    const guided = await deploy('--yes');
    expect(guided.code).toBe(4);
    expect(guided.err).toMatch(/is UPDATE_ROLLBACK_FAILED: a resource could not be rolled back\. Fix the cause .* run again with --continue-update-rollback, or: aws cloudformation continue-update-rollback --stack-name orders-api-target/);
    expect(world.aws.callsOf('ContinueUpdateRollback')).toEqual([]);

    const rolled = await deploy('--yes', '--continue-update-rollback', '--json');
    expect(rolled.code).toBe(0);
    expect(world.aws.callsOf('ContinueUpdateRollback')).toHaveLength(1);
    expect(stackB()?.tags['xacct:template']).toBe('AccB-pipeline-2');
  });
});

describe('5. a stack of the same name in an unexpected state', () => {
  it.each(['ROLLBACK_FAILED', 'DELETE_FAILED', 'CREATE_FAILED'])('our stack in %s: clear guidance, nothing deleted or written', async (status) => {
    cfnB().seedStack('orders-api-target', status, { 'xacct:deployment': 'orders-api' });
    const r = await deploy('--yes');
    expect(r.code).toBe(4);
    // ROLLBACK_FAILED can only be deleted: its guidance gives the commands (stack-status.ts).
    expect(r.err).toContain(status === 'ROLLBACK_FAILED' ? 'is ROLLBACK_FAILED: a failed create could not be rolled back, and the stack can only be deleted' : `stack orders-api-target in account 444455556666 is ${status}: look at its events`);
    expect(r.err).toContain('Nothing was changed');
    expect(world.aws.writes()).toEqual([]);
    expect(stackB()?.status).toBe(status);
  });

  it('a stack that is not ours is never touched', async () => {
    cfnA().seedStack('orders-api-source', 'UPDATE_ROLLBACK_FAILED', { 'xacct:deployment': 'someone-else' });
    const r = await deploy('--yes', '--continue-update-rollback');
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/exists but belongs to deployment "someone-else"/);
    expect(world.aws.writes()).toEqual([]);
  });
});

describe('6. missing capability', () => {
  it('never happens: each change set carries what its template needs', async () => {
    await deploy('--yes');
    expect(world.aws.callsOf('CreateChangeSet')).toHaveLength(3);
    expect(world.aws.calls.filter((c) => c.error === 'InsufficientCapabilitiesException')).toEqual([]);
  });
});

describe('7. missing or unknown parameter', () => {
  it('a bad value from another stack output is caught before the API call, naming the parameter', async () => {
    const half = recordingIo([true, false]);
    await main(['deploy-sequence', '--config', world.configFile], half, { ...world.deps });
    cfnB().setOutput('orders-api-target', 'ArtifactKeyArn', `arn:aws:kms:eu-west-1:${ACCOUNT_B}:alias/artifacts`);
    const before = world.aws.calls.length;
    const r = await deploy('--yes');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot deploy orders-api-source \(AccA-pipeline\): parameter ArtifactKeyArn="arn:aws:kms:eu-west-1:444455556666:alias\/artifacts" does not match .*Nothing was sent to AWS/);
    expect(world.aws.calls.slice(before).filter((c) => c.command === 'CreateChangeSet')).toEqual([]);
  });
});

describe('8. throttling bursts on the polling calls', () => {
  it('backs off, completes, and prints every stack event once', async () => {
    world.aws.throttle(6, 'cloudformation', 'DescribeStackEvents');
    world.aws.throttle(6, 'cloudformation', 'DescribeStacks');
    const r = await deploy('--yes', '--json');
    expect(r.code).toBe(0);
    expect(world.aws.calls.filter((c) => c.error === 'Throttling')).toHaveLength(12);
    const ids = stackEventIds(r.events);
    expect(new Set(ids).size).toBe(ids.length);
    expect(r.events.filter((e) => e.type === 'notice' && /throttled by AWS/.test(e.message))).toHaveLength(12);
    expect(endState().b?.template).toBe('AccB-pipeline-2');
  });
});

describe('9. stack events spanning pages and older operations', () => {
  it('reports only this operation events, each once', async () => {
    cfnB().eventPageSize = 3;
    const r = await deploy('--yes', '--json');
    expect(r.code).toBe(0);
    const update = r.events.flatMap((e) => (e.type === 'stack-event' && e.stepId === 'target-pipeline' ? [e.event] : []));
    // The stage-2 update: its own events only, none of stage 1's create.
    expect(update[0]).toMatchObject({ logicalId: 'orders-api-target', status: 'UPDATE_IN_PROGRESS', reason: 'User Initiated' });
    expect(update.at(-1)).toMatchObject({ logicalId: 'orders-api-target', status: 'UPDATE_COMPLETE' });
    expect(update.filter((e) => e.logicalId === 'ArtifactKey')).toEqual([]);
    const ids = stackEventIds(r.events);
    expect(new Set(ids).size).toBe(ids.length);
    // Every event of stack B's two operations was reported, across pages.
    const all = stackB()!.events.filter((e) => e.ResourceStatus !== 'REVIEW_IN_PROGRESS');
    expect(ids.filter((id) => all.some((e) => e.EventId === id))).toHaveLength(all.length);
  });
});

describe('10. stale status right after execute', () => {
  it('is not taken for the end state', async () => {
    cfnB().staleReadsAfterExecute = 3;
    cfnA().staleReadsAfterExecute = 3;
    const r = await deploy('--yes', '--json');
    expect(r.code).toBe(0);
    for (const [stepId, final] of [['target-foundation', 'CREATE_COMPLETE'], ['source-stack', 'CREATE_COMPLETE'], ['target-pipeline', 'UPDATE_COMPLETE']]) {
      const stepEvents = r.events.filter((e) => 'stepId' in e && e.stepId === stepId);
      const finished = stepEvents.findIndex((e) => e.type === 'step-finished');
      const last = stepEvents.slice(0, finished).filter((e) => e.type === 'stack-event').at(-1);
      expect(last).toMatchObject({ event: { status: final } });
    }
  });
});

describe('11. credentials expire mid-wait', () => {
  it('stops with exit 6 and the command that refreshes them within seconds, and a run with fresh credentials resumes', async () => {
    // Half-way through the first stack operation (the fake takes 20 s for one).
    const expiry = world.aws.clock.now() + 10_000;
    world.aws.expireAt(world.aws.profileKey('team-b'), expiry);
    const r = await deploy('--yes', '--json');
    expect(r.code).toBe(6);
    expect(r.err).toMatch(
      /target account 444455556666 \(profile team-b from target\.credentials\.profile in the config\): the credentials have expired \(ExpiredToken\) while .*\. Refresh them: aws configure --profile team-b \(new access keys\); then run the command again: it continues where it stopped/,
    );
    expect(r.events.at(-1)).toMatchObject({ type: 'failed', code: 'expired-credentials', exitCode: 6, account: { name: 'target', id: ACCOUNT_B, profile: 'team-b', via: 'config' } });
    expect(world.aws.clock.now() - expiry).toBeLessThan(10_000);
    expect(world.aws.calls.filter((c) => c.error === 'ExpiredToken')).toHaveLength(1);

    world.aws.addProfile('team-b', ACCOUNT_B);
    Object.assign(process.env, world.aws.writeCredentialsFile());
    const again = await deploy('--yes', '--json');
    expect(again.code).toBe(0);
    expect(outcomes(again.events)[0][0]).toBe('target-foundation');
    expect(endState().b?.template).toBe('AccB-pipeline-2');
  });
});

describe('12. the profile for A resolves to another account', () => {
  it('is refused before any write', async () => {
    world.aws.addProfile('team-a-wrong', ACCOUNT_B);
    Object.assign(process.env, world.aws.writeCredentialsFile());
    const file = world.writeConfig(exampleConfig({ source: { accountId: ACCOUNT_A, credentials: { profile: 'team-a-wrong' }, stackName: 'orders-api-source' } }));
    const r = await world.run('deploy-sequence', '--config', file, '--yes');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/source\.credentials \(profile team-a-wrong\) resolve to account 444455556666/);
    expect(world.aws.writes()).toEqual([]);
  });
});

describe('13. stack A fails after stack B succeeded', () => {
  it('runs nothing later; the re-run continues from stack A', async () => {
    cfnA().failures.push({ stack: 'orders-api-source', logicalId: 'ForwardingRule', reason: 'Invalid target', times: 1 });
    const r = await deploy('--yes', '--json');
    expect(r.code).toBe(4);
    expect(outcomes(r.events)).toEqual([['target-foundation', 'created']]);
    expect(world.aws.callsOf('PutPermission')).toEqual([]);
    const again = await deploy('--yes', '--json');
    expect(outcomes(again.events).slice(0, 2)).toEqual([
      ['target-foundation', 'no-change'],
      ['source-stack', 'recreated'],
    ]);
    expect(again.code).toBe(0);
  });
});

describe('14. put-permission', () => {
  it('repeated: one statement', async () => {
    await deploy('--yes');
    await deploy('--yes');
    expect(world.aws.eventBridge(ACCOUNT_B).statements()).toHaveLength(1);
  });

  it('on a missing bus: a clear error', async () => {
    world.aws.eventBridge(ACCOUNT_B).deleteBus('default');
    const r = await deploy('--yes');
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/the default event bus of account 444455556666 in eu-west-1 does not exist/);
  });
});

describe('15. source bucket not versioned', () => {
  it('is a clear error before the upload', async () => {
    const half = recordingIo([true, true, true, false]);
    await main(['deploy-sequence', '--config', world.configFile], half, { ...world.deps });
    world.aws.s3.setVersioning(stackB()!.outputs.SourceBucketName, undefined);
    const r = await deploy('--yes');
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/is not versioned \(versioning never enabled\).*Nothing was uploaded/);
    expect(world.aws.callsOf('PutObject')).toEqual([]);
  });
});

describe('19. interrupted run (Ctrl-C) at every step', () => {
  // Some fifty runs of the CLI through the real SDK: seconds, more on a busy machine.
  jest.setTimeout(60_000);

  it('the next run converges to the same end state', async () => {
    // Reference: an uninterrupted run, and how many AWS calls it makes.
    await deploy('--yes');
    const reference = JSON.stringify(endState());
    const totalCalls = world.aws.calls.length;
    world.restore();

    const interruptedAt: number[] = [];
    for (let at = 1; at < totalCalls; at += Math.max(1, Math.floor(totalCalls / 25))) {
      world = twoAccountWorld();
      const controller = new AbortController();
      let count = 0;
      world.aws.onCall = () => {
        if (++count === at) controller.abort();
      };
      const io = recordingIo();
      const code = await main(['deploy-sequence', '--config', world.configFile, '--yes', '--json'], io, { ...world.deps, signal: controller.signal });
      expect([0, 130]).toContain(code);
      if (code === 130) interruptedAt.push(at);
      world.aws.onCall = undefined;
      const again = await deploy('--yes');
      expect({ at, code: again.code, err: again.err }).toEqual({ at, code: 0, err: '' });
      expect(JSON.stringify(endState())).toBe(reference);
      world.restore();
    }
    world = twoAccountWorld();
    expect(interruptedAt.length).toBeGreaterThan(20);
  });
});
