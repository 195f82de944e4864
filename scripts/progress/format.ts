/** Shared wording for reporters: durations, plan lines, step results. */
import type { PlanStep } from '../deploy/plan-types';
import type { DestroyStep, RetainedResource } from '../deploy/destroy-types';
import type { StepResult } from '../deploy/events';

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

export function describeStep(step: PlanStep | DestroyStep): string {
  switch (step.kind) {
    case 'deploy-stack':
      return `${step.action.padEnd(8)} stack ${step.stack} with ${step.template} in account ${step.accountId} (${step.account})`;
    case 'put-events-permission':
      return `${step.action.padEnd(8)} bus permission ${step.statementId}: account ${step.principalAccountId} may put events on the default bus of ${step.accountId}`;
    case 'upload-image-definitions':
      return `${step.action.padEnd(8)} ${step.key} (container ${step.containerName}, tag ${step.imageTag}) to the source bucket of ${step.accountId}`;
    case 'check-image':
      return `${'check'.padEnd(8)} the image tagged ${step.imageTag} in account ${step.accountId} (the pipeline's ECR source reads it)`;
    case 'delete-stack':
      return `${step.action.padEnd(8)} stack ${step.stack} in account ${step.accountId} (${step.account})${step.keeps.length > 0 ? `, keeping ${step.keeps.join(', ')}` : ''}`;
    case 'remove-events-permission':
      return `${step.action.padEnd(8)} bus permission ${step.statementId} of account ${step.principalAccountId} on the default bus of ${step.accountId}`;
  }
}

export function describeResult(result: StepResult): string {
  switch (result.outcome) {
    case 'no-change':
      return `no change: ${result.reason}`;
    case 'uploaded':
      return `uploaded s3://${result.bucket}/${result.key} version ${result.versionId}`;
    case 'permission-added':
      return 'permission added';
    case 'permission-removed':
      return 'permission removed';
    case 'deleted':
      return result.retained.length > 0 ? `deleted, keeping ${result.retained.map((r) => r.logicalId).join(', ')}` : 'deleted';
    case 'not-confirmed':
      return 'not applied: changes shown, not confirmed';
    default:
      return result.outcome;
  }
}

/** A kept resource for people: what it is, why it stays, what removes it. */
export function describeRetained(r: RetainedResource): string[] {
  return [`${r.logicalId} ${r.type} ${r.physicalId} (stack ${r.stack}, account ${r.accountId})`, `  why: ${r.why}`, ...r.commands.map((c) => `  remove: ${c}`)];
}

/** "Account A 111122223333: profile p is arn:...": who each set of credentials turned out to be. */
export const describeIdentity = (account: 'source' | 'target', i: { accountId: string; credentials: string; arn: string }) =>
  `Account ${account === 'source' ? 'A' : 'B'} ${i.accountId}: ${i.credentials} is ${i.arn}`;
