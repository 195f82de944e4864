/**
 * A deploy-stack step: decide against the stack as it is now, create a change set, show it, ask, execute
 * and watch it to the end. "No changes" is a success; a rollback is a failure with its root cause. A busy
 * stack is waited for, a ROLLBACK_COMPLETE one recreated after asking, an UPDATE_ROLLBACK_FAILED one
 * rolled on when --continue-update-rollback says so.
 */
import { awsError, codeOf, describeAwsFailure, messageOf, NO_CHANGES_REASON } from '../../aws/aws-errors';
import type { ChangeSetState, StackSummary } from '../../aws/ports';
import { EXIT, XacctError } from '../../errors';
import type { StepResult } from '../events';
import { decideStack, needsDeployedTemplate, stackWanted, type StackDecision } from '../decide';
import type { DeployStackStep } from '../plan-types';
import { approved, currentStacks, outputsOf, type CreatedChangeSet, type RunContext } from '../run-context';
import { resolveParameters, type KnownOutputs } from '../stack-parameters';
import { guidanceFor, operationSucceeded, type OperationKind } from '../stack-status';
import { isUnexecutedCreate, stackTags } from '../stack-tags';
import { latestEventId, rootCause, watchOperation } from '../stack-watcher';
import { pollUntil } from '../clock';
import { describeChangeSetFailure } from '../change-set-failure';
import { parameterProblems, sizeProblem, templateArtifact, type StackArtifact } from '../template-artifacts';

/**
 * A stack of its own (the bootstrap stack): deployed by the same step, from an artifact built outside
 * the three pipeline templates, with parameters known from the start (no other stack's outputs).
 */
export type OwnStackStep = Omit<DeployStackStep, 'template'> & { template: string; artifact: StackArtifact };
/** What this step deploys: a stack of the deploy plan, or a stack of its own. */
export type StackStep = DeployStackStep | OwnStackStep;

const isOwn = (step: StackStep): step is OwnStackStep => 'artifact' in step;
const artifactFor = (step: StackStep): StackArtifact => (isOwn(step) ? step.artifact : templateArtifact(step.template));

const CHANGE_SET_SETTLED = new Set(['CREATE_COMPLETE', 'FAILED', 'DELETE_COMPLETE', 'DELETE_FAILED']);
/** Change sets take seconds: polled at least this often even when stack operations are polled less. */
const CHANGE_SET_POLL_MS = 1000;

/**
 * Polls the change set until CloudFormation has computed it. It takes seconds, so the first poll is one
 * interval after `lastReadAt` (the stack's last read, right after the create), not at once.
 */
async function waitForChangeSet(ctx: RunContext, step: StackStep, id: string, lastReadAt: number): Promise<ChangeSetState> {
  const cfn = ctx.aws[step.account].cloudFormation;
  const interval = Math.min(ctx.pollIntervalMs, CHANGE_SET_POLL_MS);
  return pollUntil(
    ctx.clock,
    interval,
    async () => {
      const state = await cfn.describeChangeSet(step.stack, id);
      return CHANGE_SET_SETTLED.has(state.status) ? state : undefined;
    },
    { firstAt: lastReadAt + interval },
  );
}


async function createChangeSet(ctx: RunContext, step: StackStep, creating: boolean, parameters: Record<string, string>): Promise<CreatedChangeSet> {
  const cfn = ctx.aws[step.account].cloudFormation;
  const artifact = artifactFor(step);
  // Unique per run and stack; it doubles as the request tokens (both accept its characters and length).
  const name = `xacct-${artifact.hash}-${ctx.clock.now().toString(36)}`;
  const { id } = await cfn.createChangeSet({
    stackName: step.stack,
    changeSetName: name,
    clientToken: name,
    type: creating ? 'CREATE' : 'UPDATE',
    templateBody: artifact.body,
    parameters,
    capabilities: artifact.capabilities,
    tags: stackTags(ctx.target.deployment, artifact),
    description: `xacct ${ctx.target.deployment}: ${artifact.name} ${artifact.hash}`,
  });
  // Nothing happens to the stack until the execute (a CREATE change set's REVIEW_IN_PROGRESS event is
  // already there): the baseline read now leaves the polls of the change set and the operation a
  // second apart from it and from each other.
  const baseline = await latestEventId(cfn, step.stack);
  return { account: step.account, stack: step.stack, id, name, creating, parameters, baseline, readAt: ctx.clock.now() };
}

/** The outputs known now, with those `assumed` (a stack's outputs once its running operation ends) over them. */
const withAssumed = (outputs: KnownOutputs, assumed: KnownOutputs): KnownOutputs =>
  Object.fromEntries([...new Set([...Object.keys(outputs), ...Object.keys(assumed)])].map((stack) => [stack, outputs[stack] || assumed[stack] ? { ...outputs[stack], ...assumed[stack] } : undefined]));

/**
 * Creates the change set of a later update step now, when the stack is settled and every input is
 * known, so that CloudFormation computes it while the steps before run; the step takes it when its own
 * decision, just before it acts, comes to the same update with the same parameters (else it deletes it).
 * `assumed`: outputs of a stack whose operation is still running, as its template decides them from
 * its parameters (predicted-outputs.ts). Undefined when the step cannot be prepared: it then does
 * everything itself, and reports any problem.
 */
export async function prepareChangeSet(ctx: RunContext, step: StackStep, assumed: KnownOutputs = {}): Promise<CreatedChangeSet | undefined> {
  try {
    const { current, outputs } = await stackNow(ctx, step);
    const parameters = resolveParameters(step.parameters, withAssumed(outputs, assumed));
    const decision = await decideAgainstDeployed(ctx, step, current, parameters);
    const artifact = artifactFor(step);
    if (decision.action !== 'update' || !parameters || sizeProblem(artifact) || parameterProblems(artifact, parameters).length > 0) return undefined;
    return await createChangeSet(ctx, step, false, parameters);
  } catch {
    return undefined;
  }
}

const sameValues = (a: Record<string, string>, b: Record<string, string>) => Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/**
 * Takes back a change set that will not run. A CREATE change set leaves an empty REVIEW_IN_PROGRESS
 * stack behind that deleting the change set does not remove (aws-cdk-cli PR 1534 deletes it the same
 * way): it holds nothing, so it goes too, and the account is as before.
 */
async function withdraw(ctx: RunContext, step: StackStep, id: string, creating: boolean): Promise<void> {
  const cfn = ctx.aws[step.account].cloudFormation;
  await cfn.deleteChangeSet(step.stack, id);
  if (!creating) return;
  const stack = await cfn.describeStack(step.stack);
  if (stack && isUnexecutedCreate(stack)) await runOperation(ctx, step, 'delete', () => cfn.deleteStack(step.stack, undefined, requestToken(ctx, 'delete')));
}

/**
 * A ClientRequestToken for one DeleteStack or ContinueUpdateRollback request: made once per request and
 * sent with every attempt of it (the SDK retries with the same input), so a retry after a lost answer is
 * the same request. Pattern [a-zA-Z0-9][-a-zA-Z0-9]*, at most 128 characters (API reference, DeleteStack).
 */
export const requestToken = (ctx: Pick<RunContext, 'clock'>, what: string, attempt = 1) => `xacct-${what}-${ctx.clock.now().toString(36)}-${attempt}`;

/** What watching and failure reports need of a step that works on one stack (deploy or delete). */
export type StackStepRef = Pick<DeployStackStep, 'id' | 'account' | 'accountId' | 'stack'>;

/** Watches the stack from `baseline` on, reporting events and status; returns the settled status. */
export async function watch(ctx: RunContext, step: StackStepRef, baseline: string | undefined, operation?: OperationKind): Promise<{ status: string; events: Awaited<ReturnType<typeof watchOperation>>['events'] }> {
  return watchOperation(ctx.aws[step.account].cloudFormation, step.stack, baseline, {
    clock: ctx.clock,
    intervalMs: ctx.pollIntervalMs,
    ...(operation ? { operation } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    onEvent: (event) => ctx.emit({ type: 'stack-event', stepId: step.id, stack: step.stack, event }),
    onStatus: (status, elapsedMs) => ctx.emit({ type: 'waiting', stepId: step.id, stack: step.stack, status, elapsedMs }),
  });
}

/** Reports a stack operation that ended in `result.status` instead of success, with its root cause; returns the error to throw. */
export function operationFailure(ctx: RunContext, step: StackStepRef, operation: OperationKind, result: Awaited<ReturnType<typeof watch>>): XacctError {
  const cause = rootCause(result.events, step.stack);
  const first = cause[0];
  const why = first ? `${first.logicalId} (${first.resourceType}) ${first.status}: ${first.reason ?? 'no reason given'}` : 'no resource reported a reason';
  ctx.emit({ type: 'failed', stepId: step.id, code: 'stack-failed', message: `${operation} of ${step.stack} ended in ${result.status}`, rootCause: cause });
  return awsError(
    'stack-failed',
    `${operation} of stack ${step.stack} in account ${step.accountId} ended in ${result.status}. Root cause: ${why}. ${guidanceFor(step.stack, result.status, step.accountId)}`,
  );
}

/**
 * What CloudFormation answers when the SDK retries an ExecuteChangeSet whose first answer was lost is
 * unsure (success, TokenAlreadyExistsException — the API lists it — or, the change set being gone,
 * ChangeSetNotFound / InvalidChangeSetStatus). Any of those counts as "started" when the stack's events
 * carry this request's token ("All events initiated by a given stack operation are assigned the same
 * client request token", API reference, StackEvent).
 */
const MAYBE_STARTED = new Set(['TokenAlreadyExistsException', 'ChangeSetNotFoundException', 'ChangeSetNotFound', 'InvalidChangeSetStatusException', 'InvalidChangeSetStatus']);

async function executeOnce(ctx: RunContext, step: StackStep, changeSetId: string, token: string): Promise<void> {
  const cfn = ctx.aws[step.account].cloudFormation;
  try {
    await cfn.executeChangeSet(step.stack, changeSetId, token);
  } catch (e) {
    if (!MAYBE_STARTED.has(codeOf(e) ?? '')) throw e;
    const { events } = await cfn.stackEvents(step.stack);
    if (!events.some((event) => event.clientRequestToken === token)) throw e;
    ctx.emit({ type: 'notice', stepId: step.id, message: `CloudFormation answered the repeated execute with ${codeOf(e)}, but the operation it asked for is running: watching it` });
  }
}

/** A change set that may not be executed: nothing is executed, and the person learns what to do. */
function notExecutable(step: StackStep, id: string, changeSet: ChangeSetState): XacctError {
  const status = changeSet.executionStatus ?? 'not given';
  const why =
    status === 'OBSOLETE'
      ? 'the stack was changed after the change set was made'
      : status.startsWith('EXECUTE_')
        ? 'it has been executed already (by someone else, or by an earlier run)'
        : 'CloudFormation cannot execute it now';
  return awsError(
    'change-set-not-executable',
    `change set ${id} of stack ${step.stack} in account ${step.accountId} is ${changeSet.status} with execution status ${status}, not AVAILABLE: ${why}. Nothing was executed. Look at the stack's events, wait until it settles, then run again (the run makes a new change set).`,
  );
}

/**
 * Runs one stack operation to its end and reports it; throws with the root cause on failure. `from`:
 * the baseline read already (a change set's); else it is read now. `started`: called once AWS has
 * accepted the operation, before it is watched.
 */
async function runOperation(ctx: RunContext, step: StackStep, operation: OperationKind, start: () => Promise<void>, from?: { baseline: string | undefined }, started?: () => void): Promise<void> {
  const cfn = ctx.aws[step.account].cloudFormation;
  const baseline = from ? from.baseline : await latestEventId(cfn, step.stack);
  await start();
  started?.();
  const result = await watch(ctx, step, baseline, operation);
  if (!operationSucceeded(operation, result.status)) throw operationFailure(ctx, step, operation, result);
}

/** The decision for the stack as it is, with its deployed template read where the decision needs it (decide.ts). */
async function decideAgainstDeployed(ctx: RunContext, step: StackStep, current: StackSummary | undefined, parameters: Record<string, string> | undefined): Promise<StackDecision> {
  const deployed = needsDeployedTemplate(current, ctx.target.deployment, step.accountId) ? await ctx.aws[step.account].cloudFormation.templateBody(step.stack) : undefined;
  const wanted = isOwn(step)
    ? { deployment: ctx.target.deployment, stackName: step.stack, accountId: step.accountId, artifact: step.artifact, parameters, continueUpdateRollback: ctx.continueUpdateRollback }
    : stackWanted(ctx.target, step.template, parameters, ctx.continueUpdateRollback);
  return decideStack(current, wanted, deployed);
}

/** The step's stack as it is now, with the outputs its parameters may take (a stack of its own takes none). */
async function stackNow(ctx: RunContext, step: StackStep): Promise<{ current: StackSummary | undefined; outputs: KnownOutputs }> {
  if (isOwn(step)) return { current: await ctx.aws[step.account].cloudFormation.describeStack(step.stack), outputs: {} };
  const stacks = await currentStacks(ctx);
  return { current: stacks[step.account], outputs: outputsOf(ctx, stacks) };
}

/** The decision against the stack as it is now; a busy or rolled-back stack is first brought to rest. */
async function settleAndDecide(ctx: RunContext, step: StackStep): Promise<{ decision: StackDecision; parameters: Record<string, string> | undefined; outputs: KnownOutputs }> {
  for (let round = 0; ; round++) {
    const { current, outputs } = await stackNow(ctx, step);
    const parameters = resolveParameters(step.parameters, outputs);
    const decision = await decideAgainstDeployed(ctx, step, current, parameters);
    if (round > 5 || (decision.action !== 'wait' && decision.action !== 'continue-rollback')) return { decision, parameters, outputs };
    if (decision.action === 'wait') {
      // A run stopped while its operation was running (Ctrl-C), or someone else's: let it finish.
      ctx.emit({ type: 'notice', stepId: step.id, message: `stack ${step.stack} is ${current!.status}: waiting for it to settle` });
      await watch(ctx, step, await latestEventId(ctx.aws[step.account].cloudFormation, step.stack));
    } else {
      ctx.emit({ type: 'notice', stepId: step.id, message: `continuing the rollback of ${step.stack} (UPDATE_ROLLBACK_FAILED)` });
      const cfn = ctx.aws[step.account].cloudFormation;
      const baseline = await latestEventId(cfn, step.stack);
      await cfn.continueUpdateRollback(step.stack, requestToken(ctx, 'continue-rollback'));
      // The rollback ends in UPDATE_ROLLBACK_COMPLETE or _FAILED: ends of an update, read from its events.
      const result = await watch(ctx, step, baseline, 'update');
      if (result.status !== 'UPDATE_ROLLBACK_COMPLETE') {
        throw awsError('rollback-failed', `continuing the rollback of ${step.stack} ended in ${result.status}. ${guidanceFor(step.stack, result.status, step.accountId)}`);
      }
    }
  }
}

export async function deployStack(ctx: RunContext, step: StackStep): Promise<StepResult> {
  const cfn = ctx.aws[step.account].cloudFormation;
  const artifact = artifactFor(step);
  const doing = (what: string) => `${what} ${step.stack} (${step.template})`;
  try {
    const prepared = await ctx.prepared?.get(step.id);
    ctx.prepared?.delete(step.id);
    const { decision, parameters, outputs } = await settleAndDecide(ctx, step);
    // The stack was just read: a change set's first poll comes one interval after that at the earliest.
    const readAt = ctx.clock.now();
    const usable = prepared && decision.action === 'update' && parameters && sameValues(prepared.parameters, parameters) ? prepared : undefined;
    // Prepared on inputs that changed since: it goes (best effort; executing another removes it anyway).
    if (prepared && !usable) await cfn.deleteChangeSet(step.stack, prepared.id).catch(() => undefined);
    if (decision.action === 'none') return { outcome: 'no-change', reason: decision.reason };
    if (decision.action === 'blocked' || decision.action === 'wait' || decision.action === 'continue-rollback') {
      throw new XacctError('stack-blocked', decision.reason, EXIT.aws);
    }
    if (!parameters) {
      const missing = Object.entries(step.parameters).flatMap(([n, s]) => ('fromStack' in s && outputs[s.fromStack]?.[s.output] === undefined ? [`${n} (output ${s.output} of stack ${s.fromStack})`] : []));
      throw awsError('missing-output', `${step.stack} needs ${missing.join(', ')}, which does not exist yet: run the whole sequence.`);
    }
    const tooBig = sizeProblem(artifact);
    if (tooBig) throw new XacctError('template-too-large', `${doing('cannot deploy')}: ${tooBig}. Nothing was sent to AWS.`, EXIT.aws);
    const problems = parameterProblems(artifact, parameters);
    if (problems.length > 0) throw new XacctError('invalid-parameters', `${doing('cannot deploy')}: ${problems.join('; ')}. Nothing was sent to AWS.`, EXIT.usage);

    if (decision.action === 'recreate') {
      ctx.emit({ type: 'notice', stepId: step.id, message: `stack ${step.stack} is ROLLBACK_COMPLETE after a failed create: it will be deleted and created again` });
      if (!(await approved(ctx, `Delete stack ${step.stack} (ROLLBACK_COMPLETE, holds no working resources) and create it again?`))) return { outcome: 'not-confirmed' };
      await runOperation(ctx, step, 'delete', () => cfn.deleteStack(step.stack, undefined, requestToken(ctx, 'delete')));
    }
    const creating = decision.action === 'create' || decision.action === 'recreate';
    const created = usable ?? (await createChangeSet(ctx, step, creating, parameters));
    const { id, name: changeSetName } = created;
    // A prepared change set has not been polled yet: its first poll is one interval after it was
    // created (long past, usually), not after the decision's read of the stack.
    const changeSet = await waitForChangeSet(ctx, step, id, usable ? created.readAt : Math.max(created.readAt, readAt));
    if (changeSet.status === 'FAILED') {
      if (NO_CHANGES_REASON.test(changeSet.statusReason ?? '')) {
        await withdraw(ctx, step, id, creating);
        return { outcome: 'no-change', reason: 'CloudFormation found nothing to change' };
      }
      // Asked whatever the reason, as the aws-cdk CLI does (aws-cdk-cli PR 1461): only the change set's
      // events name the resource early validation refused. Best effort: the reason alone still says much.
      let unread: string | undefined;
      const failures = await cfn.changeSetFailures(id).catch((e: unknown) => {
        unread = messageOf(e);
        return [];
      });
      await withdraw(ctx, step, id, creating);
      throw awsError('change-set-failed', describeChangeSetFailure(ctx.target, step, changeSet.statusReason, failures, unread));
    }
    // "If the change set execution status is AVAILABLE, you can execute the change set. If you can't
    // execute the change set, the status indicates why" (API reference, DescribeChangeSet ExecutionStatus:
    // UNAVAILABLE while it is made, OBSOLETE once the stack was updated since, EXECUTE_* once run).
    if (changeSet.executionStatus !== 'AVAILABLE') throw notExecutable(step, id, changeSet);
    ctx.emit({ type: 'changes', stepId: step.id, stack: step.stack, changes: changeSet.changes });
    if (!(await approved(ctx, `Apply these ${changeSet.changes.length} changes to ${step.stack} in account ${step.accountId}?`))) {
      await withdraw(ctx, step, id, creating);
      return { outcome: 'not-confirmed' };
    }
    const token = `${changeSetName}-execute`;
    // Work for later steps is done once this operation runs (the next stack's change set: its last
    // poll of that stack, if any, is a change set's computation ago, a second at least).
    const started = isOwn(step) ? undefined : () => ctx.duringOperation?.(step, parameters);
    await runOperation(ctx, step, creating ? 'create' : 'update', () => executeOnce(ctx, step, id, token), created, started);
    return { outcome: decision.action === 'recreate' ? 'recreated' : creating ? 'created' : 'updated' };
  } catch (e) {
    throw describeAwsFailure(e, doing('deploying'), step.accountId);
  }
}
