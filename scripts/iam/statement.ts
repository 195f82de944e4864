/**
 * One statement against one request: does its Action (or NotAction) cover the action, its Resource (or
 * NotResource) the resource, its Principal the caller (resource policies only), and do its conditions
 * hold. Each part is kept, not only the verdict: an explanation says which part failed.
 */
import { arnMatches } from './arn';
import { evaluateConditions, type ConditionVerdict } from './conditions';
import { notPrincipalMatch, principalMatch, type PrincipalMatch } from './principal';
import { asList, statementLabel, type LabelledPolicy, type Statement } from './policy';
import type { IamRequest } from './request';
import { substitute } from './variables';
import { globMatches } from './wildcard';

/** Which kind of policy holds the statement: only resource policies have a Principal element. */
export type PolicyKind = 'identity' | 'resource' | 'scp' | 'rcp' | 'boundary' | 'session';

export interface StatementVerdict {
  /** `<policy label>: <Sid>` */
  label: string;
  policy: string;
  index: number;
  statement: Statement;
  effect: 'Allow' | 'Deny';
  action: boolean;
  resource: boolean;
  /** `direct` where the policy kind has no Principal element. */
  principal: PrincipalMatch;
  conditions: ConditionVerdict[];
  conditionsHold: boolean;
  /** Action, resource, principal (not `none`) and conditions all match. */
  applies: boolean;
}

/** Action names are case-insensitive ("IAM User Guide, Action": "...prefixes and action names are case insensitive"). */
function actionMatches(patterns: string[], action: string): boolean {
  return patterns.some((p) => p === '*' || globMatches(p, action, true));
}

/**
 * A Resource pattern against the request's resource. A request on `*` (actions that take no resource,
 * or the access proof's "any resource of the account") is covered by an Allow that names any resource of
 * the action, but only a Deny on `*` denies it: a narrower Deny does not cover everything.
 */
function resourcePatternMatches(pattern: string, request: IamRequest, context: Map<string, string | string[]>, effect: 'Allow' | 'Deny'): boolean {
  const resolved = substitute(pattern, context);
  if (resolved === undefined) return false;
  if (resolved === '*') return true;
  if (request.resource === '*') return effect === 'Allow';
  return arnMatches(resolved, request.resource);
}

export function evaluateStatement(
  policy: LabelledPolicy,
  statement: Statement,
  index: number,
  kind: PolicyKind,
  request: IamRequest,
  context: Map<string, string | string[]>,
): StatementVerdict {
  const action =
    statement.Action !== undefined ? actionMatches(asList(statement.Action), request.action) : !actionMatches(asList(statement.NotAction), request.action);
  let resource = true;
  if (statement.Resource !== undefined) resource = asList(statement.Resource).some((p) => resourcePatternMatches(p, request, context, statement.Effect));
  else if (statement.NotResource !== undefined) resource = !asList(statement.NotResource).some((p) => resourcePatternMatches(p, request, context, 'Deny'));
  let principal: PrincipalMatch = 'direct';
  if (kind === 'resource' || kind === 'rcp') {
    if (statement.Principal !== undefined) principal = principalMatch(statement.Principal, request.principal);
    else if (statement.NotPrincipal !== undefined) principal = notPrincipalMatch(statement.NotPrincipal, request.principal);
    else principal = 'none';
  }
  const conditions = evaluateConditions(statement.Condition, context);
  const conditionsHold = conditions.every((c) => c.holds);
  return {
    label: statementLabel(policy.label, statement, index),
    policy: policy.label,
    index,
    statement,
    effect: statement.Effect,
    action,
    resource,
    principal,
    conditions,
    conditionsHold,
    applies: action && resource && principal !== 'none' && conditionsHold,
  };
}
