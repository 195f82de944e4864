/**
 * The teardown executor: identity first, then the plan against what AWS holds now, then each step in
 * order with the deploy sequence's conventions (confirmation or --yes, Ctrl-C between AWS calls,
 * throttling retried). Every step decides again just before it acts, so a teardown stopped anywhere
 * continues where it stopped, and one repeated over nothing changes nothing.
 */
import type { DeploymentConfig } from '../config/schema';
import { EXIT, XacctError } from '../errors';
import type { StepResult } from '../deploy/events';
import { verifyIdentities } from '../deploy/identity';
import type { RunContext } from '../deploy/run-context';
import { createRunContext, runSteps, type RunOptions, type StepsOutcome } from '../deploy/run-steps';
import { deleteStack } from './delete-stack';
import { planDestroy } from './destroy-planner';
import type { DestroyPlan, DestroyStep, RetainedResource } from '../deploy/destroy-types';
import { observeTeardown } from './observe-teardown';
import { removeEventsPermission } from './remove-events-permission';

export interface DestroySummary extends StepsOutcome {
  plan: DestroyPlan;
  /** What stays: as each delete reported it, or as planned for a stack that went while the run waited. */
  retained: RetainedResource[];
}

function execute(ctx: RunContext, step: DestroyStep): Promise<StepResult> {
  switch (step.kind) {
    case 'delete-stack':
      return deleteStack(ctx, step);
    case 'remove-events-permission':
      return removeEventsPermission(ctx, step);
  }
}

function keptBy(plan: DestroyPlan, step: DestroyStep, result: StepResult): RetainedResource[] {
  if (step.kind !== 'delete-stack') return [];
  if (result.outcome === 'deleted') return result.retained;
  return result.outcome === 'no-change' ? plan.retained.filter((r) => r.stack === step.stack && r.account === step.account) : [];
}

/** `keepSource`: why account A's stack stays (a fleet's target whose region's stack serves others; destroy-planner.ts). */
export async function runDestroy(config: DeploymentConfig, o: RunOptions, keepSource?: string): Promise<DestroySummary> {
  let currentStep: string | undefined;
  const ctx = createRunContext(config, o, () => currentStep);
  await verifyIdentities(config, ctx.aws, o.emit);
  const plan = planDestroy(config, await observeTeardown(config, ctx.aws), keepSource);
  o.emit({ type: 'destroy-plan', plan });
  const blocked = plan.steps.filter((s) => s.action === 'blocked');
  if (blocked.length > 0) throw new XacctError('plan-blocked', `${blocked.map((s) => s.reason).join('\n')}\nNothing was deleted.`, EXIT.aws);

  // Every other step decides again when it acts; a stack A kept for other targets is not asked about at all.
  const kept = (step: DestroyStep) => keepSource !== undefined && step.kind === 'delete-stack' && step.account === 'source';
  const outcome = await runSteps(
    plan.steps,
    ctx,
    (step) => (kept(step) ? Promise.resolve<StepResult>({ outcome: 'no-change', reason: keepSource! }) : execute(ctx, step)),
    (step) => (currentStep = step.id),
  );
  const retained = outcome.results.flatMap(({ stepId, result }) => keptBy(plan, plan.steps.find((s) => s.id === stepId)!, result));
  o.emit({
    type: 'destroy-finished',
    changed: outcome.changed,
    unchanged: outcome.unchanged,
    stoppedForConfirmation: outcome.stoppedForConfirmation,
    retained,
    ...(plan.earlierLeftovers ? { earlierLeftovers: plan.earlierLeftovers } : {}),
  });
  return { plan, ...outcome, retained };
}
