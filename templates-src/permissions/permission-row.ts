/**
 * The shape of one row of the permission table (action-permissions.ts): who needs which IAM actions on
 * what, for which hop of the pipeline, and the page that says so. Templates build their grants from
 * rows and the access proof builds its calls from the same rows, so neither can hold a belief the
 * table does not document.
 */
import type { PageId } from './documentation';

/** Who makes the call. Roles are the templates' own (or the ECS roles stack B is given). */
export type PrincipalKind =
  | 'pipeline-role'
  | 'source-role'
  | 'trigger-role'
  | 'forwarding-role'
  | 'task-execution-role'
  | 'key-administrator'
  /** Any principal of account B that B's own IAM policies allow (the key policy's account statement). */
  | 'account-b'
  /** Any principal of account A that A's own IAM policies allow (the put-permission statement). */
  | 'account-a'
  | 'codepipeline-service'
  | 'eventbridge-in-account-a'
  | 'eventbridge-in-account-b';

/** What the call is made on. */
export type ResourceKind =
  | 'repository'
  | 'artifact-objects'
  | 'artifact-bucket'
  | 'artifact-key'
  | 'source-objects'
  | 'source-bucket'
  | 'ecs-service'
  | 'ecs-cluster-tasks'
  | 'task-definitions'
  | 'any-task-definition'
  | 'ecs-task-roles'
  | 'pipeline'
  /** The log group CodePipeline creates for the Commands action, /aws/codepipeline/<pipeline> (either ARN form). */
  | 'commands-log-group'
  /** Its log streams (`<group ARN>:log-stream:...`). */
  | 'commands-log-streams'
  /** The CloudWatch alarm of the deploy stage's rollback condition (parameter RollbackAlarmName). */
  | 'rollback-alarm'
  | 'target-default-bus'
  | 'dead-letter-queue'
  | 'source-role'
  | 'pipeline-role'
  | 'trigger-role'
  | 'forwarding-role'
  | 'registry';

/** Where a grant must be written: the caller's IAM policy, the resource's policy, or both (across accounts, keys, trusts). */
export type GrantSide = 'identity' | 'resource';

/**
 * Values a condition takes from the deployment: the template writes them as intrinsic functions, the
 * proof reads them from the example deployment.
 * - `this-account`: the account of the stack that holds the resource (`AWS::AccountId`);
 * - `ecs-cluster`: the ARN of the ECS cluster of the service;
 * - `forwarding-rule`: the ARN of account A's forwarding rule.
 */
export type DeploymentValue = 'this-account' | 'ecs-cluster' | 'forwarding-rule';

/** A condition the grant carries: a literal `value`, or a value the deployment supplies (`from`). */
export type RowCondition =
  | { operator: 'StringEquals'; key: string; value: string }
  | { operator: 'StringEquals' | 'ArnEquals'; key: string; from: DeploymentValue };

export interface Citation {
  page: PageId;
  /** Words of the page, verbatim. */
  quote?: string;
  /** The section that holds the list, when the row cites a list rather than a sentence. */
  section?: string;
}

export interface PermissionRow {
  /** `<hop>/<what>`, cited by the templates' builders and the proof's calls. */
  id: string;
  /** The pipeline action or hop that needs it, for people. */
  hop: string;
  principal: PrincipalKind;
  actions: readonly string[];
  resource: ResourceKind;
  /** Which policies must allow it. */
  sides: readonly GrantSide[];
  conditions?: readonly RowCondition[];
  /** What the request itself carries, so a probe that differs there is not a contradiction (SSE-KMS uploads). */
  requestContext?: Readonly<Record<string, string>>;
  sources: readonly Citation[];
  /** Set when no page settles the row: why, and what was chosen (the path that works in a real account). */
  unsure?: string;
  /** A decision about the row that the sources explain (a condition left out, a wider action left out). */
  note?: string;
  /** Granted outside the templates (an AWS managed policy the user attaches): the proof still follows it. */
  outside?: string;
}
