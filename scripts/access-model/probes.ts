/**
 * Calls that must be denied: the pipeline's own calls made by someone else (a third account, other
 * principals of A and B, AWS services acting for another account), aimed at something else (other
 * buckets, keys, repositories, roles, services), or widened (writes where only reads are needed, no TLS,
 * no KMS). Every other principal holds AdministratorAccess in its own account, so a denial proves the
 * resource side alone keeps it out. Keys as in flow.ts.
 */
import { DEFINITIONS_ARTIFACT, DEFINITIONS_ZIP, PINNED_ARTIFACT, SOURCE_ARTIFACT } from './flow';

export interface Probe {
  id: string;
  /** What the probe tries, for people. */
  why: string;
  caller: string;
  actions: string[];
  resource: string;
  context?: Record<string, string>;
  /** Context keys whose value is the ARN of a resource of the model. */
  contextArns?: Record<string, string>;
  sourceArn?: string;
}

const SSE_KMS = { 's3:x-amz-server-side-encryption': 'aws:kms' };
const NO_TLS = { 'aws:SecureTransport': 'false' };
const OTHER_OBJECT = 'B:OtherBucket/some/object';

export const PROBES: Probe[] = [
  // A third account.
  { id: 'third-account-assumes-source-role', why: 'a third account', caller: 'C:Administrator', actions: ['sts:AssumeRole'], resource: 'A:SourceRole' },
  { id: 'pipeline-role-twin-assumes-source-role', why: 'a role with the pipeline role\'s name in a third account', caller: 'C:PipelineRoleTwin', actions: ['sts:AssumeRole'], resource: 'A:SourceRole' },
  { id: 'third-account-writes-artifacts', why: 'a third account', caller: 'C:Administrator', actions: ['s3:PutObject'], resource: SOURCE_ARTIFACT, context: SSE_KMS },
  { id: 'third-account-uses-key', why: 'a third account', caller: 'C:Administrator', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resource: 'B:ArtifactKey' },
  { id: 'third-account-puts-events', why: 'a third account', caller: 'C:Administrator', actions: ['events:PutEvents'], resource: 'B:default-bus' },
  { id: 'third-account-pulls-image', why: 'a third account', caller: 'C:Administrator', actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], resource: 'A:Repository' },
  { id: 'eventbridge-for-third-account-assumes-trigger-role', why: 'EventBridge acting for a third account', caller: 'C:events.amazonaws.com', actions: ['sts:AssumeRole'], resource: 'B:TriggerRole' },
  { id: 'eventbridge-for-account-a-assumes-trigger-role', why: 'EventBridge acting for account A', caller: 'A:events.amazonaws.com', actions: ['sts:AssumeRole'], resource: 'B:TriggerRole' },
  { id: 'eventbridge-for-account-b-assumes-forwarding-role', why: 'EventBridge acting for account B', caller: 'B:events.amazonaws.com', actions: ['sts:AssumeRole'], resource: 'A:ForwardingRole' },

  // Other principals of account A.
  { id: 'account-a-administrator-assumes-source-role', why: 'another principal of account A', caller: 'A:Administrator', actions: ['sts:AssumeRole'], resource: 'A:SourceRole' },
  { id: 'account-a-administrator-writes-artifacts', why: 'another principal of account A', caller: 'A:Administrator', actions: ['s3:PutObject'], resource: SOURCE_ARTIFACT, context: SSE_KMS },
  { id: 'account-a-administrator-uses-key', why: 'another principal of account A', caller: 'A:Administrator', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resource: 'B:ArtifactKey' },
  { id: 'forwarding-role-writes-artifacts', why: 'the forwarding role, which only forwards events', caller: 'A:ForwardingRole', actions: ['s3:PutObject'], resource: SOURCE_ARTIFACT, context: SSE_KMS },

  // Other principals of account B.
  { id: 'account-b-administrator-uses-key', why: 'another principal of account B', caller: 'B:Administrator', actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], resource: 'B:ArtifactKey' },
  { id: 'account-b-administrator-assumes-source-role', why: 'another principal of account B', caller: 'B:Administrator', actions: ['sts:AssumeRole'], resource: 'A:SourceRole' },
  { id: 'account-b-administrator-pulls-image', why: 'another principal of account B', caller: 'B:Administrator', actions: ['ecr:BatchGetImage'], resource: 'A:Repository' },
  { id: 'trigger-role-assumes-source-role', why: 'the trigger role', caller: 'B:TriggerRole', actions: ['sts:AssumeRole'], resource: 'A:SourceRole' },
  { id: 'key-administrator-uses-key', why: 'the key administrator', caller: 'B:KeyAdministrator', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resource: 'B:ArtifactKey' },
  { id: 'execution-role-uses-key', why: 'the ECS task execution role', caller: 'B:TaskExecutionRole', actions: ['kms:Decrypt'], resource: 'B:ArtifactKey' },

  // Other buckets, keys, repositories, roles, services, pipelines, buses.
  { id: 'source-role-writes-other-bucket', why: 'another bucket', caller: 'A:SourceRole', actions: ['s3:PutObject', 's3:PutObjectAcl'], resource: OTHER_OBJECT, context: SSE_KMS },
  { id: 'source-role-uses-other-key', why: 'another key', caller: 'A:SourceRole', actions: ['kms:GenerateDataKey'], resource: 'B:OtherKey' },
  { id: 'source-role-describes-other-repository', why: 'another repository', caller: 'A:SourceRole', actions: ['ecr:DescribeImages'], resource: 'A:OtherRepository' },
  { id: 'pipeline-role-assumes-other-role', why: 'another role in account A', caller: 'B:PipelineRole', actions: ['sts:AssumeRole'], resource: 'A:OtherRole' },
  { id: 'pipeline-role-reads-other-bucket', why: 'another bucket', caller: 'B:PipelineRole', actions: ['s3:GetObject'], resource: OTHER_OBJECT },
  { id: 'pipeline-role-uses-other-key', why: 'another key', caller: 'B:PipelineRole', actions: ['kms:Decrypt'], resource: 'B:OtherKey' },
  { id: 'pipeline-role-updates-other-service', why: 'another service', caller: 'B:PipelineRole', actions: ['ecs:UpdateService'], resource: 'B:OtherService' },
  // On ARNs of the other cluster: the simulator gives no analysis for a denied request on "*".
  { id: 'pipeline-role-describes-other-cluster-tasks', why: 'tasks of another cluster', caller: 'B:PipelineRole', actions: ['ecs:DescribeTasks'], resource: 'B:OtherClusterTask', contextArns: { 'ecs:cluster': 'B:OtherCluster' } },
  { id: 'pipeline-role-lists-other-cluster-tasks', why: 'tasks of another cluster', caller: 'B:PipelineRole', actions: ['ecs:ListTasks'], resource: 'B:OtherClusterInstance', contextArns: { 'ecs:cluster': 'B:OtherCluster' } },
  { id: 'pipeline-role-passes-other-role', why: 'another role', caller: 'B:PipelineRole', actions: ['iam:PassRole'], resource: 'B:OtherRole', context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
  { id: 'pipeline-role-passes-execution-role-to-ec2', why: 'another service than ECS tasks', caller: 'B:PipelineRole', actions: ['iam:PassRole'], resource: 'B:TaskExecutionRole', context: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
  { id: 'trigger-role-starts-other-pipeline', why: 'another pipeline', caller: 'B:TriggerRole', actions: ['codepipeline:StartPipelineExecution'], resource: 'B:OtherPipeline' },
  { id: 'forwarding-role-puts-on-other-bus', why: 'another event bus', caller: 'A:ForwardingRole', actions: ['events:PutEvents'], resource: 'B:OtherBus' },
  { id: 'forwarding-role-puts-on-third-account-bus', why: 'a third account\'s bus', caller: 'A:ForwardingRole', actions: ['events:PutEvents'], resource: 'C:default-bus' },
  { id: 'execution-role-pulls-other-repository', why: 'another repository', caller: 'B:TaskExecutionRole', actions: ['ecr:BatchGetImage'], resource: 'A:OtherRepository' },
  { id: 'pipeline-role-creates-other-log-group', why: 'another pipeline\'s log group', caller: 'B:PipelineRole', actions: ['logs:CreateLogGroup'], resource: 'B:OtherLogGroup' },
  { id: 'pipeline-role-writes-other-pipeline-logs', why: 'another pipeline\'s log group', caller: 'B:PipelineRole', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resource: 'B:OtherLogStream' },
  { id: 'trigger-role-writes-commands-logs', why: 'the trigger role', caller: 'B:TriggerRole', actions: ['logs:PutLogEvents'], resource: 'B:CommandsLogStream' },
  { id: 'source-role-writes-commands-logs', why: 'account A\'s source role', caller: 'A:SourceRole', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resource: 'B:CommandsLogStream' },
  { id: 'other-rule-dead-letters', why: 'another rule\'s dead letters', caller: 'A:events.amazonaws.com', actions: ['sqs:SendMessage'], resource: 'A:ForwardingDeadLetterQueue', sourceArn: 'A:OtherRule' },

  // Writes where only reads are needed, and more than the one call that is needed.
  { id: 'source-role-writes-repository', why: 'writes where only reads are needed', caller: 'A:SourceRole', actions: ['ecr:PutImage', 'ecr:BatchDeleteImage', 'ecr:SetRepositoryPolicy'], resource: 'A:Repository' },
  {
    id: 'execution-role-pushes-image',
    why: 'writes where only pulls are needed',
    caller: 'B:TaskExecutionRole',
    actions: ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:BatchDeleteImage', 'ecr:GetRepositoryPolicy'],
    resource: 'A:Repository',
  },
  // s3:PutObjectAcl is not tried: a cross-account action needs it (row ecr-source/write-artifact).
  { id: 'source-role-reads-or-deletes-artifacts', why: 'more than writing its one artifact', caller: 'A:SourceRole', actions: ['s3:GetObject', 's3:DeleteObject', 's3:PutObjectVersionAcl'], resource: SOURCE_ARTIFACT },
  { id: 'pipeline-role-writes-source-bucket', why: 'writes where only reads are needed', caller: 'B:PipelineRole', actions: ['s3:PutObject', 's3:DeleteObject'], resource: DEFINITIONS_ZIP, context: SSE_KMS },
  { id: 'pipeline-role-deletes-artifacts', why: 'deletes artifacts', caller: 'B:PipelineRole', actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'], resource: DEFINITIONS_ARTIFACT },
  { id: 'pipeline-role-deletes-commands-logs', why: 'deletes the Commands action\'s logs or changes how long they are kept', caller: 'B:PipelineRole', actions: ['logs:DeleteLogGroup', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy'], resource: 'B:CommandsLogGroup' },
  { id: 'pipeline-role-deletes-commands-log-stream', why: 'deletes the Commands action\'s logs', caller: 'B:PipelineRole', actions: ['logs:DeleteLogStream'], resource: 'B:CommandsLogStream' },
  { id: 'pipeline-role-deletes-pinned-definitions', why: 'deletes the pinned definitions', caller: 'B:PipelineRole', actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'], resource: PINNED_ARTIFACT },
  { id: 'pipeline-role-changes-services', why: 'creates or deletes services', caller: 'B:PipelineRole', actions: ['ecs:CreateService', 'ecs:DeleteService'], resource: 'B:EcsService' },
  { id: 'pipeline-role-tags-existing-task-definition', why: 'tags outside registration', caller: 'B:PipelineRole', actions: ['ecs:TagResource'], resource: 'B:TaskDefinition', context: { 'ecs:CreateAction': 'CreateService' } },
  { id: 'pipeline-role-administers-key', why: 'key administration', caller: 'B:PipelineRole', actions: ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'], resource: 'B:ArtifactKey' },
  {
    id: 'account-b-administrator-grants-key-use',
    why: 'a grant that is not for an AWS resource',
    caller: 'B:Administrator',
    actions: ['kms:CreateGrant'],
    resource: 'B:ArtifactKey',
    context: { 'kms:GrantIsForAWSResource': 'false' },
  },

  // The transport and encryption guards.
  { id: 'source-role-uploads-without-kms', why: 'an upload not encrypted with KMS', caller: 'A:SourceRole', actions: ['s3:PutObject'], resource: SOURCE_ARTIFACT, context: { 's3:x-amz-server-side-encryption': 'AES256' } },
  { id: 'source-role-uploads-over-http', why: 'plain HTTP', caller: 'A:SourceRole', actions: ['s3:PutObject'], resource: SOURCE_ARTIFACT, context: { ...SSE_KMS, ...NO_TLS } },
  { id: 'pipeline-role-reads-definitions-over-http', why: 'plain HTTP', caller: 'B:PipelineRole', actions: ['s3:GetObject'], resource: DEFINITIONS_ZIP, context: NO_TLS },
  { id: 'dead-letter-over-http', why: 'plain HTTP', caller: 'A:events.amazonaws.com', actions: ['sqs:SendMessage'], resource: 'A:ForwardingDeadLetterQueue', sourceArn: 'A:ForwardingRule', context: NO_TLS },
];
