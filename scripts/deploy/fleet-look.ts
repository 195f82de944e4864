/**
 * Before a fleet is planned against the accounts: the ports of each target (account A's once per
 * region), who each account is (account A once per region, then each target's account B), and what
 * each target has in AWS now, `concurrency` targets at a time. A target that cannot be read is set
 * aside with the reason (`early`), and the others go on. Read-only: `plan` and `deploy-sequence` share it.
 */
import type { AccountPorts } from '../aws/ports';
import type { ResolvedTarget } from '../targets/resolve-targets';
import type { Clock } from './clock';
import type { Emit } from './events';
import { reasonOf } from './fleet-outcome';
import { verifyTargetIdentities } from './identity';
import { observeTarget, type ObservedState } from './observe';
import type { RunContext } from './run-context';
import { createRunContext } from './run-steps';
import { sharedStackReads } from './shared-stack-reads';

/** Where progress of a step is said: a target, or account A's shared stack of a region. */
export type FleetScope = { target: string } | { region: string };

export interface FleetLookOptions {
  /** The targets this run covers (--targets, --wave). */
  selected: ResolvedTarget[];
  concurrency: number;
  clock: Clock;
  pollIntervalMs?: number;
  signal?: AbortSignal;
  continueUpdateRollback?: boolean;
  /** Account A's ports in `lead`'s region (asked once per region), and one target's account B. */
  ports: { source: (lead: ResolvedTarget) => Promise<AccountPorts>; target: (t: ResolvedTarget) => Promise<AccountPorts> };
  /** The progress of one scope (the CLI prefixes its lines with the target). */
  emitFor: (scope: FleetScope) => Emit;
}

export interface FleetLook {
  /** Each selected target's run context: its ports (throttling retried), its resolved value, its progress. */
  contexts: Map<string, RunContext>;
  /** The target whose view decides account A's stack of a region (fleet-planner.ts: its first selected target). */
  leadOf: Map<string, ResolvedTarget>;
  /** The step each target runs now: throttling notices name it. */
  currentStep: Map<string, string | undefined>;
  /** Targets that could not be checked or read, with the reason. */
  early: Map<string, string>;
  /** The first of those failures as it was thrown (its exit code says what kind of problem it is). */
  firstError?: unknown;
  states: Map<string, ObservedState>;
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function bounded<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

export async function lookAtFleet(o: FleetLookOptions): Promise<FleetLook> {
  const regions = [...new Set(o.selected.map((t) => t.region))];
  // Account A's stack of a region is decided and deployed as its first selected target sees it (fleet-planner.ts).
  const leadOf = new Map(regions.map((r) => [r, o.selected.find((t) => t.region === r)!]));
  const sourcePorts = new Map<string, AccountPorts>();
  // A region's targets share account A's stack reads until the run writes the stack (shared-stack-reads.ts).
  for (const [region, lead] of leadOf) sourcePorts.set(region, sharedStackReads(await o.ports.source(lead)));
  const contexts = new Map<string, RunContext>();
  const currentStep = new Map<string, string | undefined>();
  for (const t of o.selected) {
    const aws = { source: sourcePorts.get(t.region)!, target: await o.ports.target(t) };
    const base = createRunContext(t.config, { aws, clock: o.clock, emit: o.emitFor({ target: t.name }), yes: true, ...(o.pollIntervalMs !== undefined ? { pollIntervalMs: o.pollIntervalMs } : {}), ...(o.signal ? { signal: o.signal } : {}), continueUpdateRollback: o.continueUpdateRollback ?? false }, () => currentStep.get(t.name));
    // The fleet member's own resolved value (its name, wave, prefix), not the config's one target.
    contexts.set(t.name, { ...base, target: t });
  }

  // Who each account is: account A once per region, then each target's account B.
  const early = new Map<string, string>();
  let firstError: unknown;
  const failTargets = (targets: ResolvedTarget[], why: string, e: unknown) => {
    firstError ??= e;
    targets.forEach((t) => early.has(t.name) || early.set(t.name, why));
  };
  await bounded(regions, o.concurrency, async (region) => {
    const lead = contexts.get(leadOf.get(region)!.name)!;
    await verifyTargetIdentities(lead.target, lead.aws, o.emitFor({ region }), ['source']).catch((e) =>
      failTargets(o.selected.filter((t) => t.region === region), `account A in ${region}: ${reasonOf(e)}`, e),
    );
  });
  const states = new Map<string, ObservedState>();
  await bounded(o.selected.filter((t) => !early.has(t.name)), o.concurrency, async (t) => {
    const ctx = contexts.get(t.name)!;
    try {
      await verifyTargetIdentities(t, ctx.aws, ctx.emit, ['target']);
      states.set(t.name, await observeTarget(t, ctx.aws));
    } catch (e) {
      failTargets([t], reasonOf(e), e);
    }
  });

  return { contexts, leadOf, currentStep, early, states, ...(firstError !== undefined ? { firstError } : {}) };
}
