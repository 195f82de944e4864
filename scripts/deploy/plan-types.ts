/**
 * The deploy plan is data: ordered steps, each a record the CLI prints (`xacct plan --json`) and the
 * engine executes. Nothing here runs anything.
 */
import type { TemplateName } from '../../templates-src';

export type AccountKey = 'source' | 'target';

import type { ParameterSource } from '../targets/stack-parameters';

export type { ParameterSource };

/**
 * create/update: a change set; recreate: delete a ROLLBACK_COMPLETE stack, then create; wait: the stack is
 * busy, wait for it to settle and decide again; continue-rollback: ContinueUpdateRollback
 * (--continue-update-rollback), then update; none: nothing to do; blocked: needs a person first.
 */
export type StackAction = 'create' | 'update' | 'recreate' | 'wait' | 'continue-rollback' | 'none' | 'blocked';
export type PermissionAction = 'put' | 'none';
export type UploadAction = 'upload' | 'none';

export interface StepBase {
  id: string;
  account: AccountKey;
  accountId: string;
  region: string;
  /** Why the action was chosen (for people; not parsed). */
  reason: string;
}

export interface DeployStackStep extends StepBase {
  kind: 'deploy-stack';
  action: StackAction;
  stack: string;
  template: TemplateName;
  parameters: Record<string, ParameterSource>;
  capabilities: Array<'CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM'>;
}

export interface PutEventsPermissionStep extends StepBase {
  kind: 'put-events-permission';
  action: PermissionAction;
  eventBus: 'default';
  statementId: string;
  principalAccountId: string;
}

export interface UploadImageDefinitionsStep extends StepBase {
  kind: 'upload-image-definitions';
  action: UploadAction;
  bucket: ParameterSource;
  key: string;
  repositoryUri: ParameterSource;
  imageTag: string;
  containerName: string;
}

/**
 * Read-only: the ECR source action needs the tracked tag in account A's repository ("You must have
 * already created an Amazon ECR repository and pushed an image before you connect the pipeline", ECR
 * source action reference). Looked up before the pipeline is created; when it is missing the run says
 * so and how to push, and the pipeline waits for that push.
 */
export interface CheckImageStep extends StepBase {
  kind: 'check-image';
  action: 'none';
  repository: ParameterSource;
  repositoryUri: ParameterSource;
  imageTag: string;
}

export type PlanStep = DeployStackStep | PutEventsPermissionStep | UploadImageDefinitionsStep | CheckImageStep;

export interface DeployPlan {
  deployment: string;
  region: string;
  /** True when planned against two empty accounts without calling AWS. */
  offline: boolean;
  steps: PlanStep[];
}

/** Whether a step's action writes anything. */
export const changes = (step: PlanStep): boolean => step.action !== 'none' && step.action !== 'blocked';
