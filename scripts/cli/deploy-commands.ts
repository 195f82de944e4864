/** `xacct plan` and `xacct deploy-sequence`. */
import { resolve } from 'node:path';
import { ConfigError } from '../config/config-error';
import { loadFleetConfig } from '../config/load-config';
import { regionVerdict } from '../config/region-offerings';
import type { DeploymentConfig } from '../config/schema';
import { realClock } from '../deploy/clock';
import type { RunOptions } from '../deploy/engine';
import { EMPTY_STATE, observe } from '../deploy/observe';
import { plan } from '../deploy/planner';
import { resolveSingle, resolveTargets } from '../targets/resolve-targets';
import { selectTargets } from '../targets/select-targets';
import { verifyIdentities } from '../deploy/identity';
import { EXIT, type ExitCode } from '../errors';
import type { BootstrapDue } from '../bootstrap/bootstrap';
import { consoleReporter } from '../progress/console-reporter';
import { jsonReporter } from '../progress/json-reporter';
import { describeStep } from '../progress/format';
import { interruption } from './interrupt';
import type { RunDeps } from './run-deps';
import type { Io } from './io';

/**
 * The config of a command that plans or deploys the pipeline, refused when its region cannot run it
 * (region-offerings.ts), before any AWS call; a region that may not run it is a warning on stderr.
 */
function deployable(config: DeploymentConfig, file: string, io: Io): DeploymentConfig {
  const verdict = regionVerdict(config.region, config.pipeline.release);
  if (verdict.problems.length > 0) throw new ConfigError(file, verdict.problems, 'region-not-offered');
  for (const w of verdict.warnings) io.err(`warning: ${w}\n`);
  return config;
}

export interface PlanCommandOptions {
  config: string;
  json: boolean;
  offline: boolean;
  /** --targets a,b */
  targets?: string;
  /** --wave N */
  wave?: number;
  /** --engine auto|targets|stacksets (default auto) */
  engine?: 'auto' | 'targets' | 'stacksets';
}

/**
 * A config with several targets is planned as a fleet (fleet-plan.ts); a single-target config, or a
 * fleet of one, as the one deployment it is.
 */
export async function runPlan(options: PlanCommandOptions, io: Io, deps: RunDeps = {}): Promise<ExitCode> {
  const file = resolve(options.config);
  const fleet = loadFleetConfig(file);
  const names = options.targets?.split(',').map((n) => n.trim()).filter((n) => n !== '');
  const selection = { ...(names ? { names } : {}), ...(options.wave !== undefined ? { wave: options.wave } : {}) };
  if (options.engine && (options.engine !== 'targets' || fleet.targets.length > 1)) {
    const { chooseEngine } = await import('../stacksets/engine-choice');
    const engine = chooseEngine(fleet, options.engine);
    if (engine.engine === 'stacksets') return (await import('./stacksets-plan')).runStackSetsPlan(fleet, selection, engine, options, io);
    // A fleet's plan says which engine and why (a single-target config has one: its output stays as it was).
    if (fleet.targets.length > 1) return (await import('./fleet-plan')).runFleetPlan(file, fleet, selection, { ...options, engine }, io, deps);
  }
  if (fleet.targets.length > 1) return (await import('./fleet-plan')).runFleetPlan(file, fleet, selection, { json: options.json, offline: options.offline }, io, deps);
  selectTargets(resolveTargets(fleet), selection);
  const config = deployable(fleet.targets[0]!.config, file, io);
  let state = EMPTY_STATE;
  let due: BootstrapDue[] | undefined;
  if (options.offline) {
    // No AWS call, but the profiles the config names must exist in the AWS config files (the SDK's file reader, no client).
    const { credentialOrigins, readAwsConfigFiles } = await import('../aws/credential-origins');
    const { checkProfiles } = await import('../aws/credential-errors');
    checkProfiles(credentialOrigins(config, ['source', 'target'], await readAwsConfigFiles()));
  } else {
    const interrupt = interruption(io, deps.signal);
    try {
      // Loaded here: `plan --offline` never builds an SDK client, so it does not load them.
      const { awsRuntime, connect } = await import('./aws-setup');
      const aws = await connect(config, awsRuntime(io, deps, interrupt.signal));
      // Read-only: who we are, then what the accounts hold.
      await verifyIdentities(config, aws, () => undefined);
      state = await observe(config, aws);
      // Whether the deployer and CloudFormation roles are behind what bootstrap would deploy now.
      const { bootstrapDue } = await import('../bootstrap/bootstrap');
      due = await bootstrapDue(config, aws, options.config);
    } finally {
      interrupt.dispose();
    }
  }
  const thePlan = plan(resolveSingle(config), state, options.offline);
  if (options.json) {
    io.out(JSON.stringify(due ? { ...thePlan, bootstrapDue: due } : thePlan, null, 2) + '\n');
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
    for (const d of due ?? []) {
      io.out(`Notice: bootstrap is due in account ${d.account} (${d.accountId}): stack ${d.stack} holds template ${d.deployedHash ?? '(untagged)'}, bootstrap would deploy ${d.currentHash}; run ${d.command}\n`);
    }
  }
  return thePlan.steps.some((s) => s.action === 'blocked') ? EXIT.aws : EXIT.ok;
}

export interface DeployOptions {
  config: string;
  json: boolean;
  yes: boolean;
  continueUpdateRollback: boolean;
  /** --targets a,b (a config with targets:) */
  targets?: string;
  /** --wave N */
  wave?: number;
  /** --concurrency N: steps of a fleet at a time */
  concurrency?: number;
  /** --engine auto|targets|stacksets (default auto: stackSets.permissionModel SERVICE_MANAGED and many targets) */
  engine?: 'auto' | 'targets' | 'stacksets';
}

/**
 * A config with several targets is deployed as a fleet (fleet-deploy.ts); a single-target config, or a
 * fleet of one, as the one deployment it is.
 */
export async function runDeploy(options: DeployOptions, io: Io, deps: RunDeps): Promise<ExitCode> {
  const file = resolve(options.config);
  const fleet = loadFleetConfig(file);
  const names = options.targets?.split(',').map((n) => n.trim()).filter((n) => n !== '');
  const selection = { ...(names ? { names } : {}), ...(options.wave !== undefined ? { wave: options.wave } : {}) };
  if (options.engine && options.engine !== 'targets') {
    const { chooseEngine } = await import('../stacksets/engine-choice');
    const engine = chooseEngine(fleet, options.engine);
    if (engine.engine === 'stacksets') return (await import('./fleet-stacksets-deploy')).runStackSetsDeployCommand(file, fleet, selection, engine, options, io, deps);
    if (fleet.targets.length > 1 && !options.json) io.out(`Engine: ${engine.why}\n`);
  }
  if (fleet.targets.length > 1) return (await import('./fleet-deploy')).runFleetDeployCommand(file, fleet, selection, options, io, deps);
  selectTargets(resolveTargets(fleet), selection);
  const config = deployable(fleet.targets[0]!.config, file, io);
  return withProgress(options, io, deps, async (run) => {
    const { awsRuntime, connect } = await import('./aws-setup');
    const aws = await connect(config, awsRuntime(io, deps, run.signal!));
    // The engine and its steps load here: `plan` needs only the planner.
    const { runDeploySequence } = await import('../deploy/engine');
    return runDeploySequence(config, { ...run, aws, continueUpdateRollback: options.continueUpdateRollback });
  });
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
  const interrupt = interruption(io, deps.signal);
  try {
    const summary = await run({
      clock: deps.clock ?? realClock,
      emit,
      yes: options.yes,
      signal: interrupt.signal,
      ...(io.confirm && !options.json ? { confirm: io.confirm } : {}),
      ...(deps.pollIntervalMs !== undefined ? { pollIntervalMs: deps.pollIntervalMs } : {}),
    });
    return summary.stoppedForConfirmation ? EXIT.notConfirmed : EXIT.ok;
  } finally {
    interrupt.dispose();
  }
}
