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
import { stackSetsAdmin } from './stacksets-admin';
import type { RunDeps } from './run-deps';

export async function runFleetStatus(
  fleet: Pick<FleetConfig, 'name' | 'stackSets'>,
  targets: ResolvedTarget[],
  all: ResolvedTarget[],
  options: { json: boolean; drift: boolean; concurrency?: number },
  io: Io,
  deps: RunDeps,
): Promise<ExitCode> {
  return fleetSession(io, deps, { readOnly: true }, async (session) => {
    const stackSets = (await stackSetsAdmin(fleet, all, io, deps, session.signal))?.state;
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
