/** `xacct doctor`: where a deployment's chain breaks, read from both accounts. Read-only. */
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config';
import { realClock } from '../deploy/clock';
import { resilientPorts } from '../deploy/resilient-ports';
import { runDoctor } from '../doctor/run-doctor';
import { renderDoctor } from '../doctor/render-doctor';
import { EXIT, type ExitCode } from '../errors';
import { connect } from './aws-setup';
import { awsRuntime, type RunDeps } from './deploy-commands';
import { interruption } from './interrupt';
import type { Io } from './io';

export interface DoctorCommandOptions {
  config: string;
  json: boolean;
}

/** 0: healthy; 1: a problem was found; 4: nothing wrong found, but something could not be read. */
export async function runDoctorCommand(options: DoctorCommandOptions, io: Io, deps: RunDeps): Promise<ExitCode> {
  const config = loadConfig(resolve(options.config));
  const clock = deps.clock ?? realClock;
  const interrupt = interruption(io, deps.signal);
  try {
    const connected = await connect(config, awsRuntime(io, deps, interrupt.signal));
    const resilience = { clock, signal: interrupt.signal, onThrottled: () => undefined };
    const aws = { source: resilientPorts(connected.source, resilience), target: resilientPorts(connected.target, resilience) };
    const report = await runDoctor(config, aws);
    io.out(options.json ? JSON.stringify(report, null, 2) + '\n' : renderDoctor(report));
    return report.problems.length > 0 ? EXIT.findings : report.unreadable.length > 0 ? EXIT.aws : EXIT.ok;
  } finally {
    interrupt.dispose();
  }
}
