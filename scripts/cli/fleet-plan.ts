/** `xacct plan` of a config with several targets: offline, or against the accounts (read-only), every target's steps in dependency order. */
import { ConfigError } from '../config/config-error';
import type { FleetConfig } from '../config/fleet-config';
import { regionVerdict } from '../config/region-offerings';
import { planFleet, type FleetPlan, type FleetStep } from '../deploy/fleet-planner';
import { EMPTY_STATE, type ObservedState } from '../deploy/observe';
import { realClock } from '../deploy/clock';
import { interruption } from './interrupt';
import type { RunDeps } from './run-deps';
import { EXIT, type ExitCode } from '../errors';
import type { EngineChoice } from '../stacksets/engine-choice';
import { describeStep } from '../progress/format';
import { resolveTargets, type ResolvedTarget } from '../targets/resolve-targets';
import { selectTargets, type TargetSelection } from '../targets/select-targets';
import type { Io } from './io';

const where = (s: FleetStep) => (s.target ? `[${s.target}]` : `[account A for ${(s.serves ?? []).join(', ')}]`);

function describeSource(source: Record<string, string>): string {
  if ('value' in source) return JSON.stringify(source.value);
  return `output ${source.output} of stack ${source.fromStack} in account ${source.accountId} (${source.region})`;
}

/**
 * Before any AWS call: each selected target's region can run the pipeline (region-offerings.ts), and
 * the profiles the targets name exist in the AWS config files.
 */
export async function checkFleetTargets(file: string, selected: ResolvedTarget[], io: Io): Promise<void> {
  for (const t of selected) {
    const verdict = regionVerdict(t.region, t.pipeline.release);
    if (verdict.problems.length > 0) throw new ConfigError(file, verdict.problems.map((p) => ({ ...p, path: `${t.name}: ${p.path}` })), 'region-not-offered');
    for (const w of verdict.warnings) io.err(`warning: ${t.name}: ${w}\n`);
  }
  // No AWS call, but the profiles the targets name must exist in the AWS config files.
  const { credentialOrigins, readAwsConfigFiles } = await import('../aws/credential-origins');
  const { checkProfiles } = await import('../aws/credential-errors');
  const files = await readAwsConfigFiles();
  checkProfiles([...credentialOrigins(selected[0]!.config, ['source'], files), ...selected.flatMap((t) => credentialOrigins(t.config, ['target'], files))]);
}

export async function runFleetPlan(file: string, fleet: FleetConfig, selection: TargetSelection, options: { json: boolean; offline: boolean; engine?: EngineChoice }, io: Io, deps: RunDeps = {}): Promise<ExitCode> {
  const all = resolveTargets(fleet);
  const selected = selectTargets(all, selection);
  await checkFleetTargets(file, selected, io);
  const unread = new Map<string, string>();
  let stateOf = (_t: ResolvedTarget): ObservedState => EMPTY_STATE;
  if (!options.offline) {
    // Read-only: who each account is and what each target holds, as deploy-sequence looks before it plans.
    const interrupt = interruption(io, deps.signal);
    try {
      const { awsRuntime, fleetPorts } = await import('./aws-setup');
      const { lookAtFleet } = await import('../deploy/fleet-look');
      const { DEFAULT_CONCURRENCY } = await import('../deploy/fleet-run');
      const look = await lookAtFleet({
        selected,
        concurrency: DEFAULT_CONCURRENCY,
        clock: deps.clock ?? realClock,
        signal: interrupt.signal,
        ports: fleetPorts(awsRuntime(io, deps, interrupt.signal)),
        emitFor: () => () => undefined,
      });
      // Not one target could be read: the failure itself is the answer (its exit code: credentials 6, AWS 4).
      if (look.early.size === selected.length && look.firstError !== undefined) throw look.firstError;
      for (const [name, why] of look.early) unread.set(name, why);
      stateOf = (t) => look.states.get(t.name) ?? EMPTY_STATE;
    } finally {
      interrupt.dispose();
    }
  }
  const thePlan = planFleet(all, selected, stateOf, options.offline);
  // A target that could not be read is planned as if empty, and said: the exit code is 4.
  const failed = unread.size > 0 || thePlan.steps.some((s) => s.action === 'blocked');
  if (options.json) {
    const shown = { ...thePlan, ...(options.engine ? { engine: options.engine } : {}), ...(unread.size > 0 ? { unread: Object.fromEntries(unread) } : {}) };
    io.out(JSON.stringify(shown, null, 2) + '\n');
    return failed ? EXIT.aws : EXIT.ok;
  }
  if (options.engine) io.out(`Engine: ${options.engine.why}\n`);
  printFleetPlan(thePlan, io);
  for (const [name, why] of unread) io.err(`${name}: could not be read, planned as if empty: ${why}\n`);
  return failed ? EXIT.aws : EXIT.ok;
}

/** The fleet plan for people: each step with where it runs, why, what it needs and its parameters. */
export function printFleetPlan(thePlan: FleetPlan, io: Io): void {
  const targets = thePlan.targets.map((t) => `${t.name} (wave ${t.wave}, account ${t.accountId}, ${t.region})`).join(', ');
  io.out(`Plan for deployment ${thePlan.deployment}, ${thePlan.targets.length} target${thePlan.targets.length === 1 ? '' : 's'}: ${targets}${thePlan.offline ? ' (offline: against empty accounts)' : ''}:\n`);
  for (const [i, s] of thePlan.steps.entries()) {
    io.out(`  ${i + 1}. ${where(s)} ${describeStep(s)} in ${s.region}\n     ${s.reason}\n`);
    if (s.dependsOn.length > 0) io.out(`     after ${s.dependsOn.join(', ')}\n`);
    if (s.kind === 'deploy-stack') {
      for (const [name, source] of Object.entries(s.parameters)) io.out(`       ${name} = ${describeSource(source as Record<string, string>)}\n`);
      const byTarget = (s as { parametersByTarget?: Record<string, Record<string, Record<string, string>>> }).parametersByTarget ?? {};
      for (const [target, parameters] of Object.entries(byTarget)) {
        for (const [name, source] of Object.entries(parameters)) io.out(`       ${name} [${target}] = ${describeSource(source)}\n`);
      }
    }
  }
}
