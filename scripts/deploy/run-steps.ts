/**
 * What the deploy sequence and the teardown share: a run context whose ports retry throttling and stop
 * on Ctrl-C, and the loop that runs planned steps in order, reports each, and stops after a change
 * nobody confirmed.
 */
import type { DeploymentConfig } from '../config/schema';
import type { Emit, ProgressEvent, StepResult } from './events';
import type { Clock } from './clock';
import type { Accounts } from './observe';
import { reportingThrottles, resilientPorts } from './resilient-ports';
import type { RunContext } from './run-context';
import { resolveSingle } from '../targets/resolve-targets';

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

/**
 * Polling a running stack once a second notices its end within a second (the SDK waiters: 30 to 120 s)
 * while reading the stack at most once a second (every wait goes through pollUntil).
 */
export const DEFAULT_POLL_MS = 1000;

/** The context steps run in; throttling is reported as a notice of the step `currentStep()` names. */
export function createRunContext(config: DeploymentConfig, o: RunOptions, currentStep: () => string | undefined): RunContext {
  const resilience = reportingThrottles(o, o.emit, currentStep);
  return {
    config,
    target: resolveSingle(config),
    aws: { source: resilientPorts(o.aws.source, resilience), target: resilientPorts(o.aws.target, resilience) },
    clock: o.clock,
    emit: o.emit,
    yes: o.yes,
    pollIntervalMs: o.pollIntervalMs ?? DEFAULT_POLL_MS,
    continueUpdateRollback: o.continueUpdateRollback ?? false,
    ...(o.confirm ? { confirm: o.confirm } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  };
}

export interface StepsOutcome {
  results: Array<{ stepId: string; result: StepResult }>;
  changed: number;
  unchanged: number;
  /** Stopped after showing a change nobody confirmed. */
  stoppedForConfirmation: boolean;
}

type Step = Extract<ProgressEvent, { type: 'step-started' }>['step'];

/** Runs the steps in order, each reported as started and finished; `onStep` learns which one runs. */
export async function runSteps<S extends Step>(steps: S[], ctx: RunContext, execute: (step: S) => Promise<StepResult>, onStep: (step: S) => void = () => undefined): Promise<StepsOutcome> {
  const outcome: StepsOutcome = { results: [], changed: 0, unchanged: 0, stoppedForConfirmation: false };
  for (const [index, step] of steps.entries()) {
    onStep(step);
    ctx.emit({ type: 'step-started', index: index + 1, total: steps.length, step });
    const started = ctx.clock.now();
    const result = await execute(step);
    outcome.results.push({ stepId: step.id, result });
    ctx.emit({ type: 'step-finished', stepId: step.id, result, elapsedMs: ctx.clock.now() - started });
    if (result.outcome === 'not-confirmed') {
      outcome.stoppedForConfirmation = true;
      break;
    }
    if (result.outcome === 'no-change') outcome.unchanged++;
    else outcome.changed++;
  }
  return outcome;
}
