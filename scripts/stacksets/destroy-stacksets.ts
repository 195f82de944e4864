/**
 * `xacct destroy` of a fleet deployed by the StackSets engine. In the reverse order of the deploy:
 * 1. the selected targets' stage-2 instances (DeleteStackInstances, RetainStacks false: the instance's
 *    stack is deleted with it);
 * 2. account A's fleet stacks updated without those targets, or deleted with the last of a region, and
 *    each target's bus permission removed: the fleet teardown (destroy/fleet-destroy.ts), with each
 *    selected target's stack B being its stage-2 instance's stack, gone by then;
 * 3. their stage-1 instances (which hold the buckets and key): what holds data is kept as the
 *    single-target teardown keeps it (destroy/retention.ts), read before the delete and reported;
 * 4. a stack set left with no instance is deleted (DeleteStackSet refuses a set that has instances:
 *    StackSetNotEmptyException, API reference DeleteStackSet).
 * A target whose step fails stops there (its stage 1 and bus permission stay, so a re-run continues).
 */
import { randomUUID } from 'node:crypto';
import type { StackSetsPort } from '../aws/ports';
import type { StackSetsConfig } from '../config/stack-sets-config';
import type { RetainedResource } from '../deploy/destroy-types';
import type { Accounts } from '../deploy/observe';
import { pollUntil, type Clock } from '../deploy/clock';
import { runFleetDestroy, type FleetDestroyOptions, type SourceTeardown } from '../destroy/fleet-destroy';
import { keepable, retainedResources } from '../destroy/retention';
import { DEFAULT_POLL_MS } from '../deploy/run-steps';
import { readStackContents } from '../destroy/stack-contents';
import type { ResolvedTarget } from '../targets/resolve-targets';
import { eachTarget } from '../targets/each-target';
import { verifyIdentities } from '../deploy/identity';
import { InterruptedError, XacctError } from '../errors';
import { operationPreferences } from './operation-preferences';
import { OPERATION_POLL_MS } from './run-stage';
import { instanceStackName, onStack, type StackSetsFleetState } from './stacksets-fleet-state';

export interface StackSetsTargetTeardown {
  target: string;
  accountId: string;
  region: string;
  outcome: 'destroyed' | 'failed';
  /** Where it stopped, when it failed: stage 2, the steps in between, stage 1. */
  reason?: string;
  retained: RetainedResource[];
}

export interface StackSetsTeardown {
  deployment: string;
  targets: StackSetsTargetTeardown[];
  sources: SourceTeardown[];
  /** DeleteStackInstances (per set and region) and DeleteStackSet, in order. */
  operations: Array<{ kind: 'DeleteStackInstances' | 'DeleteStackSet'; set: string; targets: string[]; status: string }>;
  failed: number;
}

export interface StackSetsDestroyOptions extends FleetDestroyOptions {
  config: StackSetsConfig | undefined;
  state: StackSetsFleetState;
  admin: StackSetsPort;
  clock: Clock;
  /** How often a stack deleted in the target's account is read while it goes. */
  stackPollMs?: number;
}

const ENDED = new Set(['SUCCEEDED', 'FAILED', 'STOPPED']);

/** One DeleteStackInstances per region (an operation's instances are its accounts in each of its regions), one after the other. */
async function deleteInstances(o: StackSetsDestroyOptions, set: string, targets: ResolvedTarget[], ops: StackSetsTeardown['operations']): Promise<Map<string, string | undefined>> {
  const failures = new Map<string, string | undefined>();
  const ous = o.config?.permissionModel === 'SERVICE_MANAGED' ? o.config.organizationalUnitIds : undefined;
  // One target's failed delete does not stop the others': each target's outcome is its own (a tolerance
  // of 100 percent: the operation goes on past any number of failed accounts; API reference,
  // StackSetOperationPreferences FailureTolerancePercentage).
  const preferences = { ...operationPreferences(o.config), failureTolerancePercentage: 100 };
  for (const region of [...new Set(targets.map((t) => t.region))]) {
    const inRegion = targets.filter((t) => t.region === region);
    const operationId = randomUUID();
    await o.admin.deleteStackInstances({
      name: set,
      targets: { accounts: inRegion.map((t) => t.target.accountId), regions: [region], ...(ous?.length ? { organizationalUnitIds: ous } : {}) },
      preferences,
      operationId,
      // false: the instance's stack is deleted with it (true "removes the stack instances from the
      // specified stack set, but doesn't delete the stacks": API reference, DeleteStackInstances RetainStacks).
      retainStacks: false,
    });
    const ended = await pollUntil(o.clock, OPERATION_POLL_MS, async () => {
      const op = await o.admin.operation(set, operationId);
      return ENDED.has(op.status) ? op : undefined;
    });
    ops.push({ kind: 'DeleteStackInstances', set, targets: inRegion.map((t) => t.name), status: ended.status });
    const results = await o.admin.operationResults(set, operationId);
    for (const t of inRegion) {
      const r = results.find((x) => x.account === t.target.accountId && x.region === t.region);
      if (r?.status !== 'SUCCEEDED') failures.set(t.name, r?.reason ?? `operation ${operationId} ${ended.status}${ended.reason ? `: ${ended.reason}` : ''}`);
    }
  }
  return failures;
}

/** What the stage-1 stacks keep: read before they go, as the single-target teardown plans it. */
async function retainedOf(t: ResolvedTarget, stack: string | undefined, aws: Accounts): Promise<RetainedResource[]> {
  const current = stack ? await aws.target.cloudFormation.describeStack(stack) : undefined;
  if (!current) return [];
  return retainedResources(t.config, 'target', current.name, await readStackContents(aws.target, current));
}

/**
 * StackSets deletes an instance's stack without RetainResources, so a bucket with object versions or a
 * repository with images ends it DELETE_FAILED (CloudFormation cannot delete them). As the single-target
 * teardown does (destroy/delete-stack.ts), the stack is then deleted again in the target's account
 * keeping exactly those: RetainResources is accepted only from DELETE_FAILED (API reference,
 * DeleteStack RetainResources). undefined: the stack is gone; otherwise why it is not.
 */
async function deleteKeepingData(o: StackSetsDestroyOptions, t: ResolvedTarget, stack: string | undefined): Promise<string | undefined> {
  if (!stack) return '';
  const aws = await o.portsOf(t);
  const cfn = aws.target.cloudFormation;
  const current = await cfn.describeStack(stack);
  if (!current) return undefined;
  if (current.status !== 'DELETE_FAILED') return `stack ${stack} is ${current.status}`;
  const contents = await readStackContents(aws.target, current);
  const retain = keepable(contents);
  const failedToGo = contents.resources.filter((r) => r.status === 'DELETE_FAILED');
  if (retain.length === 0 || failedToGo.length > retain.length) return `stack ${stack} is DELETE_FAILED on ${failedToGo.map((r) => r.logicalId).join(', ')}, not only on what holds data`;
  await cfn.deleteStack(stack, retain, `xacct-delete-${randomUUID()}`);
  const ended = await pollUntil(o.clock, o.stackPollMs ?? DEFAULT_POLL_MS, async () => {
    const s = await cfn.describeStack(stack);
    if (!s || s.status === 'DELETE_COMPLETE') return 'gone';
    return s.status === 'DELETE_FAILED' ? s.status : undefined;
  });
  return ended === 'gone' ? undefined : `stack ${stack} is ${ended} again`;
}

export async function runStackSetsDestroy(deployment: string, all: readonly ResolvedTarget[], selected: readonly ResolvedTarget[], o: StackSetsDestroyOptions): Promise<StackSetsTeardown> {
  const ops: StackSetsTeardown['operations'] = [];
  const failed = new Map<string, string>();
  const inst = (t: ResolvedTarget) => o.state.instances.get(t.name) ?? {};

  // 0. Who each target's account is, before anything is deleted: a target whose credentials fail is
  // left whole (its instances, account A's part for it), as the other fleet teardown leaves it.
  const checked = await eachTarget(selected, o.concurrency, async (t) => verifyIdentities(t.config, await o.portsOf(t), () => undefined));
  checked.forEach((c, i) => {
    if (c.ok) return;
    if (c.error instanceof InterruptedError || !(c.error instanceof XacctError)) throw c.error;
    failed.set(selected[i]!.name, c.error.message);
  });

  // 1. Stage 2.
  const withStage2 = selected.filter((t) => inst(t).stage2 && !failed.has(t.name));
  if (o.state.stage2 && withStage2.length > 0) {
    for (const [name, why] of await deleteInstances(o, o.state.names.stage2, withStage2, ops)) failed.set(name, `stage 2 instance not deleted: ${why}`);
  }

  // 2. Account A and the bus permissions, for the targets whose stage 2 is gone. Their stack B is the
  // stage-2 instance's stack (deleted: the single-target teardown finds it gone); the others' is their
  // stage-1 instance's, whose outputs account A's remaining fleet stacks take.
  const going = selected.filter((t) => !failed.has(t.name));
  const goingNames = new Set(going.map((t) => t.name));
  const stackB = (t: ResolvedTarget) => {
    const name = goingNames.has(t.name) ? (instanceStackName(inst(t).stage2) ?? instanceStackName(inst(t).stage1)) : instanceStackName(inst(t).stage1);
    return name ? onStack(t, name) : t;
  };
  const between = going.length > 0 ? await runFleetDestroy(deployment, all.map(stackB), going.map(stackB), o) : { targets: [], sources: [] };
  for (const t of between.targets) if (t.outcome === 'failed') failed.set(t.target, `between the stages: ${t.error?.message ?? 'failed'}`);

  // 3. Stage 1 of the targets now clear of account A.
  const retained = new Map<string, RetainedResource[]>();
  const stage1 = going.filter((t) => !failed.has(t.name) && inst(t).stage1);
  for (const t of stage1) retained.set(t.name, await retainedOf(t, instanceStackName(inst(t).stage1), await o.portsOf(t)));
  if (stage1.length > 0) {
    const first = await deleteInstances(o, o.state.names.stage1, stage1, ops);
    // A stack whose delete stopped at a bucket or repository that holds data: deleted again keeping them.
    const again: ResolvedTarget[] = [];
    for (const [name, why] of first) {
      const t = stage1.find((x) => x.name === name)!;
      const kept = await deleteKeepingData(o, t, instanceStackName(inst(t).stage1));
      if (kept === undefined) again.push(t);
      else failed.set(name, `stage 1 instance not deleted: ${why}${kept ? `; ${kept}` : ''}`);
    }
    // The instance's stack is gone now: the instance only leaves the set (a delete of a stack that no
    // longer exists succeeds; unsure for StackSets, as the fake does it).
    if (again.length > 0) {
      for (const [name, why] of await deleteInstances(o, o.state.names.stage1, again, ops)) failed.set(name, `stage 1 instance not deleted: ${why}`);
    }
  }

  // 4. A set with no instance left goes (stage 2's first: it was made after stage 1's).
  for (const set of [o.state.names.stage2, o.state.names.stage1]) {
    if (!(await o.admin.describeStackSet(set))) continue;
    if ((await o.admin.stackInstances(set)).length > 0) continue;
    await o.admin.deleteStackSet(set);
    ops.push({ kind: 'DeleteStackSet', set, targets: [], status: 'SUCCEEDED' });
  }

  const targets = selected.map((t): StackSetsTargetTeardown => {
    const base = { target: t.name, accountId: t.target.accountId, region: t.region, retained: retained.get(t.name) ?? [] };
    const why = failed.get(t.name);
    return why ? { ...base, outcome: 'failed', reason: why } : { ...base, outcome: 'destroyed' };
  });
  const sources = between.sources;
  return { deployment, targets, sources, operations: ops, failed: targets.filter((t) => t.outcome === 'failed').length + sources.filter((s) => s.outcome === 'failed').length };
}
