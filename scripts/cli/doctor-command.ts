/** `xacct doctor`: where a deployment's chain breaks, read from both accounts. Read-only. */
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config';
import { runDoctor } from '../doctor/run-doctor';
import { renderDoctor } from '../doctor/render-doctor';
import { EXIT, type ExitCode } from '../errors';
import type { RunDeps } from './run-deps';
import { readOnlySession } from './read-only-session';
import type { Io } from './io';

export interface DoctorCommandOptions {
  config: string;
  json: boolean;
  version: string;
}

/** 0: healthy; 1: a problem was found; 4: nothing wrong found, but something could not be read. */
export async function runDoctorCommand(options: DoctorCommandOptions, io: Io, deps: RunDeps): Promise<ExitCode> {
  const config = loadConfig(resolve(options.config));
  return readOnlySession(config, io, deps, async (aws) => {
    const report = await runDoctor(config, aws, { configFile: options.config, version: options.version });
    io.out(options.json ? JSON.stringify(report, null, 2) + '\n' : renderDoctor(report));
    return report.problems.length > 0 ? EXIT.findings : report.unreadable.length > 0 ? EXIT.aws : EXIT.ok;
  });
}
