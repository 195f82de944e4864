/**
 * `xacct permissions`: the IAM policy an identity needs for this deployment, in one account. Stdout
 * holds the policy document alone (`> policy.json` is a valid policy file); why each statement is
 * there goes to stderr, or after the document on stdout with --explain.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config';
import { EXIT, type ExitCode } from '../errors';
import { permissionScope } from '../permissions/config-scope';
import type { AccountKey, PolicyRole } from '../permissions/policy-types';
import { policyFor, policyJson, policyReport, policyText } from '../permissions/render-policy';
import type { Io } from './io';

export interface PermissionsOptions {
  config: string;
  account: AccountKey;
  role: PolicyRole;
  json: boolean;
  explain?: boolean;
}

export function runPermissions(options: PermissionsOptions, io: Io): ExitCode {
  const config = loadConfig(resolve(options.config));
  const policy = policyFor(permissionScope(config), options.account, options.role);
  if (!config[options.account].cloudFormationRoleArn) {
    io.err(
      `xacct: warning: ${options.account}.cloudFormationRoleArn is not set: CloudFormation builds the ${options.account} stack with the deployer's own credentials, so the deployer also needs what the cloudformation policy holds. ` +
        `Set it to a role with the cloudformation policy (docs/permissions.md, "What each identity needs", creates one) to keep the deployer narrow.\n`,
    );
  }
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
