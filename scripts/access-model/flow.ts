/**
 * Every call the running pipeline makes across the two accounts, as data: who calls, on what, which row
 * of the permission table (templates-src/permissions/action-permissions.ts) documents it, and which
 * statements are meant to allow it on each side. The actions and the request context come from the
 * row, so the proof follows what the documentation says each action needs; the templates' policies are
 * checked against these calls, never read to make them. Principals and resources are the keys of the
 * access model (`<account>:<name>`, `<account>:<bucket>/<object key>` for objects).
 *
 * A statement is named `<template> <policy>: <Sid>`; an empty list means that side is not needed (a
 * same-account call that the identity policy alone allows, or a service principal that has none).
 */
import { permission, type PermissionId } from '../../templates-src/permissions/action-permissions';
import { documentationOf, type Documentation } from './documentation';
import { DEPLOYMENT_VALUE_KEYS } from './permission-keys';

export interface Call {
  id: string;
  /** Where in the pipeline's life the call happens. */
  step: string;
  /** The row of the permission table the call comes from. */
  permission: PermissionId;
  /** The row and the pages it cites, for the reports. */
  documentation: Documentation;
  caller: string;
  /** Each action is evaluated on its own, with the same caller, resource and context. */
  actions: string[];
  resource: string;
  /** Request context beyond what the caller implies (aws:PrincipalArn, aws:SourceAccount, TLS). */
  context?: Record<string, string>;
  /** Context keys whose value is the ARN of a resource of the model. */
  contextArns?: Record<string, string>;
  /** For a service caller: the resource on whose behalf it acts (`aws:SourceArn`). */
  sourceArn?: string;
  allowedBy: { caller: string[]; resource: string[] };
  /** Why a grant that is not a pipeline call is there. */
  note?: string;
}

type CallInput = Omit<Call, 'actions' | 'documentation'> & {
  /** Only where the flow keeps its own copy on purpose (key administration); otherwise the row's actions. */
  actions?: string[];
};

/** A call made as its row documents it: the row's actions, and the context its conditions test. */
function documented(input: CallInput): Call {
  const row = permission(input.permission);
  const conditions = row.conditions ?? [];
  const literal = Object.fromEntries(conditions.flatMap((c) => ('value' in c ? [[c.key, c.value]] : [])));
  // `this-account` is aws:SourceAccount, which the request context of a service caller already holds.
  const arns = Object.fromEntries(conditions.flatMap((c) => ('from' in c && c.from !== 'this-account' ? [[c.key, DEPLOYMENT_VALUE_KEYS[c.from]]] : [])));
  const context = { ...row.requestContext, ...literal, ...input.context };
  const contextArns = { ...arns, ...input.contextArns };
  return {
    ...input,
    actions: input.actions ?? [...row.actions],
    documentation: documentationOf(input.permission),
    ...(Object.keys(context).length ? { context } : {}),
    ...(Object.keys(contextArns).length ? { contextArns } : {}),
  };
}

export const STEP = {
  forward: '1. A push in account A reaches account B',
  trigger: '2. A rule in account B starts the pipeline',
  run: '3. The pipeline runs as its role',
  ecrSource: '4. ECR source action, as the source role in account A',
  s3Source: '5. S3 source action and artifact store, as the pipeline role',
  pin: '6. Commands action (release by digest), as the pipeline role',
  deploy: '7. ECS deploy action, as the pipeline role',
  pull: '8. ECS pulls the image from account A',
  admin: 'Administration (not a pipeline call)',
};

/** CodePipeline's artifact keys: `<pipeline name, 20>/<artifact name, 10>/<random>`. */
export const SOURCE_ARTIFACT = 'B:ArtifactBucket/orders-api-pipeline/ImageDetai/4xKz9Qa';
export const DEFINITIONS_ARTIFACT = 'B:ArtifactBucket/orders-api-pipeline/ImageDefin/7pQr2Lm';
/** The Commands action's output: imagedefinitions.json naming the pushed digest. */
export const PINNED_ARTIFACT = 'B:ArtifactBucket/orders-api-pipeline/PinnedDefi/3hTb8Wd';
export const DEFINITIONS_ZIP = 'B:SourceBucket/imagedefinitions.zip';

const A = 'AccA-pipeline';
const B = 'AccB-pipeline-2';

export const PIPELINE_FLOW: Call[] = [
  documented({
    id: 'eventbridge-assumes-forwarding-role',
    step: STEP.forward,
    permission: 'forward/assume-forwarding-role',
    caller: 'A:events.amazonaws.com',
    resource: 'A:ForwardingRole',
    sourceArn: 'A:ForwardingRule',
    allowedBy: { caller: [], resource: [`${A} ForwardingRole trust policy: EventBridgeAssumesForThisAccount`] },
  }),
  documented({
    id: 'forward-push-to-target-bus',
    step: STEP.forward,
    permission: 'forward/put-events',
    caller: 'A:ForwardingRole',
    resource: 'B:default-bus',
    allowedBy: {
      caller: [`${A} ForwardingRolePolicy: ForwardToTargetDefaultBus`],
      resource: ['B default event bus policy (put-permission): xacct-orders-api'],
    },
  }),
  documented({
    id: 'dead-letter-undelivered-push',
    step: STEP.forward,
    permission: 'forward/dead-letter',
    caller: 'A:events.amazonaws.com',
    resource: 'A:ForwardingDeadLetterQueue',
    allowedBy: { caller: [], resource: [`${A} ForwardingDeadLetterQueuePolicy: ForwardingRuleDeadLetters`] },
  }),
  documented({
    id: 'eventbridge-assumes-trigger-role',
    step: STEP.trigger,
    permission: 'trigger/assume-trigger-role',
    caller: 'B:events.amazonaws.com',
    resource: 'B:TriggerRole',
    sourceArn: 'B:TriggerRule',
    allowedBy: { caller: [], resource: [`${B} TriggerRole trust policy: EventBridgeAssumesForThisAccount`] },
  }),
  documented({
    id: 'eventbridge-assumes-trigger-role-for-new-definitions',
    step: STEP.trigger,
    permission: 'trigger/assume-trigger-role',
    caller: 'B:events.amazonaws.com',
    resource: 'B:TriggerRole',
    sourceArn: 'B:ImageDefinitionsTriggerRule',
    allowedBy: { caller: [], resource: [`${B} TriggerRole trust policy: EventBridgeAssumesForThisAccount`] },
  }),
  documented({
    id: 'trigger-starts-pipeline',
    step: STEP.trigger,
    permission: 'trigger/start-pipeline',
    caller: 'B:TriggerRole',
    resource: 'B:Pipeline',
    allowedBy: { caller: [`${B} TriggerRolePolicy: StartThisPipeline`], resource: [] },
  }),
  documented({
    id: 'codepipeline-assumes-pipeline-role',
    step: STEP.run,
    permission: 'pipeline/assume-pipeline-role',
    caller: 'B:codepipeline.amazonaws.com',
    resource: 'B:PipelineRole',
    allowedBy: { caller: [], resource: [`${B} PipelineRole trust policy: CodePipelineAssumes`] },
  }),
  documented({
    id: 'pipeline-assumes-source-role',
    step: STEP.ecrSource,
    permission: 'ecr-source/assume-source-role',
    caller: 'B:PipelineRole',
    resource: 'A:SourceRole',
    allowedBy: {
      caller: [`${B} PipelineAssumeSourceRolePolicy: AssumeSourceRoleInSourceAccount`],
      resource: [`${A} SourceRole trust policy: TargetPipelineRoleAssumes`],
    },
  }),
  documented({
    id: 'source-role-describes-image',
    step: STEP.ecrSource,
    permission: 'ecr-source/describe-images',
    caller: 'A:SourceRole',
    resource: 'A:Repository',
    allowedBy: { caller: [`${A} SourceRolePolicy: DescribeTrackedRepositoryImages`], resource: [] },
  }),
  documented({
    id: 'source-role-writes-source-artifact',
    step: STEP.ecrSource,
    permission: 'ecr-source/write-artifact',
    caller: 'A:SourceRole',
    resource: SOURCE_ARTIFACT,
    allowedBy: {
      caller: [`${A} SourceRolePolicy: WriteSourceArtifactToTargetAccount`],
      resource: [`${B} ArtifactBucketPolicy: SourceRoleWritesSourceArtifact`],
    },
  }),
  documented({
    id: 'source-role-uses-target-key',
    step: STEP.ecrSource,
    permission: 'ecr-source/encrypt-artifact',
    caller: 'A:SourceRole',
    resource: 'B:ArtifactKey',
    allowedBy: {
      caller: [`${A} SourceRolePolicy: EncryptWithTargetAccountKey`],
      resource: [`${B} ArtifactKey key policy: SourceRoleUsesKey`],
    },
  }),
  documented({
    id: 'pipeline-reads-image-definitions',
    step: STEP.s3Source,
    permission: 's3-source/read-object',
    caller: 'B:PipelineRole',
    resource: DEFINITIONS_ZIP,
    allowedBy: { caller: [`${B} PipelineRolePolicy: ReadSourceDefinitions`], resource: [] },
  }),
  documented({
    id: 'pipeline-inspects-source-bucket',
    step: STEP.s3Source,
    permission: 's3-source/inspect-bucket',
    caller: 'B:PipelineRole',
    resource: 'B:SourceBucket',
    allowedBy: { caller: [`${B} PipelineRolePolicy: InspectBuckets`], resource: [] },
  }),
  documented({
    id: 'pipeline-inspects-artifact-bucket',
    step: STEP.s3Source,
    permission: 'artifact-store/inspect-bucket',
    caller: 'B:PipelineRole',
    resource: 'B:ArtifactBucket',
    allowedBy: { caller: [`${B} PipelineRolePolicy: InspectBuckets`], resource: [] },
  }),
  documented({
    id: 'pipeline-writes-definitions-artifact',
    step: STEP.s3Source,
    permission: 'artifact-store/write-artifact',
    caller: 'B:PipelineRole',
    resource: DEFINITIONS_ARTIFACT,
    allowedBy: { caller: [`${B} PipelineRolePolicy: ReadWriteArtifacts`], resource: [] },
  }),
  documented({
    id: 'pipeline-uses-key',
    step: STEP.s3Source,
    permission: 'artifact-store/use-key',
    caller: 'B:PipelineRole',
    resource: 'B:ArtifactKey',
    allowedBy: { caller: [`${B} PipelineRolePolicy: UseArtifactKey`], resource: [`${B} ArtifactKey key policy: PipelineRoleUsesKey`] },
  }),
  documented({
    id: 'pipeline-describes-key',
    step: STEP.s3Source,
    permission: 'artifact-store/describe-key',
    caller: 'B:PipelineRole',
    resource: 'B:ArtifactKey',
    allowedBy: {
      caller: [`${B} PipelineRolePolicy: UseArtifactKey`],
      resource: [`${B} ArtifactKey key policy: AccountAdministersKey`, `${B} ArtifactKey key policy: PipelineRoleUsesKey`],
    },
  }),
  documented({
    id: 'pipeline-reads-definitions-to-pin',
    step: STEP.pin,
    permission: 'artifact-store/read-artifact',
    caller: 'B:PipelineRole',
    resource: DEFINITIONS_ARTIFACT,
    allowedBy: { caller: [`${B} PipelineRolePolicy: ReadWriteArtifacts`], resource: [] },
  }),
  documented({
    id: 'pipeline-writes-pinned-definitions',
    step: STEP.pin,
    permission: 'artifact-store/write-artifact',
    caller: 'B:PipelineRole',
    resource: PINNED_ARTIFACT,
    allowedBy: { caller: [`${B} PipelineRolePolicy: ReadWriteArtifacts`], resource: [] },
  }),
  documented({
    id: 'commands-creates-log-group',
    step: STEP.pin,
    permission: 'commands/create-log-group',
    caller: 'B:PipelineRole',
    resource: 'B:CommandsLogGroup',
    allowedBy: { caller: [`${B} PipelineCommandsLogsPolicy: CreateCommandsActionLogGroup`], resource: [] },
  }),
  documented({
    id: 'commands-creates-log-group-checked-as-stream',
    step: STEP.pin,
    permission: 'commands/create-log-group',
    caller: 'B:PipelineRole',
    resource: 'B:CommandsLogGroupAsStream',
    allowedBy: { caller: [`${B} PipelineCommandsLogsPolicy: CreateCommandsActionLogGroup`], resource: [] },
  }),
  documented({
    id: 'commands-writes-log-streams',
    step: STEP.pin,
    permission: 'commands/write-log-streams',
    caller: 'B:PipelineRole',
    resource: 'B:CommandsLogStream',
    allowedBy: { caller: [`${B} PipelineCommandsLogsPolicy: WriteCommandsActionLogs`], resource: [] },
  }),
  documented({
    id: 'pipeline-reads-artifacts',
    step: STEP.deploy,
    permission: 'artifact-store/read-artifact',
    caller: 'B:PipelineRole',
    resource: PINNED_ARTIFACT,
    allowedBy: { caller: [`${B} PipelineRolePolicy: ReadWriteArtifacts`], resource: [] },
  }),
  documented({
    id: 'pipeline-updates-service',
    step: STEP.deploy,
    permission: 'ecs-deploy/update-service',
    caller: 'B:PipelineRole',
    resource: 'B:EcsService',
    allowedBy: { caller: [`${B} PipelineRolePolicy: DeployToService`], resource: [] },
  }),
  documented({
    id: 'pipeline-reads-task-definition',
    step: STEP.deploy,
    permission: 'ecs-deploy/describe-task-definition',
    caller: 'B:PipelineRole',
    resource: 'B:*',
    allowedBy: { caller: [`${B} PipelineRolePolicy: ReadTaskDefinitions`], resource: [] },
  }),
  documented({
    id: 'pipeline-registers-task-definition',
    step: STEP.deploy,
    permission: 'ecs-deploy/register-task-definition',
    caller: 'B:PipelineRole',
    resource: 'B:TaskDefinition',
    allowedBy: { caller: [`${B} PipelineRolePolicy: RegisterTaskDefinitions`], resource: [] },
  }),
  documented({
    id: 'pipeline-tags-new-task-definition',
    step: STEP.deploy,
    permission: 'ecs-deploy/tag-task-definition',
    caller: 'B:PipelineRole',
    resource: 'B:TaskDefinition',
    allowedBy: { caller: [`${B} PipelineRolePolicy: TagRegisteredTaskDefinitions`], resource: [] },
  }),
  documented({
    id: 'pipeline-watches-service-tasks',
    step: STEP.deploy,
    permission: 'ecs-deploy/watch-tasks',
    caller: 'B:PipelineRole',
    resource: 'B:*',
    allowedBy: { caller: [`${B} PipelineRolePolicy: WatchServiceTasks`], resource: [] },
  }),
  documented({
    id: 'pipeline-passes-execution-role',
    step: STEP.deploy,
    permission: 'ecs-deploy/pass-task-roles',
    caller: 'B:PipelineRole',
    resource: 'B:TaskExecutionRole',
    allowedBy: { caller: [`${B} PipelineRolePolicy: PassTaskRolesToEcs`], resource: [] },
  }),
  documented({
    id: 'pipeline-passes-task-role',
    step: STEP.deploy,
    permission: 'ecs-deploy/pass-task-roles',
    caller: 'B:PipelineRole',
    resource: 'B:TaskRole',
    allowedBy: { caller: [`${B} PipelineRolePolicy: PassTaskRolesToEcs`], resource: [] },
  }),
  documented({
    id: 'pipeline-reads-rollback-alarm',
    step: STEP.deploy,
    permission: 'rollback/read-alarm',
    caller: 'B:PipelineRole',
    resource: 'B:RollbackAlarm',
    allowedBy: { caller: [`${B} PipelineRollbackAlarmPolicy: ReadRollbackAlarm`], resource: [] },
  }),
  documented({
    id: 'execution-role-gets-registry-token',
    step: STEP.pull,
    permission: 'pull/registry-token',
    caller: 'B:TaskExecutionRole',
    resource: 'B:*',
    allowedBy: { caller: ['AWS managed AmazonECSTaskExecutionRolePolicy: statement 1'], resource: [] },
  }),
  documented({
    id: 'execution-role-pulls-image',
    step: STEP.pull,
    permission: 'pull/pull-image',
    caller: 'B:TaskExecutionRole',
    resource: 'A:Repository',
    allowedBy: {
      caller: ['AWS managed AmazonECSTaskExecutionRolePolicy: statement 1'],
      resource: [`${A} Repository repository policy: TargetExecutionRolePullsImages`],
    },
  }),
];

/**
 * Key administration: no data use, no grants. Spelled out here rather than taken from the permission
 * table, so that an action added there (and so to the key policy) is an extra grant the proof reports,
 * not a call the flow silently follows.
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
  documented({
    id: 'key-administrator-administers-key',
    step: STEP.admin,
    permission: 'key/administrator-administers',
    caller: 'B:KeyAdministrator',
    actions: KEY_ADMINISTRATION,
    resource: 'B:ArtifactKey',
    allowedBy: { caller: [], resource: [`${B} ArtifactKey key policy: AdministratorAdministersKey`] },
    note: 'The named administrator manages the key (rotation, deletion, policy) but cannot use it for data.',
  }),
  documented({
    id: 'account-administers-key',
    step: STEP.admin,
    permission: 'key/account-administers',
    caller: 'B:Administrator',
    actions: KEY_ADMINISTRATION,
    resource: 'B:ArtifactKey',
    allowedBy: { caller: ['AdministratorAccess (assumed, worst case): statement 1'], resource: [`${B} ArtifactKey key policy: AccountAdministersKey`] },
    note: 'Account B keeps the key manageable through IAM even if the named administrator is gone; data use stays with the two pipeline roles.',
  }),
  documented({
    id: 'account-a-puts-events',
    step: STEP.admin,
    permission: 'forward/bus-accepts-account-a',
    caller: 'A:Administrator',
    resource: 'B:default-bus',
    allowedBy: {
      caller: ['AdministratorAccess (assumed, worst case): statement 1'],
      resource: ['B default event bus policy (put-permission): xacct-orders-api'],
    },
    note:
      "put-permission names account A, not a role: any principal of A that its own IAM allows may put events on B's bus. It cannot start the pipeline that way: the trigger rule matches only source aws.ecr from account A, the other rule only aws.s3 from account B, and the aws. source prefix is reserved for AWS services.",
  }),
  documented({
    id: 'codepipeline-for-another-account-assumes-pipeline-role',
    step: STEP.admin,
    permission: 'pipeline/assume-pipeline-role',
    caller: 'C:codepipeline.amazonaws.com',
    resource: 'B:PipelineRole',
    allowedBy: { caller: [], resource: [`${B} PipelineRole trust policy: CodePipelineAssumes`] },
    note:
      'The trust names CodePipeline without aws:SourceAccount, because AWS documents no such key for it (row pipeline/assume-pipeline-role): the trust alone does not tell CodePipeline acting for another account from CodePipeline acting for B. A pipeline in another account would have to pass this role (iam:PassRole), and a role cannot be passed to a service in another account.',
  }),
];
