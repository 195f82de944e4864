/**
 * `xacct deploy-sequence` of a config with several targets: the fleet plan shown and confirmed once,
 * then the steps with bounded --concurrency, each line prefixed by its target, and a summary per target.
 * Exit 0 when every target succeeded or was unchanged, 7 when some failed and others finished, 4 when
 * none finished, 5 when the plan was not confirmed.
 */
import type { FleetConfig } from '../config/fleet-config';
import type { Emit } from '../deploy/events';
import type { FleetScope } from '../deploy/fleet-look';
import type { TargetOutcome } from '../deploy/fleet-outcome';
import { realClock } from '../deploy/clock';
import { EXIT, type ExitCode } from '../errors';
import { consoleReporter } from '../progress/console-reporter';
import { resolveTargets } from '../targets/resolve-targets';
import { selectTargets, type TargetSelection } from '../targets/select-targets';
import { checkFleetTargets, printFleetPlan } from './fleet-plan';
import { interruption } from './interrupt';
import type { Io } from './io';
import type { RunDeps } from './run-deps';

export interface FleetDeployOptions {
  json: boolean;
  yes: boolean;
  continueUpdateRollback: boolean;
  concurrency?: number;
}

const scopeName = (scope: FleetScope) => ('target' in scope ? scope.target : `account A ${scope.region}`);

/** One reporter per scope: its lines prefixed with `[scope]`, never a live line (several scopes write at once). */
export function emitters(io: Io, json: boolean): (scope: FleetScope) => Emit {
  if (json) return (scope) => (event) => io.out(JSON.stringify({ ...event, ...scope }) + '\n');
  return (scope) => {
    const prefix = `[${scopeName(scope)}] `;
    return consoleReporter({ isTty: false, err: io.err, out: (text) => io.out(text.replace(/^(?=.)/gm, prefix)) });
  };
}

export function exitOf(targets: TargetOutcome[]): ExitCode {
  const finished = targets.filter((t) => t.outcome === 'succeeded' || t.outcome === 'unchanged').length;
  if (finished === targets.length) return EXIT.ok;
  return finished > 0 ? EXIT.partlyFailed : EXIT.aws;
}

export function printSummary(targets: TargetOutcome[], io: Io): void {
  const width = Math.max(6, ...targets.map((t) => t.name.length));
  io.out(`\nSummary:\n  ${'target'.padEnd(width)}  ${'wave'.padEnd(4)}  ${'region'.padEnd(14)}  outcome\n`);
  for (const t of targets) {
    const counts = t.outcome === 'succeeded' || t.outcome === 'unchanged' ? ` (${t.changed} changed, ${t.unchanged} unchanged)` : '';
    const outcome = t.outcome === 'not-run' ? 'not run' : t.outcome;
    io.out(`  ${t.name.padEnd(width)}  ${String(t.wave).padEnd(4)}  ${t.region.padEnd(14)}  ${outcome}${counts}${t.reason ? `: ${t.reason}` : ''}\n`);
  }
}

/** What both engines' fleet runs take from the command line and the terminal alike. */
export function fleetRunSettings(options: FleetDeployOptions, deps: RunDeps, io: Io, signal: AbortSignal, defaultConcurrency: number) {
  return {
    concurrency: options.concurrency ?? defaultConcurrency,
    clock: deps.clock ?? realClock,
    yes: options.yes,
    signal,
    continueUpdateRollback: options.continueUpdateRollback,
    ...(io.confirm && !options.json ? { confirm: io.confirm } : {}),
    ...(deps.pollIntervalMs !== undefined ? { pollIntervalMs: deps.pollIntervalMs } : {}),
    emitFor: emitters(io, options.json),
  };
}

export async function runFleetDeployCommand(file: string, fleet: FleetConfig, selection: TargetSelection, options: FleetDeployOptions, io: Io, deps: RunDeps): Promise<ExitCode> {
  const all = resolveTargets(fleet);
  const selected = selectTargets(all, selection);
  await checkFleetTargets(file, selected, io);
  const interrupt = interruption(io, deps.signal);
  try {
    const { awsRuntime, fleetPorts } = await import('./aws-setup');
    const runtime = awsRuntime(io, deps, interrupt.signal);
    const { runFleetDeploy, DEFAULT_CONCURRENCY } = await import('../deploy/fleet-run');
    const summary = await runFleetDeploy({
      all,
      selected,
      ...fleetRunSettings(options, deps, io, interrupt.signal, DEFAULT_CONCURRENCY),
      ports: fleetPorts(runtime),
      showPlan: (plan) => (options.json ? io.out(JSON.stringify({ type: 'fleet-plan', plan }) + '\n') : printFleetPlan(plan, io)),
    });
    if (summary.stoppedForConfirmation) {
      if (!options.json) io.out('Nothing was changed: confirm, or run again with --yes.\n');
      return EXIT.notConfirmed;
    }
    if (options.json) io.out(JSON.stringify({ type: 'fleet-finished', targets: summary.targets }) + '\n');
    else printSummary(summary.targets, io);
    return exitOf(summary.targets);
  } finally {
    interrupt.dispose();
  }
}
