/** The fake EventBridge, S3, ECR and STS, and the world's credentials and faults, through the real SDK clients. */
import { DescribeEventBusCommand, EventBridgeClient, PutPermissionCommand, RemovePermissionCommand } from '@aws-sdk/client-eventbridge';
import { GetBucketVersioningCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { FakeAws } from './fake-aws';

const A = '111122223333';
const B = '444455556666';
let aws: FakeAws;
let keyA: string;
let keyB: string;
const creds = (k: string) => ({ accessKeyId: k, secretAccessKey: 'x' });
// One attempt: these tests look at what the fake answers, not at the SDK's retries.
const client = { region: 'eu-west-1', maxAttempts: 1 };

beforeEach(() => {
  aws = new FakeAws([A, B]);
  keyA = aws.addUser(A, 'alice');
  keyB = aws.addUser(B, 'bob');
});

const events = (k: string) => new EventBridgeClient({ ...client, credentials: creds(k), requestHandler: aws.requestHandler });
const s3 = (k: string) => new S3Client({ ...client, credentials: creds(k), requestHandler: aws.requestHandler });
const sts = (k: string) => new STSClient({ ...client, credentials: creds(k), requestHandler: aws.requestHandler });

describe('fake EventBridge', () => {
  it('put-permission is an upsert per statement id, with the principal as the account root', async () => {
    const put = (principal: string) => events(keyB).send(new PutPermissionCommand({ EventBusName: 'default', Action: 'events:PutEvents', Principal: principal, StatementId: 'allow-a' }));
    await put(A);
    await put(A);
    const policy = JSON.parse((await events(keyB).send(new DescribeEventBusCommand({ Name: 'default' }))).Policy!);
    expect(policy.Statement).toEqual([
      { Sid: 'allow-a', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'events:PutEvents', Resource: `arn:aws:events:eu-west-1:${B}:event-bus/default` },
    ]);
    // Requests land in the caller's account: account A's bus is untouched.
    expect((await events(keyA).send(new DescribeEventBusCommand({ Name: 'default' }))).Policy).toBeUndefined();
  });

  it('rejects bad input as EventBridge does', async () => {
    const c = events(keyB);
    await expect(c.send(new PutPermissionCommand({ EventBusName: 'default', Action: 'events:PutEvents', Principal: '12345', StatementId: 's' }))).rejects.toThrow(/principal/);
    await expect(c.send(new PutPermissionCommand({ EventBusName: 'default', Action: 'events:PutEvents', Principal: A, StatementId: 'bad id!' }))).rejects.toThrow(/statementId/);
    await expect(
      c.send(new PutPermissionCommand({ EventBusName: 'default', Action: 'events:PutEvents', Principal: A, StatementId: 's', Condition: { Type: 'StringEquals', Key: 'aws:PrincipalOrgID', Value: 'o-1' } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(c.send(new PutPermissionCommand({ EventBusName: 'custom', Action: 'events:PutEvents', Principal: A, StatementId: 's' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(c.send(new RemovePermissionCommand({ EventBusName: 'default', StatementId: 'never' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('refuses a policy over 10 KB', async () => {
    const c = events(keyB);
    let error: unknown;
    for (let i = 0; i < 100 && !error; i++) {
      await c.send(new PutPermissionCommand({ EventBusName: 'default', Action: 'events:PutEvents', Principal: A, StatementId: `statement-${'x'.repeat(40)}-${i}` })).catch((e) => (error = e));
    }
    expect(error).toMatchObject({ name: 'PolicyLengthExceededException' });
  });
});

describe('fake S3', () => {
  it('returns a VersionId only from versioned buckets ("null" when suspended)', async () => {
    aws.s3.createBucket('versioned', B, 'eu-west-1', 'Enabled');
    aws.s3.createBucket('suspended', B, 'eu-west-1', 'Suspended');
    aws.s3.createBucket('never', B, 'eu-west-1', undefined);
    const put = (bucket: string) => s3(keyB).send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: new Uint8Array([1]) }));
    expect((await put('versioned')).VersionId).toMatch(/^v\d+$/);
    expect((await put('suspended')).VersionId).toBe('null');
    expect((await put('never')).VersionId).toBeUndefined();
    expect((await s3(keyB).send(new GetBucketVersioningCommand({ Bucket: 'never' }))).Status).toBeUndefined();
    expect((await s3(keyB).send(new GetBucketVersioningCommand({ Bucket: 'versioned' }))).Status).toBe('Enabled');
  });

  it('answers a bare 404 to HEAD of a missing key or bucket, NoSuchBucket elsewhere, 403 for other accounts (with no name on HEAD)', async () => {
    aws.s3.createBucket('mine', B, 'eu-west-1', 'Enabled');
    await expect(s3(keyB).send(new HeadObjectCommand({ Bucket: 'mine', Key: 'nope' }))).rejects.toMatchObject({ name: 'NotFound' });
    await expect(s3(keyB).send(new HeadObjectCommand({ Bucket: 'other', Key: 'k' }))).rejects.toMatchObject({ name: 'NotFound' });
    await expect(s3(keyB).send(new GetBucketVersioningCommand({ Bucket: 'other' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
    await expect(s3(keyA).send(new GetBucketVersioningCommand({ Bucket: 'mine' }))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    // A HEAD answer has no body: the SDK sees only the status, and names a 403 nothing better than Unknown.
    const head = await s3(keyA).send(new HeadObjectCommand({ Bucket: 'mine', Key: 'k' })).catch((e: unknown) => e);
    expect(head).toMatchObject({ $metadata: { httpStatusCode: 403 } });
    expect((head as Error).name).not.toBe('AccessDenied');
  });
});

describe('fake ECR lifecycle policies', () => {
  const DAY = 86_400_000;
  /** A repository holding images pushed `ago` days before now, with these tags, oldest first. */
  function repositoryOf(images: Array<{ tags: string[]; ago: number }>, rules: object[]): { ecr: ReturnType<FakeAws['ecr']>; digests: string[] } {
    const ecr = aws.ecr(A);
    ecr.createRepository('r', { LifecyclePolicy: { LifecyclePolicyText: JSON.stringify({ rules }) } });
    const now = aws.clock.now();
    const digests = images.map((img, i) => {
      const d = ecr.pushImage('r', img.tags[0], `image ${i}`, new Date(now - img.ago * DAY));
      for (const t of img.tags.slice(1)) ecr.pushImage('r', t, `image ${i}`, new Date(now - img.ago * DAY));
      return d;
    });
    return { ecr, digests };
  }
  const keepOne = (priority: number, prefix: string) => ({ rulePriority: priority, selection: { tagStatus: 'tagged', tagPrefixList: [prefix], countType: 'imageCountMoreThan', countNumber: 1 }, action: { type: 'expire' } });
  const ABC = [
    { tags: ['beta-1', 'prod-1'], ago: 10 },
    { tags: ['beta-2', 'prod-2'], ago: 9 },
    { tags: ['beta-3'], ago: 8 },
  ];

  // ECR user guide, "Examples of lifecycle policies", Filtering on multiple rules, examples A and B.
  it('expires image A when prod comes first, images A and B when beta comes first', () => {
    const a = repositoryOf(ABC, [keepOne(1, 'prod'), keepOne(2, 'beta')]);
    expect(a.ecr.applyLifecyclePolicy('r')).toEqual([a.digests[0]]);
    a.ecr.deleteRepository('r');
    const b = repositoryOf(ABC, [keepOne(1, 'beta'), keepOne(2, 'prod')]);
    expect(b.ecr.applyLifecyclePolicy('r').sort()).toEqual([b.digests[0], b.digests[1]].sort());
  });

  // The same page, Filtering on multiple tags in a single rule, example A: images must match all listed prefixes.
  it('selects only images that match every prefix of a rule', () => {
    const { ecr, digests } = repositoryOf(
      [
        { tags: ['alpha-1'], ago: 12 },
        { tags: ['beta-1'], ago: 11 },
        { tags: ['alpha-2', 'beta-2'], ago: 10 },
        { tags: ['alpha-3'], ago: 4 },
        { tags: ['beta-3'], ago: 3 },
        { tags: ['alpha-4', 'beta-4'], ago: 2 },
      ],
      [{ rulePriority: 1, selection: { tagStatus: 'tagged', tagPrefixList: ['alpha', 'beta'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 5 }, action: { type: 'expire' } }],
    );
    expect(ecr.applyLifecyclePolicy('r')).toEqual([digests[2]]);
  });
});

describe('fake STS and the world', () => {
  it('tells each caller who it is, and assumes trusted roles only', async () => {
    expect(await sts(keyA).send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: A, Arn: `arn:aws:iam::${A}:user/alice` });
    aws.addRole(`arn:aws:iam::${A}:role/deployer`, [B]);
    const assumed = await sts(keyB).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/deployer`, RoleSessionName: 'x' }));
    expect(await sts(assumed.Credentials!.AccessKeyId!).send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: A, Arn: `arn:aws:sts::${A}:assumed-role/deployer/x` });
    await expect(sts(keyA).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/deployer`, RoleSessionName: 'x' }))).rejects.toThrow(
      `User: arn:aws:iam::${A}:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${A}:role/deployer`,
    );
  });

  it('throttles and expires credentials on request, with each service\'s error code', async () => {
    aws.throttle(2, 'sts');
    await expect(sts(keyA).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'Throttling', message: 'Rate exceeded' });
    await expect(sts(keyA).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'Throttling' });
    await expect(sts(keyA).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: A });
    aws.expire(keyB);
    await expect(sts(keyB).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'ExpiredToken' });
    await expect(events(keyB).send(new DescribeEventBusCommand({ Name: 'default' }))).rejects.toMatchObject({ name: 'ExpiredTokenException' });
    await expect(sts('AKIAUNKNOWN').send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
  });

  it('records every call with its account, and tells writes from reads', async () => {
    await sts(keyA).send(new GetCallerIdentityCommand({}));
    await events(keyB).send(new PutPermissionCommand({ EventBusName: 'default', Action: 'events:PutEvents', Principal: A, StatementId: 's' }));
    expect(aws.calls.map((c) => `${c.service} ${c.command} ${c.account}`)).toEqual([`sts GetCallerIdentity ${A}`, `eventbridge PutPermission ${B}`]);
    expect(aws.writes().map((c) => c.command)).toEqual(['PutPermission']);
  });
});
