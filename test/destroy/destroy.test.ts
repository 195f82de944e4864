/**
 * `xacct destroy` through the CLI against the fake AWS: a finished and a half-done deployment taken
 * down in reverse order, what stays and why, a repeat that changes nothing, a teardown stopped and
 * resumed, a foreign stack refused, and --dry-run writing nothing.
 */
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import type { ProgressEvent } from '../../scripts/deploy/events';
import { ACCOUNT_A, ACCOUNT_B, exampleConfig, twoAccountWorld, type World } from '../helpers/deploy-world';

let world: World;
beforeEach(() => {
  world = twoAccountWorld();
});
afterEach(() => world.restore());

const deploy = () => world.run('deploy-sequence', '--config', world.configFile, '--yes');
const destroy = (...extra: string[]) => world.run('destroy', '--config', world.configFile, ...extra);
const cfnA = () => world.aws.cloudFormation(ACCOUNT_A);
const cfnB = () => world.aws.cloudFormation(ACCOUNT_B);
const outcomes = (events: ProgressEvent[]) => events.flatMap((e) => (e.type === 'step-finished' ? [[e.stepId, e.result.outcome]] : []));
const finished = (events: ProgressEvent[]) => events.find((e) => e.type === 'destroy-finished') as Extract<ProgressEvent, { type: 'destroy-finished' }>;

describe('xacct destroy of a finished deployment', () => {
  it('deletes stack B, the bus permission and stack A in that order, and keeps the key and the non-empty source bucket', async () => {
    // GIVEN a finished deployment (imagedefinitions.zip makes the source bucket non-empty)
    await deploy();
    const outputsB = cfnB().stack('orders-api-target')!.outputs;
    const writesBefore = world.aws.writes().length;

    // WHEN it is destroyed
    const r = await destroy('--yes', '--json');

    // THEN both stacks and the permission are gone, in reverse order
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(cfnB().stack('orders-api-target')).toBeUndefined();
    expect(cfnA().stack('orders-api-source')).toBeUndefined();
    expect(world.aws.eventBridge(ACCOUNT_B).statements()).toEqual([]);
    const writes = world.aws.writes().slice(writesBefore).map((c) => `${c.command} ${c.account}`);
    expect(writes[0]).toBe(`DeleteStack ${ACCOUNT_B}`);
    expect(writes.indexOf(`RemovePermission ${ACCOUNT_B}`)).toBeGreaterThan(writes.lastIndexOf(`DeleteStack ${ACCOUNT_B}`));
    expect(writes.at(-1)).toBe(`DeleteStack ${ACCOUNT_A}`);
    expect(outcomes(r.events)).toEqual([
      ['delete-target-stack', 'deleted'],
      ['remove-events-permission', 'permission-removed'],
      ['delete-source-stack', 'deleted'],
    ]);

    // AND the bucket with imagedefinitions.zip stays (with its object), the empty artifact bucket does not
    expect(world.aws.s3.bucketNames(ACCOUNT_B)).toEqual([outputsB.SourceBucketName]);
    expect(world.aws.s3.versions(outputsB.SourceBucketName, 'imagedefinitions.zip')).toHaveLength(1);
    // AND what stays is listed with why and the exact commands
    const kept = finished(r.events).retained;
    expect(kept.map((k) => `${k.logicalId} ${k.type}`)).toEqual(['ArtifactKey AWS::KMS::Key', 'SourceBucket AWS::S3::Bucket']);
    const keyId = outputsB.ArtifactKeyArn.split('/').pop();
    expect(kept[0].commands).toEqual([`aws kms schedule-key-deletion --key-id ${keyId} --pending-window-in-days 30 --region eu-west-1 --profile team-b`]);
    expect(kept[0].why).toMatch(/DeletionPolicy Retain.*stays manageable/);
    expect(kept[1].why).toMatch(/holds 1 object version/);
    expect(kept[1].commands.at(-1)).toBe(`aws s3 rb s3://${outputsB.SourceBucketName} --region eu-west-1 --profile team-b`);
    expect(r.events).toContainEqual(expect.objectContaining({ type: 'notice', stepId: 'delete-target-stack', message: expect.stringMatching(/cannot delete SourceBucket \(not empty\)/) }));
  });

  it('keeps the ECR repository when it holds images, and says how to remove it', async () => {
    await deploy();
    world.aws.ecr(ACCOUNT_A).pushImage('orders-api', 'latest');
    const r = await destroy('--yes');
    expect(r.code).toBe(0);
    expect(cfnA().stack('orders-api-source')).toBeUndefined();
    expect(world.aws.ecr(ACCOUNT_A).repositoryNames()).toEqual(['orders-api']);
    expect(r.out).toMatch(/Repository AWS::ECR::Repository orders-api \(stack orders-api-source, account 111122223333\)\n\s+why: holds 1 image\(s\)/);
    expect(r.out).toContain('remove: aws ecr delete-repository --repository-name orders-api --force --region eu-west-1 --profile team-a');
  });

  it('a redeploy after it fails AWS\'s early validation on the kept repository, named with what to do, and leaves nothing behind', async () => {
    await deploy();
    world.aws.ecr(ACCOUNT_A).pushImage('orders-api', 'latest');
    expect((await destroy('--yes')).code).toBe(0);
    const r = await deploy();
    expect(r.code).toBe(4);
    // The change set's reason says only which check failed; its events name the repository.
    expect(r.err).toContain('[AWS::EarlyValidation::ResourceExistenceCheck]');
    expect(r.err).toContain("Repository (AWS::ECR::Repository): Resource of type 'AWS::ECR::Repository' with identifier 'orders-api' already exists. (NAME_CONFLICT_VALIDATION)");
    expect(r.err).toContain('aws ecr delete-repository --repository-name orders-api --force --region eu-west-1 --profile team-a');
    expect(r.err).toMatch(/or set pipeline\.repositoryName to another name in the config/);
    expect(world.aws.callsOf('DescribeEvents').map((c) => c.account)).toEqual([ACCOUNT_A]);
    // The refused first change set took its empty stack with it; the images are untouched.
    expect(cfnA().stack('orders-api-source')).toBeUndefined();
    expect(world.aws.ecr(ACCOUNT_A).imageCount('orders-api')).toBe(1);
  });

  it('a second destroy changes nothing and says where earlier leftovers are found', async () => {
    await deploy();
    await destroy('--yes');
    const writesBefore = world.aws.writes().length;
    const r = await destroy('--yes');
    expect(r.code).toBe(0);
    expect(world.aws.writes().length).toBe(writesBefore);
    expect(r.out).toContain('Nothing to tear down: both stacks and the bus permission are gone (3 steps checked).');
    expect(r.out).toContain('aws resourcegroupstaggingapi get-resources --tag-filters Key=xacct:deployment,Values=orders-api --region eu-west-1 --profile team-b');
  });
});

describe('xacct destroy of a half-done deployment', () => {
  it('deletes what exists when the deployment stopped after stack A (no permission, stack B at stage 1)', async () => {
    // GIVEN a deployment stopped at the bus permission
    await main(['deploy-sequence', '--config', world.configFile], recordingIo([true, true, false]), { ...world.deps });
    expect(cfnB().stack('orders-api-target')?.tags['xacct:template']).toBe('AccB-pipeline-1');

    const r = await destroy('--yes', '--json');
    expect(r.code).toBe(0);
    expect(outcomes(r.events)).toEqual([
      ['delete-target-stack', 'deleted'],
      ['remove-events-permission', 'no-change'],
      ['delete-source-stack', 'deleted'],
    ]);
    expect(cfnB().stackNames()).toEqual([]);
    expect(cfnA().stackNames()).toEqual([]);
    // Both buckets were empty: only the key stays.
    expect(world.aws.s3.bucketNames()).toEqual([]);
    expect(finished(r.events).retained.map((k) => k.logicalId)).toEqual(['ArtifactKey']);
  });

  it('a stack that only waits for its first change set (REVIEW_IN_PROGRESS, no tags) is recognised by name and state, and deleted', async () => {
    // GIVEN the stack a run interrupted between its first CreateChangeSet and the decision leaves: AWS
    // gives it none of the change set's tags until the change set runs.
    const controller = new AbortController();
    world.aws.onCall = (c) => c.command === 'CreateChangeSet' && controller.abort();
    expect(await main(['deploy-sequence', '--config', world.configFile, '--yes'], recordingIo(), { ...world.deps, signal: controller.signal })).toBe(130);
    world.aws.onCall = undefined;
    expect(cfnB().stack('orders-api-target')).toMatchObject({ status: 'REVIEW_IN_PROGRESS', tags: {} });
    const r = await destroy('--yes', '--json');
    expect(r.code).toBe(0);
    expect(outcomes(r.events)).toEqual([
      ['delete-target-stack', 'deleted'],
      ['remove-events-permission', 'no-change'],
      ['delete-source-stack', 'no-change'],
    ]);
    expect(cfnB().stackNames()).toEqual([]);
  });
});

describe('confirmation and resuming', () => {
  it('without --yes and without a terminal, shows the plan and deletes nothing (exit 5)', async () => {
    await deploy();
    const writesBefore = world.aws.writes().length;
    const r = await destroy();
    expect(r.code).toBe(5);
    expect(r.out).toContain('Stopped: nothing more was deleted. Run again with --yes');
    expect(world.aws.writes().length).toBe(writesBefore);
  });

  it('asks before each deletion; stopped after stack B, the next run continues with the permission and stack A', async () => {
    await deploy();
    const io = recordingIo([true, false]);
    const code = await main(['destroy', '--config', world.configFile], io, { ...world.deps });
    expect(code).toBe(5);
    expect(io.questions).toEqual([
      'Delete stack orders-api-target in account 444455556666, keeping ArtifactKey, SourceBucket?',
      "Remove account 111122223333's permission to put events on the default bus of account 444455556666?",
    ]);
    expect(cfnB().stack('orders-api-target')).toBeUndefined();
    expect(world.aws.eventBridge(ACCOUNT_B).statements()).toHaveLength(1);

    const r = await destroy('--yes', '--json');
    expect(outcomes(r.events)).toEqual([
      ['delete-target-stack', 'no-change'],
      ['remove-events-permission', 'permission-removed'],
      ['delete-source-stack', 'deleted'],
    ]);
  });

  it('Ctrl-C during the delete of stack B: the next run waits for it, keeps the non-empty bucket, and finishes', async () => {
    await deploy();
    const controller = new AbortController();
    const io = recordingIo();
    // Interrupt as soon as the delete has started.
    const cfnB_ = cfnB();
    const original = cfnB_.DeleteStack.bind(cfnB_);
    cfnB_.DeleteStack = (input) => {
      const out = original(input);
      controller.abort();
      return out;
    };
    const code = await main(['destroy', '--config', world.configFile, '--yes'], io, { ...world.deps, signal: controller.signal });
    cfnB_.DeleteStack = original;
    expect(code).toBe(130);
    expect(['DELETE_IN_PROGRESS', 'DELETE_FAILED']).toContain(cfnB().stack('orders-api-target')?.status);

    const r = await destroy('--yes', '--json');
    expect(r.code).toBe(0);
    expect(cfnB().stackNames()).toEqual([]);
    expect(cfnA().stackNames()).toEqual([]);
    expect(finished(r.events).retained.map((k) => k.logicalId)).toEqual(['ArtifactKey', 'SourceBucket']);
  });

  it('a stack left in DELETE_FAILED by an earlier attempt is deleted keeping what failed because it holds data', async () => {
    await deploy();
    cfnB().DeleteStack({ StackName: 'orders-api-target' });
    await world.aws.clock.sleep(120_000);
    expect(cfnB().stack('orders-api-target')?.status).toBe('DELETE_FAILED');

    expect((await destroy('--dry-run')).out).toContain('the stack is DELETE_FAILED: delete it again (an earlier delete ended in DELETE_FAILED), keeping ArtifactKey, SourceBucket');
    const deletesBefore = world.aws.callsOf('DeleteStack').length;
    const r = await destroy('--yes');
    expect(r.code).toBe(0);
    expect(r.out).toContain('will delete stack orders-api-target (DELETE_FAILED) in account 444455556666, keeping ArtifactKey, SourceBucket');
    expect(cfnB().stackNames()).toEqual([]);
    // One delete of stack B (keeping the bucket), one of stack A.
    expect(world.aws.callsOf('DeleteStack').length - deletesBefore).toBe(2);
  });

  it('a resource that fails to delete for another reason stops the run with its root cause, before the permission and stack A', async () => {
    await deploy();
    cfnB().failures.push({ stack: 'orders-api-target', logicalId: 'PipelineRole', on: 'delete', reason: 'Resource handler returned message: "Cannot delete entity, must detach all policies first." (HandlerErrorCode: GeneralServiceException)' });
    const r = await destroy('--yes');
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/delete of stack orders-api-target in account 444455556666 ended in DELETE_FAILED\. Root cause: PipelineRole \(AWS::IAM::Role\) DELETE_FAILED: Resource handler returned message: "Cannot delete entity/);
    expect(world.aws.eventBridge(ACCOUNT_B).statements()).toHaveLength(1);
    expect(cfnA().stack('orders-api-source')?.status).toBe('CREATE_COMPLETE');
  });
});

describe('guards', () => {
  it('a stack of the configured name that is not ours is refused before anything is deleted', async () => {
    await deploy();
    cfnA().setTags('orders-api-source', { team: 'billing' });
    const writesBefore = world.aws.writes().length;
    const r = await destroy('--yes');
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/stack orders-api-source in account 111122223333 was not deployed by xacct \(tag xacct:deployment\): it is never changed or deleted\nNothing was deleted\./);
    expect(world.aws.writes().length).toBe(writesBefore);
    expect(cfnB().stack('orders-api-target')?.status).toBe('UPDATE_COMPLETE');
  });

  it('a stack with termination protection is named in the plan, with the command that turns it off; nothing is deleted (exit 4)', async () => {
    await deploy();
    cfnA().setTerminationProtection('orders-api-source', true);
    const writesBefore = world.aws.writes().length;

    const dry = await destroy('--dry-run');
    expect(dry.code).toBe(4);
    expect(dry.out).toMatch(/blocked\s+stack orders-api-source in account 111122223333/);
    expect(dry.out).toContain('stack orders-api-source in account 111122223333 has termination protection on');
    const json = JSON.parse((await destroy('--dry-run', '--json')).out);
    expect(json.steps.map((s: { id: string; action: string }) => `${s.id} ${s.action}`)).toEqual(['delete-target-stack delete', 'remove-events-permission remove', 'delete-source-stack blocked']);

    const r = await destroy('--yes');
    expect(r.code).toBe(4);
    expect(r.err).toContain('aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name orders-api-source --region eu-west-1');
    expect(r.err).toMatch(/Nothing was deleted\./);
    expect(world.aws.writes().length).toBe(writesBefore);
    expect(cfnB().stack('orders-api-target')?.status).toBe('UPDATE_COMPLETE');

    // Turned off, the teardown goes through.
    cfnA().setTerminationProtection('orders-api-source', false);
    expect((await destroy('--yes')).code).toBe(0);
    expect(cfnA().stack('orders-api-source')).toBeUndefined();
  });

  it('protection turned on after the plan was read: DeleteStack is refused with AWS\'s ValidationError, reported with the stack', async () => {
    await deploy();
    world.aws.onCall = (call) => {
      if (call.command === 'DeleteStack' && call.account === ACCOUNT_A) cfnA().setTerminationProtection('orders-api-source', true);
    };
    const r = await destroy('--yes');
    expect(r.code).toBe(4);
    expect(world.aws.callsOf('DeleteStack').filter((c) => c.account === ACCOUNT_A).map((c) => c.error)).toEqual(['ValidationError']);
    expect(r.err).toContain('Stack [orders-api-source] cannot be deleted while TerminationProtection is enabled');
    expect(cfnA().stack('orders-api-source')?.status).toBe('CREATE_COMPLETE');
  });

  it('a stack of another deployment is named as such and left alone', async () => {
    cfnB().seedStack('orders-api-target', 'CREATE_COMPLETE', { 'xacct:deployment': 'payments' });
    const r = await destroy('--dry-run', '--json');
    expect(r.code).toBe(4);
    const plan = JSON.parse(r.out);
    expect(plan.steps[0]).toMatchObject({ id: 'delete-target-stack', action: 'blocked', reason: expect.stringContaining('belongs to deployment "payments"') });
    expect(world.aws.writes()).toEqual([]);
  });

  it('--dry-run prints the plan and what stays, and writes nothing', async () => {
    await deploy();
    const writesBefore = world.aws.writes().length;
    const r = await destroy('--dry-run');
    expect(r.code).toBe(0);
    expect(world.aws.writes().length).toBe(writesBefore);
    expect(r.out).toMatch(/1\. delete\s+stack orders-api-target in account 444455556666 \(target\), keeping ArtifactKey, SourceBucket/);
    expect(r.out).toMatch(/2\. remove\s+bus permission xacct-orders-api of account 111122223333/);
    expect(r.out).toMatch(/3\. delete\s+stack orders-api-source in account 111122223333 \(source\)/);
    expect(r.out).toContain('remove: aws kms schedule-key-deletion --key-id');
    expect(cfnB().stack('orders-api-target')?.status).toBe('UPDATE_COMPLETE');

    const json = JSON.parse((await destroy('--dry-run', '--json')).out);
    expect(json.steps.map((s: { id: string; action: string }) => `${s.id} ${s.action}`)).toEqual(['delete-target-stack delete', 'remove-events-permission remove', 'delete-source-stack delete']);
    expect(json.retained.map((k: { logicalId: string }) => k.logicalId)).toEqual(['ArtifactKey', 'SourceBucket']);
    expect(world.aws.writes().length).toBe(writesBefore);
  });

  it('credentials for the wrong account stop the teardown before any write', async () => {
    await deploy();
    world.aws.addProfile('team-b-in-a', ACCOUNT_A);
    Object.assign(process.env, world.aws.writeCredentialsFile());
    const writesBefore = world.aws.writes().length;
    const file = world.writeConfig({ ...exampleConfig(), target: { accountId: ACCOUNT_B, credentials: { profile: 'team-b-in-a' }, stackName: 'orders-api-target' } });
    const r = await world.run('destroy', '--config', file, '--yes');
    expect(r.code).toBe(2);
    expect(world.aws.writes().length).toBe(writesBefore);
  });
});

describe('a bus statement of our id that grants something else', () => {
  it('is left alone, and the rest of the teardown goes on', async () => {
    await deploy();
    // Someone re-pointed the statement at another account.
    await world.aws.eventBridge(ACCOUNT_B).PutPermission({ EventBusName: 'default', Action: 'events:PutEvents', Principal: '777788889999', StatementId: 'xacct-orders-api' });
    const r = await destroy('--yes', '--json');
    expect(r.code).toBe(0);
    expect(outcomes(r.events)).toContainEqual(['remove-events-permission', 'no-change']);
    expect(world.aws.eventBridge(ACCOUNT_B).statements()).toEqual([expect.objectContaining({ Sid: 'xacct-orders-api', Principal: { AWS: 'arn:aws:iam::777788889999:root' } })]);
    expect(cfnA().stack('orders-api-source')).toBeUndefined();
  });
});
