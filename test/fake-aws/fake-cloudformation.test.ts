/** The fake CloudFormation against its written behaviour (fake-aws.md), driven directly. */
import { renderYaml } from '../../scripts/generate/render';
import { findTemplate } from '../../templates-src';
import { FakeCloudFormation } from './fake-cloudformation';
import { VirtualClock } from './virtual-clock';

const ACCOUNT = '444455556666';
const created: string[] = [];
const deleted: string[] = [];

function fresh() {
  const clock = new VirtualClock();
  const cfn = new FakeCloudFormation(ACCOUNT, 'eu-west-1', clock, {
    resourceCreated: (type, p) => created.push(`${type} ${p.ref}`),
    resourceDeleted: (type, p) => deleted.push(`${type} ${p.ref}`),
  });
  return { clock, cfn };
}

const TEMPLATE = `
Parameters:
  Prefix: { Type: String, AllowedPattern: '^[a-z]+$' }
  Days: { Type: Number, Default: 7 }
Conditions:
  Long: !Not [!Equals [!Ref Days, '7']]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties: { VersioningConfiguration: { Status: Enabled }, Tags: [{ Key: prefix, Value: !Ref Prefix }] }
  Role:
    Type: AWS::IAM::Role
    Properties: { AssumeRolePolicyDocument: {} }
Outputs:
  BucketArn: { Value: !GetAtt Bucket.Arn }
  Name: { Value: !Ref Bucket }
  Joined: { Value: !Join ['/', [!Ref Prefix, !Ref 'AWS::Region', !Ref 'AWS::AccountId']] }
  Sub: { Value: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/\${Role}' }
  Cond: { Value: !If [Long, long, short] }
`;

const params = (values: Record<string, string>) => Object.entries(values).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));

async function settle(clock: VirtualClock, cfn: FakeCloudFormation, stack: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const status = cfn.DescribeStacks({ StackName: stack }).Stacks[0].StackStatus;
    if (!status.endsWith('_IN_PROGRESS') || status === 'REVIEW_IN_PROGRESS') return status;
    await clock.sleep(5000);
  }
  throw new Error('did not settle');
}

async function createStack(clock: VirtualClock, cfn: FakeCloudFormation, name = 's', body = TEMPLATE, values = { Prefix: 'abc' }) {
  const { Id } = cfn.CreateChangeSet({ StackName: name, ChangeSetName: 'c1', ChangeSetType: 'CREATE', TemplateBody: body, Parameters: params(values), Capabilities: ['CAPABILITY_IAM'] });
  await clock.sleep(3000);
  cfn.ExecuteChangeSet({ StackName: name, ChangeSetName: Id });
  return settle(clock, cfn, name);
}

describe('fake CloudFormation', () => {
  it('creates through a change set: REVIEW_IN_PROGRESS, then CREATE_IN_PROGRESS over time, then CREATE_COMPLETE with outputs', async () => {
    const { clock, cfn } = fresh();
    const { Id } = cfn.CreateChangeSet({ StackName: 's', ChangeSetName: 'c1', ChangeSetType: 'CREATE', TemplateBody: TEMPLATE, Parameters: params({ Prefix: 'abc' }), Capabilities: ['CAPABILITY_IAM'] });
    expect(cfn.DescribeStacks({ StackName: 's' }).Stacks[0].StackStatus).toBe('REVIEW_IN_PROGRESS');
    expect(cfn.DescribeChangeSet({ StackName: 's', ChangeSetName: Id }).Status).toBe('CREATE_PENDING');
    await clock.sleep(3000);
    const cs = cfn.DescribeChangeSet({ StackName: 's', ChangeSetName: Id });
    expect([cs.Status, cs.ExecutionStatus]).toEqual(['CREATE_COMPLETE', 'AVAILABLE']);
    expect(cs.Changes.map((c: { ResourceChange: { Action: string; LogicalResourceId: string } }) => `${c.ResourceChange.Action} ${c.ResourceChange.LogicalResourceId}`)).toEqual(['Add Bucket', 'Add Role']);
    cfn.ExecuteChangeSet({ StackName: 's', ChangeSetName: Id });
    expect(cfn.DescribeStacks({ StackName: 's' }).Stacks[0].StackStatus).toBe('CREATE_IN_PROGRESS');
    expect(await settle(clock, cfn, 's')).toBe('CREATE_COMPLETE');
    const outputs = Object.fromEntries(cfn.DescribeStacks({ StackName: 's' }).Stacks[0].Outputs.map((o: { OutputKey: string; OutputValue: string }) => [o.OutputKey, o.OutputValue]));
    expect(outputs.Name).toMatch(/^s-bucket-[0-9a-f]{12}$/);
    expect(outputs.BucketArn).toBe(`arn:aws:s3:::${outputs.Name}`);
    expect(outputs.Joined).toBe(`abc/eu-west-1/${ACCOUNT}`);
    expect(outputs.Sub).toMatch(new RegExp(`^arn:aws:iam::${ACCOUNT}:role/s-Role-[0-9A-F]{12}$`));
    expect(outputs.Cond).toBe('short');
    expect(created).toContain(`AWS::S3::Bucket ${outputs.Name}`);
  });

  it('reports events newest first, paged, each resource with its own events', async () => {
    const { clock, cfn } = fresh();
    cfn.eventPageSize = 3;
    await createStack(clock, cfn);
    const first = cfn.DescribeStackEvents({ StackName: 's' });
    expect(first.StackEvents).toHaveLength(3);
    expect(first.StackEvents[0].ResourceStatus).toBe('CREATE_COMPLETE');
    const all = [...first.StackEvents];
    let token = first.NextToken;
    while (token) {
      const page = cfn.DescribeStackEvents({ StackName: 's', NextToken: token });
      all.push(...page.StackEvents);
      token = page.NextToken;
    }
    const oldestFirst = all.reverse().map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}`);
    expect(oldestFirst).toEqual([
      's REVIEW_IN_PROGRESS',
      's CREATE_IN_PROGRESS',
      'Bucket CREATE_IN_PROGRESS',
      'Bucket CREATE_COMPLETE',
      'Role CREATE_IN_PROGRESS',
      'Role CREATE_COMPLETE',
      's CREATE_COMPLETE',
    ]);
    expect(all.find((e) => e.ResourceStatus === 'CREATE_IN_PROGRESS' && e.LogicalResourceId === 's').ResourceStatusReason).toBe('User Initiated');
  });

  it('an executed change set stays describable (EXECUTE_IN_PROGRESS, then EXECUTE_COMPLETE); the stack\'s other change sets are deleted', async () => {
    const { clock, cfn } = fresh();
    await createStack(clock, cfn);
    const update = (name: string, prefix: string) =>
      cfn.CreateChangeSet({ StackName: 's', ChangeSetName: name, ChangeSetType: 'UPDATE', TemplateBody: TEMPLATE, Parameters: params({ Prefix: prefix }), Capabilities: ['CAPABILITY_IAM'] }).Id;
    const chosen = update('u1', 'def');
    const other = update('u2', 'ghi');
    await clock.sleep(3000);
    cfn.ExecuteChangeSet({ StackName: 's', ChangeSetName: chosen });
    expect(cfn.DescribeChangeSet({ StackName: 's', ChangeSetName: chosen }).ExecutionStatus).toBe('EXECUTE_IN_PROGRESS');
    expect(() => cfn.DescribeChangeSet({ StackName: 's', ChangeSetName: other })).toThrow(/ChangeSet \[.*\] does not exist/);
    expect(await settle(clock, cfn, 's')).toBe('UPDATE_COMPLETE');
    const executed = cfn.DescribeChangeSet({ StackName: 's', ChangeSetName: chosen });
    expect([executed.Status, executed.ExecutionStatus]).toEqual(['CREATE_COMPLETE', 'EXECUTE_COMPLETE']);
    expect(() => cfn.ExecuteChangeSet({ StackName: 's', ChangeSetName: chosen })).toThrow(/cannot be executed/);
  });

  it('a change set whose update rolled back reads EXECUTE_FAILED', async () => {
    const { clock, cfn } = fresh();
    await createStack(clock, cfn);
    cfn.failures.push({ stack: 's', logicalId: 'Bucket', reason: 'Bucket update refused', on: 'update' });
    const { Id } = cfn.CreateChangeSet({ StackName: 's', ChangeSetName: 'u1', ChangeSetType: 'UPDATE', TemplateBody: TEMPLATE, Parameters: params({ Prefix: 'def' }), Capabilities: ['CAPABILITY_IAM'] });
    await clock.sleep(3000);
    cfn.ExecuteChangeSet({ StackName: 's', ChangeSetName: Id });
    expect(await settle(clock, cfn, 's')).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(cfn.DescribeChangeSet({ StackName: 's', ChangeSetName: Id }).ExecutionStatus).toBe('EXECUTE_FAILED');
  });

  it('a failing resource rolls a create back to ROLLBACK_COMPLETE with the real cause on the resource', async () => {
    const { clock, cfn } = fresh();
    cfn.failures.push({ stack: 's', logicalId: 'Role', reason: 'Role name already exists' });
    expect(await createStack(clock, cfn)).toBe('ROLLBACK_COMPLETE');
    const events = cfn.stack('s')!.events.map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}${e.ResourceStatusReason ? `: ${e.ResourceStatusReason}` : ''}`);
    expect(events).toContain('Role CREATE_FAILED: Role name already exists');
    expect(events).toContain('s ROLLBACK_IN_PROGRESS: The following resource(s) failed to create: [Role]. Rollback requested by user.');
    expect(events).toContain('Bucket DELETE_COMPLETE');
    expect(() => cfn.CreateChangeSet({ StackName: 's', ChangeSetName: 'u', ChangeSetType: 'UPDATE', TemplateBody: TEMPLATE, Parameters: params({ Prefix: 'abc' }), Capabilities: ['CAPABILITY_IAM'] })).toThrow(
      /Stack:arn:aws:cloudformation:eu-west-1:444455556666:stack\/s\/id-\d+ is in ROLLBACK_COMPLETE state and can not be updated\./,
    );
  });

  it('an update with nothing changed: change set FAILED with the reason; UpdateStack answers "No updates are to be performed."', async () => {
    const { clock, cfn } = fresh();
    await createStack(clock, cfn);
    const { Id } = cfn.CreateChangeSet({ StackName: 's', ChangeSetName: 'c2', ChangeSetType: 'UPDATE', TemplateBody: TEMPLATE, Parameters: params({ Prefix: 'abc' }), Capabilities: ['CAPABILITY_IAM'] });
    await clock.sleep(3000);
    const cs = cfn.DescribeChangeSet({ StackName: 's', ChangeSetName: Id });
    expect([cs.Status, cs.ExecutionStatus, cs.StatusReason]).toEqual([
      'FAILED',
      'UNAVAILABLE',
      "The submitted information didn't contain changes. Submit different information to create a change set.",
    ]);
    expect(() => cfn.UpdateStack({ StackName: 's', TemplateBody: TEMPLATE, Parameters: params({ Prefix: 'abc' }), Capabilities: ['CAPABILITY_IAM'] })).toThrow(/^No updates are to be performed\.$/);
  });

  it('a failed update rolls back to UPDATE_ROLLBACK_COMPLETE with the previous parameters; a failed rollback needs ContinueUpdateRollback', async () => {
    const { clock, cfn } = fresh();
    await createStack(clock, cfn);
    cfn.failures.push({ stack: 's', logicalId: 'Bucket', reason: 'Access Denied', on: 'update', times: 1 });
    cfn.UpdateStack({ StackName: 's', TemplateBody: TEMPLATE, Parameters: params({ Prefix: 'xyz' }), Capabilities: ['CAPABILITY_IAM'] });
    expect(await settle(clock, cfn, 's')).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(cfn.stack('s')!.parameters.Prefix).toBe('abc');

    cfn.failures.push({ stack: 's', logicalId: 'Bucket', reason: 'Access Denied', on: 'update', rollbackFails: true, times: 1 });
    cfn.UpdateStack({ StackName: 's', TemplateBody: TEMPLATE, Parameters: params({ Prefix: 'xyz' }), Capabilities: ['CAPABILITY_IAM'] });
    expect(await settle(clock, cfn, 's')).toBe('UPDATE_ROLLBACK_FAILED');
    expect(() => cfn.UpdateStack({ StackName: 's', TemplateBody: TEMPLATE, Parameters: params({ Prefix: 'xyz' }), Capabilities: ['CAPABILITY_IAM'] })).toThrow(/is in UPDATE_ROLLBACK_FAILED state and can not be updated/);
    cfn.ContinueUpdateRollback({ StackName: 's' });
    expect(await settle(clock, cfn, 's')).toBe('UPDATE_ROLLBACK_COMPLETE');
  });

  it('a failed update: the resource UPDATE_FAILED with its reason, a sibling in flight "Resource update cancelled", the stack "The following resource(s) failed to update: [X]. "', async () => {
    const { clock, cfn } = fresh();
    const twoBuckets = `
Parameters:
  Prefix: { Type: String }
Resources:
  Logs: { Type: AWS::S3::Bucket, Properties: { Tags: [{ Key: prefix, Value: !Ref Prefix }] } }
  Data: { Type: AWS::S3::Bucket, Properties: { Tags: [{ Key: prefix, Value: !Ref Prefix }] } }
`;
    await createStack(clock, cfn, 't', twoBuckets);
    cfn.failures.push({ stack: 't', logicalId: 'Logs', reason: 'Resource handler returned message: "Access Denied"', on: 'update', alongside: ['Data'] });
    cfn.UpdateStack({ StackName: 't', TemplateBody: twoBuckets, Parameters: params({ Prefix: 'xyz' }) });
    expect(await settle(clock, cfn, 't')).toBe('UPDATE_ROLLBACK_COMPLETE');
    const events = cfn.stack('t')!.events.map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}${e.ResourceStatusReason ? `: ${e.ResourceStatusReason}` : ''}`);
    expect(events).toContain('Logs UPDATE_FAILED: Resource handler returned message: "Access Denied"');
    expect(events).toContain('Data UPDATE_FAILED: Resource update cancelled');
    expect(events).toContain('t UPDATE_ROLLBACK_IN_PROGRESS: The following resource(s) failed to update: [Logs]. ');
    expect(events).toContain('Data UPDATE_COMPLETE');
  });

  it('checks parameters and capabilities as CloudFormation does', () => {
    const { cfn } = fresh();
    const cs = (p: Record<string, string>, caps?: string[]) => () =>
      cfn.CreateChangeSet({ StackName: 'p', ChangeSetName: 'c', ChangeSetType: 'CREATE', TemplateBody: TEMPLATE, Parameters: params(p), ...(caps ? { Capabilities: caps } : {}) });
    expect(cs({}, ['CAPABILITY_IAM'])).toThrow('Parameters: [Prefix] must have values');
    expect(cs({ Prefix: 'a', Nope: 'x' }, ['CAPABILITY_IAM'])).toThrow('Parameters: [Nope] do not exist in the template');
    expect(cs({ Prefix: 'ABC' }, ['CAPABILITY_IAM'])).toThrow("Parameter 'Prefix' must match pattern ^[a-z]+$");
    expect(cs({ Prefix: 'abc' })).toThrow('Requires capabilities : [CAPABILITY_IAM]');
    const named = renderYaml(findTemplate('AccA-pipeline')!).text;
    const aParams = params({
      TargetAccountId: ACCOUNT,
      RepositoryName: 'orders',
      SourceRoleName: 'orders-ecr-source',
      PipelineRoleArn: `arn:aws:iam::${ACCOUNT}:role/p`,
      EcsTaskExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/e`,
      ArtifactBucketName: 'artifacts',
      ArtifactKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    });
    const createA = (caps: string[]) => () => cfn.CreateChangeSet({ StackName: 'n', ChangeSetName: 'c', ChangeSetType: 'CREATE', TemplateBody: named, Parameters: aParams, Capabilities: caps });
    expect(createA(['CAPABILITY_IAM'])).toThrow('Requires capabilities : [CAPABILITY_NAMED_IAM]');
    expect(createA(['CAPABILITY_NAMED_IAM'])).not.toThrow();
  });

  it('refuses templates with unresolved references', () => {
    const { cfn } = fresh();
    const body = 'Resources:\n  B:\n    Type: AWS::S3::Bucket\nOutputs:\n  X:\n    Value: !GetAtt Missing.Arn\n';
    expect(() => cfn.CreateChangeSet({ StackName: 'r', ChangeSetName: 'c', ChangeSetType: 'CREATE', TemplateBody: body })).toThrow('Unresolved resource dependencies [Missing]');
  });

  it('answers with AWS messages for missing and existing stacks', async () => {
    const { clock, cfn } = fresh();
    expect(() => cfn.DescribeStacks({ StackName: 'gone' })).toThrow('Stack with id gone does not exist');
    expect(() => cfn.DescribeStackEvents({ StackName: 'gone' })).toThrow('Stack [gone] does not exist');
    expect(() => cfn.DeleteStack({ StackName: 'gone' })).not.toThrow();
    await createStack(clock, cfn);
    const again = () => cfn.CreateChangeSet({ StackName: 's', ChangeSetName: 'x', ChangeSetType: 'CREATE', TemplateBody: TEMPLATE, Parameters: params({ Prefix: 'abc' }), Capabilities: ['CAPABILITY_IAM'] });
    expect(again).toThrow('Stack [s] already exists and cannot be created again with the changeSet [x].');
    expect(again).toThrow(expect.objectContaining({ name: 'ValidationError' }));
  });

  it('needs CAPABILITY_NAMED_IAM for every IAM type with a custom name, CAPABILITY_IAM for other IAM resources', () => {
    const { cfn } = fresh();
    const withResource = (type: string, properties: Record<string, unknown>, caps: string[]) => () =>
      cfn.CreateChangeSet({ StackName: `s${Math.random().toString(36).slice(2)}`, ChangeSetName: 'c', ChangeSetType: 'CREATE', TemplateBody: JSON.stringify({ Resources: { R: { Type: type, Properties: properties } } }), Capabilities: caps });
    for (const [type, name] of [['AWS::IAM::User', 'UserName'], ['AWS::IAM::Group', 'GroupName'], ['AWS::IAM::InstanceProfile', 'InstanceProfileName'], ['AWS::IAM::ManagedPolicy', 'ManagedPolicyName'], ['AWS::IAM::Role', 'RoleName']]) {
      expect(withResource(type, { [name]: 'custom' }, ['CAPABILITY_IAM'])).toThrow('Requires capabilities : [CAPABILITY_NAMED_IAM]');
      expect(withResource(type, { [name]: 'custom' }, ['CAPABILITY_NAMED_IAM'])).not.toThrow();
      expect(withResource(type, {}, ['CAPABILITY_IAM'])).not.toThrow();
      expect(withResource(type, {}, [])).toThrow('Requires capabilities : [CAPABILITY_IAM]');
    }
  });

  it('a CREATE change set leaves a REVIEW_IN_PROGRESS stack without tags; executing it brings them', async () => {
    const { clock, cfn } = fresh();
    const { Id } = cfn.CreateChangeSet({ StackName: 't', ChangeSetName: 'c', ChangeSetType: 'CREATE', TemplateBody: TEMPLATE, Parameters: params({ Prefix: 'abc' }), Capabilities: ['CAPABILITY_IAM'], Tags: [{ Key: 'owner', Value: 'me' }] });
    expect(cfn.DescribeStacks({ StackName: 't' }).Stacks[0]).toMatchObject({ StackStatus: 'REVIEW_IN_PROGRESS', Tags: [] });
    await clock.sleep(3000);
    cfn.ExecuteChangeSet({ StackName: 't', ChangeSetName: Id });
    expect(cfn.DescribeStacks({ StackName: 't' }).Stacks[0].Tags).toEqual([{ Key: 'owner', Value: 'me' }]);
  });

  it('a repeated CreateChangeSet with the same ClientToken returns the first change set; the same name without it is AlreadyExistsException', () => {
    const { cfn } = fresh();
    const create = (token?: string) => cfn.CreateChangeSet({ StackName: 'k', ChangeSetName: 'c', ChangeSetType: 'CREATE', TemplateBody: TEMPLATE, Parameters: params({ Prefix: 'abc' }), Capabilities: ['CAPABILITY_IAM'], ...(token ? { ClientToken: token } : {}) });
    const first = create('tok');
    expect(create('tok')).toEqual(first);
    expect(() => create()).toThrow(expect.objectContaining({ name: 'AlreadyExistsException', message: 'ChangeSet [c] already exists' }));
  });

  it('refuses drift detection outside CREATE_COMPLETE, UPDATE_COMPLETE, UPDATE_ROLLBACK_COMPLETE and UPDATE_ROLLBACK_FAILED', async () => {
    const { clock, cfn } = fresh();
    cfn.failures.push({ stack: 'd', logicalId: 'Bucket', reason: 'no' });
    const { Id } = cfn.CreateChangeSet({ StackName: 'd', ChangeSetName: 'c', ChangeSetType: 'CREATE', TemplateBody: TEMPLATE, Parameters: params({ Prefix: 'abc' }), Capabilities: ['CAPABILITY_IAM'] });
    await clock.sleep(3000);
    cfn.ExecuteChangeSet({ StackName: 'd', ChangeSetName: Id });
    await clock.sleep(120_000);
    expect(cfn.DescribeStacks({ StackName: 'd' }).Stacks[0].StackStatus).toBe('ROLLBACK_COMPLETE');
    expect(() => cfn.DetectStackDrift({ StackName: 'd' })).toThrow(expect.objectContaining({ name: 'ValidationError' }));
  });

  it('returns a stale status right after an execute when asked to', async () => {
    const { clock, cfn } = fresh();
    cfn.staleReadsAfterExecute = 2;
    const { Id } = cfn.CreateChangeSet({ StackName: 's', ChangeSetName: 'c1', ChangeSetType: 'CREATE', TemplateBody: TEMPLATE, Parameters: params({ Prefix: 'abc' }), Capabilities: ['CAPABILITY_IAM'] });
    await clock.sleep(3000);
    cfn.ExecuteChangeSet({ StackName: 's', ChangeSetName: Id });
    expect(cfn.DescribeStacks({ StackName: 's' }).Stacks[0].StackStatus).toBe('REVIEW_IN_PROGRESS');
    expect(cfn.DescribeStacks({ StackName: 's' }).Stacks[0].StackStatus).toBe('REVIEW_IN_PROGRESS');
    expect(cfn.DescribeStacks({ StackName: 's' }).Stacks[0].StackStatus).toBe('CREATE_IN_PROGRESS');
  });

  it('deletes a stack: gone by name, DELETE_COMPLETE by id, its buckets removed', async () => {
    const { clock, cfn } = fresh();
    await createStack(clock, cfn);
    const id = cfn.DescribeStacks({ StackName: 's' }).Stacks[0].StackId;
    const bucket = cfn.stack('s')!.outputs.Name;
    cfn.DeleteStack({ StackName: 's' });
    await clock.sleep(120_000);
    expect(() => cfn.DescribeStacks({ StackName: 's' })).toThrow('does not exist');
    expect(cfn.DescribeStacks({ StackName: id }).Stacks[0].StackStatus).toBe('DELETE_COMPLETE');
    expect(deleted).toContain(`AWS::S3::Bucket ${bucket}`);
  });
});
