/**
 * Where a deployment stands, in both accounts, as data: `xacct status --json` prints it, the console
 * renderer draws it, tests assert on it.
 */
import type { ResourceDrift, StageStateSummary } from '../aws/ports';
import type { AccountKey } from '../deploy/plan-types';

export interface DriftReport {
  /** DRIFTED, IN_SYNC, NOT_CHECKED, UNKNOWN, or why it was not checked. */
  status: string;
  reason?: string;
  /** MODIFIED and DELETED resources with their property differences. */
  drifted: ResourceDrift[];
}

export interface StackReport {
  account: AccountKey;
  accountId: string;
  stack: string;
  exists: boolean;
  status?: string;
  statusReason?: string;
  lastOperation?: { operation: string; outcome: string; at?: string };
  /** Why the stack is not this deployment's, when it is not. */
  foreign?: string;
  /** The template the stack runs (stack tags) against the one generated/ holds now. */
  template?: { name: string; deployedHash?: string; currentHash?: string; current: boolean };
  drift?: DriftReport;
}

/** Did the last push reach ECS? */
export type PipelineVerdict = 'not-deployed' | 'missing' | 'waiting-for-first-push' | 'never-ran' | 'deployed' | 'in-progress' | 'failed' | 'stopped' | 'not-reached' | 'unreadable';

export interface PipelineReport {
  name?: string;
  verdict: PipelineVerdict;
  /** The verdict for people. */
  summary: string;
  stages: StageStateSummary[];
  /** Why the pipeline's state could not be read (verdict `unreadable`). */
  unreadable?: string;
  /** waiting-for-first-push: how to push the first image. */
  pushCommands?: string[];
}

/** What the ECS service runs, what the tag points to, and which execution deployed it. */
export interface ReleaseReport {
  /** `<cluster>/<service>`. */
  service: string;
  container: string;
  exists: boolean;
  /** The image the service's task definition names for the container. */
  image?: string;
  /** Named by digest (`repo@sha256:...`, release by digest) rather than by tag. */
  pinned?: boolean;
  /** The digests the running tasks run (more than one while a deployment replaces tasks). */
  runningDigests: string[];
  deploymentInProgress?: boolean;
  /** The digest the tracked tag points to in account A now. */
  tagDigest?: string;
  /** The execution whose ECS deploy put the running task definition in place, as far as the recent executions show. */
  deployedBy?: { executionId: string; status: string; trigger?: string; executionMode?: string; releasedDigest?: string; startTime?: string };
  summary: string;
  /**
   * Set when the service has no deployment circuit breaker with rollback: a deployment whose tasks cannot
   * start then keeps trying instead of returning to the last completed one.
   */
  circuitBreakerWarning?: string;
  /** Why the service or its executions could not be read. */
  unreadable?: string;
}

export interface StatusReport {
  deployment: string;
  region: string;
  identities: Record<AccountKey, { accountId: string; arn: string; credentials: string }>;
  /** Stack B, then stack A. */
  stacks: StackReport[];
  busPermission: { statementId: string; principalAccountId: string; present: boolean };
  imageDefinitions: { key: string; bucket?: string; present: boolean; versionId?: string; matchesConfig?: boolean; expected?: string };
  pipeline: PipelineReport;
  /** Absent while stack B runs no pipeline. */
  release?: ReleaseReport;
  /** What `deploy-sequence` would do now (steps whose action is not "none"). */
  pending: Array<{ stepId: string; action: string; reason: string }>;
  /** Everything deployed, current and in sync, and the last pipeline run did not fail. */
  healthy: boolean;
  problems: string[];
  /** The parts that could not be read (AWS refused or failed the read), each with why; the rest is reported as read. */
  unreadable: Array<{ part: string; reason: string }>;
}
