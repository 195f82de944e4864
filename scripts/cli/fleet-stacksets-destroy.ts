/**
 * `xacct destroy` of a fleet deployed by the StackSets engine (stacksets/destroy-stacksets.ts): `--dry-run`
 * prints what would go and what stays, with no write; otherwise each target's outcome and the stack sets
 * deleted. Exit codes as the other fleet destroy: 0 all done, 7 some targets failed and others finished,
 * the first failure's own code when none finished.
 */
import type { ProgressEvent } from '../deploy/events';
import { EXIT, type ExitCode } from '../errors';
import { consoleReporter } from '../progress/console-reporter';
import { describeRetained, describeStep } from '../progress/format';
import { runStackSetsDestroy, type StackSetsTeardown } from '../stacksets/destroy-stacksets';
import { planStackSetsDestroy, type StackSetsDestroyPlan } from '../stacksets/plan-stacksets-destroy';
import type { FleetConfig } from '../config/fleet-config';
import type { ResolvedTarget } from '../targets/resolve-targets';
import { dryRunExitCode, teardownRunOptions, type FleetSession } from './fleet-session';
import type { Io } from './io';
import type { RunDeps } from './run-deps';
import type { StackSetsAdmin } from './stacksets-admin';

const kept = (retained: Parameters<typeof describeRetained>[0][], indent: string) => retained.flatMap(describeRetained).map((l) => `${indent}${l}\n`).join('');

function printPlan(p: StackSetsDestroyPlan, io: Io): void {
  io.out(`Teardown plan for deployment ${p.deployment} (stack sets), ${p.targets.length} target${p.targets.length === 1 ? '' : 's'} (dry run: nothing is deleted):\n`);
  for (const t of p.targets) {
    io.out(`\n[${t.target}] account ${t.accountId}, ${t.region}\n`);
    if (t.error) {
      io.out(`  could not be planned: ${t.error.message}\n`);
      continue;
    }
    const of = (stage: 1 | 2) => p.instances.find((i) => i.target === t.target && i.stage === stage);
    const line = (stage: 1 | 2) => {
      const i = of(stage);
      if (!i) return io.out(`  stage ${stage}: no stack instance\n`);
      io.out(`  stage ${stage}: DeleteStackInstances on ${i.set} (RetainStacks false) deletes stack ${i.stack ?? '(none)'}\n`);
      if (i.retained.length > 0) io.out(`    Kept on purpose (${i.retained.length}):\n${kept(i.retained, '      ')}`);
    };
    line(2);
    for (const s of t.plan!.steps) io.out(`  ${describeStep(s)}\n     ${s.reason}\n`);
    line(1);
  }
  for (const g of p.sources) {
    io.out(`\n[account A ${g.region}] stack ${g.stack} in account ${g.accountId}, serves ${g.serves.join(', ')}\n`);
    for (const c of g.changes ?? []) io.out(`  ${c.action === 'none' ? 'unchanged' : c.action} ${c.stack}: ${c.reason}\n`);
    if (!g.changes || g.goes) io.out(`  ${g.step ? `${describeStep(g.step)} after ${g.serves.join(', ')}: ${g.reason}` : g.reason}\n`);
    if (g.retained.length > 0) io.out(`  Kept on purpose (${g.retained.length}):\n${kept(g.retained, '    ')}`);
  }
  for (const s of p.setsDeleted) io.out(`\nDeleteStackSet ${s}: no instance of it is left\n`);
}

function printSummary(s: StackSetsTeardown, io: Io): void {
  io.out(`\nTeardown of deployment ${s.deployment} (stack sets): ${s.targets.filter((t) => t.outcome === 'destroyed').length} of ${s.targets.length} target${s.targets.length === 1 ? '' : 's'} destroyed\n`);
  for (const t of s.targets) {
    io.out(`  ${t.target.padEnd(12)} ${t.outcome === 'failed' ? `failed: ${t.reason}` : 'destroyed'}\n`);
    if (t.retained.length > 0) io.out(`    Kept on purpose (${t.retained.length}):\n${kept(t.retained, '      ')}`);
  }
  for (const g of s.sources) io.out(`  account A ${g.region}: stack ${g.stack} ${g.outcome}${g.outcome === 'deleted' ? '' : `: ${g.reason}`}\n`);
  for (const o of s.operations.filter((x) => x.kind === 'DeleteStackSet')) io.out(`  stack set ${o.set} deleted\n`);
}

export async function runStackSetsDestroyCommand(
  fleet: Pick<FleetConfig, 'stackSets'>,
  deployment: string,
  ss: StackSetsAdmin,
  all: ResolvedTarget[],
  selected: ResolvedTarget[],
  options: { json: boolean; dryRun: boolean; concurrency: number },
  io: Io,
  deps: RunDeps,
  session: FleetSession,
): Promise<ExitCode> {
  if (options.dryRun) {
    const plan = await planStackSetsDestroy(deployment, all, selected, ss.state, { concurrency: options.concurrency, portsOf: session.portsOf });
    if (options.json) io.out(JSON.stringify(plan, null, 2) + '\n');
    else printPlan(plan, io);
    return dryRunExitCode(plan);
  }
  const emitOf = (label: string): ((e: ProgressEvent) => void) => {
    if (options.json) return (e) => io.out(JSON.stringify({ ...e, target: label }) + '\n');
    const report = consoleReporter({ out: (s: string) => io.out(`[${label}] ${s}`), err: (s: string) => io.out(`[${label}] ${s}`), isTty: false });
    return report;
  };
  const summary = await runStackSetsDestroy(deployment, all, selected, {
    config: fleet.stackSets,
    state: ss.state,
    admin: ss.admin,
    clock: session.clock,
    ...(deps.pollIntervalMs !== undefined ? { stackPollMs: deps.pollIntervalMs } : {}),
    concurrency: options.concurrency,
    portsOf: session.portsOf,
    runOptions: teardownRunOptions(session, deps, emitOf),
  });
  if (options.json) io.out(JSON.stringify({ type: 'fleet-destroy-finished', engine: 'stacksets', ...summary }) + '\n');
  else printSummary(summary, io);
  if (summary.failed === 0) return EXIT.ok;
  const done = summary.targets.filter((t) => t.outcome === 'destroyed').length;
  return done > 0 ? EXIT.partlyFailed : EXIT.aws;
}
