/**
 * `xacct diff`: what deploy-sequence would change in each stack, compared locally. The stack as it is
 * (DescribeStacks: status, parameters, tags; GetTemplate, TemplateStage Original: the template as
 * submitted) against what the deploy would send now (the planner's wantedNow: the same artifact and
 * parameter values). No change set is made: nothing is written, and no REVIEW_IN_PROGRESS stack is left
 * behind for a stack that does not exist yet. Read-only.
 */
import type { DeploymentConfig } from '../config/schema';
import { resolveSingle, type ResolvedTarget } from '../targets/resolve-targets';
import type { StackSummary } from '../aws/ports';
import { describeAwsFailure } from '../aws/aws-errors';
import { decideStack, type StackWanted } from '../deploy/decide';
import type { Accounts } from '../deploy/observe';
import { knownOutputs, wantedNow } from '../deploy/planner';
import { stackTags } from '../deploy/stack-tags';
import type { TemplateName } from '../../templates-src';
import { diffTemplates, templateChanged, type TemplateDiff } from './template-diff';
import { loadTemplate } from '../yaml/cfn-yaml';

export interface ValueChange {
  name: string;
  /** Absent: the stack has no such parameter (or tag) now. */
  deployed?: string;
  /** Absent: the value comes from another stack's output that does not exist yet (`from` says which). */
  wanted?: string;
  from?: string;
}

export interface StackDiff {
  account: 'source' | 'target';
  accountId: string;
  stack: string;
  template: TemplateName;
  templateHash: string;
  /** The stack's status now; absent when it does not exist. */
  status?: string;
  /** create: the stack would be created; recreate: deleted and created again; blocked: deploy would refuse (reason). */
  action: 'create' | 'recreate' | 'update' | 'none' | 'blocked';
  reason: string;
  resources: TemplateDiff;
  parameters: ValueChange[];
  tags: ValueChange[];
}

export interface DeploymentDiff {
  deployment: string;
  region: string;
  changed: boolean;
  stacks: StackDiff[];
}

/** The stacks in the order deploy-sequence deploys them, each with the template it ends up running. */
const STACKS: Array<{ account: 'target' | 'source'; template: TemplateName }> = [
  { account: 'target', template: 'AccB-pipeline-2' },
  { account: 'source', template: 'AccA-pipeline' },
];

function allAdded(wanted: StackWanted): TemplateDiff {
  const doc = loadTemplate(wanted.artifact.body) as { Resources?: Record<string, { Type?: string }> };
  const added = Object.entries(doc.Resources ?? {}).map(([logicalId, r]) => ({ logicalId, type: String(r.Type ?? '?') }));
  return { added: added.sort((a, b) => a.logicalId.localeCompare(b.logicalId)), removed: [], modified: [], other: [] };
}

function parameterChanges(target: ResolvedTarget, template: TemplateName, wanted: StackWanted, state: Record<'targetStack' | 'sourceStack', StackSummary | undefined>, deployed: Record<string, string>): ValueChange[] {
  const sources = target.parameters[template];
  const outputs = knownOutputs(target, state);
  return Object.entries(wanted.artifact.parameters).flatMap(([name, definition]) => {
    const source = sources[name];
    const value = wanted.parameters
      ? (wanted.parameters[name] ?? String(definition.Default ?? ''))
      : source === undefined
        ? String(definition.Default ?? '')
        : 'value' in source
          ? source.value
          : outputs[source.fromStack]?.[source.output];
    const before = deployed[name];
    if (value !== undefined && before === value) return [];
    const from = source && 'fromStack' in source && value === undefined ? { from: `output ${source.output} of stack ${source.fromStack}, known once that stack is deployed` } : {};
    return [{ name, ...(before !== undefined ? { deployed: before } : {}), ...(value !== undefined ? { wanted: value } : {}), ...from }];
  });
}

function tagChanges(deployed: Record<string, string>, wanted: Record<string, string>): ValueChange[] {
  return Object.entries(wanted).flatMap(([name, value]) => (deployed[name] === value ? [] : [{ name, ...(deployed[name] !== undefined ? { deployed: deployed[name] } : {}), wanted: value }]));
}

async function diffStack(target: ResolvedTarget, aws: Accounts, state: Record<'targetStack' | 'sourceStack', StackSummary | undefined>, account: 'source' | 'target', template: TemplateName): Promise<StackDiff> {
  const config = target.config;
  const current = account === 'target' ? state.targetStack : state.sourceStack;
  const wanted = wantedNow(target, state, template);
  const base = { account, accountId: config[account].accountId, stack: config[account].stackName, template, templateHash: wanted.artifact.hash, ...(current ? { status: current.status } : {}) };
  const decision = decideStack(current, wanted, undefined);
  const empty: TemplateDiff = { added: [], removed: [], modified: [], other: [] };
  if (decision.action === 'blocked') return { ...base, action: 'blocked', reason: decision.reason, resources: empty, parameters: [], tags: [] };
  const tags = stackTags(config.name, wanted.artifact);
  if (!current || decision.action === 'create' || decision.action === 'recreate') {
    const action = decision.action === 'recreate' ? 'recreate' : 'create';
    const reason = action === 'create' ? 'the stack does not exist: it would be created' : `the stack is ${current?.status}: it would be deleted and created again`;
    return { ...base, action, reason, resources: allAdded(wanted), parameters: parameterChanges(target, template, wanted, state, {}), tags: tagChanges({}, tags) };
  }
  const deployedBody = await aws[account].cloudFormation.templateBody(current.name).catch((e: unknown) => {
    throw describeAwsFailure(e, `reading the template of stack ${current.name}`, config[account].accountId);
  });
  const resources = diffTemplates(deployedBody, wanted.artifact.body);
  const parameters = parameterChanges(target, template, wanted, state, current.parameters);
  const tagDiff = tagChanges(current.tags, tags);
  const changed = templateChanged(resources) || parameters.length > 0 || tagDiff.length > 0;
  return {
    ...base,
    action: changed ? 'update' : 'none',
    reason: changed ? `the stack would be updated to ${template} ${wanted.artifact.hash}` : `${template} ${wanted.artifact.hash} with the same parameters is deployed`,
    resources,
    parameters,
    tags: tagDiff,
  };
}

export async function diffDeployment(config: DeploymentConfig, aws: Accounts): Promise<DeploymentDiff> {
  const read = (account: 'source' | 'target') =>
    aws[account].cloudFormation.describeStack(config[account].stackName).catch((e: unknown) => {
      throw describeAwsFailure(e, `describing stack ${config[account].stackName}`, config[account].accountId);
    });
  const [targetStack, sourceStack] = await Promise.all([read('target'), read('source')]);
  const state = { targetStack, sourceStack };
  const stacks: StackDiff[] = [];
  const target = resolveSingle(config);
  for (const { account, template } of STACKS) stacks.push(await diffStack(target, aws, state, account, template));
  return { deployment: config.name, region: config.region, changed: stacks.some((s) => s.action !== 'none'), stacks };
}
