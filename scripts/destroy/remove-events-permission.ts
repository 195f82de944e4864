/**
 * Takes account A's permission off account B's default bus: the statement this deployment added, under
 * its fixed statement id. A missing statement means it is already done; a statement of that id that
 * grants something else was not ours and is left alone.
 */
import { codeOf, describeAwsFailure } from '../aws/aws-errors';
import type { StepResult } from '../deploy/events';
import { permissionPresent } from '../deploy/decide';
import { approved, type RunContext } from '../deploy/run-context';
import type { RemoveEventsPermissionStep } from '../deploy/destroy-types';

export async function removeEventsPermission(ctx: RunContext, step: RemoveEventsPermissionStep): Promise<StepResult> {
  const events = ctx.aws.target.events;
  const gone: StepResult = { outcome: 'no-change', reason: `the default bus has no statement ${step.statementId} (already removed)` };
  try {
    const policy = await events.busPolicy(step.eventBus);
    if (!policy.some((s) => s.sid === step.statementId)) return gone;
    if (!permissionPresent(policy, step.statementId, step.principalAccountId)) {
      return { outcome: 'no-change', reason: `statement ${step.statementId} on the default bus of ${step.accountId} does not grant account ${step.principalAccountId} events:PutEvents: it was not added by this deployment and is left alone` };
    }
    ctx.emit({ type: 'notice', stepId: step.id, message: `will remove statement ${step.statementId}: account ${step.principalAccountId} may then no longer put events on the default bus of ${step.accountId}` });
    if (!(await approved(ctx, `Remove account ${step.principalAccountId}'s permission to put events on the default bus of account ${step.accountId}?`))) return { outcome: 'not-confirmed' };
    try {
      await events.removePermission(step.eventBus, step.statementId);
    } catch (e) {
      // Removed by someone else in the meantime: the end state is the same.
      if (codeOf(e) === 'ResourceNotFoundException') return gone;
      throw e;
    }
    return { outcome: 'permission-removed' };
  } catch (e) {
    throw describeAwsFailure(e, `removing statement ${step.statementId} from the default event bus`, step.accountId);
  }
}
