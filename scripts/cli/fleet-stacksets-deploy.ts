/**
 * `xacct deploy-sequence --engine stacksets` (or `auto` choosing it): the targets' stacks as two stack
 * sets administered from account A, account A's stacks and each target's steps between them
 * (stacksets/deploy-stacksets.ts). Shown and confirmed once, progress prefixed by its scope, the summary
 * and exit codes of the fleet runner: 0 every target succeeded or was unchanged, 7 some failed and others
 * finished, 4 none finished, 5 not confirmed.
 */
import type { FleetConfig } from '../config/fleet-config';
import { EXIT, type ExitCode } from '../errors';
import type { EngineChoice } from '../stacksets/engine-choice';
import { resolveTargets } from '../targets/resolve-targets';
import { selectTargets, type TargetSelection } from '../targets/select-targets';
import { exitOf, fleetRunSettings, printSummary, type FleetDeployOptions } from './fleet-deploy';
import { checkFleetTargets, printFleetPlan } from './fleet-plan';
import { interruption } from './interrupt';
import type { Io } from './io';
import type { RunDeps } from './run-deps';
import { printStackSetsPlan } from './stacksets-plan';

export async function runStackSetsDeployCommand(file: string, fleet: FleetConfig, selection: TargetSelection, engine: EngineChoice, options: FleetDeployOptions, io: Io, deps: RunDeps): Promise<ExitCode> {
  const all = resolveTargets(fleet);
  const selected = selectTargets(all, selection);
  await checkFleetTargets(file, selected, io);
  const interrupt = interruption(io, deps.signal);
  try {
    const { awsRuntime, fleetPorts, connectStackSets } = await import('./aws-setup');
    const runtime = awsRuntime(io, deps, interrupt.signal);
    const { runStackSetsDeploy, administrationRegion } = await import('../stacksets/deploy-stacksets');
    const { DEFAULT_CONCURRENCY } = await import('../deploy/fleet-run');
    const ss = fleet.stackSets;
    // CallAs applies to service-managed stack sets only (API reference, CreateStackSet).
    const callAs = ss?.permissionModel === 'SERVICE_MANAGED' ? ss.administration : undefined;
    const adminLead = all.find((t) => t.region === administrationRegion(all))!;
    const summary = await runStackSetsDeploy({
      fleet,
      all,
      selected,
      engine,
      ...fleetRunSettings(options, deps, io, interrupt.signal, DEFAULT_CONCURRENCY),
      ports: { ...fleetPorts(runtime), admin: () => connectStackSets(adminLead, runtime, callAs) },
      showPlan: (plan) => {
        if (options.json) return io.out(JSON.stringify({ type: 'fleet-plan', engine, plan }) + '\n');
        printStackSetsPlan(plan, selected.length, false, io);
        io.out('Each stack set and instance is decided against AWS as it runs: an unchanged one is left alone.\n');
      },
      showBetween: (plan) => (options.json ? io.out(JSON.stringify({ type: 'between-stages-plan', plan }) + '\n') : (io.out("\nBetween the stages, account A's stacks and each target's steps:\n"), printFleetPlan(plan, io))),
    });
    if (summary.stoppedForConfirmation) {
      if (!options.json) io.out('Nothing was changed: confirm, or run again with --yes.\n');
      return EXIT.notConfirmed;
    }
    if (options.json) io.out(JSON.stringify({ type: 'fleet-finished', engine: engine.engine, targets: summary.targets }) + '\n');
    else printSummary(summary.targets, io);
    return exitOf(summary.targets);
  } finally {
    interrupt.dispose();
  }
}
