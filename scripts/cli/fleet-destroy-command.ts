/**
 * `xacct destroy` of a config with several targets: the selected targets' teardowns a bounded number at
 * a time, then account A's stack of each region whose targets are all down. `--json` prints each
 * event with the unit it belongs to (`target`), then the summary; the console prints each unit's
 * progress as one block when the unit ends, so concurrent targets do not interleave.
 */
import type { ProgressEvent } from '../deploy/events';
import { planFleetDestroy, runFleetDestroy, type FleetDestroyPlan, type FleetDestroySummary } from '../destroy/fleet-destroy';
import { EXIT, usageError, type ExitCode } from '../errors';
import { consoleReporter } from '../progress/console-reporter';
import { describeRetained, describeStep } from '../progress/format';
import { DEFAULT_FLEET_CONCURRENCY } from '../targets/each-target';
import type { ResolvedTarget } from '../targets/resolve-targets';
import { dryRunExitCode, fleetSession, teardownRunOptions } from './fleet-session';
import type { FleetConfig } from '../config/fleet-config';
import { stackSetsAdmin } from './stacksets-admin';
import type { Io } from './io';
import type { RunDeps } from './run-deps';

export interface FleetDestroyCommandOptions {
  json: boolean;
  yes: boolean;
  dryRun: boolean;
  concurrency?: number;
}

function printPlan(p: FleetDestroyPlan, io: Io): void {
  io.out(`Teardown plan for deployment ${p.deployment}, ${p.targets.length} target${p.targets.length === 1 ? '' : 's'} (dry run: nothing is deleted):\n`);
  for (const t of p.targets) {
    io.out(`\n[${t.target}] account ${t.accountId}, ${t.region}\n`);
    if (t.error) {
      io.out(`  could not be planned: ${t.error.message}\n`);
      continue;
    }
    for (const [i, s] of t.plan!.steps.entries()) io.out(`  ${i + 1}. ${describeStep(s)}\n     ${s.reason}\n`);
    if (t.plan!.retained.length > 0) io.out(`  Kept on purpose (${t.plan!.retained.length}):\n${t.plan!.retained.flatMap(describeRetained).map((l) => `    ${l}\n`).join('')}`);
  }
  for (const g of p.sources) {
    io.out(`\n[account A ${g.region}] stack ${g.stack} in account ${g.accountId}, serves ${g.serves.join(', ')}\n`);
    for (const c of g.changes ?? []) io.out(`  ${c.action === 'none' ? 'unchanged' : c.action} ${c.stack}: ${c.reason}\n`);
    if (!g.changes || g.goes) io.out(`  ${g.step ? `${describeStep(g.step)} after ${g.serves.join(', ')}: ${g.reason}` : g.reason}\n`);
    if (g.retained.length > 0) io.out(`  Kept on purpose (${g.retained.length}):\n${g.retained.flatMap(describeRetained).map((l) => `    ${l}\n`).join('')}`);
  }
}

function printSummary(s: FleetDestroySummary, io: Io): void {
  io.out(`\nTeardown of deployment ${s.deployment}: ${s.targets.length - s.targets.filter((t) => t.outcome === 'failed').length} of ${s.targets.length} target${s.targets.length === 1 ? '' : 's'} destroyed\n`);
  for (const t of s.targets) io.out(`  ${t.target.padEnd(12)} ${t.outcome === 'failed' ? `failed: ${t.error!.message}` : `destroyed (${t.steps.map((x) => `${x.stepId} ${x.outcome}`).join(', ')})`}\n`);
  for (const g of s.sources) io.out(`  account A ${g.region}: stack ${g.stack} ${g.outcome}${g.outcome === 'deleted' ? '' : `: ${g.reason}`}\n`);
}

export async function runFleetDestroyCommand(fleet: Pick<FleetConfig, 'name' | 'stackSets'>, all: ResolvedTarget[], selected: ResolvedTarget[], options: FleetDestroyCommandOptions, io: Io, deps: RunDeps): Promise<ExitCode> {
  if (!options.dryRun && !options.yes) {
    // Several teardowns run at once: no one could answer their questions in turn.
    throw usageError('fleet-destroy-needs-yes', `destroying ${selected.length === 1 ? 'a target' : `${selected.length} targets`} of a fleet asks no question per stack: add --yes to delete, or --dry-run to see first what would go and what stays. Nothing was deleted.`);
  }
  const concurrency = options.concurrency ?? DEFAULT_FLEET_CONCURRENCY;
  const deployment = fleet.name;
  return fleetSession(io, deps, { readOnly: false }, async (session) => {
    // A fleet the StackSets engine deployed: its instances, not stacks named target.stackName.
    const ss = await stackSetsAdmin(fleet, all, io, deps, session.signal);
    if (ss) return (await import('./fleet-stacksets-destroy')).runStackSetsDestroyCommand(fleet, deployment, ss, all, selected, { ...options, concurrency }, io, deps, session);
    if (options.dryRun) {
      const plan = await planFleetDestroy(deployment, all, selected, { concurrency, portsOf: session.portsOf });
      if (options.json) io.out(JSON.stringify(plan, null, 2) + '\n');
      else printPlan(plan, io);
      return dryRunExitCode(plan);
    }
    // Console: each unit's progress as one block, printed when the unit ends; a unit that failed is printed after the others.
    const pending = new Map<string, string>();
    const emitOf = (label: string): ((e: ProgressEvent) => void) => {
      if (options.json) return (e) => io.out(JSON.stringify({ ...e, target: label }) + '\n');
      pending.set(label, '');
      const report = consoleReporter({ out: (s: string) => void pending.set(label, pending.get(label)! + s), err: (s: string) => void pending.set(label, pending.get(label)! + s), isTty: false });
      return (e) => {
        report(e);
        if (e.type === 'destroy-finished') {
          io.out(`\n[${label}]\n${pending.get(label)}`);
          pending.delete(label);
        }
      };
    };
    const summary = await runFleetDestroy(deployment, all, selected, {
      concurrency,
      portsOf: session.portsOf,
      runOptions: teardownRunOptions(session, deps, emitOf),
    });
    for (const [label, text] of pending) io.out(`\n[${label}] (failed: see the summary)\n${text}`);
    if (options.json) io.out(JSON.stringify({ type: 'fleet-destroy-finished', ...summary }) + '\n');
    else printSummary(summary, io);
    if (summary.failed === 0) return EXIT.ok;
    // Every unit failed: the first failure's own exit code; some finished: a fleet run that partly failed.
    const failures = [...summary.targets, ...summary.sources].flatMap((u) => (u.error ? [u.error] : []));
    const units = summary.targets.length + summary.sources.filter((g) => g.goes || g.fleet).length;
    return failures.length >= units ? (failures[0]!.exitCode as ExitCode) : EXIT.partlyFailed;
  });
}
