/**
 * `xacct status` of a fleet: each selected target's status read with the single-target collector, a
 * bounded number of targets at a time, each with its own credentials. A target that cannot be read at
 * all (credentials refused, a profile missing) is a row that says why; the others are still read.
 */
import type { Accounts } from '../deploy/observe';
import { EXIT, InterruptedError, XacctError, type ExitCode } from '../errors';
import { eachTarget } from '../targets/each-target';
import type { ResolvedTarget } from '../targets/resolve-targets';
import { describeAwsFailure } from '../aws/aws-errors';
import { isFleetRegion, regionReader } from '../deploy/fleet-source-state';
import type { StackSummary } from '../aws/ports';
import { detectDrift } from './drift';
import { collectStatus, type StatusOptions } from './collect-status';
import { fleetStackOf, withFleetSource, withFleetSourceUnread } from './fleet-source-status';
import type { DriftReport, StatusReport } from './status-types';
import type { FleetTargetStatus } from './fleet-status-row';
import type { StackSetsFleetState } from '../stacksets/stacksets-fleet-state';
import { stackSetsTargetStatus } from './stacksets-target-status';

export type { FleetTargetStatus };

export interface FleetStatusReport {
  deployment: string;
  targets: FleetTargetStatus[];
  summary: { targets: number; healthy: number; notHealthy: number; unreadable: number };
}

const stackState = (r: StatusReport, account: 'source' | 'target') => r.stacks.find((s) => s.account === account);

/** Stack B runs stage 1 (AccB-pipeline-1) until stage 2 (AccB-pipeline-2) updates it: the columns say which. */
function stages(r: StatusReport): { stage1: string; stage2: string } {
  const b = stackState(r, 'target');
  if (!b?.exists) return { stage1: 'missing', stage2: 'pending' };
  if (b.foreign) return { stage1: 'not ours', stage2: 'not ours' };
  const outOfDate = b.template && !b.template.current ? ' (out of date)' : '';
  if (b.template?.name === 'AccB-pipeline-2') return { stage1: 'done', stage2: `${b.status}${outOfDate}` };
  return { stage1: `${b.status}${outOfDate}`, stage2: 'pending' };
}

function rowOf(t: ResolvedTarget, r: StatusReport): FleetTargetStatus {
  const a = stackState(r, 'source');
  const stackA = !a?.exists ? 'missing' : a.foreign ? 'not ours' : `${a.status}${a.template && !a.template.current ? ' (out of date)' : ''}`;
  return {
    name: t.name,
    wave: t.wave,
    accountId: t.target.accountId,
    region: t.region,
    verdict: r.unreadable.length > 0 ? 'unreadable' : r.healthy ? 'healthy' : 'not-healthy',
    stackA,
    ...stages(r),
    pipeline: r.pipeline.verdict,
    running: r.release?.runningDigests ?? [],
    report: r,
  };
}

function unreadableRow(t: ResolvedTarget, error: unknown): FleetTargetStatus {
  const why = error instanceof Error ? error.message : String(error);
  return { name: t.name, wave: t.wave, accountId: t.target.accountId, region: t.region, verdict: 'unreadable', stackA: '?', stage1: '?', stage2: '?', pipeline: 'unreadable', running: [], unreadable: why };
}

export async function collectFleetStatus(
  deployment: string,
  targets: readonly ResolvedTarget[],
  portsOf: (t: ResolvedTarget) => Promise<Accounts>,
  o: StatusOptions & { concurrency: number },
  /** Every target of the config: a region with several has account A's fleet stacks (deploy/fleet-source-state.ts). */
  all: readonly ResolvedTarget[] = targets,
  /** A fleet deployed by the StackSets engine: each target's stacks are its instances' (stacksets-fleet-state.ts). */
  stackSets?: StackSetsFleetState,
): Promise<FleetStatusReport> {
  if (stackSets) {
    const settled = await eachTarget(targets, o.concurrency, async (t) => stackSetsTargetStatus(t, stackSets.instances.get(t.name) ?? {}, await portsOf(t)));
    return summarized(deployment, settled.map((s, i) => {
      if (s.ok) return s.value;
      if (s.error instanceof InterruptedError || !(s.error instanceof XacctError)) throw s.error;
      return unreadableRow(targets[i]!, s.error);
    }));
  }
  // Account A's fleet stacks of a region and its targets' stage-1 outputs, read once for all its targets.
  const regionOf = regionReader(all, portsOf);
  // --drift of a region's fleet stacks: once per stack, for every target it serves (CloudFormation
  // runs one detection of a stack after another, and the answer is the same for each of them).
  const drifts = new Map<string, Promise<DriftReport>>();
  const driftOf = (t: ResolvedTarget, aws: Accounts, stack: StackSummary): Promise<DriftReport> => {
    const key = `${t.source.accountId} ${t.region} ${stack.name}`;
    let drift = drifts.get(key);
    if (!drift) {
      drift = detectDrift(aws.source.cloudFormation, stack, o.clock, o.pollIntervalMs).catch((e: unknown): DriftReport => {
        // As the collector reports a drift AWS refuses or fails: that part unread, with why.
        const failure = describeAwsFailure(e, `detecting drift of stack ${stack.name}`, t.source.accountId);
        if (failure instanceof XacctError && failure.exitCode === EXIT.aws) return { status: 'UNREADABLE', reason: failure.message, drifted: [] };
        throw failure;
      });
      drifts.set(key, drift);
    }
    return drift;
  };
  const settled = await eachTarget(targets, o.concurrency, async (t) => {
    const aws = await portsOf(t);
    const fleetRegion = isFleetRegion(all, t);
    const report = await collectStatus(t.config, aws, { ...o, sourceDriftElsewhere: fleetRegion });
    if (!fleetRegion) return report;
    // Another target's stage 1 that cannot be read (its credentials refused) leaves this part unread, not the whole row.
    const region = await regionOf(t).catch((e: unknown) => {
      if (e instanceof XacctError && !(e instanceof InterruptedError)) return e;
      throw e;
    });
    if (region instanceof XacctError) return withFleetSourceUnread(t.config, report, t.region, region.message);
    const roleName = region.sourceRoleNames[t.name];
    const role = roleName
      ? await aws.source.iam.role(roleName).catch((e: unknown) => {
          throw describeAwsFailure(e, `reading role ${roleName}`, t.source.accountId);
        })
      : undefined;
    const stack = fleetStackOf(region, t.name);
    const drift = o.drift && stack ? await driftOf(t, aws, stack) : undefined;
    return withFleetSource(t.config, t.name, report, { region, role, ...(drift ? { drift } : {}) });
  });
  const rows = settled.map((s, i) => {
    if (s.ok) return rowOf(targets[i]!, s.value);
    // Ctrl-C stops the whole run; anything else is this target's and the others still print.
    if (s.error instanceof InterruptedError) throw s.error;
    if (!(s.error instanceof XacctError)) throw s.error;
    return unreadableRow(targets[i]!, s.error);
  });
  return summarized(deployment, rows);
}

function summarized(deployment: string, rows: FleetTargetStatus[]): FleetStatusReport {
  const count = (v: FleetTargetStatus['verdict']) => rows.filter((r) => r.verdict === v).length;
  return { deployment, targets: rows, summary: { targets: rows.length, healthy: count('healthy'), notHealthy: count('not-healthy'), unreadable: count('unreadable') } };
}

/** As single-target status: 4 when something could not be read, else 1 when a target is not healthy, else 0. */
export const fleetStatusExit = (r: FleetStatusReport): ExitCode => (r.summary.unreadable > 0 ? EXIT.aws : r.summary.notHealthy > 0 ? EXIT.findings : EXIT.ok);
