/** `xacct permissions`: the IAM policy an identity needs for this deployment, in one account. */
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config';
import { EXIT, type ExitCode } from '../errors';
import { permissionScope } from '../permissions/config-scope';
import type { AccountKey, PolicyRole } from '../permissions/policy-types';
import { policyFor, policyReport, policyText } from '../permissions/render-policy';
import type { Io } from './io';

export interface PermissionsOptions {
  config: string;
  account: AccountKey;
  role: PolicyRole;
  json: boolean;
}

export function runPermissions(options: PermissionsOptions, io: Io): ExitCode {
  const config = loadConfig(resolve(options.config));
  const policy = policyFor(permissionScope(config), options.account, options.role);
  io.out(options.json ? `${JSON.stringify(policyReport(policy), null, 2)}\n` : policyText(policy));
  return EXIT.ok;
}
