/**
 * The teardown of several targets of a fleet. Each selected target's own teardown (its stack B, account
 * A's permission on its bus, and what its stacks keep, as the single-target teardown does) runs a bounded
 * number at a time; one target's failure stops only that target. Account A's stacks of a region serve
 * every target of the region: they go only when every one of them is destroyed in this run, after they
 * are all down. Otherwise a region with one target keeps its stack, and a region with several (account
 * A's fleet stacks) has them updated to serve the targets that remain (fleet-source-teardown.ts).
 */
import { verifyIdentities } from '../deploy/identity';
import type { Accounts } from '../deploy/observe';
import type { DeleteStackStep, DestroyPlan, RetainedResource } from '../deploy/destroy-types';
import type { RunOptions } from '../deploy/run-steps';
import { EXIT, InterruptedError, XacctError } from '../errors';
import { eachTarget } from '../targets/each-target';
import type { ResolvedTarget } from '../targets/resolve-targets';
import { regionSource, type RegionSource } from '../deploy/fleet-source-state';
import { createRunContext } from '../deploy/run-steps';
import { planDestroy, type TeardownState } from './destroy-planner';
import { applyFleetSourceChanges, fleetSourceChanges, type FleetSourceChange } from './fleet-source-teardown';
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
  /** Several targets: account A's fleet stacks (AccA-fleet), updated when some of them go. */
  fleet: boolean;
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
      return { region: g[0]!.region, accountId: g[0]!.source.accountId, stack: g[0]!.source.stackName, serves: g.map((t) => t.name), goes: stillUsedBy.length === 0, stillUsedBy, fleet: all.length > 1 };
    });
}

const groupOf = (groups: SourceGroup[], t: ResolvedTarget) => groups.find((g) => g.region === t.region && g.accountId === t.source.accountId)!;

/** Why a target's own teardown leaves account A's stack of its region alone. */
export function keepReason(g: SourceGroup): string {
  if (g.goes) return `account A's stack ${g.stack} in ${g.region} serves ${g.serves.join(', ')}: it is deleted after every one of them is down`;
  if (g.fleet) return `account A's stacks in ${g.region} also serve ${g.stillUsedBy.join(', ')}, which this run does not destroy: once this target is down they are updated to serve those that are deployed (deleted when none is)`;
  return `account A's stack ${g.stack} in ${g.region} is kept: it still serves ${g.stillUsedBy.join(', ')}, which this run does not destroy`;
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
  outcome: 'deleted' | 'already-gone' | 'kept' | 'updated' | 'failed';
  /** A fleet region: what happened to each of account A's fleet stacks. */
  changes?: FleetSourceChange[];
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

/**
 * Every deployed target of the region goes (the others in the config have no stage 1: a target destroyed
 * by an earlier run, or never deployed): then the fleet stacks go, the repository's last.
 */
const wholeRegion = (region: RegionSource): boolean => region.built.length === 0;

/** Account A's fleet stacks of `lead`'s region, as a deploy without `without` would make them. */
function readRegion(all: readonly ResolvedTarget[], lead: ResolvedTarget, aws: Accounts, portsOf: FleetDestroyOptions['portsOf'], without: readonly string[]): Promise<RegionSource> {
  const served = all.filter((t) => t.region === lead.region && t.source.accountId === lead.source.accountId);
  return regionSource(served, aws.source.cloudFormation, async (t) => (await portsOf(t)).target.cloudFormation.describeStack(t.target.stackName), without);
}

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
    if (!g.goes && !g.fleet) return { ...g, outcome: 'kept', reason: keepReason(g), retained: [] };
    const standing = g.serves.filter((n) => !down.has(n) && !g.stillUsedBy.includes(n));
    const failedToo = standing.length > 0 ? `the teardown of ${standing.join(', ')} failed, and the stack still serves ${standing.length === 1 ? 'it' : 'them'}` : '';
    const going = g.serves.filter((n) => down.has(n));
    if (going.length === 0 || (!g.fleet && standing.length > 0)) return { ...g, outcome: 'kept', reason: failedToo || keepReason(g), retained: [] };
    // A target just torn down: its account A ports are the region's, and its stack B and permission are gone.
    const lead = all.find((t) => t.name === going[0])!;
    const aws = await o.portsOf(lead);
    // One set of run options for the unit: the console prints its progress as one block.
    const options = o.runOptions(sourceLabel(g));
    let changes: FleetSourceChange[] = [];
    if (g.fleet) {
      // The region's fleet stacks without the targets now down; the others' stage-1 outputs are read with their own credentials.
      const region = await readRegion(all, lead, aws, o.portsOf, going);
      changes = fleetSourceChanges(region, going, wholeRegion(region));
      const ctx = createRunContext(lead.config, { ...options, aws }, () => undefined);
      const applied = await applyFleetSourceChanges(ctx, region, changes);
      if (!wholeRegion(region)) {
        ctx.emit({ type: 'destroy-finished', changed: applied.changed, unchanged: applied.unchanged, stoppedForConfirmation: false, retained: [] });
        const what = changes.map((c) => `${c.stack} ${c.action === 'none' ? 'unchanged' : c.action === 'update' ? 'updated' : 'deleted'}`).join(', ');
        return { ...g, outcome: 'updated', reason: `${going.join(', ')} no longer served (${what})${failedToo ? `; ${failedToo}` : ''}`, retained: [], changes };
      }
    }
    // The region's targets are down: the single-target teardown of one of them finds its stack B and
    // its permission gone and deletes account A's stack, keeping what holds data as for one target.
    const done = await runDestroy(lead.config, { ...options, aws });
    const result = done.results.find((r) => r.stepId === 'delete-source-stack')?.result;
    return { ...g, outcome: result?.outcome === 'deleted' ? 'deleted' : 'already-gone', reason: result && 'reason' in result ? String(result.reason) : `stack ${g.stack} deleted`, retained: done.retained, ...(g.fleet ? { changes } : {}) };
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
  sources: Array<SourceGroup & { step?: DeleteStackStep; retained: RetainedResource[]; reason: string; changes?: FleetSourceChange[] }>;
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
  const sources = await Promise.all(
    groups.map(async (g) => {
      const going = g.serves.filter((n) => !g.stillUsedBy.includes(n));
      const first = all.find((t) => t.name === going[0])!;
      const state = states.get(first.name);
      let changes: FleetSourceChange[] | undefined;
      let goes = g.goes;
      if (g.fleet) {
        // As the run will do it: the region's fleet stacks without the targets this run destroys.
        const region = await readRegion(all, first, await o.portsOf(first), o.portsOf, going);
        goes = wholeRegion(region);
        changes = fleetSourceChanges(region, going, goes);
        if (!goes) return { ...g, retained: [], changes, reason: changes.map((c) => c.reason).join('; ') || `account A has no fleet stack in ${g.region}` };
      }
      if (!goes || !state) return { ...g, retained: [], reason: goes ? `not read: the teardown of ${first.name} could not be planned` : keepReason(g) };
      // As the run will do it: the region's stacks B gone first, then account A's stack.
      const plan = planDestroy(first.config, { ...state, targetStack: undefined, busPolicy: [] });
      const step = plan.steps.find((s): s is DeleteStackStep => s.kind === 'delete-stack' && s.account === 'source')!;
      return { ...g, goes, step, retained: plan.retained.filter((r) => r.account === 'source'), reason: step.reason, ...(changes ? { changes } : {}) };
    }),
  );
  return { deployment, targets, sources };
}
