/**
 * The policies the fake holds for the stacks' roles, key, buckets and repository, read back through
 * the real SDK clients as `xacct doctor` reads them: what the deployed templates said, what a person
 * changed in the console, and a role deleted and created again (its old unique id in the policies).
 */
import { GetRoleCommand, GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetKeyPolicyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { ECRClient, GetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { ACCOUNT_A, ACCOUNT_B, twoAccountWorld, type World } from '../helpers/deploy-world';

let world: World;
beforeEach(() => {
  world = twoAccountWorld();
});
afterEach(() => world.restore());

const client = <C>(Client: new (c: object) => C, profile: 'team-a' | 'team-b') =>
  new Client({ region: 'eu-west-1', maxAttempts: 1, credentials: { accessKeyId: world.aws.profileKey(profile), secretAccessKey: 'x' }, requestHandler: world.aws.requestHandler });
const outputs = (account: string, stack: string) => world.aws.cloudFormation(account).stack(stack)!.outputs;

describe('policies of a deployed pipeline, read back', () => {
  beforeEach(async () => {
    expect((await world.run('deploy-sequence', '--config', world.configFile, '--yes')).code).toBe(0);
  });

  it('IAM: the source role in A with its trust (URL-encoded, as IAM answers) and its inline policy from the AWS::IAM::Policy resource', async () => {
    const iam = client(IAMClient, 'team-a');
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'orders-api-ecr-source' }))).Role!;
    expect(role.RoleId).toMatch(/^AROA[0-9A-Z]{17}$/);
    const trust = JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!));
    expect(trust.Statement[0].Principal).toEqual({ AWS: outputs(ACCOUNT_B, 'orders-api-target').PipelineRoleArn });
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'orders-api-ecr-source' }))).PolicyNames).toEqual(['ecr-source-action']);
    const inline = JSON.parse(decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: 'orders-api-ecr-source', PolicyName: 'ecr-source-action' }))).PolicyDocument!));
    expect(inline.Statement.map((s: { Sid: string }) => s.Sid)).toContain('DescribeTrackedRepositoryImages');
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'orders-api-ecr-source' }))).AttachedPolicies).toEqual([]);
    // The wire code is NoSuchEntity; the SDK names the error by its modelled shape, NoSuchEntityException.
    await expect(iam.send(new GetRoleCommand({ RoleName: 'nobody' }))).rejects.toMatchObject({ name: 'NoSuchEntityException', Code: 'NoSuchEntity', message: 'The role with name nobody cannot be found.' });
  });

  it('KMS, S3 and ECR: the key, bucket and repository policies as the templates wrote them, and a console edit', async () => {
    const b = outputs(ACCOUNT_B, 'orders-api-target');
    const keyPolicy = JSON.parse((await client(KMSClient, 'team-b').send(new GetKeyPolicyCommand({ KeyId: b.ArtifactKeyArn, PolicyName: 'default' }))).Policy!);
    expect(keyPolicy.Statement.map((s: { Sid: string }) => s.Sid)).toContain('SourceRoleUsesKey');
    const s3 = client(S3Client, 'team-b');
    const bucketPolicy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: b.ArtifactBucketName }))).Policy!);
    expect(bucketPolicy.Statement.map((s: { Sid: string }) => s.Sid)).toContain('DenyInsecureTransport');
    const repo = JSON.parse((await client(ECRClient, 'team-a').send(new GetRepositoryPolicyCommand({ repositoryName: 'orders-api' }))).policyText!);
    expect(JSON.stringify(repo)).toContain(`arn:aws:iam::${ACCOUNT_B}:role/ecsTaskExecutionRole`);
    // A person drops a statement in the console: the next read shows it.
    world.aws.s3.setBucketPolicy(b.ArtifactBucketName, { ...bucketPolicy, Statement: bucketPolicy.Statement.filter((s: { Sid: string }) => s.Sid === 'DenyInsecureTransport') });
    const edited = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: b.ArtifactBucketName }))).Policy!);
    expect(edited.Statement).toHaveLength(1);
  });
});

it('a role deleted and created again under its name: the policies that named it show its old unique id', async () => {
  const iam = world.aws.iam(ACCOUNT_B);
  const first = iam.createRole('pipeline', { Version: '2012-10-17', Statement: [] });
  world.aws.iam(ACCOUNT_A).createRole('source', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: first.arn }, Action: 'sts:AssumeRole' }] });
  // A person deletes the role outside any stack, then creates one of the same name.
  world.aws.deleteRole(ACCOUNT_B, 'pipeline');
  const again = iam.createRole('pipeline', { Version: '2012-10-17', Statement: [] });
  expect(again.roleId).not.toBe(first.roleId);
  const role = (await client(IAMClient, 'team-a').send(new GetRoleCommand({ RoleName: 'source' }))).Role!;
  expect(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement[0].Principal).toEqual({ AWS: first.roleId });
});
