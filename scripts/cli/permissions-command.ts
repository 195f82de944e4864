/**
 * `xacct permissions`: the IAM policy an identity needs for this deployment, in one account. Stdout
 * holds the policy document alone (`> policy.json` is a valid policy file); why each statement is
 * there goes to stderr, or after the document on stdout with --explain.
 */
import { resolve } from 'node:path';
import { loadFleetConfig } from '../config/load-config';
import type { DeploymentConfig } from '../config/schema';
import { EXIT, type ExitCode } from '../errors';
import { permissionScope } from '../permissions/config-scope';
import type { PermissionScope } from '../permissions/scope';
import type { AccountKey, PolicyRole } from '../permissions/policy-types';
import { MANAGED_POLICY_MAX_CHARS, mergePolicies, policySize } from '../permissions/merge-policies';
import { documentOf } from '../permissions/policy-types';
import { policyFor, policyJson, policyReport, policyText } from '../permissions/render-policy';
import { resolveTargets, type ResolvedTarget } from '../targets/resolve-targets';
import { selectTargets } from '../targets/select-targets';
import { selectionOf, type TargetOptions } from './target-options';
import type { Io } from './io';

export interface PermissionsOptions extends TargetOptions {
  config: string;
  account: AccountKey;
  role: PolicyRole;
  json: boolean;
  explain?: boolean;
}

function warnWithoutRole(config: DeploymentConfig, account: AccountKey, io: Io, whose = ''): void {
  if (config[account].cloudFormationRoleArn) return;
  io.err(
    `xacct: warning: ${whose}${account}.cloudFormationRoleArn is not set: CloudFormation builds the ${account} stack with the deployer's own credentials, so the deployer also needs what the cloudformation policy holds. ` +
      `Set it to a role with the cloudformation policy (docs/permissions.md, "What each identity needs", creates one) to keep the deployer narrow.\n`,
  );
}

export function runPermissions(options: PermissionsOptions, io: Io): ExitCode {
  const fleet = loadFleetConfig(resolve(options.config));
  const selected = selectTargets(resolveTargets(fleet), selectionOf(options));
  if (fleet.targets.length > 1) {
    // What the fleet as a whole does: promote retags images when it has later waves (account A's
    // deployer writes to the repository), and the StackSets engine when the config chooses it.
    const fleetWide = { releasesInWaves: new Set(fleet.targets.map((t) => t.wave)).size > 1, stackSets: fleet.stackSets !== undefined, fleetSourceStacks: fleet.targets.length > 1 };
    return fleetPermissions(selected, fleetWide, options, io);
  }
  const config = selected[0]!.config;
  const policy = policyFor(permissionScope(config), options.account, options.role);
  warnWithoutRole(config, options.account, io);
  if (options.json) {
    io.out(`${JSON.stringify(policyReport(policy), null, 2)}\n`);
    return EXIT.ok;
  }
  const text = policyText(policy);
  if (options.explain) {
    io.out(text);
  } else {
    io.out(policyJson(policy));
    io.err(text.slice(policyJson(policy).length).replace(/^\n+/, ''));
  }
  return EXIT.ok;
}

/**
 * A fleet: one policy per account. `--account target`: each selected target's account B (two targets in
 * one account, in different regions, share one); `--account source`: account A, which serves them all.
 * The targets' policies merge where they differ only in resources (permissions/merge-policies.ts).
 * `stackSets`: the config has a stackSets: block, so deploy-sequence may use the StackSets engine.
 */
function fleetPermissions(targets: ResolvedTarget[], fleetWide: Pick<PermissionScope, 'releasesInWaves' | 'stackSets' | 'fleetSourceStacks'>, options: PermissionsOptions, io: Io): ExitCode {
  const byAccount = new Map<string, ResolvedTarget[]>();
  for (const t of targets) {
    const account = options.account === 'source' ? t.source.accountId : t.target.accountId;
    byAccount.set(account, [...(byAccount.get(account) ?? []), t]);
  }
  const groups = [...byAccount.entries()].map(([accountId, ts]) => ({
    accountId,
    targets: ts,
    policy: mergePolicies(ts.map((t) => policyFor({ ...permissionScope(t.config), ...fleetWide }, options.account, options.role))),
  }));
  for (const g of groups) {
    const names = g.targets.map((t) => t.name).join(', ');
    warnWithoutRole(g.targets[0]!.config, options.account, io, `${names}: `);
    const size = policySize(documentOf(g.policy));
    if (size > MANAGED_POLICY_MAX_CHARS) {
      io.err(`xacct: warning: the ${options.role} policy of account ${g.accountId} (${names}) is ${size} characters without white space, over the ${MANAGED_POLICY_MAX_CHARS} of a managed policy: split it by target (--targets) into several policies.\n`);
    }
  }
  if (options.json) {
    const policies = groups.map((g) => ({ targets: g.targets.map((t) => t.name), regions: [...new Set(g.targets.map((t) => t.region))], ...policyReport(g.policy), accountId: g.accountId }));
    io.out(`${JSON.stringify(policies, null, 2)}\n`);
    return EXIT.ok;
  }
  for (const g of groups) {
    const heading = `== ${options.role} policy of ${options.account === 'source' ? 'account A' : 'account'} ${g.accountId} for ${g.targets.map((t) => `${t.name} (${t.region})`).join(', ')} ==\n`;
    const text = policyText(g.policy);
    io.out(heading);
    if (options.explain) io.out(text);
    else {
      io.out(policyJson(g.policy));
      io.err(heading + text.slice(policyJson(g.policy).length).replace(/^\n+/, ''));
    }
  }
  return EXIT.ok;
}
