/**
 * Account A's fleet stacks of a region when some of its targets are torn down: the stacks are deployed
 * again as fleetSourceStacks makes them without those targets (each remaining target kept in the stack
 * that holds its role, as the deploy keeps it: the deployed `Serves` are passed), which removes the
 * going targets' source roles and rule entries; a stack left serving nobody is deleted. The first stack
 * holds the repository: it stays while any target of the region does (a teardown of the whole region
 * deletes it, fleet-destroy.ts).
 */
import type { DeleteStackStep } from '../deploy/destroy-types';
import type { StepResult } from '../deploy/events';
import { fleetStackCurrent, type RegionSource } from '../deploy/fleet-source-state';
import type { FleetSourceStack } from '../deploy/fleet-source';
import type { DeployStackStep } from '../deploy/plan-types';
import type { RunContext } from '../deploy/run-context';
import { runSteps, type StepsOutcome } from '../deploy/run-steps';
import { deployStack } from '../deploy/steps/deploy-stack';
import { deleteStack } from './delete-stack';

/** One fleet stack's part in the teardown: updated to serve `serves`, deleted, or left as it is. */
export interface FleetSourceChange {
  stack: string;
  action: 'update' | 'delete' | 'none';
  /** The targets it serves afterwards. */
  serves: string[];
  reason: string;
}

/**
 * What happens to the region's fleet stacks when `going` leave it (`region` read without them).
 * `wholeRegion`: every target of the region goes, and so does every stack but the first (the
 * repository), which the single-target teardown deletes after them, keeping what holds images.
 */
export function fleetSourceChanges(region: RegionSource, going: readonly string[], wholeRegion: boolean): FleetSourceChange[] {
  const first = region.deployed[0]?.name;
  if (wholeRegion) {
    // The first stack goes after these, by the single-target teardown (fleet-destroy.ts).
    return region.deployed.filter((s) => s.name !== first).reverse().map((s) => ({ stack: s.name, action: 'delete', serves: [], reason: `every target of ${region.region} is destroyed: stack ${s.name} goes, before ${first} (the repository)` }));
  }
  const changes = region.deployed.map((s): FleetSourceChange => {
    const wanted = region.wanted.find((w) => w.stackName === s.name);
    if (!wanted) return { stack: s.name, action: 'delete', serves: [], reason: `after ${going.join(', ')} ${going.length === 1 ? 'goes' : 'go'}, stack ${s.name} serves nobody: it is deleted` };
    if (fleetStackCurrent(s, wanted).current) return { stack: s.name, action: 'none', serves: wanted.serves, reason: `stack ${s.name} serves ${wanted.serves.join(', ')}, none of which goes: unchanged` };
    return { stack: s.name, action: 'update', serves: wanted.serves, reason: `stack ${s.name} is updated to serve ${wanted.serves.join(', ') || 'nobody (it keeps the repository)'}: the source roles and rule entries of ${going.join(', ')} are removed` };
  });
  // Updates first (the going targets' parts leave the stacks that stay), then the emptied stacks go.
  return [...changes.filter((c) => c.action !== 'delete'), ...changes.filter((c) => c.action === 'delete')];
}

type FleetSourceStep = DeployStackStep | DeleteStackStep;

function stepOf(ctx: RunContext, c: FleetSourceChange, i: number, wanted: FleetSourceStack | undefined): FleetSourceStep {
  const base = { id: `fleet-source-${i + 1}`, account: 'source' as const, accountId: ctx.config.source.accountId, region: ctx.config.region, stack: c.stack, reason: c.reason };
  if (c.action === 'update') {
    return {
      ...base,
      kind: 'deploy-stack',
      action: 'update',
      // Not one of the three templates: deployed from its own artifact (OwnStackStep), as the deploy does.
      template: wanted!.artifact.name as DeployStackStep['template'],
      parameters: Object.fromEntries(Object.entries(wanted!.parameters).map(([k, v]) => [k, { value: v }])),
      capabilities: wanted!.artifact.capabilities,
    };
  }
  return { ...base, kind: 'delete-stack', action: 'delete', keeps: [] };
}

/** Applies the updates and deletes of `changes` in order, each reported as a step of the unit `ctx` emits for. */
export async function applyFleetSourceChanges(ctx: RunContext, region: RegionSource, changes: FleetSourceChange[]): Promise<StepsOutcome> {
  const acting = changes.filter((c) => c.action !== 'none');
  const wantedOf = (stack: string) => region.wanted.find((w) => w.stackName === stack);
  const steps = acting.map((c, i) => stepOf(ctx, c, i, wantedOf(c.stack)));
  return runSteps(steps, ctx, (step): Promise<StepResult> => {
    if (step.kind === 'delete-stack') return deleteStack(ctx, step);
    const wanted = wantedOf(step.stack)!;
    return deployStack(ctx, { ...step, template: wanted.artifact.name, artifact: wanted.artifact });
  });
}
