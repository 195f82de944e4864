/**
 * The engine: identity first, then the plan against what AWS holds now, then each step in order. Every
 * step decides again just before it acts, so a run stopped anywhere continues where it stopped, and a
 * run over a finished deployment changes nothing.
 */
import type { DeploymentConfig } from '../config/schema';
import { EXIT, XacctError } from '../errors';
import type { Emit, StepResult } from '../progress/events';
import type { Clock } from './clock';
import { verifyIdentities } from './identity';
import { observe, type Accounts } from './observe';
import type { DeployPlan, PlanStep } from './plan-types';
import { plan } from './planner';
import type { RunContext } from './run-context';
import { reportingThrottles, resilientPorts } from './resilient-ports';
import { deployStack } from './steps/deploy-stack';
import { putEventsPermission } from './steps/put-events-permission';
import { uploadImageDefinitions } from './steps/upload-image-definitions';

export interface RunOptions {
  aws: Accounts;
  clock: Clock;
  emit: Emit;
  yes: boolean;
  confirm?: (question: string) => Promise<boolean>;
  pollIntervalMs?: number;
  signal?: AbortSignal;
  continueUpdateRollback?: boolean;
}

/** Polling a running stack every 2 s notices its end within 2 s (the SDK waiters: 30 to 120 s). */
export const DEFAULT_POLL_MS = 2000;

export interface RunSummary {
  plan: DeployPlan;
  results: Array<{ stepId: string; result: StepResult }>;
  changed: number;
  unchanged: number;
  /** Stopped after showing a change nobody confirmed. */
  stoppedForConfirmation: boolean;
}

function execute(ctx: RunContext, step: PlanStep): Promise<StepResult> {
  switch (step.kind) {
    case 'deploy-stack':
      return deployStack(ctx, step);
    case 'put-events-permission':
      return putEventsPermission(ctx, step);
    case 'upload-image-definitions':
      return uploadImageDefinitions(ctx, step);
  }
}

export async function runDeploySequence(config: DeploymentConfig, o: RunOptions): Promise<RunSummary> {
  let currentStep: string | undefined;
  const resilience = reportingThrottles(o, o.emit, () => currentStep);
  const aws = { source: resilientPorts(o.aws.source, resilience), target: resilientPorts(o.aws.target, resilience) };
  const ctx: RunContext = {
    config,
    aws,
    clock: o.clock,
    emit: o.emit,
    yes: o.yes,
    pollIntervalMs: o.pollIntervalMs ?? DEFAULT_POLL_MS,
    continueUpdateRollback: o.continueUpdateRollback ?? false,
    ...(o.confirm ? { confirm: o.confirm } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  };
  await verifyIdentities(config, aws, o.emit);
  const thePlan = plan(config, await observe(config, aws), false, { continueUpdateRollback: ctx.continueUpdateRollback });
  o.emit({ type: 'plan', plan: thePlan });
  const blocked = thePlan.steps.filter((s) => s.action === 'blocked');
  if (blocked.length > 0) {
    throw new XacctError('plan-blocked', `${blocked.map((s) => s.reason).join('\n')}\nNothing was changed.`, EXIT.aws);
  }
  const summary: RunSummary = { plan: thePlan, results: [], changed: 0, unchanged: 0, stoppedForConfirmation: false };
  for (const [index, step] of thePlan.steps.entries()) {
    currentStep = step.id;
    o.emit({ type: 'step-started', index: index + 1, total: thePlan.steps.length, step });
    const started = o.clock.now();
    const result = await execute(ctx, step);
    summary.results.push({ stepId: step.id, result });
    o.emit({ type: 'step-finished', stepId: step.id, result, elapsedMs: o.clock.now() - started });
    if (result.outcome === 'not-confirmed') {
      summary.stoppedForConfirmation = true;
      break;
    }
    if (result.outcome === 'no-change') summary.unchanged++;
    else summary.changed++;
  }
  o.emit({ type: 'finished', changed: summary.changed, unchanged: summary.unchanged, stoppedForConfirmation: summary.stoppedForConfirmation });
  return summary;
}
