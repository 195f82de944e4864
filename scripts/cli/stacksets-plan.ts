/** `xacct plan --engine stacksets`: the StackSet operations in order (stage-1 set, account A's stacks, stage-2 set), offline. */
import type { FleetConfig } from '../config/fleet-config';
import { EXIT, type ExitCode } from '../errors';
import type { EngineChoice } from '../stacksets/engine-choice';
import { planStackSets, type PlannedStackSetOperation, type StackSetsPlan } from '../stacksets/plan-stacksets';
import { resolveTargets } from '../targets/resolve-targets';
import { selectTargets, type TargetSelection } from '../targets/select-targets';
import type { Io } from './io';

function preferences(o: PlannedStackSetOperation): string {
  const p = o.preferences;
  if (!p) return '';
  return `RegionConcurrencyType ${p.regionConcurrencyType}, MaxConcurrentPercentage ${p.maxConcurrentPercentage}, FailureTolerancePercentage ${p.failureTolerancePercentage}, ConcurrencyMode ${p.concurrencyMode}`;
}

export async function runStackSetsPlan(fleet: FleetConfig, selection: TargetSelection, engine: EngineChoice, options: { json: boolean; offline: boolean }, io: Io): Promise<ExitCode> {
  const targets = selectTargets(resolveTargets(fleet), selection);
  // No AWS call, but the profiles the config names must exist in the AWS config files (as the targets plan checks).
  const { credentialOrigins, readAwsConfigFiles } = await import('../aws/credential-origins');
  const { checkProfiles } = await import('../aws/credential-errors');
  const files = await readAwsConfigFiles();
  checkProfiles([...credentialOrigins(targets[0]!.config, ['source'], files), ...targets.flatMap((t) => credentialOrigins(t.config, ['target'], files))]);
  const plan = planStackSets(fleet, targets, engine);
  if (options.json) {
    io.out(JSON.stringify({ ...plan, offline: options.offline }, null, 2) + '\n');
    return EXIT.ok;
  }
  printStackSetsPlan(plan, targets.length, options.offline, io);
  // Unsure how to read a stack set's instances ahead without the run's own reads: the operations are listed as for empty accounts.
  if (!options.offline) io.out('Against AWS, deploy-sequence --engine stacksets decides each stack set and instance as it runs (an unchanged one is left alone); the operations above are those empty accounts would get.\n');
  return EXIT.ok;
}

/** The StackSet operations for people, in order; a deploy-sequence shows them before its one question. */
export function printStackSetsPlan(plan: StackSetsPlan, count: number, offline: boolean, io: Io): void {
  io.out(`StackSets plan for deployment ${plan.deployment}, ${count} target${count === 1 ? '' : 's'}${offline ? ' (offline: against empty accounts)' : ''}. Engine: ${plan.engine.why}\n`);
  for (const [i, o] of plan.operations.entries()) {
    const where = o.kind === 'UpdateSourceStacks' ? `account A (${o.accounts[0]}) stack ${o.name} in ${o.regions[0]}` : `stack set ${o.name}`;
    const scope = o.targets.length > 0 && o.kind !== 'UpdateSourceStacks' ? ` for ${o.targets.join(', ')} (account ${o.accounts.join(', ')}, ${o.regions.join(', ')})` : '';
    io.out(`  ${i + 1}. ${o.kind} ${where}${scope}\n     ${o.why}\n`);
    if (o.kind === 'CreateStackSet') io.out(`     PermissionModel ${o.permissionModel}${o.callAs ? `, CallAs ${o.callAs}` : ''}, ManagedExecution Active\n`);
    if (o.organizationalUnitIds) io.out(`     OrganizationalUnitIds ${o.organizationalUnitIds.join(', ')} (AccountFilterType INTERSECTION)\n`);
    if (o.preferences) io.out(`     OperationPreferences: ${preferences(o)}\n`);
    for (const [k, v] of Object.entries(o.parameters ?? {})) io.out(`       ${k} = ${JSON.stringify(v)}\n`);
  }
}
