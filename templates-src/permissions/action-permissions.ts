/**
 * The permission table: every permission a pipeline action or hop needs, one row per principal,
 * resource and set of actions, each citing the page it comes from. The policy builders in
 * templates-src/policies/ grant rows (grant.ts) and the access proof's calls (scripts/access-model/flow.ts)
 * are built from rows, so a grant the documentation does not support has no row to stand on, and a row
 * the templates do not grant fails the proof. generated/ACCESS.md prints this table.
 *
 * Where the documentation does not settle a row, `unsure` says why and which way the row goes: the
 * way that works in a real account (least privilege that fails in production is not least privilege).
 */
import { KEY_ADMIN_ACTIONS } from './key-administration';
import type { PermissionRow } from './permission-row';

const SSE_KMS = { 's3:x-amz-server-side-encryption': 'aws:kms' } as const;
// Citations several rows make: one copy each, so a quote is corrected in one place.
const SERVICE_ROLE_POLICY = {
  page: 'codepipelineServiceRole',
  section: 'CodePipeline service role policy',
  quote: 'The CodePipeline service role policy statement contains the minimum permissions for managing pipelines.',
} as const;
const ECS_DEPLOY_ACTION = { page: 'ecsDeployAction', section: 'Service role permissions' } as const;
const CDK_ECS_DEPLOY_ACTION = { page: 'cdkEcsDeployAction', quote: 'permissions based on CodePipeline documentation' } as const;
const S3_KMS_PERMISSIONS = {
  page: 's3KmsPermissions',
  quote: 'To upload or download an object encrypted with an AWS KMS key to or from Amazon S3, you need kms:GenerateDataKey and kms:Decrypt permissions on the key.',
} as const;

export const PERMISSIONS = [
  // 1. A push in account A reaches account B.
  {
    id: 'forward/assume-forwarding-role',
    hop: 'forwarding rule in account A',
    principal: 'eventbridge-in-account-a',
    actions: ['sts:AssumeRole'],
    resource: 'forwarding-role',
    sides: ['resource'],
    conditions: [{ operator: 'StringEquals', key: 'aws:SourceAccount', from: 'this-account' }],
    sources: [
      { page: 'eventBridgeCrossAccount', section: 'Sending and receiving events between AWS accounts' },
      {
        page: 'eventBridgeConfusedDeputy',
        quote: 'Use aws:SourceAccount if you want to allow any resource in that account to be associated with the cross-service use.',
      },
    ],
  },
  {
    id: 'forward/put-events',
    hop: 'forwarding rule in account A',
    principal: 'forwarding-role',
    actions: ['events:PutEvents'],
    resource: 'target-default-bus',
    sides: ['identity', 'resource'],
    sources: [{ page: 'eventBridgeCrossAccount', section: 'Sending and receiving events between AWS accounts' }],
  },
  {
    id: 'forward/dead-letter',
    hop: 'forwarding rule in account A',
    principal: 'eventbridge-in-account-a',
    actions: ['sqs:SendMessage'],
    resource: 'dead-letter-queue',
    sides: ['resource'],
    conditions: [{ operator: 'ArnEquals', key: 'aws:SourceArn', from: 'forwarding-rule' }],
    sources: [{ page: 'eventBridgeDeadLetterQueue', section: 'Granting permissions to the dead-letter queue' }],
  },
  {
    id: 'forward/bus-accepts-account-a',
    hop: 'put-permission on account B default bus',
    principal: 'account-a',
    actions: ['events:PutEvents'],
    resource: 'target-default-bus',
    sides: ['resource'],
    sources: [{ page: 'eventBridgeCrossAccount', section: 'Sending and receiving events between AWS accounts' }],
    note: 'put-permission names an account, not a role: whom account A lets put events is up to its own IAM.',
  },

  // 2. The rules in account B start the pipeline (ECR push forwarded from A, imagedefinitions.zip uploaded in B).
  {
    id: 'trigger/assume-trigger-role',
    hop: 'trigger rules in account B',
    principal: 'eventbridge-in-account-b',
    actions: ['sts:AssumeRole'],
    resource: 'trigger-role',
    sides: ['resource'],
    conditions: [{ operator: 'StringEquals', key: 'aws:SourceAccount', from: 'this-account' }],
    sources: [
      { page: 'eventBridgeConfusedDeputy', quote: 'For EventBridge event bus rule targets, the value of aws:SourceArn must be the rule ARN.' },
      { page: 'eventBridgeConditions', section: 'EventBridge condition keys (aws:SourceAccount, aws:SourceArn)' },
    ],
    note: 'aws:SourceAccount rather than aws:SourceArn: one role serves both rules, and naming a rule ARN in the trust of the role that rule uses is a dependency cycle in one stack.',
  },
  {
    id: 'trigger/start-pipeline',
    hop: 'trigger rules in account B',
    principal: 'trigger-role',
    actions: ['codepipeline:StartPipelineExecution'],
    resource: 'pipeline',
    sides: ['identity'],
    sources: [
      { page: 'ecrSourceEventsTemplate', quote: 'The second policy provides permissions to start the pipeline.' },
      { page: 's3SourceEvents', section: 'Connecting to Amazon S3 source actions with a source enabled for events' },
    ],
  },

  // 3. The pipeline runs as its service role.
  {
    id: 'pipeline/assume-pipeline-role',
    hop: 'pipeline',
    principal: 'codepipeline-service',
    actions: ['sts:AssumeRole'],
    resource: 'pipeline-role',
    sides: ['resource'],
    sources: [{ page: 'codepipelineServiceRole', section: 'Manage the CodePipeline service role' }],
    unsure:
      'AWS documents no aws:SourceAccount or aws:SourceArn for the CodePipeline service role trust (no confused-deputy page for CodePipeline, and its templates trust the service without a condition). A condition key the service does not send makes creating the pipeline fail with "not authorized to perform AssumeRole", so the trust carries none.',
  },

  // 4. ECR source action, as the source role in account A.
  {
    id: 'ecr-source/assume-source-role',
    hop: 'ECR source action',
    principal: 'pipeline-role',
    actions: ['sts:AssumeRole'],
    resource: 'source-role',
    sides: ['identity', 'resource'],
    sources: [
      {
        page: 'codepipelineCrossAccount',
        quote: 'Create a policy that allows AccountA to assume a role configured by AccountB, and attach that policy to the service role',
      },
      { page: 'iamEventualConsistency', section: 'Changes that I make are not always immediately visible (eventual consistency)' },
      { page: 'codepipelineAssumeAtCreate', quote: 'is not authorized to perform AssumeRole on role' },
    ],
    note: 'The guide\'s example allows role/* of the other account; this row names the one role. Granted in stage 1 (AccB-pipeline-1), minutes before stage 2 creates the pipeline: IAM is eventually consistent, and CodePipeline refuses to create a pipeline whose role may not assume an action\'s role (InvalidStructureException).',
  },
  {
    id: 'ecr-source/describe-images',
    hop: 'ECR source action',
    principal: 'source-role',
    actions: ['ecr:DescribeImages'],
    resource: 'repository',
    sides: ['identity'],
    sources: [{ page: 'ecrSourceAction', section: 'Service role permissions' }],
  },
  {
    id: 'ecr-source/write-artifact',
    hop: 'ECR source action',
    principal: 'source-role',
    actions: ['s3:PutObject', 's3:PutObjectAcl'],
    resource: 'artifact-objects',
    sides: ['identity', 'resource'],
    requestContext: SSE_KMS,
    sources: [
      {
        page: 'codepipelineCrossAccount',
        section: 'Configure policies and roles in the account that owns the AWS resource',
        quote: 'allow this role to retrieve input artifacts from, and put output artifacts into, the Amazon S3 bucket',
      },
      { page: 'cdkPr14260', quote: 'add an explicit call to `Bucket.grantPutAcl()` when the actions is cross-account' },
      { page: 'cdkIssue13557', quote: 'We just need to add `s3:PutObjectAcl` as part of the default role that is generated for a BitBucketSourceAction.' },
      {
        page: 's3ObjectOwnership',
        quote: 'All S3 PUT requests must either specify the bucket-owner-full-control canned ACL or not specify an ACL, or these requests will fail.',
      },
    ],
    note:
      'Not conditioned on s3:x-amz-acl = bucket-owner-full-control: no source shows which ACL header the action sends (the aws-cdk fix grants s3:PutObjectAcl without a condition), and a wrong guess fails the upload with Access Denied. The artifact bucket enforces bucket ownership, so S3 refuses every ACL but bucket-owner-full-control anyway. No s3:PutObjectVersionAcl: the AWS guide and the aws-cdk fix (#14260, when grantPutAcl granted s3:PutObjectAcl alone) do without it; grantPutAcl gained it later for S3 in general (#18494).',
  },
  {
    id: 'ecr-source/encrypt-artifact',
    hop: 'ECR source action',
    principal: 'source-role',
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    resource: 'artifact-key',
    sides: ['identity', 'resource'],
    sources: [
      S3_KMS_PERMISSIONS,
      { page: 'codepipelineCrossAccount', quote: 'For cross-account actions, you can only use the key ID or key ARN to identify the key.' },
    ],
    note: 'The guide\'s example role also gets kms:DescribeKey, kms:Encrypt and kms:ReEncrypt*: this action only uploads with SSE-KMS, which needs the two above.',
  },

  // 5. S3 source action and artifact store, as the pipeline role.
  {
    id: 's3-source/read-object',
    hop: 'S3 source action',
    principal: 'pipeline-role',
    actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging'],
    resource: 'source-objects',
    sides: ['identity'],
    sources: [{ page: 's3SourceAction', section: 'Service role permissions' }],
  },
  {
    id: 's3-source/inspect-bucket',
    hop: 'S3 source action',
    principal: 'pipeline-role',
    actions: ['s3:GetBucketVersioning', 's3:GetBucketAcl', 's3:GetBucketLocation'],
    resource: 'source-bucket',
    sides: ['identity'],
    sources: [{ page: 's3SourceAction', section: 'Service role permissions' }],
  },
  {
    id: 'artifact-store/inspect-bucket',
    hop: 'artifact store',
    principal: 'pipeline-role',
    actions: ['s3:GetBucketVersioning', 's3:GetBucketAcl', 's3:GetBucketLocation'],
    resource: 'artifact-bucket',
    sides: ['identity'],
    sources: [SERVICE_ROLE_POLICY],
  },
  {
    id: 'artifact-store/write-artifact',
    hop: 'artifact store',
    principal: 'pipeline-role',
    actions: ['s3:PutObject', 's3:PutObjectAcl'],
    resource: 'artifact-objects',
    sides: ['identity'],
    requestContext: SSE_KMS,
    sources: [SERVICE_ROLE_POLICY],
    unsure:
      'The minimum service-role policy lists s3:PutObjectAcl on the artifact objects; no page says whether a same-account write sends an ACL (aws-cdk pipelines write without it). Granted as documented: the bucket enforces bucket ownership, so no ACL but bucket-owner-full-control is accepted and the grant widens nothing.',
  },
  {
    id: 'artifact-store/read-artifact',
    hop: 'artifact store',
    principal: 'pipeline-role',
    actions: ['s3:GetObject', 's3:GetObjectVersion'],
    resource: 'artifact-objects',
    sides: ['identity'],
    sources: [SERVICE_ROLE_POLICY],
  },
  {
    id: 'artifact-store/use-key',
    hop: 'artifact store',
    principal: 'pipeline-role',
    actions: ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:Decrypt'],
    resource: 'artifact-key',
    sides: ['identity', 'resource'],
    sources: [
      S3_KMS_PERMISSIONS,
      { page: 'codepipelineCrossAccount', section: 'Prerequisite: Create an AWS KMS encryption key (key usage for the service role)' },
    ],
    unsure:
      'S3 needs kms:GenerateDataKey and kms:Decrypt; kms:Encrypt is kept because the guide gives the service role key usage and no page says CodePipeline never encrypts with the key itself. kms:ReEncrypt* and GenerateDataKey* variants are left out: nothing re-encrypts artifacts.',
  },
  {
    id: 'artifact-store/describe-key',
    hop: 'artifact store',
    principal: 'pipeline-role',
    actions: ['kms:DescribeKey'],
    resource: 'artifact-key',
    sides: ['identity', 'resource'],
    sources: [{ page: 'codepipelineCrossAccount', section: 'Prerequisite: Create an AWS KMS encryption key (key usage for the service role)' }],
    unsure: 'No page says when CodePipeline describes the artifact key; the guide\'s key users get kms:DescribeKey, and it reveals no data.',
  },

  // 6. ECS standard deploy action, as the pipeline role.
  {
    id: 'ecs-deploy/update-service',
    hop: 'ECS deploy action',
    principal: 'pipeline-role',
    actions: ['ecs:DescribeServices', 'ecs:UpdateService'],
    resource: 'ecs-service',
    sides: ['identity'],
    sources: [ECS_DEPLOY_ACTION, CDK_ECS_DEPLOY_ACTION],
  },
  {
    id: 'ecs-deploy/describe-task-definition',
    hop: 'ECS deploy action',
    principal: 'pipeline-role',
    actions: ['ecs:DescribeTaskDefinition'],
    resource: 'any-task-definition',
    sides: ['identity'],
    sources: [ECS_DEPLOY_ACTION, CDK_ECS_DEPLOY_ACTION],
    note: 'ecs:DescribeTaskDefinition has no resource type in IAM: it can only be granted on "*".',
  },
  {
    id: 'ecs-deploy/register-task-definition',
    hop: 'ECS deploy action',
    principal: 'pipeline-role',
    actions: ['ecs:RegisterTaskDefinition'],
    resource: 'task-definitions',
    sides: ['identity'],
    sources: [ECS_DEPLOY_ACTION, CDK_ECS_DEPLOY_ACTION],
    note: 'The service\'s task definition family is not known to the template: this account and region\'s task definitions.',
  },
  {
    id: 'ecs-deploy/tag-task-definition',
    hop: 'ECS deploy action',
    principal: 'pipeline-role',
    actions: ['ecs:TagResource'],
    resource: 'task-definitions',
    sides: ['identity'],
    conditions: [{ operator: 'StringEquals', key: 'ecs:CreateAction', value: 'RegisterTaskDefinition' }],
    sources: [
      { page: 'ecsTagOnCreate', section: 'Grant permission to tag resources on creation (ecs:CreateAction)' },
      CDK_ECS_DEPLOY_ACTION,
    ],
  },
  {
    id: 'ecs-deploy/watch-tasks',
    hop: 'ECS deploy action',
    principal: 'pipeline-role',
    actions: ['ecs:DescribeTasks', 'ecs:ListTasks'],
    resource: 'ecs-cluster-tasks',
    sides: ['identity'],
    conditions: [{ operator: 'ArnEquals', key: 'ecs:cluster', from: 'ecs-cluster' }],
    sources: [ECS_DEPLOY_ACTION, CDK_ECS_DEPLOY_ACTION],
    unsure:
      'The action watches the service\'s tasks while it deploys. IAM authorizes ecs:ListTasks on container instances (none exist on Fargate) and ecs:DescribeTasks on task ARNs; both accept the ecs:cluster condition key, so the grant is on "*" for this one cluster, which holds for either launch type and either task ARN format.',
  },
  {
    id: 'ecs-deploy/pass-task-roles',
    hop: 'ECS deploy action',
    principal: 'pipeline-role',
    actions: ['iam:PassRole'],
    resource: 'ecs-task-roles',
    sides: ['identity'],
    conditions: [{ operator: 'StringEquals', key: 'iam:PassedToService', value: 'ecs-tasks.amazonaws.com' }],
    sources: [ECS_DEPLOY_ACTION, CDK_ECS_DEPLOY_ACTION],
    note: 'aws-cdk also allows ec2.amazonaws.com; the task execution and task roles are passed to ecs-tasks.amazonaws.com only.',
  },

  // 6a. The deploy stage's rollback condition (parameter RollbackAlarmName set), as the pipeline role.
  {
    id: 'rollback/read-alarm',
    hop: 'deploy stage rollback condition (CloudWatchAlarm rule)',
    principal: 'pipeline-role',
    actions: ['cloudwatch:DescribeAlarms', 'cloudwatch:DescribeAlarmHistory'],
    resource: 'rollback-alarm',
    sides: ['identity'],
    sources: [
      { page: 'cloudWatchAlarmRule', section: 'Configuration parameters', quote: 'The name of the CloudWatch alarm. This is a separate resource created in CloudWatch.' },
      { page: 'stageConditions', quote: 'The conditions for making checks for the stage when it succeeds.' },
      { page: 'cloudWatchActions', section: 'Actions defined by Amazon CloudWatch (DescribeAlarms, DescribeAlarmHistory: resource type alarm)' },
    ],
    unsure:
      'The rule reference names no permission for the CloudWatchAlarm rule, and the service role page lists none for rules. The rule runs as the pipeline role and reads the alarm\'s state, and over its WaitTime whether the state changed: cloudwatch:DescribeAlarms and cloudwatch:DescribeAlarmHistory, both with the alarm resource type, are granted on that one alarm\'s ARN and nothing wider. A composite alarm needs "*" for both (CloudWatch permissions reference): name a metric alarm.',
  },

  // 6b. Commands action (release by digest, parameter Release = digest), as the pipeline role. It reads
  // its input artifact and writes its output artifact like any action (rows artifact-store/*).
  {
    id: 'commands/create-log-group',
    hop: 'Commands action (release by digest)',
    principal: 'pipeline-role',
    actions: ['logs:CreateLogGroup'],
    resource: 'commands-log-group',
    sides: ['identity'],
    sources: [
      {
        page: 'commandsAction',
        section: 'Service role policy permissions',
        quote: 'When CodePipeline runs the action, CodePipeline creates a log group using the name of the pipeline as follows.',
      },
      { page: 'commandsAction', quote: 'For this action, CodePipeline will assume the pipeline service role and use that role to allow access to resources at runtime.' },
      { page: 'cdkCommandsAction', quote: 'grant the Pipeline role the required permissions to the log group' },
      { page: 'iamEventualConsistency', section: 'Changes that I make are not always immediately visible (eventual consistency)' },
    ],
    unsure:
      'The page grants its actions on the log group ARN and on the same ARN followed by ":*" without saying which form CloudWatch Logs checks: IAM gives logs:CreateLogGroup the log-group resource type (the bare ARN), while public AccessDenied texts show most callers checked on "log-group:<name>:log-stream:". Both forms are granted, as the page shows. The pipeline is named from NamePrefix (`<NamePrefix>-pipeline`), so its log group is known before it exists and the grant is in stage 1 (AccB-pipeline-1), minutes before stage 2 creates the pipeline and its first execution starts (IAM is eventually consistent).',
    note: "Narrowed to the pipeline's own region and account (the page's example has \"*\" for the region); no logs:GetLogEvents, which only the console user needs (the aws-cdk action also gives it to the pipeline role).",
  },
  {
    id: 'commands/write-log-streams',
    hop: 'Commands action (release by digest)',
    principal: 'pipeline-role',
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resource: 'commands-log-streams',
    sides: ['identity'],
    sources: [{ page: 'commandsAction', section: 'Service role policy permissions (logs:CreateLogStream, logs:PutLogEvents)' }],
    note: 'The page grants these on the group ARN too; IAM authorizes both on the log-stream resource type only, which only the ":*" form matches, so they are granted there alone.',
  },

  // 7. ECS pulls the image from account A.
  {
    id: 'pull/registry-token',
    hop: 'ECS task start',
    principal: 'task-execution-role',
    actions: ['ecr:GetAuthorizationToken'],
    resource: 'registry',
    sides: ['identity'],
    sources: [{ page: 'ecsTaskExecutionRole', section: 'Amazon ECS task execution IAM role' }],
    outside: 'AWS managed policy AmazonECSTaskExecutionRolePolicy, attached to the execution role by whoever created it',
  },
  {
    id: 'pull/pull-image',
    hop: 'ECS task start',
    principal: 'task-execution-role',
    actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
    resource: 'repository',
    sides: ['identity', 'resource'],
    sources: [
      { page: 'ecrRepositoryPolicies', section: 'Allow another account (pull)' },
      { page: 'ecsTaskExecutionRole', section: 'Amazon ECS task execution IAM role' },
    ],
    outside: 'identity side: AWS managed policy AmazonECSTaskExecutionRolePolicy; resource side: the repository policy of stack A',
  },

  // Administration: not pipeline calls, granted on purpose.
  {
    id: 'key/administrator-administers',
    hop: 'artifact key administration',
    principal: 'key-administrator',
    actions: KEY_ADMIN_ACTIONS,
    resource: 'artifact-key',
    sides: ['resource'],
    sources: [{ page: 'kmsDefaultKeyPolicy', section: 'Allows key administrators to administer the KMS key' }],
    note: 'The default policy\'s wildcards (kms:Create*, kms:Get*, ...) spelled out: they also match kms:CreateGrant, which hands out data use.',
  },
  {
    id: 'key/account-administers',
    hop: 'artifact key administration',
    principal: 'account-b',
    actions: KEY_ADMIN_ACTIONS,
    resource: 'artifact-key',
    sides: ['resource'],
    sources: [{ page: 'kmsDefaultKeyPolicy', section: 'Allows access to the AWS account and enables IAM policies' }],
    note: 'The default policy gives the account kms:*; here administration only, so no IAM policy of account B grants data use on its own.',
  },
] as const satisfies readonly PermissionRow[];

export type PermissionId = (typeof PERMISSIONS)[number]['id'];

export function permission(id: PermissionId): PermissionRow {
  const row = PERMISSIONS.find((r) => r.id === id);
  if (!row) throw new Error(`no permission row ${id}`);
  return row;
}
