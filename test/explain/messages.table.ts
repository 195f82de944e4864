/**
 * Messages for the deployment of examples/deployment.yaml (account A 111122223333, account B
 * 444455556666, eu-west-1), one row each: the text, where its format comes from, and what `xacct explain`
 * must answer: scope, verdict, mechanism, and words the fix must (not) hold. Every row's format is a
 * documented or reported one (`source`); the names in it are the deployment's, as pipeline-messages.json
 * writes them, or a foreign caller's or resource's.
 */
import type { Mechanism } from '../../scripts/explain/explanation';

export interface Source {
  url?: string;
  repo?: string;
  /** A stored public file found by the research (its index id), where the repository is not known. */
  index?: string;
  note: string;
}

export interface Row {
  id: string;
  text: string;
  source: Source;
  expect: {
    exit: 0 | 1 | 2;
    inScope?: boolean;
    templatesAllow?: boolean;
    deniedBy?: string;
    mechanism?: Mechanism;
    confidence?: 'high' | 'low';
    fixHas?: string[];
    fixLacks?: string[];
    /** Words the checks (what and command) must hold. */
    checksHave?: string[];
  };
}

const IAM_PAGE: Source = { repo: 'awsdocs/iam-user-guide doc_source/troubleshoot_access-denied.md @293a995207571bdc5e63ab0a0e1c32430f4280ee', note: 'IAM User Guide, "Troubleshoot access denied error messages": User: <arn> is not authorized to perform: <action> [on resource: <arn>] because no <type> allows / with an explicit deny in a <type>' };
const S3_PAGE: Source = { url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html', index: '52095953592', note: 'S3 User Guide, "Troubleshoot access denied (403 Forbidden) errors": S3 quotes the resource; resource control policy form' };
const ARN_BLOG: Source = { url: 'https://aws.amazon.com/blogs/security/enhanced-access-denied-error-messages-with-policy-arns', note: 'AWS Security Blog: the denying policy ARN after the policy type' };
const STS_NO_REASON: Source = { url: 'https://github.com/aws-solutions/instance-scheduler-on-aws/issues/558', note: 'STS AssumeRole names no policy type (sample STS-2)' };

const A = '111122223333';
const B = '444455556666';
const SOURCE_ROLE = `arn:aws:sts::${A}:assumed-role/orders-api-ecr-source/1700000000001`;
const PIPELINE_ROLE = `arn:aws:sts::${B}:assumed-role/orders-api-target-PipelineRole-1A2B3C4D5E6F/1700000000000`;
const FORWARDING_ROLE = `arn:aws:sts::${A}:assumed-role/orders-api-source-ForwardingRole-Q1W2E3R4T5Y6/a1b2c3d4e5f6a7b8`;
const TRIGGER_ROLE = `arn:aws:sts::${B}:assumed-role/orders-api-target-TriggerRole-9Z8Y7X6W5V4U/a9b8c7d6e5f4a3b2`;
const EXECUTION_ROLE = `arn:aws:sts::${B}:assumed-role/ecsTaskExecutionRole/0f1e2d3c4b5a69788796a5b4c3d2e1f0`;
const PUSHER = `arn:aws:sts::${A}:assumed-role/ci-image-publisher/GitHubActions`;
const ARTIFACT_BUCKET = 'orders-api-target-artifactbucket-1x2y3z4w5v6u';
const SOURCE_BUCKET = 'orders-api-target-sourcebucket-abcdef123456';
const ARTIFACT = `"arn:aws:s3:::${ARTIFACT_BUCKET}/orders-api-pipeline/ImageDetai/4xKz9Qa"`;
const KEY = `arn:aws:kms:eu-west-1:${B}:key/8f14e45f-ceea-467f-a0e6-3e4b3e5e2f11`;
const REPOSITORY = `arn:aws:ecr:eu-west-1:${A}:repository/orders-api`;
const LOG_STREAM = `arn:aws:logs:eu-west-1:${B}:log-group:/aws/codepipeline/orders-api-pipeline:log-stream:PinDigest/4d1c2b3a`;

/** Each hop's request as the pipeline makes it (caller, action, resource as AWS writes it). */
const HOPS: Array<{ hop: string; caller: string; action: string; resource: string; resourceKind: 'trust' | 'key' | 'other' }> = [
  { hop: 'push', caller: PUSHER, action: 'ecr:PutImage', resource: REPOSITORY, resourceKind: 'other' },
  { hop: 'forward-to-b', caller: FORWARDING_ROLE, action: 'events:PutEvents', resource: `arn:aws:events:eu-west-1:${B}:event-bus/default`, resourceKind: 'other' },
  { hop: 'trigger', caller: TRIGGER_ROLE, action: 'codepipeline:StartPipelineExecution', resource: `arn:aws:codepipeline:eu-west-1:${B}:orders-api-pipeline`, resourceKind: 'other' },
  { hop: 'ecr-source-assume', caller: PIPELINE_ROLE, action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/orders-api-ecr-source`, resourceKind: 'trust' },
  { hop: 'ecr-source-describe', caller: SOURCE_ROLE, action: 'ecr:DescribeImages', resource: REPOSITORY, resourceKind: 'other' },
  { hop: 'artifact-write', caller: SOURCE_ROLE, action: 's3:PutObject', resource: ARTIFACT, resourceKind: 'other' },
  { hop: 'artifact-key', caller: SOURCE_ROLE, action: 'kms:GenerateDataKey', resource: KEY, resourceKind: 'key' },
  { hop: 'pipeline-decrypt', caller: PIPELINE_ROLE, action: 'kms:Decrypt', resource: KEY, resourceKind: 'key' },
  { hop: 'commands-logs', caller: PIPELINE_ROLE, action: 'logs:PutLogEvents', resource: LOG_STREAM, resourceKind: 'other' },
  { hop: 'ecs-deploy', caller: PIPELINE_ROLE, action: 'ecs:UpdateService', resource: `arn:aws:ecs:eu-west-1:${B}:service/orders/orders-api`, resourceKind: 'other' },
  // PassRole is checked on the caller's side only: a role's one resource policy, its trust policy, is for AssumeRole.
  { hop: 'pass-role', caller: PIPELINE_ROLE, action: 'iam:PassRole', resource: `arn:aws:iam::${B}:role/ecsTaskExecutionRole`, resourceKind: 'other' },
  { hop: 'pull', caller: EXECUTION_ROLE, action: 'ecr:BatchGetImage', resource: REPOSITORY, resourceKind: 'other' },
];

/** The policy types of the documented sentence, with the mechanism each names against the templates as they are. */
const TYPES: Array<{ id: string; tail: (action: string) => string; source: Source; deniedBy: string; mechanism: (kind: 'trust' | 'key' | 'other') => Mechanism }> = [
  { id: 'identity', tail: (a) => `because no identity-based policy allows the ${a} action`, source: IAM_PAGE, deniedBy: 'identity', mechanism: () => 'identity-policy' },
  { id: 'identity-deny', tail: () => 'with an explicit deny in an identity-based policy', source: IAM_PAGE, deniedBy: 'identity', mechanism: () => 'identity-explicit-deny' },
  { id: 'resource', tail: (a) => `because no resource-based policy allows the ${a} action`, source: IAM_PAGE, deniedBy: 'resource', mechanism: (k) => (k === 'trust' ? 'trust-policy' : k === 'key' ? 'key-policy' : 'resource-policy') },
  { id: 'scp', tail: () => 'with an explicit deny in a service control policy: arn:aws:organizations::999988887777:policy/o-a1b2c3d4e5/service_control_policy/p-examplepolicyid', source: ARN_BLOG, deniedBy: 'scp', mechanism: () => 'scp' },
  { id: 'rcp', tail: () => 'with an explicit deny in a resource control policy', source: S3_PAGE, deniedBy: 'rcp', mechanism: () => 'rcp' },
  { id: 'boundary', tail: (a) => `because no permissions boundary allows the ${a} action`, source: IAM_PAGE, deniedBy: 'boundary', mechanism: () => 'boundary' },
  { id: 'session', tail: (a) => `because no session policy allows the ${a} action`, source: IAM_PAGE, deniedBy: 'session', mechanism: () => 'session' },
  { id: 'vpce', tail: (a) => `because no VPC endpoint policy allows the ${a} action`, source: IAM_PAGE, deniedBy: 'vpce', mechanism: () => 'vpce' },
];

const hopRows: Row[] = HOPS.flatMap((h) =>
  TYPES.map((t) => ({
    id: `${h.hop}/${t.id}`,
    text: `User: ${h.caller} is not authorized to perform: ${h.action} on resource: ${h.resource} ${t.tail(h.action)}`,
    source: t.source,
    // The templates allow every call of the pipeline: the live policy, or a policy outside the templates, denied it.
    expect: { exit: 0 as const, inScope: true, templatesAllow: true, deniedBy: t.deniedBy, mechanism: t.mechanism(h.resourceKind), fixLacks: t.id === 'identity' || t.id === 'resource' ? [] : ['add an allow'] },
  })),
);

const DRIFT = ['check for drift', '--drift', 'xacct doctor', 'live policies of one of them differ', 'must differ'];

const special: Row[] = [
  // Out of scope: foreign callers and resources.
  {
    id: 'third-account-assumes-source-role',
    text: `An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::777788889999:assumed-role/intruder/session is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${A}:role/orders-api-ecr-source`,
    source: STS_NO_REASON,
    expect: { exit: 0, inScope: false, templatesAllow: false, deniedBy: 'resource', mechanism: 'trust-policy', fixHas: ['deny this on purpose', 'third-account-assumes-source-role'], fixLacks: DRIFT },
  },
  {
    id: 'third-account-writes-artifact',
    text: `User: arn:aws:iam::777788889999:user/MaryMajor is not authorized to perform: s3:PutObject on resource: ${ARTIFACT} because no resource-based policy allows the s3:PutObject action`,
    source: S3_PAGE,
    expect: { exit: 0, inScope: false, templatesAllow: false, deniedBy: 'resource', mechanism: 'resource-policy', fixLacks: DRIFT },
  },
  {
    id: 'third-account-puts-events',
    text: `User: arn:aws:sts::777788889999:assumed-role/some/role is not authorized to perform: events:PutEvents on resource: arn:aws:events:eu-west-1:${B}:event-bus/default because no resource-based policy allows the events:PutEvents action`,
    source: { note: 'EventBridge exception text of sample EB-1 (aws-samples.json), as reported in public code', index: 'EB-1' },
    expect: { exit: 0, inScope: false, templatesAllow: false, deniedBy: 'resource', fixLacks: DRIFT },
  },
  {
    id: 'third-account-uses-key',
    text: `User: arn:aws:sts::777788889999:assumed-role/intruder/s is not authorized to perform: kms:Decrypt on resource: ${KEY} because no resource-based policy allows the kms:Decrypt action`,
    source: IAM_PAGE,
    expect: { exit: 0, inScope: false, templatesAllow: false, deniedBy: 'resource', mechanism: 'key-policy', fixLacks: DRIFT },
  },
  {
    id: 'another-pipeline-codecommit',
    text: `User: arn:aws:sts::${B}:assumed-role/billing-pipeline-role/1700000000000 is not authorized to perform: codecommit:GetBranch on resource: arn:aws:codecommit:eu-west-1:${B}:billing because no identity-based policy allows the codecommit:GetBranch action`,
    source: IAM_PAGE,
    expect: { exit: 1, inScope: false, templatesAllow: false, deniedBy: 'identity', mechanism: 'identity-policy', fixLacks: DRIFT },
  },
  {
    id: 'another-pipeline-on-our-artifacts',
    text: `User: arn:aws:sts::${B}:assumed-role/billing-pipeline-role/1700000000000 is not authorized to perform: s3:GetObject on resource: ${ARTIFACT} because no identity-based policy allows the s3:GetObject action`,
    source: S3_PAGE,
    expect: { exit: 0, inScope: false, templatesAllow: false, deniedBy: 'identity', mechanism: 'identity-policy', fixLacks: DRIFT },
  },
  {
    id: 'unknown-role-uses-key',
    text: `User: arn:aws:sts::${B}:assumed-role/some-lambda-role/x is not authorized to perform: kms:Decrypt on resource: ${KEY} because no resource-based policy allows the kms:Decrypt action`,
    source: IAM_PAGE,
    expect: { exit: 0, inScope: false, templatesAllow: false, deniedBy: 'resource', mechanism: 'key-policy', fixLacks: DRIFT },
  },
  {
    id: 'pipeline-role-codecommit',
    text: `User: ${PIPELINE_ROLE} is not authorized to perform: codecommit:GitPull on resource: arn:aws:codecommit:eu-west-1:${B}:orders-api because no identity-based policy allows the codecommit:GitPull action`,
    source: IAM_PAGE,
    expect: { exit: 0, inScope: false, templatesAllow: false, deniedBy: 'identity', fixLacks: DRIFT },
  },
  {
    id: 'foreign-no-resource',
    text: 'User: arn:aws:iam::777788889999:user/JohnDoe is not authorized to perform: sts:AssumeRole with an explicit deny in the role trust policy',
    source: IAM_PAGE,
    expect: { exit: 1, inScope: false, templatesAllow: false, deniedBy: 'resource' },
  },
  // The CloudFormation roles the config names.
  {
    id: 'cloudformation-role-allowed',
    text: `Resource handler returned message: "User: arn:aws:sts::${B}:assumed-role/orders-api-cloudformation/AWSCloudFormation is not authorized to perform: kms:CreateKey on resource: * because no identity-based policy allows the kms:CreateKey action"`,
    source: { note: 'CloudFormation resource handler wrapper, as sample CFN-5 (aws-samples.json)', index: 'CFN-5' },
    expect: { exit: 0, inScope: true, templatesAllow: true, deniedBy: 'identity', mechanism: 'identity-policy', fixHas: ['generated/permissions/target-cloudformation.json', 'orders-api-cloudformation'] },
  },
  {
    id: 'cloudformation-role-lacks',
    text: `Resource handler returned message: "User: arn:aws:sts::${A}:assumed-role/orders-api-cloudformation/AWSCloudFormation is not authorized to perform: ec2:RunInstances on resource: arn:aws:ec2:eu-west-1:${A}:instance/* because no identity-based policy allows the ec2:RunInstances action"`,
    source: { note: 'CloudFormation resource handler wrapper, as sample CFN-1 (aws-samples.json)', index: 'CFN-1' },
    expect: { exit: 0, inScope: true, templatesAllow: false, deniedBy: 'identity', fixHas: ['generated/permissions/source-cloudformation.json'], fixLacks: ["none of the deployment's roles"] },
  },
  // S3 Block Public Access and Object Ownership: settings no allow can lift.
  {
    id: 'bpa-put-object-acl',
    text: `An error occurred (AccessDenied) when calling the PutObjectAcl operation: User: ${SOURCE_ROLE} is not authorized to perform: s3:PutObjectAcl on resource: ${ARTIFACT} because public access control lists (ACLs) are blocked by the BlockPublicAcls block public access setting`,
    source: { index: '27449775161', note: 'a public test log of S3 Block Public Access (put-object-acl --acl public-read): "... because public access control lists (ACLs) are blocked by the BlockPublicAcls block public access setting"' },
    expect: { exit: 0, templatesAllow: false, deniedBy: 'block-public-access', mechanism: 'block-public-access', fixHas: ['No policy can allow this'], fixLacks: ['add s3:', 'Add it'] },
  },
  {
    id: 'bpa-put-bucket-acl',
    text: `operation error S3: PutBucketAcl, https response error StatusCode: 403, RequestID: TKE7SQ1D3Q0H9ZVM, api error AccessDenied: User: arn:aws:sts::${B}:assumed-role/platform-admin/jane is not authorized to perform: s3:PutBucketAcl on resource: "arn:aws:s3:::${SOURCE_BUCKET}" because public access control lists (ACLs) are blocked by the BlockPublicAcls block public access setting.`,
    source: { index: '37506301729', note: 'a public Terraform log (Go SDK): PutBucketAcl refused by BlockPublicAcls' },
    expect: { exit: 0, templatesAllow: false, deniedBy: 'block-public-access', mechanism: 'block-public-access', fixHas: ['No policy can allow this'] },
  },
  {
    id: 'bpa-cli-public-read',
    text: `upload failed: ./imagedefinitions.zip to s3://${SOURCE_BUCKET}/imagedefinitions.zip An error occurred (AccessDenied) when calling the PutObject operation: Access Denied (aws s3 cp imagedefinitions.zip s3://${SOURCE_BUCKET}/imagedefinitions.zip --acl public-read)`,
    source: { url: 'https://github.com/aws-samples/aws-saas-factory-serverless-workshop/issues/27', note: 'PutObject Access Denied with --acl public-read while Block Public Access is on; the CLI text as in aws/aws-cli#813' },
    expect: { exit: 0, templatesAllow: false, deniedBy: 'block-public-access', mechanism: 'block-public-access', fixLacks: ['add s3:'] },
  },
  {
    id: 'acls-disabled',
    text: `upload failed: ./x.json to s3://${ARTIFACT_BUCKET}/x.json An error occurred (AccessControlListNotSupported) when calling the PutObject operation: The bucket does not allow ACLs`,
    source: { url: 'https://github.com/jakejarvis/s3-sync-action/issues/85', note: 'AccessControlListNotSupported with --acl public-read (also ansible-collections/amazon.aws#1502)' },
    expect: { exit: 0, templatesAllow: false, deniedBy: 'object-ownership', mechanism: 'object-ownership', fixHas: ['No policy can allow this'] },
  },
  {
    id: 'acls-disabled-foreign-bucket',
    text: 'botocore.exceptions.ClientError: An error occurred (AccessControlListNotSupported) when calling the PutObject operation: The bucket does not allow ACLs (s3://some-other-bucket/key)',
    source: { url: 'https://github.com/ansible-collections/amazon.aws/pull/1502', note: 'AccessControlListNotSupported, botocore wording' },
    expect: { exit: 1, inScope: false },
  },
  // A bucket-policy condition.
  {
    id: 'secure-transport-explicit',
    text: `An error occurred (AccessDenied) when calling the PutObject operation: User: ${SOURCE_ROLE} is not authorized to perform: s3:PutObject on resource: ${ARTIFACT} with an explicit deny in a resource-based policy`,
    source: S3_PAGE,
    expect: { exit: 0, inScope: true, templatesAllow: true, deniedBy: 'resource', mechanism: 'bucket-condition', fixHas: ['aws:SecureTransport'] },
  },
  // KMS relayed by S3.
  {
    id: 'kms-through-s3',
    text: `upload manual/x.yml to bucket ${ARTIFACT_BUCKET}: AccessDenied: User: ${SOURCE_ROLE} is not authorized to perform: kms:GenerateDataKey on resource: ${KEY} because no resource-based policy allows the kms:GenerateDataKey action status code: 403`,
    source: { url: 'https://github.com/aws/copilot-cli/issues/5500', note: 'S3 upload refused by KMS (sample KMS-7)' },
    expect: { exit: 0, inScope: true, templatesAllow: true, deniedBy: 'resource', mechanism: 'key-policy' },
  },
  // Elided callers.
  {
    id: 'elided-caller-own-bucket',
    text: `User: arn:aws:sts::...:assumed-role/... is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::${SOURCE_BUCKET}/imagedefinitions.zip"`,
    source: { url: 'https://github.com/OvertureMaps/overture-tiles/pull/20', note: 'caller elided with "..." (sample ECR-7)' },
    expect: { exit: 0, inScope: true, confidence: 'low', fixLacks: ['names no caller or action'], checksHave: ['DenyInsecureTransport', 'aws sts get-caller-identity'] },
  },
  {
    id: 'bare-access-denied-own-bucket-get',
    text: `download failed: s3://${SOURCE_BUCKET}/imagedefinitions.zip to ./imagedefinitions.zip An error occurred (AccessDenied) when calling the GetObject operation: Access Denied`,
    source: { url: 'https://github.com/aws/aws-cli/issues/813', note: 'the CLI prints S3\'s bare Access Denied' },
    expect: { exit: 0, inScope: true, confidence: 'low' },
  },
  {
    id: 'bare-access-denied-own-bucket-put',
    text: `upload failed: ./imagedefinitions.zip to s3://${SOURCE_BUCKET}/imagedefinitions.zip An error occurred (AccessDenied) when calling the PutObject operation: Access Denied`,
    source: { url: 'https://github.com/aws/aws-cli/issues/813', note: 'the CLI prints S3\'s bare Access Denied' },
    expect: { exit: 0, inScope: true, confidence: 'low', fixHas: ['DenyInsecureTransport'], fixLacks: ["not one of the deployment's buckets"] },
  },
  {
    id: 'masked-account',
    text: `An error occurred (AccessDeniedException) when calling the DescribeImages operation: User: arn:aws:sts::***:assumed-role/orders-api-ecr-source/GitHubActions is not authorized to perform: ecr:DescribeImages on resource: ${REPOSITORY} because no identity-based policy allows the ecr:DescribeImages action`,
    source: { url: 'https://github.com/ministryofjustice/modernisation-platform/pull/4454', note: 'account masked as *** (sample ECR-6)' },
    expect: { exit: 0, inScope: true },
  },
  // Cut off inside the quoted resource.
  {
    id: 'cut-in-quoted-resource',
    text: `User: ${SOURCE_ROLE} is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${ARTIFACT_BUCKET}/orders-api-pipeline/Ima`,
    source: { note: 'cut off as samples CFN-4 and ECR-7 are (aws-samples.json), inside S3\'s quotes (S3 User Guide form)', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html' },
    expect: { exit: 0, inScope: true, templatesAllow: true, fixLacks: ['names no caller or action'] },
  },
  {
    id: 'cut-in-quoted-resource-pipeline',
    text: `User: ${PIPELINE_ROLE} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::${ARTIFACT_BUCKET}/orders-api-pipeline/Pinn`,
    source: { note: 'cut off as samples CFN-4 and ECR-7 are (aws-samples.json), inside S3\'s quotes (S3 User Guide form)', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html' },
    expect: { exit: 0, inScope: true, templatesAllow: true, fixLacks: ['names no caller or action'] },
  },
  // Foreign, understood.
  {
    id: 'foreign-bucket-bare',
    text: 'upload failed: ./x to s3://someone-elses-bucket/x An error occurred (AccessDenied) when calling the PutObject operation: Access Denied',
    source: { url: 'https://github.com/aws/aws-cli/issues/813', note: 'the CLI prints S3\'s bare Access Denied' },
    expect: { exit: 1, inScope: false, templatesAllow: false },
  },
  // Malformed input.
  { id: 'malformed-words', text: 'hello, the pipeline is broken again', source: { note: 'not an AWS message (negative case)', index: 'none' }, expect: { exit: 2 } },
  { id: 'malformed-secret-tail', text: `some log line without any refusal in it ${'x'.repeat(80)} AKIASECRETTAILNEVERECHOED`, source: { note: 'not an AWS message, with text that must not be echoed (negative case)', index: 'none' }, expect: { exit: 2 } },
];

export const ROWS: Row[] = [...hopRows, ...special];
