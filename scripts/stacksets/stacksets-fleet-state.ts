/**
 * Where a fleet deployed by the StackSets engine stands, read from account A (the administrator): its two
 * stack sets and, per target, its stage-1 and stage-2 instance with the stack StackSets made for it in
 * the target's account (named `StackSet-<set>-<id>` by StackSets, not `target.stackName`).
 *
 * Decided by config, not by asking every fleet: only a config with a `stackSets:` block reads the sets
 * (and only when the stage-1 set exists is the fleet taken as StackSets-deployed). A fleet without the
 * block costs no StackSets call and needs no StackSets permission for its read-only role; a fleet
 * deployed with `--engine stacksets` but no block is not seen here (unsure how common; adding the block
 * makes `status` read it).
 */
import type { StackInstanceState, StackSetsPort, StackSetState } from '../aws/ports';
import type { FleetConfig } from '../config/fleet-config';
import { resolveTarget, type ResolvedTarget } from '../targets/resolve-targets';
import { stackSetName } from './operation-preferences';

export interface TargetInstances {
  stage1?: StackInstanceState;
  stage2?: StackInstanceState;
}

export interface StackSetsFleetState {
  names: { stage1: string; stage2: string };
  stage1: StackSetState;
  stage2?: StackSetState;
  /** Each target of the config by name: its instances (absent when it has none). */
  instances: Map<string, TargetInstances>;
}

export const stackSetNames = (fleetName: string) => ({ stage1: stackSetName(fleetName, 'AccB-pipeline-1'), stage2: stackSetName(fleetName, 'AccB-pipeline-2') });

/** A stack's name from its id (`arn:...:stack/<name>/<uuid>`). */
export const instanceStackName = (i: StackInstanceState | undefined): string | undefined => (i?.stackId ? (i.stackId.startsWith('arn:') ? i.stackId.split('/')[1] : i.stackId) : undefined);

export function usesStackSets(fleet: Pick<FleetConfig, 'stackSets'>): boolean {
  return fleet.stackSets !== undefined;
}

/** undefined: the stage-1 set does not exist (the fleet is the targets engine's, or not deployed yet). */
export async function readStackSetsFleet(fleetName: string, all: readonly ResolvedTarget[], admin: StackSetsPort): Promise<StackSetsFleetState | undefined> {
  const names = stackSetNames(fleetName);
  const stage1 = await admin.describeStackSet(names.stage1);
  if (!stage1) return undefined;
  const stage2 = await admin.describeStackSet(names.stage2);
  const [one, two] = await Promise.all([admin.stackInstances(names.stage1), stage2 ? admin.stackInstances(names.stage2) : Promise.resolve([])]);
  // An instance is one account in one region (ListStackInstances, StackInstanceSummary): a target is its account and region.
  const of = (list: StackInstanceState[], t: ResolvedTarget) => list.find((i) => i.account === t.target.accountId && i.region === t.region);
  const instances = new Map<string, TargetInstances>();
  for (const t of all) {
    const s1 = of(one, t);
    const s2 = of(two, t);
    instances.set(t.name, { ...(s1 ? { stage1: s1 } : {}), ...(s2 ? { stage2: s2 } : {}) });
  }
  return { names, stage1, ...(stage2 ? { stage2 } : {}), instances };
}

/** The target with its stack B being `stackName`: every read that follows (outputs, pipeline) goes there. */
export const onStack = (t: ResolvedTarget, stackName: string): ResolvedTarget =>
  resolveTarget({ name: t.name, wave: t.wave, config: { ...t.config, target: { ...t.config.target, stackName } } });

/**
 * An instance as a status cell and, when it is not in step, the problem: StackSets' status CURRENT is
 * in step; OUTDATED (the last operation did not reach it, or failed) and INOPERABLE (a failed delete
 * left it) are not (API reference, StackInstanceSummary Status). The reason is StatusReason.
 */
export function instanceCell(i: StackInstanceState | undefined, stage: 1 | 2): { cell: string; problem?: string } {
  if (!i) return { cell: 'missing', problem: `stage ${stage}: no stack instance` };
  const detail = i.detailedStatus && i.detailedStatus !== 'SUCCEEDED' ? `/${i.detailedStatus}` : '';
  if (i.status === 'CURRENT') return { cell: 'CURRENT' };
  return { cell: `${i.status}${detail}`, problem: `stage ${stage}: stack instance ${i.status}${detail}${i.reason ? `: ${i.reason}` : ''}` };
}
