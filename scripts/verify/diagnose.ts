/**
 * Why a call is denied, in the words we wish the AWS console used: which side refuses (the caller's
 * IAM policies, or the trust, key, bucket, repository, queue or bus policy of what it calls), which
 * statement denies it, or whom the resource's policy does allow instead.
 */
import type { RequestAnalysis } from '@cloud-copilot/iam-simulate';
import type { Request } from './request';

export type StatementAnalysis = NonNullable<RequestAnalysis['identityAnalysis']>['allowStatements'][number];
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const list = (v: unknown): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String));

/** `arn:aws:iam::111122223333:root when aws:PrincipalArn is arn:...` */
function whom(statement: Json): string {
  const p = statement.Principal;
  const principals = p === '*' ? ['anyone ("*")'] : [...list(p?.AWS), ...list(p?.Service), ...list(p?.Federated)];
  const conditions = Object.entries<Record<string, unknown>>(statement.Condition ?? {}).flatMap(([op, keys]) =>
    Object.entries(keys).map(([key, values]) => `${key} ${op} ${list(values).join(' or ')}`),
  );
  return `${principals.join(' or ') || 'nobody'}${conditions.length ? ` when ${conditions.join(' and ')}` : ''}`;
}

const conditionText = (statement: Json) =>
  Object.entries<Record<string, unknown>>(statement.Condition ?? {})
    .flatMap(([op, keys]) => Object.entries(keys).map(([key, values]) => `${key} ${op} ${list(values).join(' or ')}`))
    .join(' and ');

/** The resource's policy must allow: across accounts, for KMS keys (the key policy rules), for role trust, for services. */
function resourceSideRequired(request: Request): boolean {
  const { caller, resource, action } = request;
  return caller.account !== resource.account || caller.service || action.startsWith('kms:') || action === 'sts:AssumeRole';
}

export function diagnoseDenial(
  request: Request,
  analysis: RequestAnalysis,
  identityLabel: (s: StatementAnalysis) => string,
  resourceLabel: (s: StatementAnalysis) => string,
): string {
  const { caller, resource, action } = request;
  const parts: string[] = [];
  const identity = analysis.identityAnalysis;
  const onResource = analysis.resourceAnalysis;

  const denies = [...(identity?.denyStatements ?? []).map(identityLabel), ...(onResource?.denyStatements ?? []).map(resourceLabel)];
  if (denies.length > 0) parts.push(`${denies.join(' and ')} denies it`);

  if (!caller.service && identity?.result !== 'Allowed') {
    const near = (identity?.unmatchedStatements ?? [])
      .filter((s) => s.actionMatch && s.statement.isAllow())
      .map((s) => {
        const json = s.statement.toJSON();
        if (!s.resourceMatch) return `${identityLabel(s)} allows it only on ${list(json.Resource).join(', ')}`;
        return `${identityLabel(s)} allows it only when ${conditionText(json)}`;
      });
    const policies = caller.identityPolicies.map((p) => p.label);
    const none = policies.length === 0 ? 'it has no IAM policy' : `no statement in ${policies.join(', ')} allows ${action} on ${resource.arn}`;
    parts.push(near.length ? `${none}: ${near.join('; ')}` : none);
  }

  const resourceResult = onResource?.result;
  if (resourceSideRequired(request) && resourceResult !== 'Allowed' && resourceResult !== 'AllowedForAccount' && denies.length === 0) {
    if (!resource.policy) {
      parts.push(`${resource.description} has no resource policy that could let account ${caller.account} in`);
    } else {
      const candidates = [...(onResource?.allowStatements ?? []), ...(onResource?.unmatchedStatements ?? [])].filter(
        (s) => s.actionMatch && s.resourceMatch && s.statement.isAllow(),
      );
      parts.push(
        candidates.length === 0
          ? `${resource.policy.label} has no statement that allows ${action}`
          : `${resource.policy.label} allows ${action} only to ${candidates.map((s) => `${whom(s.statement.toJSON())} (${s.statement.sid() ?? `statement ${s.statement.index()}`})`).join('; ')}`,
      );
    }
  }
  return parts.length > 0 ? parts.join('; and ') : `denied (${analysis.result})`;
}

/** `the pipeline role (PipelineRole) in B` */
export const callerText = (r: Request) => `${r.caller.description} in ${r.caller.account}`;
export const resourceText = (r: Request) => `${r.resource.description} in ${r.resource.account}`;
