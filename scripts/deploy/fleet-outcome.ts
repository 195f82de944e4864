/** How each target of a fleet run ended, from its steps' results: what the summary and --json report. */
import type { StepResult } from './events';
import type { FleetPlan, FleetStep } from './fleet-planner';
import type { GraphResult } from './step-graph';

/** succeeded: something changed; unchanged: every step found nothing to do; not-run: an earlier step of it or of its region failed. */
export type TargetOutcomeKind = 'succeeded' | 'unchanged' | 'failed' | 'not-run';

export interface TargetOutcome {
  name: string;
  wave: number;
  region: string;
  accountId: string;
  outcome: TargetOutcomeKind;
  /** failed / not-run: why (the error, or the step that stopped it). */
  reason?: string;
  changed: number;
  unchanged: number;
}

/** A failure before any step (identity, observing) or of a step, said in one line. */
export const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

export function targetOutcomes(
  plan: FleetPlan,
  results: Map<string, GraphResult>,
  stepResults: Map<string, StepResult>,
  earlyFailures: Map<string, string>,
): TargetOutcome[] {
  return plan.targets.map((t) => {
    const base = { name: t.name, wave: t.wave, region: t.region, accountId: t.accountId };
    const own = plan.steps.filter((s) => s.target === t.name);
    // The region's shared stack of account A counts as one of each target's steps it serves.
    const shared = plan.steps.filter((s): s is FleetStep => s.target === undefined && (s.serves ?? []).includes(t.name));
    const mine = [...shared, ...own];
    const counted = mine.map((s) => stepResults.get(s.id)).filter((r): r is StepResult => r !== undefined);
    const changed = counted.filter((r) => r.outcome !== 'no-change' && r.outcome !== 'not-confirmed').length;
    const unchanged = counted.filter((r) => r.outcome === 'no-change').length;
    const early = earlyFailures.get(t.name);
    if (early) return { ...base, outcome: 'failed', reason: early, changed, unchanged };
    const failedOwn = own.find((s) => results.get(s.id)?.state === 'failed');
    if (failedOwn) return { ...base, outcome: 'failed', reason: `${failedOwn.id}: ${reasonOf((results.get(failedOwn.id) as { error: unknown }).error)}`, changed, unchanged };
    const failedShared = shared.find((s) => results.get(s.id)?.state === 'failed');
    if (failedShared) {
      return { ...base, outcome: 'not-run', reason: `account A's stack in ${t.region} failed: ${reasonOf((results.get(failedShared.id) as { error: unknown }).error)}`, changed, unchanged };
    }
    const skipped = mine.find((s) => results.get(s.id)?.state === 'not-run');
    if (skipped) return { ...base, outcome: 'not-run', reason: `${skipped.id}: ${(results.get(skipped.id) as { why: string }).why}`, changed, unchanged };
    return { ...base, outcome: changed > 0 ? 'succeeded' : 'unchanged', changed, unchanged };
  });
}
