/**
 * `xacct doctor`: reads both accounts (never writes), sets every live policy and rule against what the
 * deployed templates say, reads the pipeline's latest execution and its failed action, and gives a
 * verdict per hop from a push to a running task.
 */
import { describeAwsFailure, messageOf } from '../aws/aws-errors';
import type { StackSummary } from '../aws/ports';
import { statementIdOf, type DeploymentConfig } from '../config/schema';
import { verifyIdentities } from '../deploy/identity';
import { observeStacks, observeTrackedImage, type Accounts } from '../deploy/observe';
import type { AccountKey } from '../deploy/plan-types';
import { foreignReason, TAG } from '../deploy/stack-tags';
import { eventBusPermission, eventBusPolicyStatement } from '../../templates-src/policies/event-bus-permission';
import type { DoctorReport, HopId, HopVerdict, PolicyCheck } from './doctor-types';
import { expectedPolicies, physicalIdsOf, type DeployedStack, type ExpectedPolicies } from './expected-policies';
import { fleetIds } from '../../templates-src/acc-a-fleet';
import { hopVerdicts } from './hops';
import { checkAccountPolicies, checkBusStatement } from './policy-checks';
import { LiveDocuments } from './live-source';
import { deploymentView } from '../explain/deployment-view';
import { explainMessage } from '../explain/explain';
import type { Explanation } from '../explain/explanation';
import { builtInTemplates } from '../explain/templates';
import { resolveSingle } from '../targets/resolve-targets';

async function deployedStack(aws: Accounts, account: AccountKey, stack: StackSummary, accountId: string, region: string): Promise<DeployedStack> {
  const cfn = aws[account].cloudFormation;
  const [body, resources] = await Promise.all([cfn.templateBody(stack.name), cfn.stackResources(stack.name)]);
  return { stackId: stack.stackId, name: stack.name, accountId, region, template: stack.tags[TAG.template] ?? '?', body, parameters: stack.parameters, resources };
}

/** How doctor explains a failed action: the explain engine, with the deployment the config describes. */
export interface DoctorOptions {
  configFile: string;
  version: string;
  /**
   * A target of a region with several: account A's part is its share of the fleet stack that serves it
   * (`stack`, undefined when none does): its source role with its trust, the forwarding role, and the
   * rules that forward to it.
   */
  fleetSource?: { target: string; stack: StackSummary | undefined; region: string };
}

/** Of a fleet stack's expectations, the ones of `target` (templates-src/acc-a-fleet.ts names them). */
function targetsShare(expected: ExpectedPolicies, target: string): ExpectedPolicies {
  return {
    ...expected,
    roles: expected.roles.filter((r) => r.logicalId === fleetIds.sourceRole(target) || r.logicalId === fleetIds.forwardingRole),
    rules: expected.rules.filter((r) => r.targets.some((t) => t.id === target)),
  };
}

/** The failed action's message held against the live policies, as `xacct explain` would; undefined when it is no access message. */
function explainFailure(config: DeploymentConfig, o: DoctorOptions, message: string, live: LiveDocuments, known: { A?: Record<string, string>; B?: Record<string, string> }): Explanation | undefined {
  const reference = builtInTemplates(o.version);
  const view = deploymentView(config, o.configFile, reference, known);
  return explainMessage(message, view, { live: live.source(), books: { evaluated: reference.templates, reference: reference.templates } });
}

export async function runDoctor(config: DeploymentConfig, aws: Accounts, o: DoctorOptions): Promise<DoctorReport> {
  const live = new LiveDocuments();
  // Physical ids of both stacks' resources: the model explain uses then carries the real generated names.
  const known: { A?: Record<string, string>; B?: Record<string, string> } = {};
  const ids = await verifyIdentities(config, aws, () => undefined);
  // Doctor reads the stacks, the bus policy and the tracked image; not the image definitions object.
  const stacksRead = await observeStacks(config, aws);
  const state = { ...stacksRead, trackedImage: await observeTrackedImage(config, aws, stacksRead.sourceStack) };
  const stacks: Record<AccountKey, StackSummary | undefined> = { source: state.sourceStack, target: state.targetStack };
  const problems: string[] = [];
  const unreadable: string[] = [];
  const checks: PolicyCheck[] = [];
  const extra: Partial<Record<HopId, { verdict: HopVerdict['verdict']; finding: string }>> = {};

  const fleet = o.fleetSource;
  for (const account of ['source', 'target'] as const) {
    const stack = account === 'source' && fleet ? fleet.stack : stacks[account];
    const accountId = config[account].accountId;
    if (!stack && account === 'source' && fleet) {
      problems.push(`account A's stacks in ${fleet.region} do not serve ${fleet.target}: run deploy-sequence`);
      continue;
    }
    if (!stack) {
      problems.push(`stack ${config[account].stackName} does not exist in account ${accountId}: run deploy-sequence`);
      continue;
    }
    const foreign = foreignReason(stack, config.name, accountId);
    if (foreign) {
      problems.push(foreign);
      continue;
    }
    try {
      const deployed = await deployedStack(aws, account, stack, accountId, config.region);
      known[account === 'source' ? 'A' : 'B'] = physicalIdsOf(deployed.resources);
      const expected = expectedPolicies(deployed);
      checks.push(...(await checkAccountPolicies(account, account === 'source' && fleet ? targetsShare(expected, fleet.target) : expected, aws[account], live)));
    } catch (e) {
      unreadable.push(`stack ${stack.name} in account ${accountId}: ${messageOf(describeAwsFailure(e, 'reading the deployed template', accountId))}`);
    }
  }

  const partition = (state.targetStack?.stackId ?? 'arn:aws').split(':')[1];
  const busArn = `arn:${partition}:events:${config.region}:${config.target.accountId}:event-bus/default`;
  // observe() read the bus policy already (and stops the run when it cannot): no second DescribeEventBus.
  checks.push(checkBusStatement(eventBusPolicyStatement(eventBusPermission(config.source.accountId, statementIdOf(config)), busArn, partition), state.busPolicy, live));

  // The tag this target's pipeline watches (its wave's), resolved as the deploy resolves it.
  const tag = resolveSingle(config).releaseTag;
  if (state.trackedImage === 'missing') extra.push = { verdict: 'not-deployed', finding: `no image is tagged ${tag} in ${config.pipeline.repositoryName} yet: the pipeline waits for the first push` };
  else if (state.trackedImage) extra.push = { verdict: 'ok', finding: `${config.pipeline.repositoryName}:${tag} is ${state.trackedImage.digest}` };
  else extra.push = { verdict: 'not-deployed', finding: 'stack A (the repository) is not deployed' };

  let execution: DoctorReport['execution'];
  const pipeline = state.targetStack?.outputs.PipelineName;
  if (pipeline) {
    try {
      const latest = await aws.target.codePipeline.latestExecution(pipeline);
      if (latest) {
        const failed = latest.status === 'Failed' ? (await aws.target.codePipeline.actionExecutions(pipeline, latest.id)).find((a) => a.status === 'Failed') : undefined;
        execution = { ...latest, ...(failed ? { failed } : {}) };
      }
    } catch (e) {
      unreadable.push(`pipeline ${pipeline}: ${messageOf(describeAwsFailure(e, 'reading the latest execution', config.target.accountId))}`);
    }
  } else {
    extra.trigger = { verdict: 'not-deployed', finding: 'stack B does not run AccB-pipeline-2 yet: no pipeline, no trigger' };
  }

  for (const c of checks) {
    if (c.state === 'unreadable') unreadable.push(`${c.label}: ${c.reason}`);
    else if (c.state !== 'same') problems.push(`${c.label}: ${c.state === 'missing' ? c.reason : `${c.differences.length} difference(s) from the deployed template`}`);
  }
  // Waiting for the first push is not a failure of the pipeline.
  const waiting = state.trackedImage === 'missing' && execution?.failed?.action === 'Image';
  if (execution?.failed && !waiting) problems.push(`the last execution ${execution.id} failed at ${execution.failed.stage}/${execution.failed.action}: ${execution.failed.error ?? 'no message'}`);
  const hops = hopVerdicts({ checks, ...(execution?.failed && !waiting ? { failedAction: execution.failed } : {}), extra });
  const message = execution?.failed?.error;
  const explanation = message && !waiting ? explainFailure(config, o, message, live, known) : undefined;
  return {
    deployment: config.name,
    region: config.region,
    identities: { source: { accountId: ids.source!.account, arn: ids.source!.arn }, target: { accountId: ids.target!.account, arn: ids.target!.arn } },
    ...(execution ? { execution } : {}),
    ...(explanation ? { explanation } : {}),
    policies: checks,
    hops,
    healthy: problems.length === 0 && unreadable.length === 0,
    problems,
    unreadable,
  };
}
