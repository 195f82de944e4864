/**
 * The fake parts status and destroy depend on, against their written behaviour (fake-aws.md), through
 * the real SDK clients: stack deletion (Retain, non-empty buckets and repositories, RetainResources),
 * ListStackResources, drift detection, S3 ListObjectVersions, ECR ListImages, CodePipeline
 * GetPipelineState.
 */
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteStackCommand,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackResourceDriftsCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
  ExecuteChangeSetCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { CodePipelineClient, GetPipelineStateCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { ECRClient, ListImagesCommand } from '@aws-sdk/client-ecr';
import { ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { FakeAws } from './fake-aws';

const A = '111122223333';
const B = '444455556666';
const REGION = 'eu-west-1';
let aws: FakeAws;
let keyB: string;
const config = () => ({ region: REGION, credentials: { accessKeyId: keyB, secretAccessKey: 'x' }, maxAttempts: 1, requestHandler: aws.requestHandler });

beforeEach(() => {
  aws = new FakeAws([A, B]);
  keyB = aws.addUser(B, 'bob');
});

const TEMPLATE = `
Resources:
  Key:
    Type: AWS::KMS::Key
    DeletionPolicy: Retain
    Properties: { KeyPolicy: {} }
  Bucket:
    Type: AWS::S3::Bucket
    Properties: { VersioningConfiguration: { Status: Enabled } }
  Repository:
    Type: AWS::ECR::Repository
    Properties: { RepositoryName: repo }
  Queue:
    Type: AWS::SQS::Queue
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      Name: pipe
      Stages:
        - Name: Source
          Actions: [{ Name: Image, ActionTypeId: { Category: Source, Owner: AWS, Provider: ECR, Version: '1' } }]
        - Name: Deploy
          Actions: [{ Name: Service, ActionTypeId: { Category: Deploy, Owner: AWS, Provider: ECS, Version: '1' } }]
`;

async function settle(cfn: CloudFormationClient, stack: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: stack })).catch(() => undefined);
    const status = out?.Stacks?.[0]?.StackStatus ?? 'GONE';
    if (!status.endsWith('_IN_PROGRESS')) return status;
    await aws.clock.sleep(5000);
  }
  throw new Error('did not settle');
}

async function createStack(): Promise<{ cfn: CloudFormationClient; bucket: string }> {
  const cfn = new CloudFormationClient(config());
  const { Id } = await cfn.send(new CreateChangeSetCommand({ StackName: 's', ChangeSetName: 'c', ChangeSetType: 'CREATE', TemplateBody: TEMPLATE }));
  await aws.clock.sleep(3000);
  await cfn.send(new ExecuteChangeSetCommand({ StackName: 's', ChangeSetName: Id }));
  expect(await settle(cfn, 's')).toBe('CREATE_COMPLETE');
  const resources = (await cfn.send(new ListStackResourcesCommand({ StackName: 's' }))).StackResourceSummaries ?? [];
  return { cfn, bucket: resources.find((r) => r.LogicalResourceId === 'Bucket')!.PhysicalResourceId! };
}

const statuses = async (cfn: CloudFormationClient) =>
  Object.fromEntries(((await cfn.send(new ListStackResourcesCommand({ StackName: 's' }))).StackResourceSummaries ?? []).map((r) => [r.LogicalResourceId, r.ResourceStatus]));

describe('fake CloudFormation: deleting stacks', () => {
  it('skips DeletionPolicy Retain resources and deletes the rest: the key stays, buckets and repositories go', async () => {
    const { cfn, bucket } = await createStack();
    const stackId = (await cfn.send(new DescribeStacksCommand({ StackName: 's' }))).Stacks![0].StackId!;
    await cfn.send(new DeleteStackCommand({ StackName: 's' }));
    expect(await settle(cfn, 's')).toBe('GONE');
    expect(aws.s3.bucketNames()).not.toContain(bucket);
    expect(aws.ecr(B).repositoryNames()).toEqual([]);
    expect(aws.codePipeline(B).pipelineNames()).toEqual([]);
    const events = aws.cloudFormation(B).DescribeStackEvents({ StackName: stackId }).StackEvents as Array<{ LogicalResourceId: string; ResourceStatus: string }>;
    expect(events.filter((e) => e.LogicalResourceId === 'Key').map((e) => e.ResourceStatus)).toEqual(['DELETE_SKIPPED', 'CREATE_COMPLETE', 'CREATE_IN_PROGRESS']);
    expect(events[0]).toMatchObject({ LogicalResourceId: 's', ResourceStatus: 'DELETE_COMPLETE' });
  });

  it('a bucket with versions or a repository with images fails its delete; the others go on; the stack ends DELETE_FAILED', async () => {
    const { cfn, bucket } = await createStack();
    aws.s3.putObject(bucket, 'a.zip');
    aws.ecr(B).pushImage('repo', 'latest');
    await cfn.send(new DeleteStackCommand({ StackName: 's' }));
    expect(await settle(cfn, 's')).toBe('DELETE_FAILED');
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 's' }))).Stacks![0];
    expect(stack.StackStatusReason).toBe('The following resource(s) failed to delete: [Repository, Bucket]. ');
    expect(await statuses(cfn)).toEqual({ Key: 'DELETE_SKIPPED', Bucket: 'DELETE_FAILED', Repository: 'DELETE_FAILED' });
    const reasons = aws.cloudFormation(B).stack('s')!.events.filter((e) => e.ResourceStatus === 'DELETE_FAILED' && e.LogicalResourceId !== 's').map((e) => e.ResourceStatusReason);
    expect(reasons).toEqual([
      expect.stringContaining(`The repository with name 'repo' in registry with id '${B}' cannot be deleted because it still contains images`),
      expect.stringContaining('The bucket you tried to delete is not empty. You must delete all versions in the bucket.'),
    ]);
    expect(aws.codePipeline(B).pipelineNames()).toEqual([]);
  });

  it('RetainResources: only for a stack in DELETE_FAILED, never a deleted resource; the stack goes, those resources stay', async () => {
    const { cfn, bucket } = await createStack();
    aws.s3.putObject(bucket, 'a.zip');
    await expect(cfn.send(new DeleteStackCommand({ StackName: 's', RetainResources: ['Bucket'] }))).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('DELETE_FAILED') });
    await cfn.send(new DeleteStackCommand({ StackName: 's' }));
    expect(await settle(cfn, 's')).toBe('DELETE_FAILED');
    await expect(cfn.send(new DeleteStackCommand({ StackName: 's', RetainResources: ['Queue'] }))).rejects.toThrow(
      'The specified resources to retain must be in a valid state. Do not specify resources that are in the DELETE_COMPLETE state.',
    );
    await cfn.send(new DeleteStackCommand({ StackName: 's', RetainResources: ['Bucket'] }));
    expect(await settle(cfn, 's')).toBe('GONE');
    expect(aws.s3.bucketNames()).toEqual([bucket]);
    expect(aws.s3.versions(bucket, 'a.zip')).toHaveLength(1);
  });
});

describe('fake CloudFormation: drift detection', () => {
  it('detects on the virtual clock and reports the resources marked drifted', async () => {
    const { cfn } = await createStack();
    aws.cloudFormation(B).driftResource('s', 'Queue', { status: 'MODIFIED', differences: [{ PropertyPath: '/VisibilityTimeout', ExpectedValue: '30', ActualValue: '60', DifferenceType: 'NOT_EQUAL' }] });
    const { StackDriftDetectionId } = await cfn.send(new DetectStackDriftCommand({ StackName: 's' }));
    const status = () => cfn.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId }));
    expect(await status()).toMatchObject({ DetectionStatus: 'DETECTION_IN_PROGRESS' });
    expect((await status()).StackDriftStatus).toBeUndefined();
    await aws.clock.sleep(aws.cloudFormation(B).drift.detectionMs);
    expect(await status()).toMatchObject({ DetectionStatus: 'DETECTION_COMPLETE', StackDriftStatus: 'DRIFTED', DriftedStackResourceCount: 1 });
    const drifts = await cfn.send(new DescribeStackResourceDriftsCommand({ StackName: 's', StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'] }));
    expect(drifts.StackResourceDrifts).toEqual([
      expect.objectContaining({
        LogicalResourceId: 'Queue',
        ResourceType: 'AWS::SQS::Queue',
        StackResourceDriftStatus: 'MODIFIED',
        PropertyDifferences: [{ PropertyPath: '/VisibilityTimeout', ExpectedValue: '30', ActualValue: '60', DifferenceType: 'NOT_EQUAL' }],
      }),
    ]);
    const all = await cfn.send(new DescribeStackResourceDriftsCommand({ StackName: 's' }));
    expect(all.StackResourceDrifts?.filter((d) => d.StackResourceDriftStatus === 'IN_SYNC')).toHaveLength(4);
  });

  it('refuses detection on a stack that is busy', async () => {
    aws.cloudFormation(B).seedStack('busy', 'UPDATE_IN_PROGRESS', {});
    await expect(new CloudFormationClient(config()).send(new DetectStackDriftCommand({ StackName: 'busy' }))).rejects.toMatchObject({ name: 'ValidationError' });
  });
});

describe('fake S3, ECR and CodePipeline', () => {
  it('S3 ListObjectVersions lists every version, paged with key and version markers', async () => {
    aws.s3.createBucket('b', B, REGION, 'Enabled');
    for (const key of ['x', 'x', 'y']) aws.s3.putObject('b', key);
    const s3 = new S3Client(config());
    const first = await s3.send(new ListObjectVersionsCommand({ Bucket: 'b', MaxKeys: 2 }));
    expect(first.IsTruncated).toBe(true);
    expect(first.Versions?.map((v) => `${v.Key} ${v.IsLatest}`)).toEqual(['x true', 'x false']);
    const rest = await s3.send(new ListObjectVersionsCommand({ Bucket: 'b', KeyMarker: first.NextKeyMarker, VersionIdMarker: first.NextVersionIdMarker }));
    expect(rest.Versions?.map((v) => v.Key)).toEqual(['y']);
    await expect(s3.send(new ListObjectVersionsCommand({ Bucket: 'none' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });

  it('ECR ListImages lists one entry per tag (untagged images without one), paged; a missing repository is RepositoryNotFoundException', async () => {
    const ecr = aws.ecr(B);
    ecr.createRepository('repo');
    ecr.pushImage('repo', 'latest', 'one');
    ecr.pushImage('repo', 'latest', 'two');
    ecr.pushImage('repo', 'v2', 'two');
    ecr.pageSize = 2;
    const client = new ECRClient(config());
    const first = await client.send(new ListImagesCommand({ repositoryName: 'repo' }));
    const second = await client.send(new ListImagesCommand({ repositoryName: 'repo', nextToken: first.nextToken }));
    expect([...(first.imageIds ?? []), ...(second.imageIds ?? [])].map((i) => i.imageTag ?? 'untagged')).toEqual(['untagged', 'latest', 'v2']);
    await expect(client.send(new ListImagesCommand({ repositoryName: 'other' }))).rejects.toMatchObject({
      name: 'RepositoryNotFoundException',
      message: `The repository with name 'other' does not exist in the registry with id '${B}'`,
    });
  });

  it('CodePipeline GetPipelineState: stages and actions of a pipeline a stack created, its first execution, then the executions tests record', async () => {
    await createStack();
    // The first execution runs after the create, on AWS's own time: let it finish.
    await aws.settle();
    const client = new CodePipelineClient(config());
    const fresh = await client.send(new GetPipelineStateCommand({ name: 'pipe' }));
    // Created pipelines start at once; this one's ECR source names no image that exists, so it stops there.
    expect(fresh.stageStates?.map((s) => [s.stageName, s.latestExecution?.status, s.actionStates?.map((a) => a.actionName)])).toEqual([
      ['Source', 'Failed', ['Image']],
      ['Deploy', undefined, ['Service']],
    ]);
    const started = await client.send(new ListPipelineExecutionsCommand({ pipelineName: 'pipe' }));
    expect(started.pipelineExecutionSummaries).toEqual([expect.objectContaining({ status: 'Failed', trigger: { triggerType: 'CreatePipeline' } })]);
    const ok = aws.codePipeline(B).recordExecution('pipe', { revisions: { Image: 'sha256:aa' } });
    const failed = aws.codePipeline(B).recordExecution('pipe', { failAt: { stage: 'Source', message: 'image not found' } });
    const state = await client.send(new GetPipelineStateCommand({ name: 'pipe' }));
    expect(state.stageStates?.map((s) => `${s.stageName} ${s.latestExecution?.status} ${s.latestExecution?.pipelineExecutionId === failed ? 'latest' : s.latestExecution?.pipelineExecutionId === ok ? 'earlier' : '?'}`)).toEqual([
      'Source Failed latest',
      'Deploy Succeeded earlier',
    ]);
    // Newest first.
    expect((await client.send(new ListPipelineExecutionsCommand({ pipelineName: 'pipe' }))).pipelineExecutionSummaries?.map((e) => e.pipelineExecutionId)).toEqual([failed, ok, started.pipelineExecutionSummaries?.[0].pipelineExecutionId]);
    expect(state.stageStates?.[0].actionStates?.[0]).toMatchObject({ latestExecution: { status: 'Failed', errorDetails: { code: 'JobFailed', message: 'image not found' } }, currentRevision: { revisionId: 'sha256:aa' } });
    await expect(client.send(new GetPipelineStateCommand({ name: 'none' }))).rejects.toMatchObject({
      name: 'PipelineNotFoundException',
      message: `Account '${B}' does not have a pipeline with name 'none'`,
    });
  });
});
