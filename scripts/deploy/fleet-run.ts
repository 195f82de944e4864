/**
 * A deploy-sequence over a fleet: who each account is (account A once per region, each target's
 * account B), what each target has in AWS now, the fleet plan from those states (fleet-planner.ts),
 * shown and confirmed once, then the steps by `dependsOn` with bounded concurrency. A failed step stops
 * only the later steps of its target (or, for account A's stack, of its region's targets); the others
 * go on. Each step decides again before it acts, so unchanged targets are passed without a write.
 */
import { InterruptedError } from '../errors';
import type { ResolvedTarget } from '../targets/resolve-targets';
import type { StepResult } from './events';
import { planFleet, type FleetPlan, type FleetStep } from './fleet-planner';
import { reasonOf, targetOutcomes, type TargetOutcome } from './fleet-outcome';
import { deploySharedSource } from './fleet-shared-source';
import { FLEET_TEMPLATE } from '../../templates-src/acc-a-fleet';
import { lookAtFleet, type FleetLookOptions } from './fleet-look';
import { EMPTY_STATE } from './observe';
import { changes, type DeployStackStep } from './plan-types';
import { pipelineRun } from './pipeline-run';
import type { RunContext } from './run-context';
import { runGraph } from './step-graph';
import { executeStep } from './steps/execute-step';
import { freshStackReads } from './shared-stack-reads';

/**
 * The default --concurrency. CloudFormation publishes no rate limits and answers bursts with
 * Throttling ("Rate exceeded"; AWS re:Post knowledge center, cloudformation-rate-exceeded-error: back
 * off exponentially, create or update stacks one at a time, or ask for a quota increase naming the
 * Region). Public reports put the sustained rate near 8-10 calls a second per account
 * (../shared/design/fleet.md; unsure: no AWS page states a figure). Measured with the fake at the
 * CLI's 1 s poll interval (test/deploy/fleet-concurrency.test.ts, the fake's 60 s operations then), a
 * fleet of three regions took 534 s of virtual time at 1, 309 s at 2, 190 s at 4 and 183 s at 8, with at most 5 CloudFormation
 * calls in any second per account and region (9 for account A over all regions at 4 and 8; 11-12
 * before a region's targets shared its stack reads, shared-stack-reads.ts). There 4 is where more stops
 * paying, but a fleet of 50 targets in 2 regions (test/bench/fleet-bench.ts, over HTTP on the wall
 * clock, 3 s operations) took 8.2 times one target's time at 4, 3.4 at 16 and 1.9 at 50: its 100
 * target stacks waited for a free place. The lock per account and region below keeps each account's
 * rate where it was for a single target whatever the bound (at 50: at most 6 CloudFormation calls in
 * any second of account A in a region, 6 of a target account), so the bound is set for fleets of that size.
 */
export const DEFAULT_CONCURRENCY = 50;

export interface FleetRunOptions extends FleetLookOptions {
  /** Every target of the config: account A's stack of a region serves all of them. */
  all: ResolvedTarget[];
  yes: boolean;
  /** Asks a person once, for the whole plan; absent when nobody can answer. */
  confirm?: (question: string) => Promise<boolean>;
  /** The plan, once, before anything is written. */
  showPlan: (plan: FleetPlan) => void;
  /**
   * Only the plan's steps this keeps (the StackSets engine runs the steps between its stages: account
   * A's stacks, bus permissions, uploads, first-image checks). A step it leaves out counts as done for
   * the steps that need it, and the pipelines are not looked at afterwards (they may not exist yet).
   */
  stepFilter?: (step: FleetStep) => boolean;
}

export interface FleetRunSummary {
  plan?: FleetPlan;
  targets: TargetOutcome[];
  stoppedForConfirmation: boolean;
}


export async function runFleetDeploy(o: FleetRunOptions): Promise<FleetRunSummary> {
  const { contexts, leadOf, currentStep, early, states } = await lookAtFleet(o);
  // Ctrl-C while looking: what failed then is the interruption, not the targets.
  if (o.signal?.aborted) throw new InterruptedError();
  const planned = planFleet(o.all, o.selected, (t) => states.get(t.name) ?? EMPTY_STATE, false, { continueUpdateRollback: o.continueUpdateRollback ?? false });
  const plan = o.stepFilter ? { ...planned, steps: planned.steps.filter(o.stepFilter) } : planned;
  o.showPlan(plan);
  const runnable = plan.steps.filter((s) => !(s.target && early.has(s.target)));
  // The plan is confirmed once for the whole fleet; the steps then apply without asking per stack.
  const toChange = runnable.filter(changes);
  if (toChange.length > 0 && !o.yes) {
    const question = `Apply ${toChange.length} change(s) over ${plan.targets.length} target(s)?`;
    if (!o.confirm || !(await o.confirm(question))) return { plan, targets: [], stoppedForConfirmation: true };
  }

  const stepResults = new Map<string, StepResult>();
  const failedTargets = new Set<string>();
  const failedRegions = new Set<string>();
  const total = plan.steps.length;
  let started = 0;
  const results = await runGraph(plan.steps, {
    concurrency: o.concurrency,
    // At most one stack operation per account and region at a time: AWS's advice against Rate exceeded
    // is to create or update stacks one at a time (knowledge center, above), org-formation runs one stack
    // per account by default and Service Catalog Puppet locks per (API, region, account) (fleet.md).
    // The polls of parallel operations in one account and region would share its rate. Per region, not
    // per account: the API is regional and the quota increase names the Region, so account A's stacks
    // of different regions run side by side. Reads and the bus or S3 writes take no lock.
    lockOf: (s) => (s.kind === 'deploy-stack' ? `${s.accountId}@${s.region}` : undefined),
    skip: (s) => {
      if (s.target && early.has(s.target)) return early.get(s.target);
      if (s.target && failedTargets.has(s.target)) return `an earlier step of ${s.target} failed`;
      if (failedRegions.has(s.region) && s.target) return `account A's stack in ${s.region} failed`;
      return undefined;
    },
    run: async (step) => {
      const ctx = contexts.get(step.target ?? leadOf.get(step.region)!.name)!;
      const emit = step.target ? ctx.emit : o.emitFor({ region: step.region });
      const scoped: RunContext = step.target ? ctx : { ...ctx, emit };
      // Throttling notices name the step: account A's shared step runs in its lead target's context.
      currentStep.set(step.target ?? leadOf.get(step.region)!.name, step.id);
      emit({ type: 'step-started', index: ++started, total, step });
      const at = o.clock.now();
      try {
        // Account A's stacks of a region with several targets are built from their stage-1 outputs.
        const shared = step.kind === 'deploy-stack' && (step.template as string) === FLEET_TEMPLATE;
        const regionStacks = plan.steps.filter((s) => !s.target && s.region === step.region && s.kind === 'deploy-stack').map((s) => (s as DeployStackStep).stack);
        const work = () => (shared ? deploySharedSource(scoped, step as FleetStep & DeployStackStep, o.all.filter((t) => t.region === step.region), contexts, regionStacks) : executeStep(scoped, step));
        // Account A's step decides against its stack as it is now, not as a target last read it (shared-stack-reads.ts).
        const result = step.target ? await work() : await freshStackReads(work);
        stepResults.set(step.id, result);
        emit({ type: 'step-finished', stepId: step.id, result, elapsedMs: o.clock.now() - at });
      } catch (e) {
        if (step.target) failedTargets.add(step.target);
        else failedRegions.add(step.region);
        emit({ type: 'failed', stepId: step.id, code: (e as { code?: string }).code ?? 'failed', message: reasonOf(e) });
        throw e;
      }
    },
  });

  // Ctrl-C: the steps it stopped are not failures of their targets; the next run continues.
  if (o.signal?.aborted) throw new InterruptedError();

  // Where each finished target's pipeline stands (best effort: the deployment itself is done).
  for (const t of o.stepFilter ? [] : plan.targets) {
    const own = plan.steps.filter((s) => s.target === t.name);
    if (early.has(t.name) || !own.every((s) => results.get(s.id)?.state === 'done')) continue;
    const ctx = contexts.get(t.name)!;
    const run = await pipelineRun(ctx).catch(() => undefined);
    if (run) ctx.emit(run);
  }
  return { plan, targets: targetOutcomes(plan, results, stepResults, early), stoppedForConfirmation: false };
}
