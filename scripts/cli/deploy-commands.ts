/** `xacct plan` and `xacct deploy-sequence`. */
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config';
import { realClock, type Clock } from '../deploy/clock';
import { runDeploySequence } from '../deploy/engine';
import { EMPTY_STATE, observe } from '../deploy/observe';
import { plan } from '../deploy/planner';
import { verifyIdentities } from '../deploy/identity';
import { EXIT, type ExitCode } from '../errors';
import { consoleReporter } from '../progress/console-reporter';
import { jsonReporter } from '../progress/json-reporter';
import { describeStep } from '../progress/format';
import { connect } from './aws-setup';
import type { Io } from './io';

/** What tests replace: time (a virtual clock) and how often stacks are polled. */
export interface RunDeps {
  clock?: Clock;
  pollIntervalMs?: number;
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

export async function runDeploy(options: { config: string; json: boolean; yes: boolean }, io: Io, deps: RunDeps): Promise<ExitCode> {
  const config = loadConfig(resolve(options.config));
  const aws = await connect(config);
  const emit = options.json ? jsonReporter(io) : consoleReporter(io);
  const summary = await runDeploySequence(config, {
    aws,
    clock: deps.clock ?? realClock,
    emit,
    yes: options.yes,
    ...(io.confirm && !options.json ? { confirm: io.confirm } : {}),
    ...(deps.pollIntervalMs !== undefined ? { pollIntervalMs: deps.pollIntervalMs } : {}),
  });
  return summary.stoppedForConfirmation ? EXIT.notConfirmed : EXIT.ok;
}
