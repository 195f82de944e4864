/**
 * A deploy-stack step: decide against the stack as it is now, create a change set, show it, ask, execute
 * and watch it to the end. "No changes" is a success; a rollback is a failure with its root cause.
 */
import { awsError, describeAwsFailure, NO_CHANGES_REASON } from '../../aws/aws-errors';
import type { ChangeSetState, StackSummary } from '../../aws/ports';
import { EXIT, XacctError } from '../../errors';
import type { StepResult } from '../../progress/events';
import { decideStack } from '../decide';
import type { DeployStackStep } from '../plan-types';
import { approved, call, type RunContext } from '../run-context';
import { resolveParameters } from '../stack-parameters';
import { guidanceFor, operationSucceeded, type OperationKind } from '../stack-status';
import { stackTags } from '../stack-tags';
import { latestEventId, rootCause, watchOperation } from '../stack-watcher';
import { parameterProblems, templateArtifact } from '../template-artifacts';

const CHANGE_SET_SETTLED = new Set(['CREATE_COMPLETE', 'FAILED', 'DELETE_COMPLETE', 'DELETE_FAILED']);

async function outputsOf(ctx: RunContext, stackName: string): Promise<Record<string, string> | undefined> {
  const account = stackName === ctx.config.target.stackName ? ctx.aws.target : ctx.aws.source;
  return (await account.cloudFormation.describeStack(stackName))?.outputs;
}

async function waitForChangeSet(ctx: RunContext, step: DeployStackStep, id: string): Promise<ChangeSetState> {
  const cfn = ctx.aws[step.account].cloudFormation;
  for (;;) {
    const state = await call(ctx, step.id, () => cfn.describeChangeSet(step.stack, id));
    if (CHANGE_SET_SETTLED.has(state.status)) return state;
    await ctx.clock.sleep(Math.min(ctx.pollIntervalMs, 2000));
  }
}

/** Runs one stack operation to its end and reports it; throws with the root cause on failure. */
async function runOperation(ctx: RunContext, step: DeployStackStep, operation: OperationKind, start: () => Promise<void>): Promise<void> {
  const cfn = ctx.aws[step.account].cloudFormation;
  const baseline = await call(ctx, step.id, () => latestEventId(cfn, step.stack));
  await call(ctx, step.id, start);
  const result = await watchOperation(cfn, step.stack, operation, baseline, {
    clock: ctx.clock,
    intervalMs: ctx.pollIntervalMs,
    onEvent: (event) => ctx.emit({ type: 'stack-event', stepId: step.id, stack: step.stack, event }),
    onStatus: (status, elapsedMs) => ctx.emit({ type: 'waiting', stepId: step.id, stack: step.stack, status, elapsedMs }),
    onThrottled: (attempt, delayMs) =>
      ctx.emit({ type: 'notice', stepId: step.id, message: `throttled by AWS while waiting (attempt ${attempt}); retrying in ${(delayMs / 1000).toFixed(1)} s` }),
  });
  if (!operationSucceeded(operation, result.status)) {
    const cause = rootCause(result.events, step.stack);
    const first = cause[0];
    const why = first ? `${first.logicalId} (${first.resourceType}) ${first.status}: ${first.reason ?? 'no reason given'}` : 'no resource reported a reason';
    ctx.emit({ type: 'failed', stepId: step.id, code: 'stack-failed', message: `${operation} of ${step.stack} ended in ${result.status}`, rootCause: cause });
    throw awsError(
      'stack-failed',
      `${operation} of stack ${step.stack} in account ${step.accountId} ended in ${result.status}. Root cause: ${why}. ${guidanceFor(step.stack, result.status, step.accountId)}`,
    );
  }
}

export async function deployStack(ctx: RunContext, step: DeployStackStep): Promise<StepResult> {
  const account = ctx.aws[step.account];
  const artifact = templateArtifact(step.template);
  const doing = (what: string) => `${what} ${step.stack} (${step.template})`;
  try {
    const current: StackSummary | undefined = await call(ctx, step.id, () => account.cloudFormation.describeStack(step.stack));
    const outputs = {
      [ctx.config.target.stackName]: step.account === 'target' ? current?.outputs : await outputsOf(ctx, ctx.config.target.stackName),
      [ctx.config.source.stackName]: step.account === 'source' ? current?.outputs : await outputsOf(ctx, ctx.config.source.stackName),
    };
    const parameters = resolveParameters(step.parameters, outputs);
    const decision = decideStack(current, {
      deployment: ctx.config.name,
      stackName: step.stack,
      accountId: step.accountId,
      artifact,
      parameters,
      ...(step.template === 'AccB-pipeline-1' ? { supersededBy: 'AccB-pipeline-2' } : {}),
    });
    if (decision.action === 'none') return { outcome: 'no-change', reason: decision.reason };
    if (decision.action === 'blocked') throw new XacctError('stack-blocked', decision.reason, EXIT.aws);
    if (!parameters) {
      const missing = Object.entries(step.parameters).filter(([, s]) => 'fromStack' in s && outputs[s.fromStack]?.[s.output] === undefined);
      throw awsError('missing-output', `${step.stack} needs ${missing.map(([n, s]) => `${n} from output ${'output' in s ? s.output : ''} of stack ${'fromStack' in s ? s.fromStack : ''}`).join(', ')}, which does not exist yet: run the whole sequence.`);
    }
    const problems = parameterProblems(artifact, parameters);
    if (problems.length > 0) throw new XacctError('invalid-parameters', `${doing('cannot deploy')}: ${problems.join('; ')}. Nothing was sent to AWS.`, EXIT.usage);

    if (decision.action === 'recreate') {
      ctx.emit({ type: 'notice', stepId: step.id, message: `stack ${step.stack} is ROLLBACK_COMPLETE after a failed create: it will be deleted and created again` });
      if (!(await approved(ctx, `Delete stack ${step.stack} (ROLLBACK_COMPLETE, holds no working resources) and create it again?`))) return { outcome: 'not-confirmed' };
      await runOperation(ctx, step, 'delete', () => account.cloudFormation.deleteStack(step.stack));
    }
    const creating = decision.action === 'create' || decision.action === 'recreate';
    const { id } = await call(ctx, step.id, () =>
      account.cloudFormation.createChangeSet({
        stackName: step.stack,
        changeSetName: `xacct-${artifact.hash}-${ctx.clock.now().toString(36)}`,
        type: creating ? 'CREATE' : 'UPDATE',
        templateBody: artifact.body,
        parameters,
        capabilities: artifact.capabilities,
        tags: stackTags(ctx.config.name, artifact),
        description: `xacct ${ctx.config.name}: ${artifact.name} ${artifact.hash}`,
      }),
    );
    const changeSet = await waitForChangeSet(ctx, step, id);
    if (changeSet.status === 'FAILED') {
      await call(ctx, step.id, () => account.cloudFormation.deleteChangeSet(step.stack, id));
      if (NO_CHANGES_REASON.test(changeSet.statusReason ?? '')) return { outcome: 'no-change', reason: 'CloudFormation found nothing to change' };
      throw awsError('change-set-failed', `${doing('the change set for')} failed: ${changeSet.statusReason ?? 'no reason given'}`);
    }
    ctx.emit({ type: 'changes', stepId: step.id, stack: step.stack, changes: changeSet.changes });
    if (!(await approved(ctx, `Apply these ${changeSet.changes.length} changes to ${step.stack} in account ${step.accountId}?`))) {
      await call(ctx, step.id, () => account.cloudFormation.deleteChangeSet(step.stack, id));
      return { outcome: 'not-confirmed' };
    }
    await runOperation(ctx, step, creating ? 'create' : 'update', () => account.cloudFormation.executeChangeSet(step.stack, id));
    return { outcome: decision.action === 'recreate' ? 'recreated' : creating ? 'created' : 'updated' };
  } catch (e) {
    throw describeAwsFailure(e, doing('deploying'), step.accountId);
  }
}
