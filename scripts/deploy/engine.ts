/**
 * The engine: identity first, then the plan against what AWS holds now, then each step in order. Every
 * step decides again just before it acts, so a run stopped anywhere continues where it stopped, and a
 * run over a finished deployment changes nothing.
 */
import type { DeploymentConfig } from '../config/schema';
import { EXIT, XacctError } from '../errors';
import { verifyTargetIdentities } from './identity';
import { observeTarget, type Accounts } from './observe';
import type { DeployPlan, DeployStackStep, PlanStep } from './plan-types';
import { plan } from './planner';
import { createRunContext, runSteps, type RunOptions, type StepsOutcome } from './run-steps';
import { prepareChangeSet } from './steps/deploy-stack';
import { predictedOutputs } from './predicted-outputs';
import { executeStep } from './steps/execute-step';
import type { CreatedChangeSet, RunContext } from './run-context';
import { pipelineRun } from './pipeline-run';

export { DEFAULT_POLL_MS, type RunOptions } from './run-steps';

export interface RunSummary extends StepsOutcome {
  plan: DeployPlan;
}


/** Change sets prepared for steps that did not run (a stop, a failure) go: best effort. */
async function withdrawUnused(ctx: RunContext, prepared: Map<string, Promise<CreatedChangeSet | undefined>>): Promise<void> {
  for (const created of prepared.values()) {
    const changeSet = await created;
    if (changeSet && !ctx.signal?.aborted) await ctx.aws[changeSet.account].cloudFormation.deleteChangeSet(changeSet.stack, changeSet.id).catch(() => undefined);
  }
}

/** The client each kind of step that is not a stack's uses (aws/clients.ts loads a client on first use). */
const CLIENT_OF: Partial<Record<PlanStep['kind'], (aws: Accounts) => object>> = {
  'put-events-permission': (aws) => aws.target.events,
  'upload-image-definitions': (aws) => aws.target.s3,
  'check-image': (aws) => aws.source.ecr,
};

/**
 * Loads the clients the plan's steps will use, by asking each port for a member (no call is made). Only
 * a head start: a client that fails to load here fails again, and is reported, at its step's first call.
 */
function loadClients(aws: Accounts, steps: PlanStep[]): void {
  for (const step of steps) {
    try {
      const port = CLIENT_OF[step.kind]?.(aws);
      if (port) Reflect.has(port, 'loaded');
    } catch {
      // Reported where the step calls it.
    }
  }
}

export async function runDeploySequence(config: DeploymentConfig, o: RunOptions): Promise<RunSummary> {
  let currentStep: string | undefined;
  const ctx = createRunContext(config, o, () => currentStep);
  await verifyTargetIdentities(ctx.target, ctx.aws, o.emit);
  const thePlan = plan(ctx.target, await observeTarget(ctx.target, ctx.aws), false, { continueUpdateRollback: ctx.continueUpdateRollback });
  o.emit({ type: 'plan', plan: thePlan });
  const blocked = thePlan.steps.filter((s) => s.action === 'blocked');
  if (blocked.length > 0) {
    throw new XacctError('plan-blocked', `${blocked.map((s) => s.reason).join('\n')}\nNothing was changed.`, EXIT.aws);
  }
  const prepared = new Map<string, Promise<CreatedChangeSet | undefined>>();
  ctx.prepared = prepared;
  // Before a step that is no stack's, the next stack update's change set is created if its inputs are
  // known: CloudFormation computes it while the steps between run.
  const prepareNext = (step: PlanStep) => {
    if (step.kind === 'deploy-stack') return;
    const next = thePlan.steps.slice(thePlan.steps.indexOf(step) + 1).find((s): s is DeployStackStep => s.kind === 'deploy-stack');
    if (next && next.action === 'update' && !prepared.has(next.id)) prepared.set(next.id, prepareChangeSet(ctx, next));
  };
  // While a stack's operation runs, the next stack's update is prepared when its inputs are known but
  // for outputs of the running stack that its template decides from its parameters: stage 2 of stack B
  // takes stack A's repository name, which stack A's parameters already give. The first operation also
  // loads the clients of the steps that are not stacks' (their packages took a tenth of a second
  // between two stack operations, where nothing else runs).
  let loaded = false;
  ctx.duringOperation = (running, parameters) => {
    if (!loaded) {
      loaded = true;
      setTimeout(() => loadClients(ctx.aws, thePlan.steps), 0);
    }
    const at = thePlan.steps.findIndex((s) => s.id === running.id);
    const next = thePlan.steps.slice(at + 1).find((s): s is DeployStackStep => s.kind === 'deploy-stack');
    if (!next || next.stack === running.stack || next.action !== 'update' || prepared.has(next.id)) return;
    prepared.set(next.id, prepareChangeSet(ctx, next, { [running.stack]: predictedOutputs(running.template, parameters) }));
  };
  const outcome = await runSteps(
    thePlan.steps,
    ctx,
    async (step) => {
      prepareNext(step);
      return executeStep(ctx, step);
    },
    (step) => (currentStep = step.id),
  ).finally(() => withdrawUnused(ctx, prepared));
  if (!outcome.stoppedForConfirmation) {
    currentStep = undefined;
    const run = await pipelineRun(ctx);
    if (run) o.emit(run);
  }
  o.emit({ type: 'finished', changed: outcome.changed, unchanged: outcome.unchanged, stoppedForConfirmation: outcome.stoppedForConfirmation });
  return { plan: thePlan, ...outcome };
}
