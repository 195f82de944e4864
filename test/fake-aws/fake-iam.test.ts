/**
 * The fake's enforcement of identity policies, through the real SDK clients: each protocol's denial as
 * AWS words it, the checks its authorization table makes (the real stack id in the ARN, S3 HEAD of a
 * missing object, iam:PassRole with RoleARN, tags of Service Catalog resources), and that the table
 * covers every call the tool can make with actions and resource types the Service Authorization
 * Reference (iam-data) knows.
 */
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeEventsCommand,
  DescribeStacksCommand,
  DescribeStackDriftDetectionStatusCommand,
} from '@aws-sdk/client-cloudformation';
import { DescribeEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetBucketVersioningCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribePortfolioCommand, ServiceCatalogClient } from '@aws-sdk/client-service-catalog';
import { FakeAws } from './fake-aws';
import { AUTHORIZATION, checksOf, type AuthorizationState } from './iam/authorization-table';
import { actionData, requestArn } from './iam/iam-reference';
import { sdkCalls } from '../helpers/sdk-calls';

const A = '111122223333';
const B = '444455556666';
const REGION = 'eu-west-1';
let aws: FakeAws;
let key: string;
const client = { region: REGION, maxAttempts: 1 };
const creds = () => ({ accessKeyId: key, secretAccessKey: 'x' });
const cfn = () => new CloudFormationClient({ ...client, credentials: creds(), requestHandler: aws.requestHandler });
const s3 = () => new S3Client({ ...client, credentials: creds(), requestHandler: aws.requestHandler });
const policy = (...Statement: object[]) => ({ Version: '2012-10-17', Statement: Statement.map((s, i) => ({ Sid: `S${i}`, Effect: 'Allow', ...s })) });
const error = async (p: Promise<unknown>) => p.then(() => undefined, (e: { name: string; message: string; $metadata: { httpStatusCode: number } }) => e);
const TEMPLATE = 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n';

beforeEach(() => {
  aws = new FakeAws([A, B]);
  key = aws.addUser(B, 'deployer');
});

describe('a denied request answers as AWS does', () => {
  it('query protocol (CloudFormation): AccessDenied, 403, who, what, on which stack ARN, and why', async () => {
    aws.enforceIdentityPolicy(key, policy({ Action: 'cloudformation:ListStackResources', Resource: '*' }));
    const e = await error(cfn().send(new DescribeStacksCommand({ StackName: 'orders' })));
    expect(e).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect(e!.message).toBe(
      `User: arn:aws:iam::${B}:user/deployer is not authorized to perform: cloudformation:DescribeStacks on resource: arn:aws:cloudformation:${REGION}:${B}:stack/orders/* because no identity-based policy allows the cloudformation:DescribeStacks action`,
    );
  });

  it('JSON protocol (EventBridge): AccessDeniedException, 400', async () => {
    aws.enforceIdentityPolicy(key, policy({ Action: 'events:PutPermission', Resource: '*' }));
    const e = await error(new EventBridgeClient({ ...client, credentials: creds(), requestHandler: aws.requestHandler }).send(new DescribeEventBusCommand({ Name: 'default' })));
    expect(e).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    expect(e!.message).toContain(`is not authorized to perform: events:DescribeEventBus on resource: arn:aws:events:${REGION}:${B}:event-bus/default because no identity-based policy allows`);
  });

  it('S3: AccessDenied, 403, the resource in quotes; a HEAD answer carries no body, so the SDK sees a bare 403', async () => {
    aws.s3.createBucket('b-bucket', B, REGION, 'Enabled');
    aws.enforceIdentityPolicy(key, policy({ Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b-bucket' }));
    const versioning = await error(s3().send(new GetBucketVersioningCommand({ Bucket: 'b-bucket' })));
    expect(versioning).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect(versioning!.message).toContain('s3:GetBucketVersioning on resource: "arn:aws:s3:::b-bucket" because no identity-based policy allows');
    const head = await error(s3().send(new HeadObjectCommand({ Bucket: 'b-bucket', Key: 'k' })));
    expect(head?.$metadata.httpStatusCode).toBe(403);
    expect(head?.message).not.toContain('not authorized');
  });

  it('an action allowed only on "*" is checked on "*" and named without a resource', async () => {
    aws.enforceIdentityPolicy(key, policy({ Action: 'cloudformation:DescribeStacks', Resource: '*' }));
    const e = await error(cfn().send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: 'x' })));
    expect(e!.message).toMatch(/perform: cloudformation:DescribeStackDriftDetectionStatus because no identity-based policy allows/);
  });
});

describe('the checks of a request', () => {
  it('sts:GetCallerIdentity needs no permission', async () => {
    aws.enforceIdentityPolicy(key, policy({ Action: 's3:ListBucket', Resource: 'arn:aws:s3:::nothing' }));
    const id = await new STSClient({ ...client, credentials: creds(), requestHandler: aws.requestHandler }).send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe(B);
    expect(aws.identityPolicies.decisions).toEqual([]);
  });

  it('a stack is checked on its ARN with the stack id: a grant for another id does not match', async () => {
    aws.cloudFormation(B).seedStack('orders', 'CREATE_COMPLETE');
    const { id } = aws.cloudFormation(B).arnParts('orders');
    aws.enforceIdentityPolicy(key, policy({ Action: 'cloudformation:DescribeStacks', Resource: `arn:aws:cloudformation:${REGION}:${B}:stack/orders/not-${id}` }));
    expect((await error(cfn().send(new DescribeStacksCommand({ StackName: 'orders' }))))?.name).toBe('AccessDenied');
    aws.enforceIdentityPolicy(key, policy({ Action: 'cloudformation:DescribeStacks', Resource: `arn:aws:cloudformation:${REGION}:${B}:stack/orders/*` }));
    expect((await cfn().send(new DescribeStacksCommand({ StackName: 'orders' }))).Stacks).toHaveLength(1);
    expect(aws.identityPolicies.decisions.at(-1)).toMatchObject({ action: 'cloudformation:DescribeStacks', resource: `arn:aws:cloudformation:${REGION}:${B}:stack/orders/${id}`, allowed: true, statements: ['S0'] });
  });

  it('HeadObject of a missing object: 404 with s3:ListBucket on the bucket, 403 without (S3 API reference, HeadObject)', async () => {
    aws.s3.createBucket('b-bucket', B, REGION, 'Enabled');
    const getObject = { Action: 's3:GetObject', Resource: 'arn:aws:s3:::b-bucket/*' };
    aws.enforceIdentityPolicy(key, policy(getObject));
    expect((await error(s3().send(new HeadObjectCommand({ Bucket: 'b-bucket', Key: 'missing' }))))?.$metadata.httpStatusCode).toBe(403);
    aws.enforceIdentityPolicy(key, policy(getObject, { Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b-bucket' }));
    expect(await error(s3().send(new HeadObjectCommand({ Bucket: 'b-bucket', Key: 'missing' })))).toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
  });

  it('a RoleARN is passed: iam:PassRole on the role, to cloudformation.amazonaws.com only', async () => {
    const role = `arn:aws:iam::${B}:role/cfn`;
    const changeSet = () => cfn().send(new CreateChangeSetCommand({ StackName: 'orders', ChangeSetName: 'cs', ChangeSetType: 'CREATE', TemplateBody: TEMPLATE, RoleARN: role }));
    const create = { Action: 'cloudformation:CreateChangeSet', Resource: `arn:aws:cloudformation:${REGION}:${B}:stack/orders/*`, Condition: { StringEquals: { 'cloudformation:RoleArn': role } } };
    aws.enforceIdentityPolicy(key, policy(create));
    expect((await error(changeSet()))?.message).toContain(`not authorized to perform: iam:PassRole on resource: ${role} because no identity-based policy allows the iam:PassRole action`);
    aws.enforceIdentityPolicy(key, policy(create, { Action: 'iam:PassRole', Resource: role, Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } }));
    expect((await error(changeSet()))?.name).toBe('AccessDenied');
    aws.enforceIdentityPolicy(key, policy(create, { Action: 'iam:PassRole', Resource: role, Condition: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } } }));
    const before = aws.identityPolicies.decisions.length;
    await changeSet();
    expect(aws.identityPolicies.decisions.slice(before).map((d) => [d.action, d.allowed])).toEqual([
      ['cloudformation:CreateChangeSet', true],
      ['iam:PassRole', true],
    ]);
  });

  it('Service Catalog resources are checked with their tags (aws:ResourceTag)', async () => {
    const catalog = aws.serviceCatalog(B);
    const ours = catalog.CreatePortfolio({ DisplayName: 'p', ProviderName: 'x', IdempotencyToken: 't1', Tags: [{ Key: 'xacct:catalog', Value: 'orders' }] }).PortfolioDetail.Id;
    const other = catalog.CreatePortfolio({ DisplayName: 'p', ProviderName: 'x', IdempotencyToken: 't2' }).PortfolioDetail.Id;
    aws.enforceIdentityPolicy(key, policy({ Action: 'servicecatalog:DescribePortfolio', Resource: `arn:aws:catalog:${REGION}:${B}:portfolio/*`, Condition: { StringEquals: { 'aws:ResourceTag/xacct:catalog': 'orders' } } }));
    const sc = new ServiceCatalogClient({ ...client, credentials: creds(), requestHandler: aws.requestHandler });
    expect((await sc.send(new DescribePortfolioCommand({ Id: ours }))).PortfolioDetail?.Id).toBe(ours);
    expect((await error(sc.send(new DescribePortfolioCommand({ Id: other }))))?.name).toBe('AccessDeniedException');
  });

  it('callers without an enforced policy are not checked', async () => {
    aws.cloudFormation(B).seedStack('orders', 'CREATE_COMPLETE');
    await cfn().send(new DescribeStacksCommand({ StackName: 'orders' }));
    expect(aws.identityPolicies.decisions).toEqual([]);
  });
});

describe('the authorization table', () => {
  const state: AuthorizationState = {
    partition: 'aws',
    region: REGION,
    account: B,
    stack: (n) => ({ name: n || 'orders', id: 'id-1' }),
    portfolioTags: () => ({ 'xacct:catalog': 'orders' }),
    productTags: () => ({}),
    objectExists: () => false,
    bucketOwner: () => B,
    keyPolicy: () => undefined,
  };
  const input = {
    StackName: 'orders',
    ChangeSetName: `arn:aws:cloudformation:${REGION}:${B}:changeSet/cs/id-2`,
    RoleARN: `arn:aws:iam::${B}:role/cfn`,
    Tags: [{ Key: 'k', Value: 'v' }],
    Bucket: 'b',
    Key: 'k',
    Name: 'default',
    name: 'pipeline',
    pipelineName: 'pipeline',
    repositoryName: 'repo',
    RoleName: 'role',
    Rule: 'rule',
    KeyId: `arn:aws:kms:${REGION}:${B}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    Id: 'port-1',
    PortfolioId: 'port-1',
    ProductId: 'prod-1',
    RoleArn: `arn:aws:iam::${B}:role/r`,
    cluster: 'orders',
    services: ['orders-api'],
    tasks: [`arn:aws:ecs:${REGION}:${B}:task/orders/0123456789abcdef0123456789abcdef`],
  };

  it.each(sdkCalls().map((c) => [`${c.signingName}:${c.operation}`, c] as const))('covers %s with actions and resource types the Service Authorization Reference knows', (_, call) => {
    const checks = checksOf(call.signingName, call.operation, input, state);
    expect(checks).toBeDefined();
    for (const c of checks!) {
      expect(actionData(c.action)).toBeDefined();
      expect(() => requestArn(c.action, c.resourceType, { Partition: 'aws', Region: REGION, Account: B, ...c.arn })).not.toThrow();
    }
  });

  it('names an action other than the operation only where the reference has no action of the operation\'s name, and cites why', () => {
    for (const [service, rules] of Object.entries(AUTHORIZATION)) {
      for (const [operation, rule] of Object.entries(rules)) {
        const renamed = rule.checks(input, state).some((c) => c.action !== '' && c.action !== `${service}:${operation}` && c.action !== 'iam:PassRole' && c.action !== 'cloudformation:TagResource');
        const checkless = rule.checks(input, state).length === 0;
        if (renamed || checkless) {
          expect({ operation: `${service}:${operation}`, source: rule.source }).toEqual({ operation: `${service}:${operation}`, source: expect.stringMatching(/^https:\/\/docs\.aws\.amazon\.com\//) });
          if (renamed) expect({ operation: `${service}:${operation}`, isAnAction: actionData(`${service}:${operation}`) !== undefined }).toEqual({ operation: `${service}:${operation}`, isAnAction: false });
        }
      }
    }
  });
});

describe('fake CloudFormation: RoleARN and Hooks', () => {
  it('a Hook that refuses a stack fails its change set and names the resource in the change set\'s events', async () => {
    aws.cloudFormation(B).hookRefusals.push({ stack: 'orders', hook: 'Private::Guard::Queues', logicalId: 'Queue', reason: 'queues must be encrypted', times: 1 });
    const { Id } = await cfn().send(new CreateChangeSetCommand({ StackName: 'orders', ChangeSetName: 'cs', ChangeSetType: 'CREATE', TemplateBody: TEMPLATE }));
    aws.clock.advance(10_000);
    expect(await cfn().send(new DescribeChangeSetCommand({ StackName: 'orders', ChangeSetName: Id }))).toMatchObject({ Status: 'FAILED', StatusReason: 'The following hook(s)/validation failed: [Private::Guard::Queues]' });
    const events = await cfn().send(new DescribeEventsCommand({ ChangeSetName: Id, Filters: { FailedEvents: true } }));
    expect(events.OperationEvents).toEqual([expect.objectContaining({ LogicalResourceId: 'Queue', ResourceType: 'AWS::SQS::Queue', HookStatus: 'HOOK_COMPLETE_FAILED', HookStatusReason: 'queues must be encrypted' })]);
  });

  it('remembers the role of a stack, and refuses a role of another account as CloudFormation does', async () => {
    await cfn().send(new CreateChangeSetCommand({ StackName: 'orders', ChangeSetName: 'cs', ChangeSetType: 'CREATE', TemplateBody: TEMPLATE, RoleARN: `arn:aws:iam::${B}:role/cfn` }));
    aws.clock.advance(10_000);
    await aws.cloudFormation(B).ExecuteChangeSet({ StackName: 'orders', ChangeSetName: 'cs' });
    expect(aws.cloudFormation(B).stack('orders')?.roleArn).toBe(`arn:aws:iam::${B}:role/cfn`);
    const e = await error(cfn().send(new CreateChangeSetCommand({ StackName: 'other', ChangeSetName: 'cs', ChangeSetType: 'CREATE', TemplateBody: TEMPLATE, RoleARN: `arn:aws:iam::${A}:role/cfn` })));
    expect(e).toMatchObject({ name: 'ValidationError', message: `Role arn:aws:iam::${A}:role/cfn is invalid or cannot be assumed` });
  });
});
