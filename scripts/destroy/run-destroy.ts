/**
 * The teardown executor: identity first, then the plan against what AWS holds now, then each step in
 * order with the deploy sequence's conventions (confirmation or --yes, Ctrl-C between AWS calls,
 * throttling retried). Every step decides again just before it acts, so a teardown stopped anywhere
 * continues where it stopped, and one repeated over nothing changes nothing.
 */
import type { DeploymentConfig } from '../config/schema';
import { EXIT, XacctError } from '../errors';
import type { StepResult } from '../progress/events';
import { DEFAULT_POLL_MS, type RunOptions } from '../deploy/engine';
import { verifyIdentities } from '../deploy/identity';
import { resilientPorts } from '../deploy/resilient-ports';
import type { RunContext } from '../deploy/run-context';
import { deleteStack } from './delete-stack';
import { planDestroy } from './destroy-planner';
import type { DestroyPlan, DestroyStep, RetainedResource } from './destroy-types';
import { observeTeardown } from './observe-teardown';
import { removeEventsPermission } from './remove-events-permission';

export interface DestroySummary {
  plan: DestroyPlan;
  results: Array<{ stepId: string; result: StepResult }>;
  changed: number;
  unchanged: number;
  stoppedForConfirmation: boolean;
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

export async function runDestroy(config: DeploymentConfig, o: RunOptions): Promise<DestroySummary> {
  let currentStep: string | undefined;
  const resilience = {
    clock: o.clock,
    ...(o.signal ? { signal: o.signal } : {}),
    onThrottled: (attempt: number, delayMs: number) =>
      o.emit({ type: 'notice', ...(currentStep ? { stepId: currentStep } : {}), message: `throttled by AWS (attempt ${attempt}); retrying in ${(delayMs / 1000).toFixed(1)} s` }),
  };
  const ctx: RunContext = {
    config,
    aws: { source: resilientPorts(o.aws.source, resilience), target: resilientPorts(o.aws.target, resilience) },
    clock: o.clock,
    emit: o.emit,
    yes: o.yes,
    pollIntervalMs: o.pollIntervalMs ?? DEFAULT_POLL_MS,
    continueUpdateRollback: false,
    ...(o.confirm ? { confirm: o.confirm } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  };
  await verifyIdentities(config, ctx.aws, o.emit);
  const plan = planDestroy(config, await observeTeardown(config, ctx.aws));
  o.emit({ type: 'destroy-plan', plan });
  const blocked = plan.steps.filter((s) => s.action === 'blocked');
  if (blocked.length > 0) throw new XacctError('plan-blocked', `${blocked.map((s) => s.reason).join('\n')}\nNothing was deleted.`, EXIT.aws);

  const summary: DestroySummary = { plan, results: [], changed: 0, unchanged: 0, stoppedForConfirmation: false, retained: [] };
  for (const [index, step] of plan.steps.entries()) {
    currentStep = step.id;
    o.emit({ type: 'step-started', index: index + 1, total: plan.steps.length, step });
    const started = o.clock.now();
    const result = await execute(ctx, step);
    summary.results.push({ stepId: step.id, result });
    summary.retained.push(...keptBy(plan, step, result));
    o.emit({ type: 'step-finished', stepId: step.id, result, elapsedMs: o.clock.now() - started });
    if (result.outcome === 'not-confirmed') {
      summary.stoppedForConfirmation = true;
      break;
    }
    if (result.outcome === 'no-change') summary.unchanged++;
    else summary.changed++;
  }
  o.emit({
    type: 'destroy-finished',
    changed: summary.changed,
    unchanged: summary.unchanged,
    stoppedForConfirmation: summary.stoppedForConfirmation,
    retained: summary.retained,
    ...(plan.earlierLeftovers ? { earlierLeftovers: plan.earlierLeftovers } : {}),
  });
  return summary;
}
