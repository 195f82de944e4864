/** `xacct destroy`: the teardown, in reverse order, with --dry-run, --yes and --json like deploy-sequence. */
import { resolve } from 'node:path';
import { loadFleetConfig } from '../config/load-config';
import { resolveTargets } from '../targets/resolve-targets';
import { selectTargets } from '../targets/select-targets';
import { selectionOf, type TargetOptions } from './target-options';
import { verifyIdentities } from '../deploy/identity';
import { planDestroy } from '../destroy/destroy-planner';
import type { DestroyPlan } from '../deploy/destroy-types';
import { observeTeardown } from '../destroy/observe-teardown';
import { runDestroy } from '../destroy/run-destroy';
import { EXIT, type ExitCode } from '../errors';
import { describeRetained, describeStep } from '../progress/format';
import { awsRuntime, connect } from './aws-setup';
import { withProgress } from './deploy-commands';
import type { RunDeps } from './run-deps';
import { interruption } from './interrupt';
import type { Io } from './io';

export interface DestroyCommandOptions extends TargetOptions {
  config: string;
  /** Targets torn down at a time (a fleet). */
  concurrency?: number;
  json: boolean;
  yes: boolean;
  dryRun: boolean;
}

function printPlan(plan: DestroyPlan, io: Io): void {
  io.out(`Teardown plan for deployment ${plan.deployment} in ${plan.region} (dry run: nothing is deleted):\n`);
  for (const [i, s] of plan.steps.entries()) io.out(`  ${i + 1}. ${describeStep(s)}\n     ${s.reason}\n`);
  if (plan.retained.length > 0) io.out(`Kept on purpose (${plan.retained.length}):\n${plan.retained.flatMap(describeRetained).map((l) => `  ${l}\n`).join('')}`);
  if (plan.earlierLeftovers) io.out(`${plan.earlierLeftovers}\n`);
}

export async function runDestroyCommand(options: DestroyCommandOptions, io: Io, deps: RunDeps): Promise<ExitCode> {
  const fleet = loadFleetConfig(resolve(options.config));
  const all = resolveTargets(fleet);
  const selected = selectTargets(all, selectionOf(options));
  if (fleet.targets.length > 1) return (await import('./fleet-destroy-command')).runFleetDestroyCommand(fleet, all, selected, options, io, deps);
  const config = selected[0]!.config;
  if (options.dryRun) {
    const interrupt = interruption(io, deps.signal);
    try {
      const aws = await connect(config, awsRuntime(io, deps, interrupt.signal));
      // Read-only: who we are, then what the accounts hold; the plan is printed and nothing else happens.
      await verifyIdentities(config, aws, () => undefined);
      const plan = planDestroy(config, await observeTeardown(config, aws));
      if (options.json) io.out(JSON.stringify(plan, null, 2) + '\n');
      else printPlan(plan, io);
      return plan.steps.some((s) => s.action === 'blocked') ? EXIT.aws : EXIT.ok;
    } finally {
      interrupt.dispose();
    }
  }
  return withProgress(options, io, deps, async (run) => runDestroy(config, { ...run, aws: await connect(config, awsRuntime(io, deps, run.signal!)) }));
}
