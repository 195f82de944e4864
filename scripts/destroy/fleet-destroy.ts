/**
 * The teardown of several targets of a fleet. Each selected target's own teardown (its stack B, account
 * A's permission on its bus, and what its stacks keep, as the single-target teardown does) runs a bounded
 * number at a time; one target's failure stops only that target. Account A's stack of a region serves
 * every target of the region: it goes only when every one of them is destroyed in this run, after they
 * are all down; else it stays, and the summary says which targets still use it.
 */
import { verifyIdentities } from '../deploy/identity';
import type { Accounts } from '../deploy/observe';
import type { DeleteStackStep, DestroyPlan, RetainedResource } from '../deploy/destroy-types';
import type { RunOptions } from '../deploy/run-steps';
import { EXIT, InterruptedError, XacctError } from '../errors';
import { eachTarget } from '../targets/each-target';
import type { ResolvedTarget } from '../targets/resolve-targets';
import { planDestroy, type TeardownState } from './destroy-planner';
import { observeTeardown } from './observe-teardown';
import { runDestroy } from './run-destroy';

/** Account A's stack of one region and the targets it serves. */
export interface SourceGroup {
  region: string;
  accountId: string;
  stack: string;
  serves: string[];
  /** Every target it serves is destroyed in this run: the stack goes after them. */
  goes: boolean;
  /** The served targets this run does not destroy. */
  stillUsedBy: string[];
}

export function sourceGroups(all: readonly ResolvedTarget[], selected: readonly ResolvedTarget[]): SourceGroup[] {
  const chosen = new Set(selected.map((t) => t.name));
  const groups = new Map<string, ResolvedTarget[]>();
  for (const t of all) {
    const key = `${t.source.accountId}/${t.region}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  return [...groups.values()]
    .filter((g) => g.some((t) => chosen.has(t.name)))
    .map((g) => {
      const stillUsedBy = g.filter((t) => !chosen.has(t.name)).map((t) => t.name);
      return { region: g[0]!.region, accountId: g[0]!.source.accountId, stack: g[0]!.source.stackName, serves: g.map((t) => t.name), goes: stillUsedBy.length === 0, stillUsedBy };
    });
}

const groupOf = (groups: SourceGroup[], t: ResolvedTarget) => groups.find((g) => g.region === t.region && g.accountId === t.source.accountId)!;

/** Why a target's own teardown leaves account A's stack of its region alone. */
export function keepReason(g: SourceGroup): string {
  return g.goes
    ? `account A's stack ${g.stack} in ${g.region} serves ${g.serves.join(', ')}: it is deleted after every one of them is down`
    : `account A's stack ${g.stack} in ${g.region} is kept: it still serves ${g.stillUsedBy.join(', ')}, which this run does not destroy`;
}

export interface TargetTeardown {
  target: string;
  accountId: string;
  region: string;
  outcome: 'destroyed' | 'failed';
  steps: Array<{ stepId: string; outcome: string }>;
  retained: RetainedResource[];
  error?: ReturnType<typeof errorOf>;
}

export interface SourceTeardown extends SourceGroup {
  outcome: 'deleted' | 'already-gone' | 'kept' | 'failed';
  reason: string;
  retained: RetainedResource[];
  error?: ReturnType<typeof errorOf>;
}

export interface FleetDestroySummary {
  deployment: string;
  targets: TargetTeardown[];
  sources: SourceTeardown[];
  failed: number;
}

export interface FleetDestroyOptions {
  concurrency: number;
  portsOf: (t: ResolvedTarget) => Promise<Accounts>;
  /** The run options of one unit (a target, or account A of a region), named by `label`. */
  runOptions: (label: string) => Omit<RunOptions, 'aws'>;
}

const errorOf = (e: unknown) => ({
  code: e instanceof XacctError ? e.code : 'internal',
  message: e instanceof Error ? e.message : String(e),
  exitCode: e instanceof XacctError ? e.exitCode : EXIT.internal,
});

function rethrowInterrupted(e: unknown): void {
  if (e instanceof InterruptedError) throw e;
}

export const sourceLabel = (g: SourceGroup) => `account A ${g.region}`;

export async function runFleetDestroy(deployment: string, all: readonly ResolvedTarget[], selected: readonly ResolvedTarget[], o: FleetDestroyOptions): Promise<FleetDestroySummary> {
  const groups = sourceGroups(all, selected);
  const settled = await eachTarget(selected, o.concurrency, async (t) => runDestroy(t.config, { ...o.runOptions(t.name), aws: await o.portsOf(t) }, keepReason(groupOf(groups, t))));
  const targets: TargetTeardown[] = settled.map((s, i) => {
    const t = selected[i]!;
    const base = { target: t.name, accountId: t.target.accountId, region: t.region };
    if (!s.ok) {
      rethrowInterrupted(s.error);
      return { ...base, outcome: 'failed', steps: [], retained: [], error: errorOf(s.error) };
    }
    return { ...base, outcome: 'destroyed', steps: s.value.results.map((r) => ({ stepId: r.stepId, outcome: r.result.outcome })), retained: s.value.retained };
  });
  const down = new Set(targets.filter((t) => t.outcome === 'destroyed').map((t) => t.target));
  const sources = await eachTarget(groups, o.concurrency, async (g): Promise<SourceTeardown> => {
    if (!g.goes) return { ...g, outcome: 'kept', reason: keepReason(g), retained: [] };
    const standing = g.serves.filter((n) => !down.has(n));
    if (standing.length > 0) return { ...g, outcome: 'kept', reason: `the teardown of ${standing.join(', ')} failed, and the stack still serves ${standing.length === 1 ? 'it' : 'them'}`, retained: [] };
    // The region's targets are down: the single-target teardown of one of them finds its stack B and
    // its permission gone and deletes account A's stack, keeping what holds data as for one target.
    const first = all.find((t) => t.name === g.serves[0])!;
    const done = await runDestroy(first.config, { ...o.runOptions(sourceLabel(g)), aws: await o.portsOf(first) });
    const result = done.results.find((r) => r.stepId === 'delete-source-stack')?.result;
    return { ...g, outcome: result?.outcome === 'deleted' ? 'deleted' : 'already-gone', reason: result && 'reason' in result ? String(result.reason) : `stack ${g.stack} deleted`, retained: done.retained };
  });
  const sourceRows: SourceTeardown[] = sources.map((s, i) => {
    if (s.ok) return s.value;
    rethrowInterrupted(s.error);
    return { ...groups[i]!, outcome: 'failed', reason: errorOf(s.error).message, retained: [], error: errorOf(s.error) };
  });
  return { deployment, targets, sources: sourceRows, failed: targets.filter((t) => t.outcome === 'failed').length + sourceRows.filter((s) => s.outcome === 'failed').length };
}

/** --dry-run: each target's teardown plan and each region's account-A stack, read and never changed. */
export interface FleetDestroyPlan {
  deployment: string;
  targets: Array<{ target: string; accountId: string; region: string; plan?: DestroyPlan; error?: ReturnType<typeof errorOf> }>;
  sources: Array<SourceGroup & { step?: DeleteStackStep; retained: RetainedResource[]; reason: string }>;
}

export async function planFleetDestroy(deployment: string, all: readonly ResolvedTarget[], selected: readonly ResolvedTarget[], o: Pick<FleetDestroyOptions, 'concurrency' | 'portsOf'>): Promise<FleetDestroyPlan> {
  const groups = sourceGroups(all, selected);
  const states = new Map<string, TeardownState>();
  const settled = await eachTarget(selected, o.concurrency, async (t) => {
    const aws = await o.portsOf(t);
    await verifyIdentities(t.config, aws, () => undefined);
    const state = await observeTeardown(t.config, aws);
    states.set(t.name, state);
    return planDestroy(t.config, state, keepReason(groupOf(groups, t)));
  });
  const targets = settled.map((s, i) => {
    const t = selected[i]!;
    const base = { target: t.name, accountId: t.target.accountId, region: t.region };
    if (s.ok) return { ...base, plan: s.value };
    rethrowInterrupted(s.error);
    return { ...base, error: errorOf(s.error) };
  });
  const sources = groups.map((g) => {
    const first = all.find((t) => t.name === g.serves[0])!;
    const state = states.get(first.name);
    if (!g.goes || !state) return { ...g, retained: [], reason: g.goes ? `not read: the teardown of ${first.name} could not be planned` : keepReason(g) };
    // As the run will do it: the region's stacks B gone first, then account A's stack.
    const plan = planDestroy(first.config, { ...state, targetStack: undefined, busPolicy: [] });
    const step = plan.steps.find((s): s is DeleteStackStep => s.kind === 'delete-stack' && s.account === 'source')!;
    return { ...g, step, retained: plan.retained.filter((r) => r.account === 'source'), reason: step.reason };
  });
  return { deployment, targets, sources };
}
