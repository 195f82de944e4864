/**
 * The deployer's identity policy in one account: a statement per kind of resource the calls of the
 * deployer table work on, the actions IAM allows only on "*" each in a statement of its own, and, when
 * no CloudFormation role is configured, what CloudFormation needs to build the stack (it then works with
 * the deployer's own credentials).
 */
import { deploymentArns, type DeploymentArns } from './arns';
import { cloudFormationPolicy } from './cloudformation-policy';
import { appliesTo, DEPLOYER_CALLS, type CallRow } from './deployer-calls';
import { resolveScope } from './deployer-scopes';
import type { AccountKey, ExplainedPolicy } from './policy-types';
import type { PermissionScope } from './scope';
import { sidOf, statementsOf, type Grant } from './statements';

const useOf = (row: CallRow) =>
  `${row.operation} (${row.commands.join(', ')})${row.note ? `: ${row.note}` : ''}${row.unsure ? ` [unsure: ${row.unsure}]` : ''}`;

function grantOf(row: CallRow, scope: PermissionScope, account: AccountKey, arns: DeploymentArns): Grant | undefined {
  if (!row.action || row.scope === 'none') return undefined;
  if (row.scope === 'any-resource') {
    return {
      sid: row.statement ?? sidOf('AnyResource', row.action),
      action: row.action,
      resources: ['*'],
      why: row.statement
        ? `${DEPLOYER_CALLS.filter((r) => r.statement === row.statement).map((r) => r.action).join(' and ')} can only be granted on "*": the Service Authorization Reference lists no resource type for them`
        : `${row.action} can only be granted on "*": the Service Authorization Reference lists no resource type for it`,
      use: useOf(row),
      sources: [row.source],
    };
  }
  const resolved = resolveScope(row.scope, { arns, account: scope[account], namePrefix: scope.namePrefix, ...(scope.rollbackAlarmName ? { rollbackAlarmName: scope.rollbackAlarmName } : {}), ...(scope.catalogs[account] ? { catalog: scope.catalogs[account] } : {}) });
  return { sid: resolved.sid, action: row.action, resources: resolved.resources, ...(resolved.condition ? { condition: resolved.condition } : {}), why: resolved.why, use: useOf(row), sources: [...resolved.sources, row.source] };
}

/** The calls of the deployer table made in `account`: what the deployer policy grants. */
export const deployerCalls = (scope: PermissionScope, account: AccountKey): CallRow[] => DEPLOYER_CALLS.filter((row) => appliesTo(row, scope, account));

export function deployerPolicy(scope: PermissionScope, account: AccountKey): ExplainedPolicy {
  // The account's ARNs once for all rows: built per row, they were most of the policy's time.
  const arns = deploymentArns(scope, account);
  const grants = deployerCalls(scope, account).flatMap((row) => grantOf(row, scope, account, arns) ?? []);
  const statements = statementsOf(grants);
  if (!scope[account].cloudFormationRoleArn) {
    // Without a role of its own, CloudFormation creates, updates and deletes the stack's resources with
    // the credentials that started the operation.
    for (const s of cloudFormationPolicy(scope, account).statements) {
      statements.push({ ...s, why: `no ${account}.cloudFormationRoleArn is configured, so CloudFormation works with these credentials: ${s.why}` });
    }
  }
  return { deployment: scope.deployment, account, accountId: scope[account].accountId, role: 'deployer', statements };
}
