/**
 * `xacct status` through the CLI against the fake AWS: a fresh, a half-done, a finished, an out-of-date
 * and a drifted deployment, and what the pipeline's latest execution says. Status only reads.
 */
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import type { StatusReport } from '../../scripts/status/status-types';
import { ACCOUNT_A, ACCOUNT_B, exampleConfig, twoAccountWorld, type World } from '../helpers/deploy-world';

let world: World;
beforeEach(() => {
  world = twoAccountWorld();
});
afterEach(() => world.restore());

const deploy = () => world.run('deploy-sequence', '--config', world.configFile, '--yes');
async function status(...extra: string[]): Promise<{ code: number; report: StatusReport; err: string }> {
  const r = await world.run('status', '--config', world.configFile, '--json', ...extra);
  return { code: r.code, report: r.err === '' ? (JSON.parse(r.out) as StatusReport) : ({} as StatusReport), err: r.err };
}
const pipelineName = () => world.aws.cloudFormation(ACCOUNT_B).stack('orders-api-target')!.outputs.PipelineName;

describe('xacct status', () => {
  it('of a fresh deployment: nothing exists, every step is pending, exit 1', async () => {
    const { code, report } = await status();
    expect(code).toBe(1);
    expect(report.stacks.map((s) => [s.stack, s.exists])).toEqual([
      ['orders-api-target', false],
      ['orders-api-source', false],
    ]);
    expect(report.busPermission.present).toBe(false);
    expect(report.imageDefinitions).toMatchObject({ present: false, key: 'imagedefinitions.zip' });
    expect(report.pipeline).toMatchObject({ verdict: 'not-deployed', stages: [] });
    expect(report.pending.map((p) => `${p.stepId} ${p.action}`)).toEqual([
      'target-foundation create',
      'source-stack create',
      'events-permission put',
      'image-definitions upload',
      'target-pipeline update',
    ]);
    expect(report.healthy).toBe(false);
    expect(report.identities.source).toMatchObject({ accountId: ACCOUNT_A, credentials: 'profile team-a' });
    expect(world.aws.writes()).toEqual([]);
  });

  it('of a half-done deployment (stopped before the bus permission): stage 1 in B, stack A, no permission, no pipeline', async () => {
    await main(['deploy-sequence', '--config', world.configFile], recordingIo([true, true, false]), { ...world.deps });
    const writesBefore = world.aws.writes().length;
    const { code, report } = await status();
    expect(code).toBe(1);
    expect(report.stacks[0]).toMatchObject({ stack: 'orders-api-target', status: 'CREATE_COMPLETE', lastOperation: { operation: 'create', outcome: 'succeeded' }, template: { name: 'AccB-pipeline-1', current: true } });
    expect(report.stacks[1]).toMatchObject({ stack: 'orders-api-source', status: 'CREATE_COMPLETE', template: { name: 'AccA-pipeline', current: true } });
    expect(report.busPermission.present).toBe(false);
    expect(report.pipeline.verdict).toBe('not-deployed');
    expect(report.pending.map((p) => p.stepId)).toEqual(['events-permission', 'image-definitions', 'target-pipeline']);
    expect(report.problems).toContain(`account ${ACCOUNT_A} may not put events on the default bus (statement xacct-orders-api missing)`);
    expect(world.aws.writes().length).toBe(writesBefore);
  });

  it('of a finished deployment whose last push deployed: healthy, exit 0, the pipeline per stage', async () => {
    await deploy();
    world.aws.ecr(ACCOUNT_A).pushImage('orders-api', 'latest');
    world.aws.codePipeline(ACCOUNT_B).recordExecution(pipelineName(), { revisions: { Image: 'sha256:1f2e', ImageDefinitions: 'v00000001' } });
    const writesBefore = world.aws.writes().length;
    const { code, report } = await status();
    expect(code).toBe(0);
    expect(report.healthy).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.stacks.map((s) => `${s.stack} ${s.status} ${s.template?.name} ${s.template?.current}`)).toEqual([
      'orders-api-target UPDATE_COMPLETE AccB-pipeline-2 true',
      'orders-api-source CREATE_COMPLETE AccA-pipeline true',
    ]);
    expect(report.busPermission.present).toBe(true);
    expect(report.imageDefinitions).toMatchObject({ present: true, versionId: expect.stringMatching(/^v\d+$/), matchesConfig: true });
    expect(report.pipeline.verdict).toBe('deployed');
    expect(report.pipeline.stages.map((s) => `${s.name} ${s.status}`)).toEqual(['Source Succeeded', 'Pin Succeeded', 'Deploy Succeeded']);
    expect(report.pipeline.stages[0].actions[0]).toMatchObject({ name: 'Image', status: 'Succeeded', revisionId: 'sha256:1f2e' });
    expect(world.aws.writes().length).toBe(writesBefore);
  });

  it('says when the pipeline waits for its first push, and when the last push failed or is still on its way', async () => {
    await deploy();
    expect((await status()).report.pipeline).toMatchObject({ verdict: 'waiting-for-first-push', summary: expect.stringContaining('no image is tagged 111122223333.dkr.ecr.eu-west-1.amazonaws.com/orders-api:latest yet') });

    world.aws.ecr(ACCOUNT_A).pushImage('orders-api', 'latest');
    world.aws.codePipeline(ACCOUNT_B).recordExecution(pipelineName());
    world.aws.codePipeline(ACCOUNT_B).recordExecution(pipelineName(), { failAt: { stage: 'Deploy', message: 'The ECS service could not reach a steady state' } });
    const failed = await status();
    expect(failed.code).toBe(1);
    expect(failed.report.pipeline.verdict).toBe('failed');
    expect(failed.report.pipeline.summary).toMatch(/the last push did not deploy: execution \S+ failed in stage Deploy, action Service: The ECS service could not reach a steady state/);

    world.aws.codePipeline(ACCOUNT_B).recordExecution(pipelineName(), { runningAt: 'Deploy' });
    expect((await status()).report.pipeline.verdict).toBe('in-progress');
  });

  it('of an out-of-date deployment: a stack whose template version is not the one generated/ holds', async () => {
    await deploy();
    const tags = world.aws.cloudFormation(ACCOUNT_A).stack('orders-api-source')!.tags;
    world.aws.cloudFormation(ACCOUNT_A).setTags('orders-api-source', { ...tags, 'xacct:template-sha256': '0123456789abcdef' });
    const { code, report } = await status();
    expect(code).toBe(1);
    expect(report.stacks[1].template).toMatchObject({ name: 'AccA-pipeline', deployedHash: '0123456789abcdef', current: false });
    expect(report.stacks[0].template?.current).toBe(true);
    expect(report.pending).toEqual([expect.objectContaining({ stepId: 'source-stack', action: 'update' })]);
    expect(report.problems[0]).toMatch(/^stack orders-api-source runs AccA-pipeline 0123456789abcdef; generated\/ holds [0-9a-f]{16}$/);
  });

  it('notices image definitions that no longer match the config', async () => {
    await deploy();
    const file = world.writeConfig(exampleConfig({ pipeline: { ...(exampleConfig().pipeline as object), imageTag: 'release' } }));
    const r = await world.run('status', '--config', file, '--json');
    const report = JSON.parse(r.out) as StatusReport;
    expect(report.imageDefinitions).toMatchObject({ present: true, matchesConfig: false, expected: `[{"name":"web","imageUri":"${ACCOUNT_A}.dkr.ecr.eu-west-1.amazonaws.com/orders-api:release"}]` });
  });

  it('of a drifted deployment: --drift runs detection on both stacks and lists the drifted resources', async () => {
    await deploy();
    world.aws.cloudFormation(ACCOUNT_B).driftResource('orders-api-target', 'SourceBucket', {
      status: 'MODIFIED',
      differences: [{ PropertyPath: '/VersioningConfiguration/Status', ExpectedValue: 'Enabled', ActualValue: 'Suspended', DifferenceType: 'NOT_EQUAL' }],
    });
    world.aws.cloudFormation(ACCOUNT_A).driftResource('orders-api-source', 'ForwardingRule', { status: 'DELETED' });

    // Without --drift, no detection runs.
    expect((await status()).report.stacks[0].drift).toBeUndefined();
    expect(world.aws.callsOf('DetectStackDrift')).toEqual([]);

    const writesBefore = world.aws.writes().length;
    const { code, report } = await status('--drift');
    expect(code).toBe(1);
    expect(report.stacks[0].drift).toEqual({
      status: 'DRIFTED',
      drifted: [
        {
          logicalId: 'SourceBucket',
          physicalId: expect.stringMatching(/^orders-api-target-sourcebucket-/),
          type: 'AWS::S3::Bucket',
          status: 'MODIFIED',
          differences: [{ path: '/VersioningConfiguration/Status', expected: 'Enabled', actual: 'Suspended', difference: 'NOT_EQUAL' }],
        },
      ],
    });
    expect(report.stacks[1].drift).toMatchObject({ status: 'DRIFTED', drifted: [expect.objectContaining({ logicalId: 'ForwardingRule', status: 'DELETED' })] });
    expect(world.aws.callsOf('DetectStackDrift').map((c) => c.account)).toEqual([ACCOUNT_B, ACCOUNT_A]);
    // Detection changes nothing.
    expect(world.aws.writes().length).toBe(writesBefore);
  });

  it('--drift on an undrifted deployment reports IN_SYNC and stays healthy', async () => {
    await deploy();
    const { code, report } = await status('--drift');
    expect(code).toBe(0);
    expect(report.stacks.map((s) => s.drift?.status)).toEqual(['IN_SYNC', 'IN_SYNC']);
  });

  it('a create that was never executed (REVIEW_IN_PROGRESS, no tags) is this deployment\'s, not foreign; --drift does not check it', async () => {
    const controller = new AbortController();
    world.aws.onCall = (c) => c.command === 'CreateChangeSet' && controller.abort();
    expect(await main(['deploy-sequence', '--config', world.configFile, '--yes'], recordingIo(), { ...world.deps, signal: controller.signal })).toBe(130);
    world.aws.onCall = undefined;
    const { code, report } = await status('--drift');
    expect(code).toBe(1);
    expect(report.stacks[0]).toMatchObject({ status: 'REVIEW_IN_PROGRESS', lastOperation: { operation: 'create', outcome: 'change set not executed' } });
    expect(report.stacks[0].foreign).toBeUndefined();
    expect(report.stacks[0].drift).toMatchObject({ status: 'NOT_CHECKED' });
    expect(report.pending[0]).toMatchObject({ stepId: 'target-foundation', action: 'create' });
  });

  it('--drift on a stack CloudFormation cannot check (ROLLBACK_COMPLETE) reports NOT_CHECKED instead of failing', async () => {
    world.aws.cloudFormation(ACCOUNT_B).failures.push({ stack: 'orders-api-target', logicalId: 'PipelineRole', reason: 'Role limit exceeded' });
    expect((await deploy()).code).toBe(4);
    expect(world.aws.cloudFormation(ACCOUNT_B).stack('orders-api-target')?.status).toBe('ROLLBACK_COMPLETE');
    const { code, report, err } = await status('--drift');
    expect(err).toBe('');
    expect(code).toBe(1);
    expect(report.stacks[0].drift).toMatchObject({ status: 'NOT_CHECKED', reason: expect.stringMatching(/only on CREATE_COMPLETE, UPDATE_COMPLETE, UPDATE_ROLLBACK_COMPLETE and UPDATE_ROLLBACK_FAILED stacks; this one is ROLLBACK_COMPLETE/) });
    expect(world.aws.callsOf('DetectStackDrift')).toEqual([]);
  });

  it('explains a 403 to HEAD (a missing key without s3:ListBucket) instead of an unnamed error', async () => {
    // GIVEN a deployment stopped before the upload, and a source bucket whose policy denies s3:ListBucket.
    await main(['deploy-sequence', '--config', world.configFile], recordingIo([true, true, true, false]), { ...world.deps });
    const bucket = world.aws.cloudFormation(ACCOUNT_B).stack('orders-api-target')!.outputs.SourceBucketName;
    world.aws.s3.deny(bucket, ['s3:ListBucket']);
    const r = await world.run('status', '--config', world.configFile);
    expect(r.code).toBe(4);
    expect(r.err).toContain(`reading s3://${bucket}/imagedefinitions.zip in account ${ACCOUNT_B}: access denied:`);
    expect(r.err).toContain('403 Forbidden and no reason');
    expect(r.err).toContain(`may not s3:ListBucket on bucket ${bucket}`);
    expect(r.err).not.toMatch(/Unknown|UnknownError/);
  });

  it('names a stack of the configured name that belongs to something else', async () => {
    world.aws.cloudFormation(ACCOUNT_B).seedStack('orders-api-target', 'CREATE_COMPLETE', { team: 'billing' });
    const { code, report } = await status('--drift');
    expect(code).toBe(1);
    expect(report.stacks[0].foreign).toMatch(/was not deployed by xacct/);
    expect(report.stacks[0].drift).toBeUndefined();
    expect(world.aws.callsOf('DetectStackDrift')).toEqual([]);
  });

  it('retries reads AWS throttles', async () => {
    await deploy();
    world.aws.throttle(2, 'cloudformation', 'DescribeStacks');
    world.aws.throttle(2, 'codepipeline');
    const { code, report } = await status();
    expect(code).toBe(0);
    expect(report.pipeline.verdict).toBe('waiting-for-first-push');
    expect(world.aws.calls.filter((c) => c.error === 'ThrottlingException' || c.error === 'Throttling')).toHaveLength(4);
  });

  it('prints a report for people', async () => {
    await deploy();
    world.aws.ecr(ACCOUNT_A).pushImage('orders-api', 'latest');
    world.aws.codePipeline(ACCOUNT_B).recordExecution(pipelineName(), { revisions: { Image: 'sha256:1f2e' } });
    const r = await world.run('status', '--config', world.configFile);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Deployment orders-api in eu-west-1\n {2}Account A 111122223333: profile team-a is arn:aws:iam::111122223333:user\/team-a\n/);
    expect(r.out).toMatch(/ {2}B orders-api-target +UPDATE_COMPLETE \(update succeeded at 2026-01-05T\S+\)\n {6}template AccB-pipeline-2 [0-9a-f]{16}: current \(generated\/ holds the same\)/);
    expect(r.out).toContain('Bus permission        present: statement xacct-orders-api lets account 111122223333 put events on the default bus');
    expect(r.out).toMatch(/imagedefinitions\.zip +version v\d+ of s3:\/\/orders-api-target-sourcebucket-\w+\/imagedefinitions\.zip: matches the config/);
    expect(r.out).toMatch(/ {4}Image +Succeeded +\S+ +revision sha256:1f2e/);
    expect(r.out).toMatch(/the last push is deployed: execution \S+ succeeded through stage Deploy/);
    expect(r.out).toContain('Healthy:');
  });
});
