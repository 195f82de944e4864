/**
 * The decision for one request, following the IAM User Guide's "Policy evaluation logic" and
 * "Cross-account policy evaluation logic":
 * - an explicit Deny in any applicable policy wins;
 * - service control policies, resource control policies, a permissions boundary and session policies,
 *   when given, must each allow as well (they only limit);
 * - an AWS service principal needs the resource policy to allow it;
 * - within one account, the identity policies or the resource policy may allow ("either"), except
 *   where the resource policy is the gate: a KMS key policy and a role's trust policy must allow, by
 *   naming the caller, or by naming the account, which hands the decision to the account's identity
 *   policies ("Unless the key policy explicitly allows it, you cannot use IAM policies to allow access
 *   to a KMS key", KMS Developer Guide, "Key policies"; a trust policy is the role's resource policy);
 * - across accounts, both sides must allow ("the identity-based policy in the requesting account and
 *   the resource-based policy in the account that owns the resource must both allow the request").
 * Either side may be unknown (`undefined`): explaining a message for a principal whose policies are not
 * in the templates. The decision is then `Unknown` wherever it depends on that side.
 */
import { statementsOf, type LabelledPolicy } from './policy';
import { contextLookup, isServicePrincipal, principalAccount, type IamRequest } from './request';
import { evaluateStatement, type PolicyKind, type StatementVerdict } from './statement';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied' | 'Unknown';

/** Where a denial comes from, in the words of AWS's messages (the policy types they name). */
export type Blocker = 'identity' | 'resource' | 'scp' | 'rcp' | 'boundary' | 'session';

export interface PolicySetVerdict {
  /** `NotApplicable`: the resource has no policy (or no guardrail of this kind was given). */
  result: 'Allowed' | 'AllowedForAccount' | 'ExplicitlyDenied' | 'ImplicitlyDenied' | 'NotApplicable' | 'Unknown';
  allows: StatementVerdict[];
  denies: StatementVerdict[];
  /** Every statement that does not apply, with the part that failed: the raw material of "why not". */
  others: StatementVerdict[];
}

export interface EvaluationInput {
  request: IamRequest;
  /** The caller's identity policies; undefined when they are not known. Ignored for service principals. */
  identityPolicies: LabelledPolicy[] | undefined;
  /** The resource's policy; `null` when it has none, undefined when it is not known. */
  resourcePolicy: LabelledPolicy | null | undefined;
  serviceControlPolicies?: LabelledPolicy[];
  resourceControlPolicies?: LabelledPolicy[];
  permissionsBoundary?: LabelledPolicy[];
  sessionPolicies?: LabelledPolicy[];
}

export interface RequestEvaluation {
  decision: Decision;
  sameAccount: boolean;
  /**
   * What an allow takes here: `either` side (same account), `both` (across accounts), `resource` only
   * (a service principal), or `gate` (same account, key or trust policy: the resource policy names the
   * caller, or names the account and the identity policies allow).
   */
  rule: 'either' | 'both' | 'resource' | 'gate';
  identity: PolicySetVerdict;
  resource: PolicySetVerdict;
  guardrails: Partial<Record<'scp' | 'rcp' | 'boundary' | 'session', PolicySetVerdict>>;
  /** What stops the request; empty when it is allowed (or unknown). */
  blockedBy: Blocker[];
}

function analyse(policies: LabelledPolicy[], kind: PolicyKind, request: IamRequest, context: Map<string, string | string[]>): PolicySetVerdict {
  const verdict: PolicySetVerdict = { result: 'ImplicitlyDenied', allows: [], denies: [], others: [] };
  for (const policy of policies) {
    statementsOf(policy.document).forEach((statement, index) => {
      const s = evaluateStatement(policy, statement, index, kind, request, context);
      if (s.applies && s.effect === 'Deny') verdict.denies.push(s);
      else if (s.applies) verdict.allows.push(s);
      else verdict.others.push(s);
    });
  }
  if (verdict.denies.length > 0) verdict.result = 'ExplicitlyDenied';
  else if (verdict.allows.some((s) => s.principal === 'direct')) verdict.result = 'Allowed';
  else if (verdict.allows.length > 0) verdict.result = 'AllowedForAccount';
  return verdict;
}

const UNKNOWN: PolicySetVerdict = { result: 'Unknown', allows: [], denies: [], others: [] };
const NONE: PolicySetVerdict = { result: 'NotApplicable', allows: [], denies: [], others: [] };

/** KMS keys and role trust: the resource policy is the gate even within one account. */
function gated(request: IamRequest, resourcePolicy: LabelledPolicy | null | undefined): boolean {
  const action = request.action.toLowerCase();
  if (action.startsWith('kms:')) return request.resource !== '*' && /:key\//.test(request.resource);
  // A role always has a trust policy; "no policy" only happens for the access proof's stand-ins.
  if (action.startsWith('sts:assumerole')) return resourcePolicy !== null;
  return false;
}

export function evaluateRequest(input: EvaluationInput): RequestEvaluation {
  const { request } = input;
  const context = contextLookup(request.context);
  const service = isServicePrincipal(request.principal);
  const callerAccount = principalAccount(request.principal);
  const sameAccount = callerAccount !== undefined && callerAccount === request.resourceAccount;

  const identity = service ? NONE : input.identityPolicies === undefined ? UNKNOWN : analyse(input.identityPolicies, 'identity', request, context);
  const resource =
    input.resourcePolicy === undefined ? UNKNOWN : input.resourcePolicy === null ? NONE : analyse([input.resourcePolicy], 'resource', request, context);
  const guardrails: RequestEvaluation['guardrails'] = {};
  const guard = (key: 'scp' | 'rcp' | 'boundary' | 'session', policies: LabelledPolicy[] | undefined, kind: PolicyKind) => {
    // Service control policies and permissions boundaries limit principals of an account, not AWS services.
    if (policies && !(service && key !== 'rcp')) guardrails[key] = analyse(policies, kind, request, context);
  };
  guard('scp', input.serviceControlPolicies, 'scp');
  guard('rcp', input.resourceControlPolicies, 'rcp');
  guard('boundary', input.permissionsBoundary, 'boundary');
  guard('session', input.sessionPolicies, 'session');

  const rule: RequestEvaluation['rule'] = service ? 'resource' : !sameAccount ? 'both' : gated(request, input.resourcePolicy) ? 'gate' : 'either';
  const blockedBy: Blocker[] = [];
  const explicit: Blocker[] = [];
  if (identity.result === 'ExplicitlyDenied') explicit.push('identity');
  if (resource.result === 'ExplicitlyDenied') explicit.push('resource');
  for (const [key, v] of Object.entries(guardrails)) if (v.result === 'ExplicitlyDenied') explicit.push(key as Blocker);
  if (explicit.length > 0) return { decision: 'ExplicitlyDenied', sameAccount, rule, identity, resource, guardrails, blockedBy: explicit };

  let unknown = false;
  for (const [key, v] of Object.entries(guardrails)) if (v.result !== 'Allowed' && v.result !== 'AllowedForAccount') blockedBy.push(key as Blocker);

  const idAllows = identity.result === 'Allowed';
  const idUnknown = identity.result === 'Unknown';
  const resDirect = resource.result === 'Allowed';
  const resAccount = resource.result === 'AllowedForAccount';
  const resUnknown = resource.result === 'Unknown';
  switch (rule) {
    case 'resource':
      if (resUnknown) unknown = true;
      else if (!resDirect) blockedBy.push('resource');
      break;
    case 'either':
      if (!resDirect && !idAllows) {
        if (idUnknown || resUnknown) unknown = true;
        else blockedBy.push('identity');
      }
      break;
    case 'gate':
      if (!resDirect) {
        if (resUnknown) unknown = true;
        else if (!resAccount) blockedBy.push('resource');
        else if (idUnknown) unknown = true;
        else if (!idAllows) blockedBy.push('identity');
      }
      break;
    case 'both':
      if (resUnknown) unknown = true;
      else if (!resDirect && !resAccount) blockedBy.push('resource');
      if (idUnknown) unknown = true;
      else if (!idAllows) blockedBy.push('identity');
      break;
  }
  const decision: Decision = blockedBy.length > 0 ? 'ImplicitlyDenied' : unknown ? 'Unknown' : 'Allowed';
  return { decision, sameAccount, rule, identity, resource, guardrails, blockedBy };
}
