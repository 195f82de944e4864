/**
 * The teardown plan is data, like the deploy plan: the reverse order (stack B, the bus permission for
 * account A, stack A), each step with the action chosen against what AWS holds and why, and the
 * resources that stay on purpose, each with the reason and the commands that remove it.
 */
import type { AccountKey, StepBase } from './plan-types';

/**
 * delete: DeleteStack (again, keeping what cannot be deleted, when the stack is DELETE_FAILED); wait: an
 * operation is running, wait for it and then delete; none: already gone; blocked: not ours, never touched.
 */
export type DeleteStackAction = 'delete' | 'wait' | 'none' | 'blocked';

export interface DeleteStackStep extends StepBase {
  kind: 'delete-stack';
  action: DeleteStackAction;
  stack: string;
  /** Logical ids of the resources the delete leaves in place (see DestroyPlan.retained for why). */
  keeps: string[];
}

export interface RemoveEventsPermissionStep extends StepBase {
  kind: 'remove-events-permission';
  action: 'remove' | 'none' | 'blocked';
  eventBus: 'default';
  statementId: string;
  principalAccountId: string;
}

export type DestroyStep = DeleteStackStep | RemoveEventsPermissionStep;

/** A resource that stays after the teardown: why, and what removes it. */
export interface RetainedResource {
  account: AccountKey;
  accountId: string;
  stack: string;
  logicalId: string;
  type: string;
  physicalId: string;
  why: string;
  /** AWS CLI commands that remove it, in order. */
  commands: string[];
}

export interface DestroyPlan {
  deployment: string;
  region: string;
  steps: DestroyStep[];
  /** What the steps leave in place on purpose, as far as the stacks that still exist tell. */
  retained: RetainedResource[];
  /** For stacks an earlier run already deleted: how to find what that run left in place. */
  earlierLeftovers?: string;
}

export const DESTROY_STEP_IDS = {
  targetStack: 'delete-target-stack',
  eventsPermission: 'remove-events-permission',
  sourceStack: 'delete-source-stack',
} as const;
