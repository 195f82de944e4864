/**
 * The teardown planner: (config, what the accounts hold) -> the ordered teardown plan. Pure. The order
 * reverses the deployment: stack B first (the pipeline, its trigger and the roles that reach into
 * account A), then account A's permission on B's bus, then stack A (the repository and the source role).
 */
import type { BusStatement, StackSummary } from '../aws/ports';
import { statementIdOf, type DeploymentConfig } from '../config/schema';
import { permissionPresent } from '../deploy/decide';
import type { AccountKey } from '../deploy/plan-types';
import { conditionOf } from '../deploy/stack-status';
import { foreignReason } from '../deploy/stack-tags';
import { DESTROY_STEP_IDS, type DeleteStackStep, type DestroyPlan, type RemoveEventsPermissionStep } from '../deploy/destroy-types';
import { leftoversHint, retainedResources } from './retention';
import type { StackContents } from './stack-contents';

export interface TeardownState {
  targetStack: StackSummary | undefined;
  sourceStack: StackSummary | undefined;
  busPolicy: BusStatement[];
  /** Read for the stacks that exist and belong to this deployment. */
  contents: Partial<Record<AccountKey, StackContents>>;
}

/** Why a stack of the configured name is not this deployment's to delete (stack-tags decides). */
export const notOurs = (config: DeploymentConfig, account: AccountKey, stack: StackSummary): string | undefined => foreignReason(stack, config.name, config[account].accountId);

function deleteStep(config: DeploymentConfig, account: AccountKey, stack: StackSummary | undefined, keeps: string[]): DeleteStackStep {
  const base = { kind: 'delete-stack' as const, account, accountId: config[account].accountId, region: config.region, stack: config[account].stackName };
  const id = account === 'target' ? DESTROY_STEP_IDS.targetStack : DESTROY_STEP_IDS.sourceStack;
  if (!stack) return { ...base, id, action: 'none', reason: 'the stack does not exist (already deleted)', keeps: [] };
  const foreign = notOurs(config, account, stack);
  if (foreign) return { ...base, id, action: 'blocked', reason: foreign, keeps: [] };
  // Read before anything is deleted, so a protected stack stops the teardown at the plan, not half-way
  // (DeleteStack refuses it: "Stack [X] cannot be deleted while TerminationProtection is enabled").
  if (stack.terminationProtection) {
    return {
      ...base,
      id,
      action: 'blocked',
      reason: `stack ${stack.name} in account ${base.accountId} has termination protection on, and CloudFormation refuses to delete it. If it is to go, turn the protection off with that account's credentials: aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name ${stack.name} --region ${base.region}; then run destroy again`,
      keeps: [],
    };
  }
  const keeping = keeps.length > 0 ? `, keeping ${keeps.join(', ')}` : '';
  if (conditionOf(stack.status) === 'busy' && stack.status !== 'REVIEW_IN_PROGRESS') {
    return { ...base, id, action: 'wait', reason: `the stack is ${stack.status}: wait for it to settle, then delete it${keeping}`, keeps };
  }
  const again = stack.status === 'DELETE_FAILED' ? ' again (an earlier delete ended in DELETE_FAILED)' : '';
  return { ...base, id, action: 'delete', reason: `the stack is ${stack.status}: delete it${again}${keeping}`, keeps };
}

const keptSourceStep = (config: DeploymentConfig, reason: string): DeleteStackStep => ({
  id: DESTROY_STEP_IDS.sourceStack,
  kind: 'delete-stack',
  account: 'source',
  accountId: config.source.accountId,
  region: config.region,
  stack: config.source.stackName,
  action: 'none',
  reason,
  keeps: [],
});

function permissionStep(config: DeploymentConfig, busPolicy: BusStatement[]): RemoveEventsPermissionStep {
  const statementId = statementIdOf(config);
  const account = config.source.accountId;
  const base = {
    id: DESTROY_STEP_IDS.eventsPermission,
    kind: 'remove-events-permission' as const,
    account: 'target' as const,
    accountId: config.target.accountId,
    region: config.region,
    eventBus: 'default' as const,
    statementId,
    principalAccountId: account,
  };
  const statement = busPolicy.find((s) => s.sid === statementId);
  if (!statement) return { ...base, action: 'none', reason: `the default bus has no statement ${statementId} (already removed)` };
  if (!permissionPresent(busPolicy, statementId, account)) {
    return { ...base, action: 'none', reason: `statement ${statementId} on the default bus of ${config.target.accountId} grants ${statement.action} to ${statement.principal}, not what this deployment granted: it is left alone` };
  }
  return { ...base, action: 'remove', reason: `statement ${statementId} lets account ${account} put events on the default bus` };
}

/**
 * `keepSource`: why account A's stack stays (a fleet: it serves other targets too, or it goes only once
 * every target it serves is down); its step is then "none" with that reason, and nothing of it is kept.
 */
export function planDestroy(config: DeploymentConfig, state: TeardownState, keepSource?: string): DestroyPlan {
  const stacks = { target: state.targetStack, source: state.sourceStack };
  const kept = (account: AccountKey) => {
    const stack = stacks[account];
    const contents = state.contents[account];
    return stack && contents && !notOurs(config, account, stack) ? retainedResources(config, account, stack.name, contents) : [];
  };
  const target = kept('target');
  const source = keepSource ? [] : kept('source');
  const gone = (['target', 'source'] as const).filter((a) => !stacks[a] && !(a === 'source' && keepSource));
  return {
    deployment: config.name,
    region: config.region,
    steps: [
      deleteStep(config, 'target', stacks.target, target.map((r) => r.logicalId)),
      permissionStep(config, state.busPolicy),
      keepSource ? keptSourceStep(config, keepSource) : deleteStep(config, 'source', stacks.source, source.map((r) => r.logicalId)),
    ],
    retained: [...target, ...source],
    ...(gone.length > 0
      ? { earlierLeftovers: `Anything an earlier teardown kept from ${gone.map((a) => config[a].stackName).join(' and ')} carries the tag xacct:deployment=${config.name}: ${gone.map((a) => leftoversHint(config, a)).join(' ; ')}` }
      : {}),
  };
}
