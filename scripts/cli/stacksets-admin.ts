/**
 * The StackSets side of a fleet for the commands that read or tear it down: account A's StackSets
 * port (CallAs as the deploy sends it) and the fleet's two sets as read from it; undefined for a fleet
 * the StackSets engine did not deploy (stacksets/stacksets-fleet-state.ts says why this is decided by config).
 */
import type { StackSetsPort } from '../aws/ports';
import type { FleetConfig } from '../config/fleet-config';
import { readStackSetsFleet, usesStackSets, type StackSetsFleetState } from '../stacksets/stacksets-fleet-state';
import type { ResolvedTarget } from '../targets/resolve-targets';
import { realClock } from '../deploy/clock';
import { resilientPort } from '../deploy/resilient-ports';
import { awsRuntime, connectStackSets } from './aws-setup';
import type { Io } from './io';
import type { RunDeps } from './run-deps';

export interface StackSetsAdmin {
  admin: StackSetsPort;
  state: StackSetsFleetState;
}

export async function stackSetsAdmin(fleet: Pick<FleetConfig, 'name' | 'stackSets'>, all: ResolvedTarget[], io: Io, deps: RunDeps, signal: AbortSignal): Promise<StackSetsAdmin | undefined> {
  if (!usesStackSets(fleet)) return undefined;
  const { administrationRegion } = await import('../stacksets/deploy-stacksets');
  const ss = fleet.stackSets!;
  // CallAs applies to service-managed stack sets only (API reference, DescribeStackSet CallAs), as the deploy sends it.
  const callAs = ss.permissionModel === 'SERVICE_MANAGED' ? ss.administration : undefined;
  const lead = all.find((t) => t.region === administrationRegion(all))!;
  // Throttled calls are retried with backoff, as the deploy's StackSets calls are (deploy/retry.ts).
  const admin = resilientPort(await connectStackSets(lead, awsRuntime(io, deps, signal), callAs), { clock: deps.clock ?? realClock, signal, onThrottled: () => undefined });
  const state = await readStackSetsFleet(fleet.name, all, admin);
  return state ? { admin, state } : undefined;
}
