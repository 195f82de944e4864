/** `xacct status` of a config with several targets: one table, a row per target; `--json` the reports and a summary. */
import { DEFAULT_POLL_MS } from '../deploy/run-steps';
import type { ExitCode } from '../errors';
import { collectFleetStatus, fleetStatusExit } from '../status/fleet-status';
import { renderFleetStatus } from '../status/render-fleet-status';
import { DEFAULT_FLEET_CONCURRENCY } from '../targets/each-target';
import type { ResolvedTarget } from '../targets/resolve-targets';
import { fleetSession } from './fleet-session';
import type { Io } from './io';
import type { FleetConfig } from '../config/fleet-config';
import { readStackSetsFleet, usesStackSets, type StackSetsFleetState } from '../stacksets/stacksets-fleet-state';
import type { RunDeps } from './run-deps';

/** A fleet with a `stackSets:` block: its sets read from account A (stacksets-fleet-state.ts says why by config). */
async function stackSetsStateOf(fleet: Pick<FleetConfig, 'name' | 'stackSets'>, all: ResolvedTarget[], io: Io, deps: RunDeps, signal: AbortSignal): Promise<StackSetsFleetState | undefined> {
  if (!usesStackSets(fleet)) return undefined;
  const { awsRuntime, connectStackSets } = await import('./aws-setup');
  const { administrationRegion } = await import('../stacksets/deploy-stacksets');
  const ss = fleet.stackSets!;
  // CallAs applies to service-managed stack sets only (API reference, DescribeStackSet CallAs), as the deploy sends it.
  const callAs = ss.permissionModel === 'SERVICE_MANAGED' ? ss.administration : undefined;
  const lead = all.find((t) => t.region === administrationRegion(all))!;
  const admin = await connectStackSets(lead, awsRuntime(io, deps, signal), callAs);
  return readStackSetsFleet(fleet.name, all, admin);
}

export async function runFleetStatus(
  fleet: Pick<FleetConfig, 'name' | 'stackSets'>,
  targets: ResolvedTarget[],
  all: ResolvedTarget[],
  options: { json: boolean; drift: boolean; concurrency?: number },
  io: Io,
  deps: RunDeps,
): Promise<ExitCode> {
  return fleetSession(io, deps, { readOnly: true }, async (session) => {
    const stackSets = await stackSetsStateOf(fleet, all, io, deps, session.signal);
    const report = await collectFleetStatus(fleet.name, targets, session.portsOf, {
      drift: options.drift,
      clock: session.clock,
      pollIntervalMs: deps.pollIntervalMs ?? DEFAULT_POLL_MS,
      concurrency: options.concurrency ?? DEFAULT_FLEET_CONCURRENCY,
    }, all, stackSets);
    io.out(options.json ? JSON.stringify(report, null, 2) + '\n' : renderFleetStatus(report));
    return fleetStatusExit(report);
  });
}
