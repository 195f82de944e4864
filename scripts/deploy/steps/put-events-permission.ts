/**
 * Lets account A put events on account B's default bus: one statement, for account A only, under a
 * fixed statement id, so a repeat changes nothing (and is not even sent when the statement is there).
 */
import { awsError, codeOf, describeAwsFailure, missingBusError } from '../../aws/aws-errors';
import type { StepResult } from '../events';
import { permissionPresent } from '../decide';
import type { PutEventsPermissionStep } from '../plan-types';
import { approved, type RunContext } from '../run-context';

export async function putEventsPermission(ctx: RunContext, step: PutEventsPermissionStep): Promise<StepResult> {
  const events = ctx.aws.target.events;
  try {
    const before = await events.busPolicy(step.eventBus);
    if (permissionPresent(before, step.statementId, step.principalAccountId)) {
      return { outcome: 'no-change', reason: `statement ${step.statementId} already lets account ${step.principalAccountId} put events` };
    }
    ctx.emit({ type: 'notice', stepId: step.id, message: `will allow account ${step.principalAccountId} (only) to put events on the default bus, statement ${step.statementId}` });
    if (!(await approved(ctx, `Allow account ${step.principalAccountId} to put events on the default bus of account ${step.accountId}?`))) return { outcome: 'not-confirmed' };
    await events.putPermission(step.eventBus, step.statementId, step.principalAccountId);
    const after = await events.busPolicy(step.eventBus);
    if (!permissionPresent(after, step.statementId, step.principalAccountId)) {
      throw awsError('permission-missing', `put-permission succeeded but the default bus policy of account ${step.accountId} does not show statement ${step.statementId}`);
    }
    return { outcome: 'permission-added' };
  } catch (e) {
    if (codeOf(e) === 'ResourceNotFoundException') throw missingBusError(step.accountId, step.region, e);
    throw describeAwsFailure(e, 'granting account A access to the default event bus', step.accountId);
  }
}
