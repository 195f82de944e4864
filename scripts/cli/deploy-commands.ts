/** `xacct plan` and `xacct deploy-sequence`. */
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config';
import { realClock, type Clock } from '../deploy/clock';
import { runDeploySequence, type RunOptions } from '../deploy/engine';
import { EMPTY_STATE, observe } from '../deploy/observe';
import { plan } from '../deploy/planner';
import { verifyIdentities } from '../deploy/identity';
import { EXIT, type ExitCode } from '../errors';
import { consoleReporter } from '../progress/console-reporter';
import { jsonReporter } from '../progress/json-reporter';
import { describeStep } from '../progress/format';
import { connect } from './aws-setup';
import type { Io } from './io';

/** What tests replace: time (a virtual clock), how often stacks are polled, and Ctrl-C (an abort signal). */
export interface RunDeps {
  clock?: Clock;
  pollIntervalMs?: number;
  signal?: AbortSignal;
}

/**
 * Ctrl-C stops the run at the next AWS call, never in the middle of one: what AWS is doing finishes on
 * its own and the next run picks it up. A second Ctrl-C exits at once.
 */
export function interruptOnSigint(io: Io): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    io.err('\nInterrupting: no new AWS call will start; operations already running in AWS finish on their own. Ctrl-C again to exit at once.\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}

export async function runPlan(options: { config: string; json: boolean; offline: boolean }, io: Io): Promise<ExitCode> {
  const config = loadConfig(resolve(options.config));
  let state = EMPTY_STATE;
  if (!options.offline) {
    const aws = await connect(config);
    // Read-only: who we are, then what the accounts hold.
    await verifyIdentities(config, aws, () => undefined);
    state = await observe(config, aws);
  }
  const thePlan = plan(config, state, options.offline);
  if (options.json) {
    io.out(JSON.stringify(thePlan, null, 2) + '\n');
  } else {
    io.out(`Plan for deployment ${thePlan.deployment} in ${thePlan.region}${options.offline ? ' (offline: against two empty accounts)' : ''}:\n`);
    for (const [i, s] of thePlan.steps.entries()) {
      io.out(`  ${i + 1}. ${describeStep(s)}\n     ${s.reason}\n`);
      if (s.kind === 'deploy-stack') {
        for (const [name, source] of Object.entries(s.parameters)) {
          io.out(`       ${name} = ${'value' in source ? JSON.stringify(source.value) : `output ${source.output} of stack ${source.fromStack}`}\n`);
        }
      }
    }
  }
  return thePlan.steps.some((s) => s.action === 'blocked') ? EXIT.aws : EXIT.ok;
}

export interface DeployOptions {
  config: string;
  json: boolean;
  yes: boolean;
  continueUpdateRollback: boolean;
}

export async function runDeploy(options: DeployOptions, io: Io, deps: RunDeps): Promise<ExitCode> {
  const config = loadConfig(resolve(options.config));
  const aws = await connect(config);
  return withProgress(options, io, deps, (run) => runDeploySequence(config, { ...run, aws, continueUpdateRollback: options.continueUpdateRollback }));
}

/**
 * Runs a command that changes AWS and reports progress (deploy-sequence, destroy): console or JSON
 * reporter, confirmation, Ctrl-C, exit 5 when a change was not confirmed. A failure is reported by main
 * (with --json: the last line, a `failed` object with the exit code).
 */
export async function withProgress(
  options: { json: boolean; yes: boolean },
  io: Io,
  deps: RunDeps,
  run: (o: Omit<RunOptions, 'aws'>) => Promise<{ stoppedForConfirmation: boolean }>,
): Promise<ExitCode> {
  const emit = options.json ? jsonReporter(io) : consoleReporter(io);
  const sigint = deps.signal ? undefined : interruptOnSigint(io);
  try {
    const summary = await run({
      clock: deps.clock ?? realClock,
      emit,
      yes: options.yes,
      signal: deps.signal ?? sigint!.signal,
      ...(io.confirm && !options.json ? { confirm: io.confirm } : {}),
      ...(deps.pollIntervalMs !== undefined ? { pollIntervalMs: deps.pollIntervalMs } : {}),
    });
    return summary.stoppedForConfirmation ? EXIT.notConfirmed : EXIT.ok;
  } finally {
    sigint?.dispose();
  }
}
