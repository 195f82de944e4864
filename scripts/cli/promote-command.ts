/**
 * `xacct promote --wave N [DIGEST]`: checks every target of wave N-1 in its own account, then tags the
 * digest for wave N in account A (scripts/promote/). Progress on stderr, the result on stdout (a table,
 * or JSON with --json). Exit 0 promoted or nothing to do, 1 refused (nothing tagged), 5 not confirmed.
 */
import { resolve } from 'node:path';
import { loadFleetConfig } from '../config/load-config';
import { realClock } from '../deploy/clock';
import { resilientPorts } from '../deploy/resilient-ports';
import { EXIT, type ExitCode } from '../errors';
import { promote } from '../promote/promote';
import { renderPromote } from '../promote/render-promote';
import { resolveTargets } from '../targets/resolve-targets';
import { awsRuntime, connectTo } from './aws-setup';
import { interruption } from './interrupt';
import type { RunDeps } from './run-deps';
import type { Io } from './io';

export interface PromoteCommandOptions {
  config: string;
  wave: number;
  digest?: string;
  dryRun: boolean;
  json: boolean;
  yes: boolean;
}

/** Targets read at a time: each read is four calls in one account, and accounts throttle on their own. */
const CONCURRENCY = 4;

export async function runPromote(options: PromoteCommandOptions, io: Io, deps: RunDeps): Promise<ExitCode> {
  const targets = resolveTargets(loadFleetConfig(resolve(options.config)));
  const clock = deps.clock ?? realClock;
  const interrupt = interruption(io, deps.signal);
  try {
    const runtime = awsRuntime(io, deps, interrupt.signal);
    const resilience = { clock, signal: interrupt.signal, onThrottled: () => undefined };
    const result = await promote(targets, {
      wave: options.wave,
      ...(options.digest ? { digest: options.digest } : {}),
      dryRun: options.dryRun,
      concurrency: CONCURRENCY,
      // Each target with its own credentials and region: its single-target config is the one to connect with.
      connect: async (t, account) => resilientPorts((await connectTo(t.config, [account], runtime))[account], resilience),
      progress: (line) => io.err(`${line}\n`),
      confirm: async (question) => options.yes || (io.confirm ? io.confirm(question) : false),
    });
    io.out(options.json ? JSON.stringify(result, null, 2) + '\n' : renderPromote(result));
    return result.outcome === 'refused' ? EXIT.findings : EXIT.ok;
  } finally {
    interrupt.dispose();
  }
}
