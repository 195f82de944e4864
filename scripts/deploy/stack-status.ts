/**
 * What a CloudFormation stack status means for us, decided in one place: can the stack be updated,
 * is it busy, did the last operation fail, and what to do about it.
 */

export type StackCondition =
  /** CREATE change set pending, no resources yet: create it. */
  | 'review'
  /** Settled and updatable (…_COMPLETE, including a rolled-back update). */
  | 'stable'
  /** An operation is running. */
  | 'busy'
  /** A failed create that rolled back: it can only be deleted, then created again. */
  | 'failed-create'
  /** An update whose rollback failed: only ContinueUpdateRollback leaves this state. */
  | 'rollback-failed'
  /** Anything else that needs a person: ROLLBACK_FAILED, DELETE_FAILED, CREATE_FAILED, IMPORT_ROLLBACK_FAILED. */
  | 'broken';

export function conditionOf(status: string): StackCondition {
  if (status === 'REVIEW_IN_PROGRESS') return 'review';
  if (status.endsWith('_IN_PROGRESS')) return 'busy';
  if (status === 'ROLLBACK_COMPLETE') return 'failed-create';
  if (status === 'UPDATE_ROLLBACK_FAILED') return 'rollback-failed';
  if (status.endsWith('_FAILED')) return 'broken';
  return 'stable';
}

export const isSettled = (status: string) => !status.endsWith('_IN_PROGRESS');

export type OperationKind = 'create' | 'update' | 'delete';

/** Whether a settled status is the success of the operation we started. */
export function operationSucceeded(operation: OperationKind, status: string): boolean {
  switch (operation) {
    case 'create':
      return status === 'CREATE_COMPLETE';
    case 'update':
      return status === 'UPDATE_COMPLETE';
    case 'delete':
      return status === 'DELETE_COMPLETE';
  }
}

/** Statuses an operation can end in. A settled status of another kind is a stale read from before it. */
const END_STATUSES: Record<OperationKind, ReadonlySet<string>> = {
  create: new Set(['CREATE_COMPLETE', 'CREATE_FAILED', 'ROLLBACK_COMPLETE', 'ROLLBACK_FAILED']),
  update: new Set(['UPDATE_COMPLETE', 'UPDATE_FAILED', 'UPDATE_ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_FAILED']),
  delete: new Set(['DELETE_COMPLETE', 'DELETE_FAILED']),
};

export const isEndOf = (operation: OperationKind, status: string) => END_STATUSES[operation].has(status);

/** What a person should do about a stack in a condition we do not handle automatically. */
export function guidanceFor(stack: string, status: string, account: string): string {
  switch (conditionOf(status)) {
    case 'busy':
      return `stack ${stack} in account ${account} is ${status}: another operation is running. Wait until it settles, then run again.`;
    case 'rollback-failed':
      return `stack ${stack} in account ${account} is UPDATE_ROLLBACK_FAILED: a resource could not be rolled back. Fix the cause shown in its events (or skip the resource), then run again with --continue-update-rollback, or: aws cloudformation continue-update-rollback --stack-name ${stack}`;
    case 'failed-create':
      return `stack ${stack} in account ${account} is ROLLBACK_COMPLETE after a failed create: it can only be deleted and created again (the run does that after asking).`;
    case 'broken':
      // ROLLBACK_FAILED: the rollback of a failed create could not remove every resource; the stack can
      // only be deleted (CloudFormation user guide, stack status codes: "Delete the stack or view the stack
      // events"). RetainResources is accepted only once a delete ended DELETE_FAILED (API reference,
      // DeleteStack RetainResources), so the command is in two steps.
      if (status === 'ROLLBACK_FAILED') {
        return `stack ${stack} in account ${account} is ROLLBACK_FAILED: a failed create could not be rolled back, and the stack can only be deleted. Run \`xacct destroy\` with this config (or: aws cloudformation delete-stack --stack-name ${stack}); if the delete ends DELETE_FAILED, delete it again keeping the resources its events name: aws cloudformation delete-stack --stack-name ${stack} --retain-resources <LogicalId> ..., remove those by hand, then run again.`;
      }
      return `stack ${stack} in account ${account} is ${status}: look at its events in the CloudFormation console, fix the cause, delete the stack if it holds nothing you need, then run again.`;
    default:
      return `stack ${stack} in account ${account} is ${status}: look at its events in the CloudFormation console, fix the cause, delete the stack if it holds nothing you need, then run again.`;
  }
}

/** The last operation a status tells of, and how it ended (for people: `xacct status`). */
export function lastOperation(status: string): { operation: string; outcome: string } {
  const operation = status.startsWith('ROLLBACK') || status === 'REVIEW_IN_PROGRESS' ? 'create' : status.split('_')[0].toLowerCase();
  const outcome =
    status === 'REVIEW_IN_PROGRESS'
      ? 'change set not executed'
      : /ROLLBACK_COMPLETE$/.test(status)
        ? 'failed and rolled back'
        : /ROLLBACK_FAILED$/.test(status)
          ? 'failed, and so did its rollback'
          : /ROLLBACK_.*IN_PROGRESS$/.test(status)
            ? 'failed, rolling back'
            : status.endsWith('_COMPLETE')
              ? 'succeeded'
              : status.endsWith('_FAILED')
                ? 'failed'
                : 'in progress';
  return { operation, outcome };
}
