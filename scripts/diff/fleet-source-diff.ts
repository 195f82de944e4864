/**
 * `xacct diff` of a fleet target whose region has several targets: account A's part is the fleet stack
 * that serves it, compared with what a deploy would send it now (fleetSourceStacks from the stage-1
 * outputs and the deployed `Serves`, deploy/fleet-source-state.ts) instead of the single-target
 * AccA-pipeline. Compared locally, as the other stacks are: GetTemplate against the artifact.
 */
import { describeAwsFailure } from '../aws/aws-errors';
import type { StackSummary } from '../aws/ports';
import type { Accounts } from '../deploy/observe';
import { deployedServing, wantedServing, type RegionSource } from '../deploy/fleet-source-state';
import { stackTags } from '../deploy/stack-tags';
import { loadTemplate } from '../yaml/cfn-yaml';
import type { TemplateName } from '../../templates-src';
import type { DeploymentDiff, StackDiff, ValueChange } from './stack-diff';
import { diffTemplates, templateChanged, type TemplateDiff } from './template-diff';

const changesOf = (deployed: Record<string, string>, wanted: Record<string, string>): ValueChange[] =>
  Object.entries(wanted).flatMap(([name, value]) => (deployed[name] === value ? [] : [{ name, ...(deployed[name] !== undefined ? { deployed: deployed[name] } : {}), wanted: value }]));

function everyResource(body: string): TemplateDiff {
  const doc = loadTemplate(body) as { Resources?: Record<string, { Type?: string }> };
  const added = Object.entries(doc.Resources ?? {}).map(([logicalId, r]) => ({ logicalId, type: String(r.Type ?? '?') }));
  return { added: added.sort((a, b) => a.logicalId.localeCompare(b.logicalId)), removed: [], modified: [], other: [] };
}

/** The fleet stack a deploy would put `name`'s part in, against the stack as deployed. */
export async function diffFleetSource(deployment: string, accountId: string, name: string, aws: Accounts, region: RegionSource): Promise<StackDiff> {
  const wanted = wantedServing(region, name);
  const serving = deployedServing(region, name);
  const current: StackSummary | undefined = (wanted ? region.deployed.find((s) => s.name === wanted.stackName) : undefined) ?? serving;
  const stack = wanted?.stackName ?? serving?.name ?? '?';
  const empty: TemplateDiff = { added: [], removed: [], modified: [], other: [] };
  if (!wanted) {
    // Its stage 1 is not deployed: a deploy creates that first, then writes its outputs into this stack.
    return { account: 'source', accountId, stack, template: 'AccA-fleet' as TemplateName, templateHash: '?', ...(current ? { status: current.status } : {}), action: 'update', reason: `${name} has no stage 1 yet: deploy-sequence creates it, then adds ${name} to account A's stacks in ${region.region}`, resources: empty, parameters: [], tags: [] };
  }
  const base = { account: 'source' as const, accountId, stack: wanted.stackName, template: wanted.artifact.name as TemplateName, templateHash: wanted.artifact.hash };
  const tags = stackTags(deployment, wanted.artifact);
  if (!current) {
    return { ...base, action: 'create', reason: `the stack does not exist: it would be created serving ${wanted.serves.join(', ')}`, resources: everyResource(wanted.artifact.body), parameters: changesOf({}, wanted.parameters), tags: changesOf({}, tags) };
  }
  const deployedBody = await aws.source.cloudFormation.templateBody(current.name).catch((e: unknown) => {
    throw describeAwsFailure(e, `reading the template of stack ${current.name}`, accountId);
  });
  const resources = diffTemplates(deployedBody, wanted.artifact.body);
  const parameters = changesOf(current.parameters, wanted.parameters);
  const tagDiff = changesOf(current.tags, tags);
  const changed = templateChanged(resources) || parameters.length > 0 || tagDiff.length > 0;
  return {
    ...base,
    status: current.status,
    action: changed ? 'update' : 'none',
    reason: changed ? `the stack would be updated to serve ${wanted.serves.join(', ')}` : `${wanted.artifact.name} ${wanted.artifact.hash} for ${wanted.serves.join(', ')} with the same parameters is deployed`,
    resources,
    parameters,
    tags: tagDiff,
  };
}

/** The target's diff with account A's stack replaced by its fleet stack's. */
export function withFleetSourceDiff(diff: DeploymentDiff, source: StackDiff): DeploymentDiff {
  const stacks = diff.stacks.map((s) => (s.account === 'source' ? source : s));
  return { ...diff, stacks, changed: stacks.some((s) => s.action !== 'none') };
}
