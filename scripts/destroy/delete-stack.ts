/**
 * A delete-stack step: wait for a running operation, check the stack is ours, ask, delete, watch. A
 * bucket with object versions or a repository with images makes CloudFormation end the delete in
 * DELETE_FAILED; CloudFormation accepts resources to retain only from a stack in that state, so the step
 * deletes again, keeping exactly those. Anything else that fails stops the run with its root cause. A
 * stack found in DELETE_FAILED (an earlier run) goes the same way; one already gone is "no change".
 */
import { describeAwsFailure } from '../aws/aws-errors';
import type { StackSummary } from '../aws/ports';
import { EXIT, XacctError } from '../errors';
import type { StepResult } from '../deploy/events';
import { approved, type RunContext } from '../deploy/run-context';
import { conditionOf } from '../deploy/stack-status';
import { latestEventId } from '../deploy/stack-watcher';
import { operationFailure, requestToken, watch } from '../deploy/steps/deploy-stack';
import { notOurs } from './destroy-planner';
import type { DeleteStackStep } from '../deploy/destroy-types';
import { keepable, retainedResources } from './retention';
import { readStackContents } from './stack-contents';

/** Deleting again after DELETE_FAILED, keeping what cannot go, takes one more attempt; a third means something else is wrong. */
const MAX_ATTEMPTS = 3;

/** The stack once no operation runs on it (undefined when it is gone); refuses a stack that is not ours. */
async function settled(ctx: RunContext, step: DeleteStackStep): Promise<StackSummary | undefined> {
  const cfn = ctx.aws[step.account].cloudFormation;
  for (let round = 0; ; round++) {
    const current = await cfn.describeStack(step.stack);
    if (!current) return undefined;
    const foreign = notOurs(ctx.config, step.account, current);
    if (foreign) throw new XacctError('stack-blocked', `${foreign}. Nothing was deleted.`, EXIT.aws);
    if (conditionOf(current.status) !== 'busy' || current.status === 'REVIEW_IN_PROGRESS' || round >= 5) return current;
    ctx.emit({ type: 'notice', stepId: step.id, message: `stack ${step.stack} is ${current.status}: waiting for it to settle` });
    await watch(ctx, step, await latestEventId(cfn, step.stack));
  }
}

export async function deleteStack(ctx: RunContext, step: DeleteStackStep): Promise<StepResult> {
  const ports = ctx.aws[step.account];
  const cfn = ports.cloudFormation;
  try {
    const current = await settled(ctx, step);
    if (!current) return { outcome: 'no-change', reason: `stack ${step.stack} does not exist (already deleted)` };
    let contents = await readStackContents(ports, current);
    const keeps = retainedResources(ctx.config, step.account, step.stack, contents).map((r) => r.logicalId);
    const keeping = keeps.length > 0 ? `, keeping ${keeps.join(', ')}` : '';
    ctx.emit({ type: 'notice', stepId: step.id, message: `will delete stack ${step.stack} (${current.status}) in account ${step.accountId}${keeping}` });
    if (!(await approved(ctx, `Delete stack ${step.stack} in account ${step.accountId}${keeping}?`))) return { outcome: 'not-confirmed' };
    let retain = current.status === 'DELETE_FAILED' ? keepable(contents) : [];
    for (let attempt = 1; ; attempt++) {
      const baseline = await latestEventId(cfn, step.stack);
      await cfn.deleteStack(step.stack, retain, requestToken(ctx, 'delete', attempt));
      const result = await watch(ctx, step, baseline, 'delete');
      if (result.status === 'DELETE_COMPLETE') break;
      contents = await readStackContents(ports, { name: step.stack, status: result.status });
      const failed = contents.resources.filter((r) => r.status === 'DELETE_FAILED');
      retain = keepable(contents);
      if (attempt >= MAX_ATTEMPTS || retain.length === 0 || failed.length > retain.length) throw operationFailure(ctx, step, 'delete', result);
      ctx.emit({ type: 'notice', stepId: step.id, message: `CloudFormation cannot delete ${retain.join(', ')} (not empty): deleting stack ${step.stack} again, keeping ${retain.length === 1 ? 'it' : 'them'}` });
    }
    return { outcome: 'deleted', retained: retainedResources(ctx.config, step.account, step.stack, contents) };
  } catch (e) {
    throw describeAwsFailure(e, `deleting stack ${step.stack}`, step.accountId);
  }
}
