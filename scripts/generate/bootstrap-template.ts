/**
 * The bootstrap template of one account of a deployment: the deployer role and the CloudFormation role
 * with exactly the policies `xacct permissions` prints for that account, the CloudFormation role being
 * the one the stack creates. `xacct bootstrap` deploys it; generated/bootstrap/ holds the example's.
 */
import { BOOTSTRAP_TEMPLATE, buildBootstrapTemplate } from '../../templates-src/bootstrap';
import { policyFor } from '../permissions/render-policy';
import { documentOf, type AccountKey } from '../permissions/policy-types';
import type { PermissionScope } from '../permissions/scope';
import { yamlText } from './yaml-text';

export interface BootstrapTemplate {
  account: AccountKey;
  deployerRoleName: string;
  deployerRoleArn: string;
  cloudFormationRoleName: string;
  cloudFormationRoleArn: string;
  /** The scope the policies were made for: the account's cloudFormationRoleArn is the role this stack creates. */
  scope: PermissionScope;
  json: ReturnType<typeof buildBootstrapTemplate>;
  text: string;
}

/**
 * The role name of an IAM role ARN without a path (`arn:aws:iam::111122223333:role/name`); undefined
 * otherwise. Stricter than iam/arn.ts roleNameOf: the bootstrap stack creates its roles without a path,
 * so a configured ARN with one could never name the role it creates.
 */
export const pathlessRoleNameOf = (arn: string) => /^arn:[\w-]+:iam::\d{12}:role\/([\w+=,.@-]+)$/.exec(arn)?.[1];

export function bootstrapTemplate(scope: PermissionScope, account: AccountKey): BootstrapTemplate {
  const a = scope[account];
  const role = (name: string) => `arn:${scope.partition}:iam::${a.accountId}:role/${name}`;
  const deployerRoleName = `${scope.namePrefix}-deployer`;
  const cloudFormationRoleName = (a.cloudFormationRoleArn && pathlessRoleNameOf(a.cloudFormationRoleArn)) || `${scope.namePrefix}-cloudformation`;
  const withRole: PermissionScope = { ...scope, [account]: { ...a, cloudFormationRoleArn: role(cloudFormationRoleName) } };
  const json = buildBootstrapTemplate({
    account,
    deployment: scope.deployment,
    deployerRoleName,
    cloudFormationRoleName,
    deployerPolicy: documentOf(policyFor(withRole, account, 'deployer')),
    cloudFormationPolicy: documentOf(policyFor(withRole, account, 'cloudformation')),
  });
  return {
    account,
    deployerRoleName,
    deployerRoleArn: role(deployerRoleName),
    cloudFormationRoleName,
    cloudFormationRoleArn: role(cloudFormationRoleName),
    scope: withRole,
    json,
    text: yamlText(BOOTSTRAP_TEMPLATE, json),
  };
}

/** generated/bootstrap/<account>.yaml: the bootstrap templates of a deployment's scope. */
export const bootstrapFiles = (scope: PermissionScope): Array<{ fileName: string; text: string }> =>
  (['source', 'target'] as const).map((account) => ({ fileName: `bootstrap/${account}.yaml`, text: bootstrapTemplate(scope, account).text }));
