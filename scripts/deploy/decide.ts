/**
 * The decisions the planner shows and the engine re-checks just before it acts: what to do with a
 * stack, the bus permission and the image definitions, given what AWS holds now.
 */
import type { BusStatement, ObjectHead, StackSummary } from '../aws/ports';
import { foreignReason, stackTags, TAG } from './stack-tags';
import { conditionOf, guidanceFor } from './stack-status';
import { templateArtifact, type StackArtifact } from './template-artifacts';
import { findTemplate, type TemplateName } from '../../templates-src';
import type { StackAction } from './plan-types';

export interface StackDecision {
  action: StackAction;
  reason: string;
}

export interface StackWanted {
  deployment: string;
  stackName: string;
  accountId: string;
  artifact: StackArtifact;
  /** Resolved parameter values, or undefined while an output they need is not known. */
  parameters: Record<string, string> | undefined;
  /** Stage 1 of stack B is skipped once the stack runs stage 2 (deploying it would remove the pipeline). */
  supersededBy?: string;
  /** --continue-update-rollback: an UPDATE_ROLLBACK_FAILED stack is rolled on instead of refused. */
  continueUpdateRollback?: boolean;
}

/** Whose stacks: the deployment, and each account's stack (a target resolved once, targets/resolve-targets.ts). */
export interface StackOwner {
  deployment: string;
  source: { accountId: string; stackName: string };
  target: { accountId: string; stackName: string };
}

/**
 * What a deployment wants of one stack, for decideStack: the one place that says stage 1 of stack B is
 * superseded by stage 2. Used by the planner and, just before acting, by the deploy step.
 */
export function stackWanted(
  owner: StackOwner,
  template: TemplateName,
  parameters: Record<string, string> | undefined,
  continueUpdateRollback: boolean,
): StackWanted {
  const account = findTemplate(template)!.account;
  return {
    deployment: owner.deployment,
    stackName: owner[account].stackName,
    accountId: owner[account].accountId,
    artifact: templateArtifact(template),
    parameters,
    continueUpdateRollback,
    ...(template === 'AccB-pipeline-1' ? { supersededBy: 'AccB-pipeline-2' } : {}),
  };
}

/**
 * `deployedTemplate`: the stack's template as submitted (GetTemplate, TemplateStage Original), read only
 * when needsDeployedTemplate says so; undefined otherwise.
 */
export function decideStack(current: StackSummary | undefined, wanted: StackWanted, deployedTemplate?: string): StackDecision {
  if (!current) return { action: 'create', reason: 'the stack does not exist' };
  const condition = conditionOf(current.status);
  if (foreignReason(current, wanted.deployment, wanted.accountId)) {
    const owner = current.tags[TAG.deployment];
    return {
      action: 'blocked',
      reason: `stack ${wanted.stackName} in account ${wanted.accountId} exists but ${owner ? `belongs to deployment "${owner}"` : 'was not deployed by xacct'} (tag ${TAG.deployment}): choose another stack name in the config; it is never changed or deleted`,
    };
  }
  if (condition === 'review') return { action: 'create', reason: 'the stack is REVIEW_IN_PROGRESS (a create that was not executed)' };
  if (condition === 'failed-create') return { action: 'recreate', reason: 'the stack is ROLLBACK_COMPLETE after a failed create: delete it and create it again' };
  if (condition === 'busy') return { action: 'wait', reason: `the stack is ${current.status}: wait for it to settle, then decide again` };
  if (condition === 'rollback-failed' && wanted.continueUpdateRollback) {
    return { action: 'continue-rollback', reason: 'the stack is UPDATE_ROLLBACK_FAILED: continue the rollback (--continue-update-rollback), then update' };
  }
  if (condition !== 'stable') return { action: 'blocked', reason: guidanceFor(wanted.stackName, current.status, wanted.accountId) };
  if (wanted.supersededBy && current.tags[TAG.template] === wanted.supersededBy) {
    return { action: 'none', reason: `the stack already runs ${wanted.supersededBy}, which contains ${wanted.artifact.name}` };
  }
  // "Nothing to deploy" is decided from what is deployed, as the aws-cdk CLI decides it (canSkipDeploy in
  // its deploy-stack.ts: the template from GetTemplate, the parameters and the tags compared with what
  // would be deployed, and never skipped when "stack is in a failure state"). Stricter here: only a plain
  // CREATE_COMPLETE or UPDATE_COMPLETE may be skipped. A rolled-back update (UPDATE_ROLLBACK_COMPLETE)
  // runs the previous template, whatever its tags say; a change set shows what differs.
  if (!SKIPPABLE.has(current.status)) {
    return { action: 'update', reason: `the stack is ${current.status} after a failed operation: a change set shows what differs from ${wanted.artifact.name} ${wanted.artifact.hash}` };
  }
  if (deployedTemplate === undefined) return { action: 'update', reason: 'the deployed template was not read: a change set shows what differs' };
  const differs = [
    deployedTemplate !== wanted.artifact.body ? `the deployed template is not ${wanted.artifact.name} ${wanted.artifact.hash}` : undefined,
    !wanted.parameters || !sameParameters(current.parameters, wanted.parameters, wanted.artifact) ? 'parameters may differ' : undefined,
    !sameTags(current.tags, stackTags(wanted.deployment, wanted.artifact)) ? 'the stack tags differ' : undefined,
  ].filter((d): d is string => d !== undefined);
  if (differs.length === 0) return { action: 'none', reason: `${wanted.artifact.name} ${wanted.artifact.hash} with the same parameters is deployed` };
  return { action: 'update', reason: differs.join('; ') };
}

/**
 * The only statuses "nothing to deploy" may be decided in: the last operation succeeded. Every other
 * settled status (UPDATE_ROLLBACK_COMPLETE, IMPORT_*) gets a change set, which says "no changes" when
 * there are none. The aws-cdk CLI also deploys whenever `isFailure`.
 */
const SKIPPABLE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE']);

/**
 * Whether deciding about this stack needs its deployed template (GetTemplate): only a stack of this
 * deployment in a status that may be skipped. Never a REVIEW_IN_PROGRESS stack, which has none.
 */
export const needsDeployedTemplate = (current: StackSummary | undefined, deployment: string, accountId: string): current is StackSummary =>
  current !== undefined && SKIPPABLE.has(current.status) && !foreignReason(current, deployment, accountId);

const sameTags = (deployed: Record<string, string>, wanted: Record<string, string>) => Object.entries(wanted).every(([k, v]) => deployed[k] === v);

function sameParameters(deployed: Record<string, string>, wanted: Record<string, string>, artifact: StackArtifact): boolean {
  return Object.keys(artifact.parameters).every((name) => {
    const want = wanted[name] ?? String(artifact.parameters[name].Default ?? '');
    return (deployed[name] ?? '') === want;
  });
}

/** Present when the bus policy holds our statement id for exactly account A's events. */
export function permissionPresent(statements: BusStatement[], statementId: string, account: string): boolean {
  return statements.some(
    (s) => s.sid === statementId && s.action === 'events:PutEvents' && (s.principal === account || /^arn:aws[\w-]*:iam::(\d{12}):root$/.exec(s.principal)?.[1] === account),
  );
}

/** The object carries the hash of the content we would upload. */
export const IMAGE_DEFINITIONS_HASH = 'xacct-sha256';
export const definitionsCurrent = (head: ObjectHead | undefined, sha256: string) => head?.metadata[IMAGE_DEFINITIONS_HASH] === sha256;
