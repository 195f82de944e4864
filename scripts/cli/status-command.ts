/** `xacct status`: where the deployment stands in both accounts (a fleet: a row per target). Read-only. */
import { resolve } from 'node:path';
import { loadFleetConfig } from '../config/load-config';
import { DEFAULT_POLL_MS } from '../deploy/run-steps';
import { EXIT, type ExitCode } from '../errors';
import { collectStatus } from '../status/collect-status';
import { renderStatus } from '../status/render-status';
import { resolveTargets } from '../targets/resolve-targets';
import { selectTargets } from '../targets/select-targets';
import type { RunDeps } from './run-deps';
import { readOnlySession } from './read-only-session';
import { selectionOf, type TargetOptions } from './target-options';
import type { Io } from './io';

export interface StatusCommandOptions extends TargetOptions {
  config: string;
  json: boolean;
  drift: boolean;
  /** Targets read at a time (a fleet). */
  concurrency?: number;
}

/** Exit 0 when the deployment is healthy, 1 when the report lists problems, 4 when a part could not be read (the report is still printed whole). */
export async function runStatus(options: StatusCommandOptions, io: Io, deps: RunDeps): Promise<ExitCode> {
  const fleet = loadFleetConfig(resolve(options.config));
  const all = resolveTargets(fleet);
  const selected = selectTargets(all, selectionOf(options));
  if (fleet.targets.length > 1) return (await import('./fleet-status-command')).runFleetStatus(fleet, selected, all, options, io, deps);
  const config = selected[0]!.config;
  return readOnlySession(config, io, deps, async (aws, clock) => {
    const report = await collectStatus(config, aws, { drift: options.drift, clock, pollIntervalMs: deps.pollIntervalMs ?? DEFAULT_POLL_MS });
    io.out(options.json ? JSON.stringify(report, null, 2) + '\n' : renderStatus(report));
    // A part that could not be read: the whole report is printed, and the exit says AWS refused (4).
    if (report.unreadable.length > 0) return EXIT.aws;
    return report.healthy ? EXIT.ok : EXIT.findings;
  });
}
