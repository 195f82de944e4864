/**
 * Account A's stacks in a region that serves several targets of a fleet. Built when the stage-1 stacks
 * of the region's targets are in place: the values each target's part needs (its pipeline role, bucket
 * and key) are their outputs. A region with one target uses the single-target AccA-pipeline stack.
 */
import type { StackArtifact } from './template-artifacts';
import type { ResolvedTarget } from '../targets/resolve-targets';

/** One stack of account A in the region, deployed like the bootstrap stack (an artifact of its own). */
export interface FleetSourceStack {
  stackName: string;
  /** The targets whose parts this stack holds. */
  serves: string[];
  artifact: StackArtifact;
  parameters: Record<string, string>;
}

/**
 * The stacks of account A in `region`, in deploy order; the first holds the repository, whose outputs
 * (RepositoryName, RepositoryUri) the targets' later steps read.
 */
export function fleetSourceStacks(region: string, served: ResolvedTarget[], stageOneOutputs: (t: ResolvedTarget) => Record<string, string>): FleetSourceStack[] {
  void stageOneOutputs;
  throw new Error(`account A's stack for several targets (${served.map((t) => t.name).join(', ')} in ${region}) is not built yet`);
}
