/**
 * What `xacct doctor` finds, as data: `--json` prints it, the console renderer draws it, tests assert on
 * it. Read-only: doctor never changes anything in either account.
 */
import type { ActionExecution, ExecutionSummary } from '../aws/ports';
import type { AccountKey } from '../deploy/plan-types';
import type { Explanation } from '../explain/explanation';

/** The hops an image push takes to a running task, in order. */
export type HopId = 'push' | 'event-in-a' | 'forward-to-b' | 'trigger' | 'ecr-source' | 'artifact' | 'ecs-deploy' | 'image-pull';

export interface StatementDifference {
  /** The statement's Sid, or `statement <n>` for one without. */
  statement: string;
  change: 'missing' | 'added' | 'changed';
  expected?: unknown;
  live?: unknown;
  /** Why this difference matters, when the tool can tell (a deleted role's unique id, ...). */
  note?: string;
}

/** One live policy (or rule) against what the deployed template says it is. */
export interface PolicyCheck {
  account: AccountKey;
  /** `AccA-pipeline SourceRole trust policy`, `AccB-pipeline-2 ArtifactBucketPolicy`, `B default event bus policy`. */
  label: string;
  /** The logical id in the template (or `default-bus`). */
  resource: string;
  /** The physical name or id that was read. */
  physicalId: string;
  state: 'same' | 'differs' | 'missing' | 'unreadable';
  differences: StatementDifference[];
  /** unreadable: why (the AWS error); missing: what is gone. */
  reason?: string;
}

export interface HopVerdict {
  hop: HopId;
  title: string;
  verdict: 'ok' | 'problem' | 'unknown' | 'not-deployed';
  findings: string[];
}

export interface DoctorReport {
  deployment: string;
  region: string;
  identities: Record<AccountKey, { accountId: string; arn: string }>;
  /** The pipeline's latest execution and, when one failed, its failed action. */
  execution?: ExecutionSummary & { failed?: ActionExecution };
  /** The failed action's error, explained against the live policies (as `xacct explain` does). */
  explanation?: Explanation;
  policies: PolicyCheck[];
  hops: HopVerdict[];
  healthy: boolean;
  problems: string[];
  /** What could not be read (the report is incomplete without it). */
  unreadable: string[];
}
