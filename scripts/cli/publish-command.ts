/** `xacct publish`: the templates as versioned AWS Service Catalog products. */
import { resolve } from 'node:path';
import { loadFleetConfig } from '../config/load-config';
import { realClock } from '../deploy/clock';
import { EXIT, type ExitCode } from '../errors';
import type { PublishEvent } from '../publish/events';
import { publishReporter } from '../publish/publish-reporter';
import { catalogAccounts, publish } from '../publish/publisher';
import { gitCommit, PACKAGE_VERSION } from '../publish/release';
import { publishSettings } from '../publish/settings';
import { awsRuntime, connectTo } from './aws-setup';
import type { RunDeps } from './run-deps';
import { interruption } from './interrupt';
import type { Io } from './io';

export interface PublishCommandOptions {
  config: string;
  dryRun: boolean;
  json: boolean;
  deprecateOlder: boolean;
  pruneShares?: boolean;
}

/**
 * Where events go: people get the console reporter; --json gets one JSON object per line, except a dry
 * run, which prints only the plan (one JSON document, as `xacct plan --json` does).
 */
function reporter(options: PublishCommandOptions, io: Io): (e: PublishEvent) => void {
  if (!options.json) return publishReporter(io);
  if (options.dryRun) return (e) => e.type === 'plan' && io.out(JSON.stringify(e.plan, null, 2) + '\n');
  return (e) => io.out(JSON.stringify(e) + '\n');
}

export async function runPublish(options: PublishCommandOptions, io: Io, deps: RunDeps): Promise<ExitCode> {
  // A fleet publishes in account A's catalog from its first target's resolved config, and shares the
  // target product's portfolio with the fleet; a single-target config is a fleet of one.
  const fleet = loadFleetConfig(resolve(options.config));
  const config = fleet.targets[0].config;
  const settings = publishSettings(config, fleet);
  const emit = reporter(options, io);
  const interrupt = interruption(io, deps.signal);
  const commit = gitCommit();
  try {
    const aws = await connectTo(config, catalogAccounts(settings), awsRuntime(io, deps, interrupt.signal));
    await publish(config, settings, {
      aws,
      clock: deps.clock ?? realClock,
      emit,
      dryRun: options.dryRun,
      deprecateOlder: options.deprecateOlder,
      pruneShares: options.pruneShares === true,
      packageVersion: PACKAGE_VERSION,
      ...(commit ? { commit } : {}),
      signal: interrupt.signal,
    });
    // A failure is reported by main (with --json: a `failed` object with the exit code, as the last line).
    return EXIT.ok;
  } finally {
    interrupt.dispose();
  }
}
