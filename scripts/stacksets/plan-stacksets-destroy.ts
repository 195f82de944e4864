/**
 * `xacct destroy --dry-run` of a StackSets-deployed fleet: what destroy-stacksets.ts would do, read and
 * never written. Each selected target's instances (stage 2, then stage 1, with what stage 1's stack
 * keeps), its bus permission and account A's fleet stacks as the fleet teardown plans them, and the
 * stack sets that would be left empty and deleted.
 */
import type { RetainedResource } from '../deploy/destroy-types';
import type { Accounts } from '../deploy/observe';
import { planFleetDestroy, type FleetDestroyPlan } from '../destroy/fleet-destroy';
import { retainedResources } from '../destroy/retention';
import { readStackContents } from '../destroy/stack-contents';
import type { ResolvedTarget } from '../targets/resolve-targets';
import { instanceStackName, onStack, type StackSetsFleetState } from './stacksets-fleet-state';

export interface StackSetsDestroyPlan extends FleetDestroyPlan {
  instances: Array<{ target: string; stage: 1 | 2; set: string; stack?: string; retained: RetainedResource[] }>;
  /** The sets every instance of which this run deletes. */
  setsDeleted: string[];
}

export async function planStackSetsDestroy(
  deployment: string,
  all: readonly ResolvedTarget[],
  selected: readonly ResolvedTarget[],
  state: StackSetsFleetState,
  o: { concurrency: number; portsOf: (t: ResolvedTarget) => Promise<Accounts> },
): Promise<StackSetsDestroyPlan> {
  const inst = (t: ResolvedTarget) => state.instances.get(t.name) ?? {};
  const chosen = new Set(selected.map((t) => t.name));
  // Stack B as the fleet teardown will find it: the others' is their stage-1 instance's stack (account A
  // keeps their outputs); the selected targets' is gone with their stage-2 instance, so their plan's
  // own stack-B step is left out (the stack set deletes it).
  const moved = (t: ResolvedTarget) => {
    const name = instanceStackName(inst(t).stage1);
    return name && !chosen.has(t.name) ? onStack(t, name) : t;
  };
  const base = await planFleetDestroy(deployment, all.map(moved), selected.map(moved), o);
  const targets = base.targets.map((t) => (t.plan ? { ...t, plan: { ...t.plan, steps: t.plan.steps.filter((s) => !(s.kind === 'delete-stack' && s.account === 'target')), retained: t.plan.retained.filter((r) => r.account !== 'target') } } : t));
  const instances: StackSetsDestroyPlan['instances'] = [];
  for (const t of selected) {
    const { stage1, stage2 } = inst(t);
    const stack2 = instanceStackName(stage2);
    if (stage2) instances.push({ target: t.name, stage: 2, set: state.names.stage2, ...(stack2 ? { stack: stack2 } : {}), retained: [] });
    const stack1 = instanceStackName(stage1);
    if (!stage1) continue;
    const aws = await o.portsOf(t);
    const current = stack1 ? await aws.target.cloudFormation.describeStack(stack1) : undefined;
    const retained = current ? retainedResources(t.config, 'target', current.name, await readStackContents(aws.target, current)) : [];
    instances.push({ target: t.name, stage: 1, set: state.names.stage1, ...(stack1 ? { stack: stack1 } : {}), retained });
  }
  const left = (stage: 'stage1' | 'stage2') => [...state.instances.entries()].some(([name, i]) => i[stage] && !chosen.has(name));
  const setsDeleted = [...(state.stage2 && !left('stage2') ? [state.names.stage2] : []), ...(!left('stage1') ? [state.names.stage1] : [])];
  return { ...base, targets, instances, setsDeleted };
}
