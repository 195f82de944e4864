/** `xacct status`: where the deployment stands in both accounts. Read-only. */
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config';
import { realClock } from '../deploy/clock';
import { DEFAULT_POLL_MS } from '../deploy/engine';
import { EXIT, type ExitCode } from '../errors';
import { collectStatus } from '../status/collect-status';
import { renderStatus } from '../status/render-status';
import { connect } from './aws-setup';
import type { RunDeps } from './deploy-commands';
import type { Io } from './io';

export interface StatusCommandOptions {
  config: string;
  json: boolean;
  drift: boolean;
}

/** Exit 0 when the deployment is healthy, 1 when the report lists problems. */
export async function runStatus(options: StatusCommandOptions, io: Io, deps: RunDeps): Promise<ExitCode> {
  const config = loadConfig(resolve(options.config));
  const aws = await connect(config);
  const report = await collectStatus(config, aws, { drift: options.drift, clock: deps.clock ?? realClock, pollIntervalMs: deps.pollIntervalMs ?? DEFAULT_POLL_MS });
  io.out(options.json ? JSON.stringify(report, null, 2) + '\n' : renderStatus(report));
  return report.healthy ? EXIT.ok : EXIT.findings;
}
