/** `xacct status`: where the deployment stands in both accounts. Read-only. */
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config';
import { realClock } from '../deploy/clock';
import { resilientPorts } from '../deploy/resilient-ports';
import { DEFAULT_POLL_MS } from '../deploy/run-steps';
import { EXIT, type ExitCode } from '../errors';
import { collectStatus } from '../status/collect-status';
import { renderStatus } from '../status/render-status';
import { connect } from './aws-setup';
import { awsRuntime, type RunDeps } from './deploy-commands';
import { interruption } from './interrupt';
import type { Io } from './io';

export interface StatusCommandOptions {
  config: string;
  json: boolean;
  drift: boolean;
}

/** Exit 0 when the deployment is healthy, 1 when the report lists problems. */
export async function runStatus(options: StatusCommandOptions, io: Io, deps: RunDeps): Promise<ExitCode> {
  const config = loadConfig(resolve(options.config));
  const clock = deps.clock ?? realClock;
  const interrupt = interruption(io, deps.signal);
  try {
    const connected = await connect(config, awsRuntime(io, deps, interrupt.signal));
    // Reads are retried when throttled, like every call of deploy-sequence, and stop on Ctrl-C.
    const resilience = { clock, signal: interrupt.signal, onThrottled: () => undefined };
    const aws = { source: resilientPorts(connected.source, resilience), target: resilientPorts(connected.target, resilience) };
    const report = await collectStatus(config, aws, { drift: options.drift, clock, pollIntervalMs: deps.pollIntervalMs ?? DEFAULT_POLL_MS });
    io.out(options.json ? JSON.stringify(report, null, 2) + '\n' : renderStatus(report));
    return report.healthy ? EXIT.ok : EXIT.findings;
  } finally {
    interrupt.dispose();
  }
}
