/**
 * A change set CloudFormation refused, told resource by resource with what to do. Early validation
 * (2025) names the resource only in the change set's events; the commonest case for this tool is a
 * redeploy after a teardown that kept the ECR repository because it held images.
 */
import type { ChangeSetFailure } from '../aws/ports';
import type { DeployStackStep } from './plan-types';
import { BUCKET, REPOSITORY, removalCommands, type CliAccounts } from './removal-commands';

/** The name in "Resource of type 'T' with identifier 'X' already exists." */
const existingName = (reason: string) => /with identifier '([^']+)' already exists/.exec(reason)?.[1];

function advice(config: CliAccounts, step: Pick<DeployStackStep, 'account' | 'accountId'>, f: ChangeSetFailure): string | undefined {
  const name = existingName(f.reason);
  if (!name) return undefined;
  const remove = () => removalCommands(config, step.account, f.resourceType, name).map((c) => `      ${c}`).join('\n');
  if (f.resourceType === REPOSITORY) {
    return `    This is most likely the repository an earlier teardown kept because it held images. Either delete it (its images go with it):\n${remove()}\n    or set pipeline.repositoryName to another name in the config.`;
  }
  if (f.resourceType === BUCKET) return `    Either empty and delete that bucket:\n${remove()}\n    or let the template name the bucket.`;
  return `    A ${f.resourceType} named ${name} exists outside this stack in account ${step.accountId}: delete it, or choose another name in the config.`;
}

/** `unread`: why the change set's events (which name the refused resources) could not be read, if they could not. */
export function describeChangeSetFailure(config: CliAccounts, step: Pick<DeployStackStep, 'account' | 'accountId' | 'stack'> & { template: string }, reason: string | undefined, failures: ChangeSetFailure[], unread?: string): string {
  const lines = [`the change set for ${step.stack} (${step.template}) in account ${step.accountId} failed: ${reason ?? 'no reason given'}`];
  if (unread) lines.push(`  (its events, which name the resources refused, could not be read: ${unread})`);
  for (const f of failures) {
    lines.push(`  ${f.logicalId} (${f.resourceType}): ${f.reason}${f.validation ? ` (${f.validation})` : ''}`);
    const what = advice(config, step, f);
    if (what) lines.push(what);
  }
  lines.push(`Stack ${step.stack} was not changed. Once that is sorted out, run again: the run continues from this stack.`);
  return lines.join('\n');
}
