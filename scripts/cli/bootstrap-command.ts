/**
 * `xacct bootstrap`: the deployer and CloudFormation roles of each account, as one small stack per
 * account. `--dry-run` reads what is there and says what a run would do; nothing is written.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config';
import { realClock } from '../deploy/clock';
import { verifyIdentities } from '../deploy/identity';
import type { ProgressEvent } from '../deploy/events';
import { accountBootstrap, checkTrust, configLines, decideBootstrap, runBootstrap, type AccountKey } from '../bootstrap/bootstrap';
import { EXIT, type ExitCode } from '../errors';
import { awsRuntime, connectTo } from './aws-setup';
import { interruption } from './interrupt';
import type { RunDeps } from './run-deps';
import type { Io } from './io';

export interface BootstrapOptions {
  config: string;
  account?: AccountKey;
  trust: string[];
  dryRun: boolean;
  json: boolean;
}

const LETTER: Record<AccountKey, string> = { source: 'A', target: 'B' };

/** Stack events and changes as the run goes (JSON lines with --json). */
function progress(io: Io, json: boolean) {
  return (e: ProgressEvent) => {
    if (json) return io.out(JSON.stringify(e) + '\n');
    if (e.type === 'changes') for (const c of e.changes) io.out(`      ${c.action.padEnd(7)} ${c.logicalId} ${c.resourceType}\n`);
    else if (e.type === 'stack-event') io.out(`      ${e.event.status.padEnd(28)} ${e.event.logicalId} ${e.event.resourceType}${e.event.reason ? `: ${e.event.reason}` : ''}\n`);
    else if (e.type === 'notice') io.out(`      ${e.message}\n`);
  };
}

export async function runBootstrapCommand(options: BootstrapOptions, io: Io, deps: RunDeps): Promise<ExitCode> {
  const trust = checkTrust(options.trust);
  const config = loadConfig(resolve(options.config));
  const accounts: AccountKey[] = options.account ? [options.account] : ['target', 'source'];
  const plans = accounts.map((a) => accountBootstrap(config, a, trust));
  const interrupt = interruption(io, deps.signal);
  try {
    const aws = await connectTo(config, accounts, awsRuntime(io, deps, interrupt.signal));
    await verifyIdentities(config, aws, () => undefined, accounts);
    if (options.dryRun) {
      const decided = [];
      for (const b of plans) decided.push({ account: b.account, accountId: b.accountId, stack: b.step.stack, templateHash: b.artifact.hash, ...(await decideBootstrap(config, aws[b.account]!, b)) });
      if (options.json) io.out(JSON.stringify({ dryRun: true, trust, accounts: decided }, null, 2) + '\n');
      else for (const d of decided) io.out(`${d.action.padEnd(7)} stack ${d.stack} in account ${LETTER[d.account]} ${d.accountId}: ${d.reason}\n`);
      if (!options.json) io.out('Dry run: nothing was changed.\n');
      return EXIT.ok;
    }
    const results = [];
    for (const b of plans) {
      if (!options.json) io.out(`Bootstrap of account ${LETTER[b.account]} ${b.accountId}: stack ${b.step.stack} (${b.artifact.name} ${b.artifact.hash})\n`);
      const result = await runBootstrap(config, aws[b.account]!, b, {
        clock: deps.clock ?? realClock,
        emit: progress(io, options.json),
        signal: interrupt.signal,
        ...(deps.pollIntervalMs !== undefined ? { pollIntervalMs: deps.pollIntervalMs } : {}),
      });
      const lines = configLines(config, b);
      results.push({ account: b.account, accountId: b.accountId, stack: b.step.stack, outcome: result.outcome, deployerRoleArn: b.template.deployerRoleArn, cloudFormationRoleArn: b.template.cloudFormationRoleArn, ...lines });
      if (!options.json) {
        io.out(`  -> ${result.outcome === 'no-change' ? 'no change' : result.outcome}\n`);
        io.out(`  deployer role        ${b.template.deployerRoleArn} (trusts ${trust.join(', ')})\n`);
        io.out(`  CloudFormation role  ${b.template.cloudFormationRoleArn}\n`);
        io.out(`  Add to the config (${options.config}):\n${lines.config.map((l) => `    ${l}`).join('\n')}\n`);
        io.out(`  and to ~/.aws/config (source_profile: a profile whose identity is one of the trusted principals):\n${lines.awsConfig.map((l) => `    ${l}`).join('\n')}\n`);
      }
    }
    if (options.json) io.out(JSON.stringify({ type: 'bootstrap', trust, accounts: results }) + '\n');
    else io.out('Every later command runs as the deployer: switch the config to the profiles above.\n');
    return EXIT.ok;
  } finally {
    interrupt.dispose();
  }
}
