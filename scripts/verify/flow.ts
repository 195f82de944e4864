/**
 * Every call the running pipeline makes across the two accounts, as data: who calls, what action, on
 * what, and which statements are meant to allow it on each side. This list is the intent; the
 * templates are checked against it, never the other way round, so nothing here is derived from
 * templates-src. Principals and resources are the keys of the access model (`<account>:<name>`,
 * `<account>:<bucket>/<object key>` for objects).
 *
 * A statement is named `<template> <policy>: <Sid>`; an empty list means that side is not needed (a
 * same-account call that the identity policy alone allows, or a service principal that has none).
 */

export interface Call {
  id: string;
  /** Where in the pipeline's life the call happens. */
  step: string;
  caller: string;
  /** Each action is evaluated on its own, with the same caller, resource and context. */
  actions: string[];
  resource: string;
  /** Request context beyond what the caller implies (aws:PrincipalArn, aws:SourceAccount, TLS). */
  context?: Record<string, string>;
  /** For a service caller: the resource on whose behalf it acts (`aws:SourceArn`). */
  sourceArn?: string;
  allowedBy: { caller: string[]; resource: string[] };
  /** Why a grant that is not a pipeline call is there. */
  note?: string;
}

const STEP = {
  forward: '1. A push in account A reaches account B',
  trigger: '2. The rule in account B starts the pipeline',
  run: '3. The pipeline runs as its role',
  ecrSource: '4. ECR source action, as the source role in account A',
  s3Source: '5. S3 source action and artifact store, as the pipeline role',
  deploy: '6. ECS deploy action, as the pipeline role',
  pull: '7. ECS pulls the image from account A',
  admin: 'Administration (not a pipeline call)',
};

const SSE_KMS = { 's3:x-amz-server-side-encryption': 'aws:kms' };
/** CodePipeline's artifact keys: `<pipeline name, 20>/<artifact name, 10>/<random>`. */
export const SOURCE_ARTIFACT = 'B:ArtifactBucket/orders-api-target-Pi/ImageDetai/4xKz9Qa';
export const DEFINITIONS_ARTIFACT = 'B:ArtifactBucket/orders-api-target-Pi/ImageDefin/7pQr2Lm';
export const DEFINITIONS_ZIP = 'B:SourceBucket/imagedefinitions.zip';

const A = 'AccA-pipeline';
const B = 'AccB-pipeline-2';

export const PIPELINE_FLOW: Call[] = [
  {
    id: 'eventbridge-assumes-forwarding-role',
    step: STEP.forward,
    caller: 'A:events.amazonaws.com',
    actions: ['sts:AssumeRole'],
    resource: 'A:ForwardingRole',
    allowedBy: { caller: [], resource: [`${A} ForwardingRole trust policy: ServiceAssumesForThisAccount`] },
  },
  {
    id: 'forward-push-to-target-bus',
    step: STEP.forward,
    caller: 'A:ForwardingRole',
    actions: ['events:PutEvents'],
    resource: 'B:default-bus',
    allowedBy: {
      caller: [`${A} ForwardingRolePolicy: ForwardToTargetDefaultBus`],
      resource: ['B default event bus policy (put-permission): xacct-orders-api'],
    },
  },
  {
    id: 'dead-letter-undelivered-push',
    step: STEP.forward,
    caller: 'A:events.amazonaws.com',
    actions: ['sqs:SendMessage'],
    resource: 'A:ForwardingDeadLetterQueue',
    sourceArn: 'A:ForwardingRule',
    allowedBy: { caller: [], resource: [`${A} ForwardingDeadLetterQueuePolicy: ForwardingRuleDeadLetters`] },
  },
  {
    id: 'eventbridge-assumes-trigger-role',
    step: STEP.trigger,
    caller: 'B:events.amazonaws.com',
    actions: ['sts:AssumeRole'],
    resource: 'B:TriggerRole',
    allowedBy: { caller: [], resource: [`${B} TriggerRole trust policy: ServiceAssumesForThisAccount`] },
  },
  {
    id: 'trigger-starts-pipeline',
    step: STEP.trigger,
    caller: 'B:TriggerRole',
    actions: ['codepipeline:StartPipelineExecution'],
    resource: 'B:Pipeline',
    allowedBy: { caller: [`${B} TriggerRolePolicy: StartThisPipeline`], resource: [] },
  },
  {
    id: 'codepipeline-assumes-pipeline-role',
    step: STEP.run,
    caller: 'B:codepipeline.amazonaws.com',
    actions: ['sts:AssumeRole'],
    resource: 'B:PipelineRole',
    allowedBy: { caller: [], resource: [`${B} PipelineRole trust policy: ServiceAssumesForThisAccount`] },
  },
  {
    id: 'pipeline-assumes-source-role',
    step: STEP.ecrSource,
    caller: 'B:PipelineRole',
    actions: ['sts:AssumeRole'],
    resource: 'A:SourceRole',
    allowedBy: {
      caller: [`${B} PipelineAssumeSourceRolePolicy: AssumeSourceRoleInSourceAccount`],
      resource: [`${A} SourceRole trust policy: TargetPipelineRoleAssumes`],
    },
  },
  {
    id: 'source-role-describes-image',
    step: STEP.ecrSource,
    caller: 'A:SourceRole',
    actions: ['ecr:DescribeImages'],
    resource: 'A:Repository',
    allowedBy: { caller: [`${A} SourceRolePolicy: DescribeTrackedRepositoryImages`], resource: [] },
  },
  {
    id: 'source-role-writes-source-artifact',
    step: STEP.ecrSource,
    caller: 'A:SourceRole',
    actions: ['s3:PutObject'],
    resource: SOURCE_ARTIFACT,
    context: SSE_KMS,
    allowedBy: {
      caller: [`${A} SourceRolePolicy: WriteSourceArtifactToTargetAccount`],
      resource: [`${B} ArtifactBucketPolicy: SourceRoleWritesSourceArtifact`],
    },
  },
  {
    id: 'source-role-uses-target-key',
    step: STEP.ecrSource,
    caller: 'A:SourceRole',
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    resource: 'B:ArtifactKey',
    allowedBy: {
      caller: [`${A} SourceRolePolicy: EncryptWithTargetAccountKey`],
      resource: [`${B} ArtifactKey key policy: SourceRoleUsesKey`],
    },
  },
  {
    id: 'pipeline-reads-image-definitions',
    step: STEP.s3Source,
    caller: 'B:PipelineRole',
    actions: ['s3:GetObject', 's3:GetObjectVersion'],
    resource: DEFINITIONS_ZIP,
    allowedBy: { caller: [`${B} PipelineRolePolicy: ReadSourceDefinitions`], resource: [] },
  },
  {
    id: 'pipeline-inspects-source-bucket',
    step: STEP.s3Source,
    caller: 'B:PipelineRole',
    actions: ['s3:GetBucketAcl', 's3:GetBucketLocation', 's3:GetBucketVersioning'],
    resource: 'B:SourceBucket',
    allowedBy: { caller: [`${B} PipelineRolePolicy: InspectBuckets`], resource: [] },
  },
  {
    id: 'pipeline-inspects-artifact-bucket',
    step: STEP.s3Source,
    caller: 'B:PipelineRole',
    actions: ['s3:GetBucketAcl', 's3:GetBucketLocation', 's3:GetBucketVersioning'],
    resource: 'B:ArtifactBucket',
    allowedBy: { caller: [`${B} PipelineRolePolicy: InspectBuckets`], resource: [] },
  },
  {
    id: 'pipeline-writes-definitions-artifact',
    step: STEP.s3Source,
    caller: 'B:PipelineRole',
    actions: ['s3:PutObject'],
    resource: DEFINITIONS_ARTIFACT,
    context: SSE_KMS,
    allowedBy: { caller: [`${B} PipelineRolePolicy: ReadWriteArtifacts`], resource: [] },
  },
  {
    id: 'pipeline-reads-artifacts',
    step: STEP.deploy,
    caller: 'B:PipelineRole',
    actions: ['s3:GetObject', 's3:GetObjectVersion'],
    resource: DEFINITIONS_ARTIFACT,
    allowedBy: { caller: [`${B} PipelineRolePolicy: ReadWriteArtifacts`], resource: [] },
  },
  {
    id: 'pipeline-uses-key',
    step: STEP.s3Source,
    caller: 'B:PipelineRole',
    actions: ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:Decrypt'],
    resource: 'B:ArtifactKey',
    allowedBy: { caller: [`${B} PipelineRolePolicy: UseArtifactKey`], resource: [`${B} ArtifactKey key policy: PipelineRoleUsesKey`] },
  },
  {
    id: 'pipeline-describes-key',
    step: STEP.s3Source,
    caller: 'B:PipelineRole',
    actions: ['kms:DescribeKey'],
    resource: 'B:ArtifactKey',
    allowedBy: {
      caller: [`${B} PipelineRolePolicy: UseArtifactKey`],
      resource: [`${B} ArtifactKey key policy: AccountAdministersKey`, `${B} ArtifactKey key policy: PipelineRoleUsesKey`],
    },
  },
  {
    id: 'pipeline-updates-service',
    step: STEP.deploy,
    caller: 'B:PipelineRole',
    actions: ['ecs:DescribeServices', 'ecs:UpdateService'],
    resource: 'B:EcsService',
    allowedBy: { caller: [`${B} PipelineRolePolicy: DeployToService`], resource: [] },
  },
  {
    id: 'pipeline-reads-task-definition',
    step: STEP.deploy,
    caller: 'B:PipelineRole',
    actions: ['ecs:DescribeTaskDefinition'],
    resource: 'B:*',
    allowedBy: { caller: [`${B} PipelineRolePolicy: ReadTaskDefinitions`], resource: [] },
  },
  {
    id: 'pipeline-registers-task-definition',
    step: STEP.deploy,
    caller: 'B:PipelineRole',
    actions: ['ecs:RegisterTaskDefinition'],
    resource: 'B:TaskDefinition',
    allowedBy: { caller: [`${B} PipelineRolePolicy: RegisterTaskDefinitions`], resource: [] },
  },
  {
    id: 'pipeline-tags-new-task-definition',
    step: STEP.deploy,
    caller: 'B:PipelineRole',
    actions: ['ecs:TagResource'],
    resource: 'B:TaskDefinition',
    context: { 'ecs:CreateAction': 'RegisterTaskDefinition' },
    allowedBy: { caller: [`${B} PipelineRolePolicy: TagRegisteredTaskDefinitions`], resource: [] },
  },
  {
    id: 'pipeline-passes-execution-role',
    step: STEP.deploy,
    caller: 'B:PipelineRole',
    actions: ['iam:PassRole'],
    resource: 'B:TaskExecutionRole',
    context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
    allowedBy: { caller: [`${B} PipelineRolePolicy: PassTaskRolesToEcs`], resource: [] },
  },
  {
    id: 'pipeline-passes-task-role',
    step: STEP.deploy,
    caller: 'B:PipelineRole',
    actions: ['iam:PassRole'],
    resource: 'B:TaskRole',
    context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
    allowedBy: { caller: [`${B} PipelineRolePolicy: PassTaskRolesToEcs`], resource: [] },
  },
  {
    id: 'execution-role-gets-registry-token',
    step: STEP.pull,
    caller: 'B:TaskExecutionRole',
    actions: ['ecr:GetAuthorizationToken'],
    resource: 'B:*',
    allowedBy: { caller: ['AWS managed AmazonECSTaskExecutionRolePolicy: statement 1'], resource: [] },
  },
  {
    id: 'execution-role-pulls-image',
    step: STEP.pull,
    caller: 'B:TaskExecutionRole',
    actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
    resource: 'A:Repository',
    allowedBy: {
      caller: ['AWS managed AmazonECSTaskExecutionRolePolicy: statement 1'],
      resource: [`${A} Repository repository policy: TargetExecutionRolePullsImages`],
    },
  },
];

/**
 * Key administration: no data use, no grants. Spelled out here rather than imported from the key
 * policy's builder, so that an action added there is an extra grant the proof reports, not a call the
 * flow silently follows.
 */
const KEY_ADMINISTRATION = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/** Grants that are there on purpose although the pipeline never makes these calls. */
export const ADMINISTRATION: Call[] = [
  {
    id: 'key-administrator-administers-key',
    step: STEP.admin,
    caller: 'B:KeyAdministrator',
    actions: KEY_ADMINISTRATION,
    resource: 'B:ArtifactKey',
    allowedBy: { caller: [], resource: [`${B} ArtifactKey key policy: AdministratorAdministersKey`] },
    note: 'The named administrator manages the key (rotation, deletion, policy) but cannot use it for data.',
  },
  {
    id: 'account-administers-key',
    step: STEP.admin,
    caller: 'B:Administrator',
    actions: KEY_ADMINISTRATION,
    resource: 'B:ArtifactKey',
    allowedBy: { caller: ['AdministratorAccess (assumed, worst case): statement 1'], resource: [`${B} ArtifactKey key policy: AccountAdministersKey`] },
    note: 'Account B keeps the key manageable through IAM even if the named administrator is gone; data use stays with the two pipeline roles.',
  },
  {
    id: 'account-a-puts-events',
    step: STEP.admin,
    caller: 'A:Administrator',
    actions: ['events:PutEvents'],
    resource: 'B:default-bus',
    allowedBy: {
      caller: ['AdministratorAccess (assumed, worst case): statement 1'],
      resource: ['B default event bus policy (put-permission): xacct-orders-api'],
    },
    note:
      'put-permission names account A, not a role: any principal of A that its own IAM allows may put events on B\'s bus. It cannot start the pipeline that way: the trigger rule matches only source aws.ecr from account A, and the aws. source prefix is reserved for AWS services.',
  },
];
