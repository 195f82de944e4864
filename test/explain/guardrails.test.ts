/**
 * A call the templates allow, denied by a policy no template holds: the answer says the templates allow
 * it, names the policy type from the message (service control policy, resource control policy,
 * permissions boundary, session policy, VPC endpoint policy), and gives the command that shows it.
 */
import { MESSAGES, explain, explainJson } from './explain-helpers';
import type { Json } from '../helpers/templates';

jest.setTimeout(60_000);

const commands = (json: Json): string[] => json.checks.map((c: Json) => c.command);

describe('GIVEN the templates as they are', () => {
  it('WHEN an SCP denies the artifact upload THEN the templates allow it, the SCP\'s ARN is the statement and describe-policy shows it', async () => {
    const { code, json } = await explainJson(MESSAGES.scp.text);
    expect(code).toBe(0);
    expect(json).toMatchObject({
      call: { id: 'source-role-writes-source-artifact' },
      templatesAllow: true,
      deniedBy: 'scp',
      statement: 'arn:aws:organizations::999988887777:policy/o-a1b2c3d4e5/service_control_policy/p-x1y2z3w4',
    });
    expect(json.fix).toMatch(/^The templates allow this \(AccA-pipeline SourceRolePolicy: WriteSourceArtifactToTargetAccount, AccB-pipeline-2 ArtifactBucketPolicy: SourceRoleWritesSourceArtifact\)\. A service control policy/);
    expect(json.fix).toContain('every principal of account 111122223333');
    expect(commands(json)).toEqual(['aws organizations describe-policy --policy-id p-x1y2z3w4 --query Policy.Content --output text']);
  });

  it('WHEN a permissions boundary does not allow kms:Decrypt THEN the boundary of the pipeline role (by its real name) is what to read', async () => {
    const { json } = await explainJson(MESSAGES.boundary.text);
    expect(json).toMatchObject({ principalKey: 'B:PipelineRole', templatesAllow: true, deniedBy: 'boundary' });
    expect(json.fix).toContain('A permissions boundary on role orders-api-target-PipelineRole-1A2B3C4D5E6F does not allow it. The templates set no boundary');
    expect(commands(json)).toEqual(['aws iam get-role --role-name orders-api-target-PipelineRole-1A2B3C4D5E6F --query Role.PermissionsBoundary --profile orders-target-admin']);
  });

  it('WHEN a session policy does not allow GenerateDataKey THEN the answer says who passes session policies and how to find them', async () => {
    const { json } = await explainJson(MESSAGES.session.text);
    expect(json).toMatchObject({ principalKey: 'A:SourceRole', templatesAllow: true, deniedBy: 'session' });
    // No AWS page says whether CodePipeline passes a session policy: the answer says so, and what would tell.
    expect(json.fix).not.toContain('CodePipeline and EventBridge pass none');
    expect(json.fix).toContain('Unsure whether AWS\'s services');
    expect(json.fix).toContain('requestParameters show policy or policyArns');
    expect(commands(json)[0]).toMatch(/^aws cloudtrail lookup-events --lookup-attributes AttributeKey=ResourceName,AttributeValue=arn:aws:iam::111122223333:role\/orders-api-ecr-source /);
  });

  it('WHEN a resource control policy denies the cross-account upload THEN the RCPs of the bucket\'s account (B) are listed', async () => {
    const { json } = await explainJson(MESSAGES.rcp.text);
    expect(json).toMatchObject({ templatesAllow: true, deniedBy: 'rcp' });
    expect(commands(json)).toEqual(['aws organizations list-policies-for-target --target-id 444455556666 --filter RESOURCE_CONTROL_POLICY']);
  });

  it('WHEN a VPC endpoint policy does not allow the pull THEN the endpoints of account B are what to read', async () => {
    const { json } = await explainJson(MESSAGES.vpce.text);
    expect(json).toMatchObject({ principalKey: 'B:TaskExecutionRole', resourceKey: 'A:Repository', templatesAllow: true, deniedBy: 'vpce' });
    expect(commands(json)[0]).toContain('aws ec2 describe-vpc-endpoints');
    expect(commands(json)[0]).toContain('--profile orders-target-admin');
  });

  it('WHEN the bucket policy denies an upload explicitly THEN the templates\' conditional Deny statements are named (TLS, SSE-KMS)', async () => {
    const { json } = await explainJson(MESSAGES['upload-without-kms'].text);
    expect(json).toMatchObject({ templatesAllow: true, deniedBy: 'resource', statement: 'AccB-pipeline-2 ArtifactBucketPolicy: DenyInsecureTransport' });
    expect(json.fix).toContain('AccB-pipeline-2 ArtifactBucketPolicy: DenyUploadsNotEncryptedWithKms denies s3:PutObject when StringNotEquals s3:x-amz-server-side-encryption aws:kms');
  });

  it('WHEN another principal of B cannot use the artifact key THEN the templates deny it on purpose (the access proof\'s probe)', async () => {
    const { json } = await explainJson(MESSAGES['admin-uses-key'].text);
    expect(json).toMatchObject({ intent: 'denied-on-purpose', call: { id: 'account-b-administrator-uses-key' }, templatesAllow: false, deniedBy: 'resource' });
    expect(json.fix).toContain('The templates deny this on purpose');
    expect(json.fix).toContain('nothing to fix in the templates');
  });

  it('prints the verdict and the policy type for people', async () => {
    const r = await explain(MESSAGES.scp.text);
    expect(r.out).toContain('Message: s3:PutObject denied: an explicit deny in a service control policy (AWS Organizations)');
    expect(r.out).toContain('Templates: allow this. Denied by: a service control policy (AWS Organizations)');
    expect(r.out).toContain('caller side    AccA-pipeline SourceRolePolicy: allows it (WriteSourceArtifactToTargetAccount)');
    expect(r.out).toContain('resource side  AccB-pipeline-2 ArtifactBucketPolicy: allows it (SourceRoleWritesSourceArtifact)');
  });
});
