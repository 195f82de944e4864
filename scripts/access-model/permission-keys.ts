/**
 * Where the permission table's principals and resources sit in the access model: the keys of
 * access-model.ts. With it the proof checks that each call is the call its row documents (right caller,
 * right resource, no action the row lacks), that every row is exercised, and that no probe asserts a
 * denial of something a row requires.
 */
import type { DeploymentValue, PrincipalKind, ResourceKind } from '../../templates-src/permissions/permission-row';

/** The principals of the model each kind stands for. */
export const PRINCIPAL_KEYS: Record<PrincipalKind, readonly string[]> = {
  'pipeline-role': ['B:PipelineRole'],
  'source-role': ['A:SourceRole'],
  'trigger-role': ['B:TriggerRole'],
  'forwarding-role': ['A:ForwardingRole'],
  'task-execution-role': ['B:TaskExecutionRole'],
  'key-administrator': ['B:KeyAdministrator'],
  'account-b': ['B:Administrator'],
  'account-a': ['A:Administrator'],
  // The trust names the service without an account condition: the service acting for any account.
  'codepipeline-service': ['A:codepipeline.amazonaws.com', 'B:codepipeline.amazonaws.com', 'C:codepipeline.amazonaws.com'],
  'eventbridge-in-account-a': ['A:events.amazonaws.com'],
  'eventbridge-in-account-b': ['B:events.amazonaws.com'],
};

/** The resources of the model each kind stands for: exact keys, or `<bucket>/` for any object in it. */
export const RESOURCE_KEYS: Record<ResourceKind, readonly string[]> = {
  repository: ['A:Repository'],
  'artifact-objects': ['B:ArtifactBucket/'],
  'artifact-bucket': ['B:ArtifactBucket'],
  'artifact-key': ['B:ArtifactKey'],
  'source-objects': ['B:SourceBucket/'],
  'source-bucket': ['B:SourceBucket'],
  'ecs-service': ['B:EcsService'],
  'ecs-cluster-tasks': ['B:*'],
  'task-definitions': ['B:TaskDefinition'],
  'any-task-definition': ['B:*'],
  'ecs-task-roles': ['B:TaskExecutionRole', 'B:TaskRole'],
  pipeline: ['B:Pipeline'],
  'commands-log-group': ['B:CommandsLogGroup', 'B:CommandsLogGroupAsStream'],
  'commands-log-streams': ['B:CommandsLogStream'],
  'rollback-alarm': ['B:RollbackAlarm'],
  'target-default-bus': ['B:default-bus'],
  'dead-letter-queue': ['A:ForwardingDeadLetterQueue'],
  'source-role': ['A:SourceRole'],
  'pipeline-role': ['B:PipelineRole'],
  'trigger-role': ['B:TriggerRole'],
  'forwarding-role': ['A:ForwardingRole'],
  registry: ['B:*'],
};

/** The model resource whose ARN a deployment value is; `this-account` is the resource's own account. */
export const DEPLOYMENT_VALUE_KEYS: Record<Exclude<DeploymentValue, 'this-account'>, string> = {
  'ecs-cluster': 'B:EcsCluster',
  'forwarding-rule': 'A:ForwardingRule',
};

export const isPrincipalOf = (kind: PrincipalKind, key: string) => PRINCIPAL_KEYS[kind].includes(key);

export const isResourceOf = (kind: ResourceKind, key: string) =>
  RESOURCE_KEYS[kind].some((k) => (k.endsWith('/') ? key.startsWith(k) && key.length > k.length : key === k));
