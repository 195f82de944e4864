/**
 * How a stack set operation runs on the fake clock: its instances in batches bounded by the operation
 * preferences, each instance a real stack operation in the target account's FakeCloudFormation (a
 * change set, then its execution), failure tolerance per region, regions one after another or at once.
 * Behaviour and sources: fake-aws.md, "StackSets".
 */
import type { FakeCloudFormation } from './fake-cloudformation';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type ResultStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface InstanceResult {
  account: string;
  region: string;
  ou?: string;
  status: ResultStatus;
  reason?: string;
  /** Where the instance's stack operation is: its change set being made, executing, or being deleted. */
  phase?: 'changeset' | 'executing' | 'deleting';
  /** The change set the instance's stack operation is made of. */
  changeSet?: string;
}

export interface Preferences {
  regionOrder: string[];
  parallel: boolean;
  maxCount?: number;
  maxPercentage?: number;
  toleranceCount?: number;
  tolerancePercentage?: number;
  soft: boolean;
}

export interface Operation {
  id: string;
  action: 'CREATE' | 'UPDATE' | 'DELETE';
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'STOPPED';
  statusReason?: string;
  preferences: Preferences;
  /** As the caller sent them, for DescribeStackSetOperation. */
  preferencesJson: Json;
  createdAt: number;
  endedAt?: number;
  /** account/region -> result, in the order the instances were named. */
  results: Map<string, InstanceResult>;
  /** Delete operations: keep the stacks (RetainStacks). */
  retainStacks?: boolean;
  /** The regions whose tolerance was exceeded (nothing more starts there, nor in later regions if sequential). */
  stoppedRegions: Set<string>;
}

/** What an operation needs of its stack set and of the accounts' CloudFormation. */
export interface InstanceWork {
  cfn(account: string, region: string): FakeCloudFormation;
  /** The instance's stack name, template, parameters and capabilities for an operation. */
  stackOf(account: string, region: string): { stackName: string; exists: boolean; templateBody: string; parameters: Record<string, string>; capabilities: string[] };
  /** Called when an instance's stack operation ends (the stack set records the instance's status). */
  ended(op: Operation, r: InstanceResult): void;
}

const n = (v: unknown): number | undefined => (v === undefined || v === '' ? undefined : Number(v));

/** The preferences as the query wire carries them (numbers as text). */
export function preferencesOf(p: Json | undefined): Preferences {
  const q = p ?? {};
  return {
    regionOrder: Array.isArray(q.RegionOrder) ? q.RegionOrder : [],
    parallel: q.RegionConcurrencyType === 'PARALLEL',
    ...(n(q.MaxConcurrentCount) !== undefined ? { maxCount: n(q.MaxConcurrentCount) } : {}),
    ...(n(q.MaxConcurrentPercentage) !== undefined ? { maxPercentage: n(q.MaxConcurrentPercentage) } : {}),
    ...(n(q.FailureToleranceCount) !== undefined ? { toleranceCount: n(q.FailureToleranceCount) } : {}),
    ...(n(q.FailureTolerancePercentage) !== undefined ? { tolerancePercentage: n(q.FailureTolerancePercentage) } : {}),
    soft: q.ConcurrencyMode === 'SOFT_FAILURE_TOLERANCE',
  };
}

/**
 * Failure tolerance of a region of `total` accounts: a count, or a percentage rounded down; 0 by default
 * (API reference, StackSetOperationPreferences FailureToleranceCount/Percentage).
 */
export function toleranceOf(p: Preferences, total: number): number {
  if (p.toleranceCount !== undefined) return p.toleranceCount;
  if (p.tolerancePercentage !== undefined) return Math.floor((p.tolerancePercentage * total) / 100);
  return 0;
}

/**
 * Accounts worked on at once in a region: a count, or a percentage rounded down but at least one (API
 * reference, MaxConcurrentPercentage: "if rounding down would result in zero, CloudFormation sets the
 * number as one instead"); 1 by default. STRICT_FAILURE_TOLERANCE (the default) starts at the lower of
 * that and tolerance + 1 and lowers it by the failures so far (ConcurrencyMode); SOFT keeps it.
 */
export function concurrencyOf(p: Preferences, total: number, failed: number): number {
  const max = p.maxCount ?? (p.maxPercentage !== undefined ? Math.max(1, Math.floor((p.maxPercentage * total) / 100)) : 1);
  if (p.soft) return max;
  return Math.max(1, Math.min(max, toleranceOf(p, total) + 1 - failed));
}

/** The regions of an operation in the order it works them: RegionOrder first, then the rest as named. */
function regionsOf(op: Operation): string[] {
  const named = [...new Set([...op.results.values()].map((r) => r.region))];
  return [...op.preferences.regionOrder.filter((r) => named.includes(r)), ...named.filter((r) => !op.preferences.regionOrder.includes(r))];
}

/** An instance's stack operation, one step on: returns whether anything changed. */
function stepInstance(op: Operation, r: InstanceResult, work: InstanceWork): boolean {
  const cfn = work.cfn(r.account, r.region);
  cfn.tick();
  const stack = work.stackOf(r.account, r.region);
  const finish = (status: 'SUCCEEDED' | 'FAILED', reason?: string) => {
    r.status = status;
    delete r.phase;
    if (reason) r.reason = reason;
    work.ended(op, r);
    return true;
  };
  try {
    if (r.status === 'PENDING') {
      r.status = 'RUNNING';
      if (op.action === 'DELETE') {
        if (!stack.exists || op.retainStacks) return finish('SUCCEEDED');
        cfn.DeleteStack({ StackName: stack.stackName });
        r.phase = 'deleting';
        return true;
      }
      r.changeSet = `stackset-${op.id}`.slice(0, 128);
      cfn.CreateChangeSet({
        StackName: stack.stackName,
        ChangeSetName: r.changeSet,
        ChangeSetType: stack.exists ? 'UPDATE' : 'CREATE',
        TemplateBody: stack.templateBody,
        Parameters: Object.entries(stack.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
        Capabilities: stack.capabilities,
      });
      r.phase = 'changeset';
      return true;
    }
    if (r.status !== 'RUNNING') return false;
    if (r.phase === 'changeset') {
      const cs = cfn.DescribeChangeSet({ StackName: stack.stackName, ChangeSetName: r.changeSet });
      if (cs.Status === 'CREATE_PENDING' || cs.Status === 'CREATE_IN_PROGRESS') return false;
      // An instance whose stack would not change is current: StackSets reports it SUCCEEDED (unsure of AWS's reason text).
      if (cs.Status === 'FAILED') return /didn't contain changes/.test(cs.StatusReason ?? '') ? finish('SUCCEEDED') : finish('FAILED', cs.StatusReason);
      cfn.ExecuteChangeSet({ StackName: stack.stackName, ChangeSetName: r.changeSet });
      r.phase = 'executing';
      return true;
    }
    const s = cfn.stack(stack.stackName);
    const status = s?.status ?? 'DELETE_COMPLETE';
    if (status.endsWith('_IN_PROGRESS')) return false;
    if (r.phase === 'deleting') return status === 'DELETE_COMPLETE' ? finish('SUCCEEDED') : finish('FAILED', `Stack ${stack.stackName} is ${status}`);
    if (status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE') return finish('SUCCEEDED');
    // "ResourceLogicalId:<id>, ResourceType:<type>, ResourceStatusReason:<reason>." — the form StackSets
    // reports a failed instance's first failed resource in (unsure: seen in users' reports, not in the API reference).
    const failed = s?.events.find((e) => e.ResourceStatus.endsWith('_FAILED') && e.LogicalResourceId !== stack.stackName);
    return finish('FAILED', failed ? `ResourceLogicalId:${failed.LogicalResourceId}, ResourceType:${failed.ResourceType}, ResourceStatusReason:${failed.ResourceStatusReason ?? ''}.` : `Stack ${stack.stackName} is ${status}`);
  } catch (e) {
    return finish('FAILED', (e as Error).message);
  }
}

/**
 * One step of a running operation at `now`: instances progress, new ones start where concurrency
 * allows, and the operation ends when every region is done. Returns whether anything changed.
 */
export function stepOperation(op: Operation, work: InstanceWork, now: number): boolean {
  let changed = false;
  const regions = regionsOf(op);
  for (const [i, region] of regions.entries()) {
    const inRegion = [...op.results.values()].filter((r) => r.region === region);
    for (const r of inRegion.filter((x) => x.status === 'RUNNING')) changed = stepInstance(op, r, work) || changed;
    const failed = inRegion.filter((r) => r.status === 'FAILED').length;
    // "The number of accounts, per Region, for which this operation can fail before CloudFormation stops
    // the operation in that Region. If the operation is stopped in a Region, CloudFormation doesn't
    // attempt the operation in any subsequent Regions." (API reference, StackSetOperationPreferences)
    if (failed > toleranceOf(op.preferences, inRegion.length) && !op.stoppedRegions.has(region)) {
      op.stoppedRegions.add(region);
      const later = op.preferences.parallel ? [] : regions.slice(i + 1);
      for (const r of op.results.values()) {
        if (r.status === 'PENDING' && (r.region === region || later.includes(r.region))) {
          r.status = 'CANCELLED';
          // The reason AWS records (aws-control-tower-customizations issue #28, a DescribeStackSetOperation run).
          r.reason = 'Cancelled since failure tolerance has exceeded';
        }
      }
      changed = true;
    }
    const running = inRegion.filter((r) => r.status === 'RUNNING').length;
    let room = concurrencyOf(op.preferences, inRegion.length, failed) - running;
    for (const r of inRegion) {
      if (room <= 0 || op.stoppedRegions.has(region)) break;
      if (r.status !== 'PENDING') continue;
      changed = stepInstance(op, r, work) || changed;
      room--;
    }
    // SEQUENTIAL (the default): the next region starts when this one is done.
    if (!op.preferences.parallel && inRegion.some((r) => r.status === 'PENDING' || r.status === 'RUNNING')) break;
  }
  const open = [...op.results.values()].some((r) => r.status === 'PENDING' || r.status === 'RUNNING');
  if (!open) {
    op.status = op.stoppedRegions.size > 0 ? 'FAILED' : 'SUCCEEDED';
    if (op.status === 'FAILED') op.statusReason = 'The Operation failed to meet the failure tolerance';
    op.endedAt = now;
    changed = true;
  }
  return changed;
}
