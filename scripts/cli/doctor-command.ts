/** `xacct doctor`: where a deployment's chain breaks, read from both accounts (a fleet: a section per target). Read-only. */
import { resolve } from 'node:path';
import { loadFleetConfig } from '../config/load-config';
import { runDoctor } from '../doctor/run-doctor';
import { renderDoctor } from '../doctor/render-doctor';
import type { DoctorReport } from '../doctor/doctor-types';
import { EXIT, type ExitCode } from '../errors';
import { resolveTargets } from '../targets/resolve-targets';
import { selectTargets } from '../targets/select-targets';
import type { RunDeps } from './run-deps';
import { readOnlySession } from './read-only-session';
import { selectionOf, type TargetOptions } from './target-options';
import type { Io } from './io';

export interface DoctorCommandOptions extends TargetOptions {
  config: string;
  json: boolean;
  version: string;
}

/** 0: healthy; 1: a problem was found; 4: nothing wrong found, but something could not be read. */
const exitOf = (report: DoctorReport): ExitCode => (report.problems.length > 0 ? EXIT.findings : report.unreadable.length > 0 ? EXIT.aws : EXIT.ok);

export async function runDoctorCommand(options: DoctorCommandOptions, io: Io, deps: RunDeps): Promise<ExitCode> {
  const fleet = loadFleetConfig(resolve(options.config));
  const all = resolveTargets(fleet);
  const selected = selectTargets(all, selectionOf(options));
  if (fleet.targets.length > 1) {
    const { runSections } = await import('./fleet-sections');
    const { deployedServing, isFleetRegion, regionReader } = await import('../deploy/fleet-source-state');
    let regionOf: ReturnType<typeof regionReader> | undefined;
    return runSections(selected, options, io, deps, {
      read: async (t, aws, portsOf) => {
        const o = { configFile: options.config, version: options.version };
        if (!isFleetRegion(all, t)) return runDoctor(t.config, aws, o);
        // Account A's part: the target's share of the fleet stack that serves it.
        regionOf ??= regionReader(all, portsOf);
        return runDoctor(t.config, aws, { ...o, fleetSource: { target: t.name, region: t.region, stack: deployedServing(await regionOf(t), t.name) } });
      },
      render: renderDoctor,
      exitOf,
    });
  }
  const config = selected[0]!.config;
  return readOnlySession(config, io, deps, async (aws) => {
    const report = await runDoctor(config, aws, { configFile: options.config, version: options.version });
    io.out(options.json ? JSON.stringify(report, null, 2) + '\n' : renderDoctor(report));
    return exitOf(report);
  });
}
