/** A fleet status row: what fleet-status.ts collects and the StackSets rows (stacksets-target-status.ts) share. */
import type { StatusReport } from './status-types';

/** One target's line of the fleet table, and its whole report when it could be read. */
export interface FleetTargetStatus {
  name: string;
  wave: number;
  accountId: string;
  region: string;
  /** healthy; not-healthy (the report lists problems); unreadable (the target or a part of it could not be read). */
  verdict: 'healthy' | 'not-healthy' | 'unreadable';
  stackA: string;
  stage1: string;
  stage2: string;
  pipeline: string;
  /** The digests the ECS service's tasks run. */
  running: string[];
  /** Why the target could not be read at all. */
  unreadable?: string;
  report?: StatusReport;
  /** A StackSets-deployed target's problems (it has no single-target report). */
  problems?: string[];
}
