/** The fake's StackSets against their written behaviour (fake-aws.md, "StackSets"), through the real SDK client. */
import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DeleteStackInstancesCommand,
  DeleteStackSetCommand,
  DescribeStackInstanceCommand,
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  DescribeStacksCommand,
  ListStackInstancesCommand,
  ListStackSetOperationResultsCommand,
  UpdateStackInstancesCommand,
  UpdateStackSetCommand,
  type StackSetOperationPreferences,
} from '@aws-sdk/client-cloudformation';
import { FakeAws } from './fake-aws';

const ADMIN = '111122223333';
const T = ['200000000001', '200000000002', '200000000003', '200000000004'];
const R = 'eu-west-1';
const TEMPLATE = `
Parameters:
  Env: { Type: String }
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties: { Tags: [{ Key: env, Value: !Ref Env }] }
Outputs:
  BucketName: { Value: !Ref Bucket }
  Env: { Value: !Ref Env }
`;

let aws: FakeAws;
const keys = new Map<string, string>();
const cfn = (account: string, region = R) => new CloudFormationClient({ region, maxAttempts: 1, credentials: { accessKeyId: keys.get(account)!, secretAccessKey: 'x' }, requestHandler: aws.requestHandler });
const admin = () => cfn(ADMIN);
const error = async (p: Promise<unknown>) => p.then(() => undefined, (e: Error) => e);

beforeEach(() => {
  aws = new FakeAws([ADMIN, ...T]);
  for (const a of [ADMIN, ...T]) keys.set(a, aws.addUser(a));
});

const createSet = (name = 'pipeline-1', extra: Record<string, unknown> = {}) =>
  admin().send(new CreateStackSetCommand({ StackSetName: name, TemplateBody: TEMPLATE, Parameters: [{ ParameterKey: 'Env', ParameterValue: 'dev' }], PermissionModel: 'SELF_MANAGED', ...extra }));

/** Polls DescribeStackSetOperation once a simulated second until it ends. */
async function waitFor(name: string, operationId: string): Promise<string> {
  for (let i = 0; i < 3600; i++) {
    const out = await admin().send(new DescribeStackSetOperationCommand({ StackSetName: name, OperationId: operationId }));
    const status = out.StackSetOperation!.Status!;
    if (!['RUNNING', 'QUEUED', 'STOPPING'].includes(status)) return status;
    await aws.clock.sleep(1000);
  }
  throw new Error('operation did not end');
}

const results = async (name: string, operationId: string) =>
  (await admin().send(new ListStackSetOperationResultsCommand({ StackSetName: name, OperationId: operationId }))).Summaries!.map((s) => `${s.Account} ${s.Status}${s.StatusReason ? `: ${s.StatusReason}` : ''}`);

describe('the fake StackSets', () => {
  it('creates instances as real stacks in the target accounts, with their overrides, and reports their outputs there', async () => {
    await createSet();
    const { OperationId } = await admin().send(
      new CreateStackInstancesCommand({ StackSetName: 'pipeline-1', DeploymentTargets: { Accounts: T.slice(0, 2) }, Regions: [R], ParameterOverrides: [{ ParameterKey: 'Env', ParameterValue: 'prod' }] }),
    );
    expect(await waitFor('pipeline-1', OperationId!)).toBe('SUCCEEDED');
    const instances = (await admin().send(new ListStackInstancesCommand({ StackSetName: 'pipeline-1' }))).Summaries!;
    expect(instances.map((i) => [i.Account, i.Status, i.StackInstanceStatus?.DetailedStatus])).toEqual([
      [T[0], 'CURRENT', 'SUCCEEDED'],
      [T[1], 'CURRENT', 'SUCCEEDED'],
    ]);
    const stack = (await cfn(T[0]!).send(new DescribeStacksCommand({ StackName: instances[0]!.StackId! }))).Stacks![0]!;
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.Outputs?.find((o) => o.OutputKey === 'Env')?.OutputValue).toBe('prod');
    const one = await admin().send(new DescribeStackInstanceCommand({ StackSetName: 'pipeline-1', StackInstanceAccount: T[1]!, StackInstanceRegion: R }));
    expect(one.StackInstance?.ParameterOverrides).toEqual([{ ParameterKey: 'Env', ParameterValue: 'prod' }]);
  });

  it('runs at most MaxConcurrentCount instances at once, and stops a region over its failure tolerance (FAILED, the rest CANCELLED)', async () => {
    await createSet();
    for (const a of T) aws.cloudFormation(a).operationMs = 60_000;
    aws.cloudFormation(T[0]!).failures.push({ stack: 'StackSet-pipeline-1-', logicalId: 'Bucket', reason: 'Bucket quota exceeded' });
    // Fail whatever stack the instance gets: its name is the stack set's, with an id AWS chooses.
    const spec = aws.cloudFormation(T[0]!).failures[0]!;
    Object.defineProperty(spec, 'stack', { get: () => aws.stackSets(ADMIN).instanceStack('pipeline-1', T[0]!, R) ?? '' });
    const prefs: StackSetOperationPreferences = { MaxConcurrentCount: 1, FailureToleranceCount: 0 };
    const { OperationId } = await admin().send(new CreateStackInstancesCommand({ StackSetName: 'pipeline-1', Accounts: T, Regions: [R], OperationPreferences: prefs }));
    expect(await waitFor('pipeline-1', OperationId!)).toBe('FAILED');
    const r = await results('pipeline-1', OperationId!);
    expect(r[0]).toMatch(new RegExp(`^${T[0]} FAILED: ResourceLogicalId:Bucket, ResourceType:AWS::S3::Bucket, ResourceStatusReason:Bucket quota exceeded`));
    expect(r.slice(1)).toEqual(T.slice(1).map((a) => `${a} CANCELLED: Cancelled since failure tolerance has exceeded`));
    const op = aws.stackSets(ADMIN).operationsOf('pipeline-1')[0]!;
    expect(op.preferencesJson).toEqual({ MaxConcurrentCount: '1', FailureToleranceCount: '0' });
  });

  it('tolerates failures up to FailureTolerancePercentage of a region (rounded down) and runs MaxConcurrentPercentage at once', async () => {
    await createSet();
    const spec = { stack: '', logicalId: 'Bucket', reason: 'no' };
    Object.defineProperty(spec, 'stack', { get: () => aws.stackSets(ADMIN).instanceStack('pipeline-1', T[1]!, R) ?? '' });
    aws.cloudFormation(T[1]!).failures.push(spec);
    const started: number[] = [];
    const { OperationId } = await admin().send(
      new CreateStackInstancesCommand({
        StackSetName: 'pipeline-1',
        Accounts: T,
        Regions: [R],
        OperationPreferences: { MaxConcurrentPercentage: 50, FailureTolerancePercentage: 25, ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE' },
      }),
    );
    for (const a of T) started.push(aws.cloudFormation(a).stackNames().length);
    // 50% of 4 accounts: two at once.
    expect(started).toEqual([1, 1, 0, 0]);
    expect(await waitFor('pipeline-1', OperationId!)).toBe('SUCCEEDED');
    expect((await results('pipeline-1', OperationId!)).filter((s) => s.includes('FAILED'))).toHaveLength(1);
  });

  it('works the regions one after another (SEQUENTIAL, RegionOrder), and attempts no later region once one stops', async () => {
    await createSet();
    const spec = { stack: '', logicalId: 'Bucket', reason: 'no' };
    Object.defineProperty(spec, 'stack', { get: () => aws.stackSets(ADMIN).instanceStack('pipeline-1', T[0]!, 'us-east-1') ?? '' });
    aws.cloudFormation(T[0]!, 'us-east-1').failures.push(spec);
    const { OperationId } = await admin().send(
      new CreateStackInstancesCommand({ StackSetName: 'pipeline-1', Accounts: T.slice(0, 2), Regions: [R, 'us-east-1'], OperationPreferences: { RegionOrder: ['us-east-1', R], MaxConcurrentCount: 2, FailureToleranceCount: 0 } }),
    );
    // us-east-1 first: nothing in eu-west-1 has started.
    expect(aws.cloudFormation(T[0]!, R).stackNames()).toEqual([]);
    expect(await waitFor('pipeline-1', OperationId!)).toBe('FAILED');
    const r = (await admin().send(new ListStackSetOperationResultsCommand({ StackSetName: 'pipeline-1', OperationId }))).Summaries!;
    expect(r.filter((x) => x.Region === R).map((x) => x.Status)).toEqual(['CANCELLED', 'CANCELLED']);
    expect(aws.cloudFormation(T[0]!, R).stackNames()).toEqual([]);
  });

  it('refuses a second operation while one runs (OperationInProgressException), and queues it with managed execution', async () => {
    await createSet();
    await admin().send(new CreateStackInstancesCommand({ StackSetName: 'pipeline-1', Accounts: [T[0]!], Regions: [R] }));
    const e = await error(admin().send(new CreateStackInstancesCommand({ StackSetName: 'pipeline-1', Accounts: [T[1]!], Regions: [R] })));
    expect(e?.name).toBe('OperationInProgressException');

    await createSet('managed', { ManagedExecution: { Active: true } });
    const first = await admin().send(new CreateStackInstancesCommand({ StackSetName: 'managed', Accounts: [T[0]!], Regions: [R] }));
    const second = await admin().send(new CreateStackInstancesCommand({ StackSetName: 'managed', Accounts: [T[1]!], Regions: [R] }));
    const conflicting = await admin().send(new UpdateStackInstancesCommand({ StackSetName: 'managed', Accounts: [T[0]!], Regions: [R], ParameterOverrides: [{ ParameterKey: 'Env', ParameterValue: 'x' }] }));
    const ops = aws.stackSets(ADMIN).operationsOf('managed');
    expect(ops.map((o) => o.status)).toEqual(['RUNNING', 'RUNNING', 'QUEUED']);
    for (const o of [first, second, conflicting]) expect(await waitFor('managed', o.OperationId!)).toBe('SUCCEEDED');
  });

  it('answers StackSetNotFoundException and StackInstanceNotFoundException', async () => {
    expect((await error(admin().send(new DescribeStackSetCommand({ StackSetName: 'nope' }))))?.name).toBe('StackSetNotFoundException');
    await createSet();
    const e = await error(admin().send(new UpdateStackInstancesCommand({ StackSetName: 'pipeline-1', Accounts: [T[0]!], Regions: [R], ParameterOverrides: [] })));
    expect(e?.name).toBe('StackInstanceNotFoundException');
    const d = await error(admin().send(new DescribeStackInstanceCommand({ StackSetName: 'pipeline-1', StackInstanceAccount: T[0]!, StackInstanceRegion: R })));
    expect(d?.name).toBe('StackInstanceNotFoundException');
  });

  it('service-managed: needs AutoDeployment, deploys to the OU accounts the filter keeps, never the management account, and only for its administrators', async () => {
    aws.organization.managementAccount = ADMIN;
    aws.organization.place(ADMIN, 'ou-root-workloads');
    for (const a of T) aws.organization.place(a, 'ou-root-workloads');
    const noAuto = await error(createSet('org', { PermissionModel: 'SERVICE_MANAGED' }));
    expect(noAuto?.name).toBe('ValidationError');
    await createSet('org', { PermissionModel: 'SERVICE_MANAGED', AutoDeployment: { Enabled: false } });
    const { OperationId } = await admin().send(
      new CreateStackInstancesCommand({ StackSetName: 'org', DeploymentTargets: { OrganizationalUnitIds: ['ou-root-workloads'], Accounts: [ADMIN, T[2]!], AccountFilterType: 'INTERSECTION' }, Regions: [R] }),
    );
    expect(await waitFor('org', OperationId!)).toBe('SUCCEEDED');
    const listed = (await admin().send(new ListStackInstancesCommand({ StackSetName: 'org' }))).Summaries!;
    expect(listed.map((i) => [i.Account, i.OrganizationalUnitId])).toEqual([[T[2], 'ou-root-workloads']]);
    // A member account that is no delegated administrator may not administer it; a delegated one may, with CallAs.
    const member = await error(cfn(T[0]!).send(new CreateStackSetCommand({ StackSetName: 'm', TemplateBody: TEMPLATE, PermissionModel: 'SERVICE_MANAGED', AutoDeployment: { Enabled: false }, CallAs: 'DELEGATED_ADMIN' })));
    expect(member?.name).toBe('ValidationError');
    aws.organization.delegatedAdministrators.add(T[0]!);
    await cfn(T[0]!).send(new CreateStackSetCommand({ StackSetName: 'm', TemplateBody: TEMPLATE, Parameters: [{ ParameterKey: 'Env', ParameterValue: 'd' }], PermissionModel: 'SERVICE_MANAGED', AutoDeployment: { Enabled: false }, CallAs: 'DELEGATED_ADMIN' }));
  });

  it('UpdateStackSet updates the instances named and leaves the rest OUTDATED; delete takes the stacks away, then the set', async () => {
    await createSet();
    const c = await admin().send(new CreateStackInstancesCommand({ StackSetName: 'pipeline-1', Accounts: T.slice(0, 2), Regions: [R] }));
    await waitFor('pipeline-1', c.OperationId!);
    const u = await admin().send(new UpdateStackSetCommand({ StackSetName: 'pipeline-1', TemplateBody: TEMPLATE, Parameters: [{ ParameterKey: 'Env', ParameterValue: 'new' }], Accounts: [T[0]!], Regions: [R] }));
    expect(await waitFor('pipeline-1', u.OperationId!)).toBe('SUCCEEDED');
    const listed = (await admin().send(new ListStackInstancesCommand({ StackSetName: 'pipeline-1' }))).Summaries!;
    expect(listed.map((i) => i.Status)).toEqual(['CURRENT', 'OUTDATED']);
    const s = (await admin().send(new DescribeStackSetCommand({ StackSetName: 'pipeline-1' }))).StackSet!;
    expect(s.Parameters).toEqual([{ ParameterKey: 'Env', ParameterValue: 'new' }]);
    expect((await error(admin().send(new DeleteStackSetCommand({ StackSetName: 'pipeline-1' }))))?.name).toBe('StackSetNotEmptyException');
    const d = await admin().send(new DeleteStackInstancesCommand({ StackSetName: 'pipeline-1', Accounts: T.slice(0, 2), Regions: [R], RetainStacks: false }));
    expect(await waitFor('pipeline-1', d.OperationId!)).toBe('SUCCEEDED');
    expect(aws.cloudFormation(T[0]!).stackNames()).toEqual([]);
    await admin().send(new DeleteStackSetCommand({ StackSetName: 'pipeline-1' }));
    expect((await error(admin().send(new DescribeStackSetCommand({ StackSetName: 'pipeline-1' }))))?.name).toBe('StackSetNotFoundException');
  });
});
