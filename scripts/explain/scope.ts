/**
 * Scope first: whether a request belongs to this deployment before anything is evaluated. The caller is
 * the deployment's (a role of the templates, a role the config names: the ECS roles, the key
 * administrator, the CloudFormation roles), another principal of account A or B (a developer, another
 * pipeline), another account's, or not given; the resource is the deployment's, another of A or B, or
 * foreign. A request out of scope is never "drift": the templates never make it. Our resource's policy is
 * still evaluated for a foreign caller (trust, bucket, key, repository and bus policies name who may
 * call), and when it cannot allow that caller the templates deny it, on purpose.
 *
 * Also the denial mechanism, finer than the message's policy type: which side, which kind of policy or
 * setting (a trust policy, a key policy, a bucket-policy condition, Block Public Access).
 */
import type { RequestEvaluation } from '../iam/evaluate';
import { evaluateRequest } from '../iam/evaluate';
import { permissionScope } from '../permissions/config-scope';
import { cloudFormationPolicy } from '../permissions/cloudformation-policy';
import { documentOf } from '../permissions/policy-types';
import type { Intent } from './calls';
import type { DeploymentView } from './deployment-view';
import type { Explanation, Mechanism, Scope } from './explanation';
import type { Check } from './live-commands';
import { awsFlags } from './live-commands';
import type { MappedCaller } from './map-caller';
import type { MappedResource } from './map-resource';
import type { DeniedBy, ParsedMessage } from './message';
import type { Side, SideFinding } from './side-findings';

export function callerScope(caller: MappedCaller | undefined): Scope['caller'] {
  if (!caller) return 'elided';
  if (caller.ours) return 'deployment';
  return caller.account === 'C' ? 'foreign' : 'account';
}

export function resourceScope(resource: MappedResource | undefined): Scope['resource'] {
  if (!resource) return 'none';
  if (resource.key) return 'deployment';
  return resource.account === 'A' || resource.account === 'B' ? 'account' : 'foreign';
}

/** Whether the request is the deployment's, and in words which side is not. */
export function scopeOf(caller: MappedCaller | undefined, resource: MappedResource | undefined, intent: Intent | undefined, view: DeploymentView): { inScope: boolean; scope: Scope } {
  const c = callerScope(caller);
  const r = resourceScope(resource);
  const accounts = `${view.model.accountIds.A} (A) and ${view.model.accountIds.B} (B)`;
  const who = caller?.principal.description ?? 'the caller';
  const what = resource?.resource.description ?? 'no resource';
  const reasons: string[] = [];
  if (c === 'foreign') reasons.push(`the caller is ${who}: the deployment's accounts are ${accounts}`);
  if (c === 'account') reasons.push(`the caller is ${who}: the templates and the config name no such principal`);
  if (r === 'account' || r === 'foreign') reasons.push(`the resource ${resource!.arn} is not one of the deployment's (no template creates it and the config does not name it)`);
  const callMade = intent?.kind === 'pipeline-call' || intent?.kind === 'administration' || intent?.kind === 'outside-templates';
  if (reasons.length === 0 && c === 'deployment' && r === 'deployment' && !callMade && intent?.kind !== 'denied-on-purpose' && !caller?.cloudFormationRole) {
    reasons.push(`no call of the pipeline is ${who.split(',')[0]} making ${'this request'} on ${what}`);
  }
  const inScope = (c === 'deployment' || c === 'elided' || callMade) && (r === 'deployment' || (r === 'none' && c === 'deployment')) && (reasons.length === 0 || callMade);
  return { inScope, scope: { caller: c, resource: r, why: inScope ? 'the caller and the resource are the deployment\'s' : reasons.join('; ') } };
}

const principalsOf = (statement: { Principal?: unknown }): string[] => {
  const p = statement.Principal as string | Record<string, string | string[]> | undefined;
  if (p === undefined) return [];
  if (typeof p === 'string') return [p];
  return Object.values(p).flatMap((v) => (Array.isArray(v) ? v : [v]));
};

/**
 * The answer for a request out of scope whose resource is the deployment's: its policy evaluated for
 * the foreign caller. It denies (the trust policy names only the pipeline role), or names a condition
 * the request broke, or it leaves the decision to the caller's own IAM policies: never drift.
 */
export function outOfScopeAnswer(
  view: DeploymentView,
  caller: MappedCaller,
  resource: MappedResource,
  action: string,
  e: RequestEvaluation,
  findings: Record<Side, SideFinding>,
  parsed: Pick<ParsedMessage, 'deniedBy'>,
  scope: Scope,
  intent: Intent | undefined,
): Pick<Explanation, 'templatesAllow' | 'deniedBy' | 'statement' | 'fix' | 'checks' | 'notes'> {
  const who = caller.principal.description.split(',')[0];
  const policy = findings.resource.policies[0];
  const probe = intent?.kind === 'denied-on-purpose' ? ` (the access proof's probe ${intent.probe.id}: ${intent.probe.why})` : '';
  const nothing = `Nothing to change in this deployment, and nothing drifted: no call of the pipeline makes this request (${scope.why}).`;
  const checks: Check[] = [];
  const guardrail = parsed.deniedBy && !['identity', 'resource', 'unknown'].includes(parsed.deniedBy);
  if (e.resource.result === 'ExplicitlyDenied') {
    const deny = e.resource.denies[0];
    const conditions = deny.conditions.map((c) => `${c.operator} ${c.key} ${c.values.join(' or ')}`).join(' and ');
    return {
      templatesAllow: false,
      deniedBy: guardrail ? parsed.deniedBy! : 'resource',
      statement: deny.label,
      fix: `${deny.label} denies ${action} to everyone${conditions ? ` when ${conditions}` : ''}, ${who} included${probe}. ${nothing}`,
      checks,
      notes: [],
    };
  }
  if (e.blockedBy.includes('resource')) {
    const named = [...new Set(e.resource.allows.concat(e.resource.others).filter((s) => s.effect === 'Allow').flatMap((s) => principalsOf(s.statement)))];
    return {
      templatesAllow: false,
      deniedBy: guardrail ? parsed.deniedBy! : 'resource',
      ...(policy ? { statement: policy } : {}),
      fix: `${policy ?? 'The resource policy'} does not allow ${who}: ${named.length ? `it names only ${named.join(', ')}` : 'it names no one outside the deployment'}, and that is by design${probe}. ${nothing} If ${who} needs ${action} on ${resource.resource.description}, that is a change to the deployment's design, not a repair.`,
      checks,
      notes: [],
    };
  }
  // The templates neither allow nor deny: the caller's own policies (in its own account) decide.
  if (caller.account === 'A' || caller.account === 'B') {
    const name = caller.realName;
    if (name && /:role\//.test(caller.principal.arn)) checks.push({ what: `the policies of role ${name} (its own, not the deployment's)`, command: `aws iam list-attached-role-policies --role-name ${name}${awsFlags(view, caller.account, false)}` });
  }
  return {
    templatesAllow: false,
    deniedBy: parsed.deniedBy ?? 'identity',
    fix: `The templates grant ${who} nothing, and ${findings.resource.policies.join(', ') || 'no resource policy of the templates'} holds no Deny for it: whether it may make ${action} is up to its own IAM policies${caller.account === 'C' ? '' : ` in account ${view.model.accountIds[caller.account as 'A' | 'B']}`}. ${nothing}`,
    checks,
    notes: [],
  };
}

/** The generated policy of the CloudFormation role (xacct permissions --role cloudformation), as a label and document. */
export function cloudFormationRolePolicy(view: DeploymentView, account: 'A' | 'B') {
  const side = account === 'A' ? 'source' : 'target';
  const policy = cloudFormationPolicy(permissionScope(view.config), side);
  return { label: `generated/permissions/${side}-cloudformation.json`, document: documentOf(policy) as never, side };
}

/** A message about the CloudFormation role the config names: its policy is generated/permissions, no template's. */
export function cloudFormationRoleAnswer(
  view: DeploymentView,
  caller: MappedCaller,
  resource: MappedResource,
  action: string,
  parsed: Pick<ParsedMessage, 'deniedBy'>,
): Pick<Explanation, 'templatesAllow' | 'deniedBy' | 'statement' | 'fix' | 'checks' | 'notes'> {
  const account = caller.cloudFormationRole!;
  const policy = cloudFormationRolePolicy(view, account);
  const e = evaluateRequest({
    request: { principal: caller.requestArn, action, resource: resource.arn, resourceAccount: view.model.accountIds[account], context: {} },
    identityPolicies: [policy],
    resourcePolicy: null,
  });
  const allows = e.identity.result === 'Allowed' || e.identity.result === 'AllowedForAccount';
  const role = caller.realName!;
  const regenerate = `xacct permissions --config ${view.configFile} --account ${policy.side} --role cloudformation`;
  const checks: Check[] = [
    { what: `the policies attached to role ${role} (the live ones)`, command: `aws iam list-attached-role-policies --role-name ${role}${awsFlags(view, account, false)}` },
    { what: `the policy the role needs, as ${policy.label} holds it`, command: regenerate },
  ];
  const guardrail = parsed.deniedBy && !['identity', 'resource', 'unknown'].includes(parsed.deniedBy);
  if (allows) {
    return {
      templatesAllow: true,
      deniedBy: parsed.deniedBy ?? 'unknown',
      statement: `${policy.label}: ${e.identity.allows[0]?.label.split(': ').pop() ?? ''}`.replace(/: $/, ''),
      fix: guardrail
        ? `${policy.label} allows ${action} here; the message names a policy outside it (${parsed.deniedBy}), which must let role ${role} make it.`
        : `${policy.label} allows ${action} here: the policy attached to role ${role} must differ from it (an older release's, or edited). Attach the policy ${regenerate} prints (docs/permissions.md, "What each identity needs").`,
      checks,
      notes: [],
    };
  }
  return {
    templatesAllow: false,
    deniedBy: parsed.deniedBy ?? 'identity',
    fix: `${policy.label} does not allow ${action} on ${resource.arn}: CloudFormation needs it for a resource of stack ${view.model.deployment.example.stackNames[account]} that the generated policy does not cover. If the templates changed, regenerate it (${regenerate}) and attach it to role ${role}; if they did not, the request is no resource of the stack's.`,
    checks,
    notes: [],
  };
}

/** The mechanism of an answer, from what the message says and what the evaluation found. */
export function mechanismOf(deniedBy: DeniedBy, decision: ParsedMessage['decision'], resourceArn: string | undefined, statement: string | undefined, conditional: boolean, action?: string): Mechanism {
  switch (deniedBy) {
    case 'scp':
    case 'rcp':
    case 'boundary':
    case 'session':
    case 'vpce':
    case 'block-public-access':
    case 'object-ownership':
      return deniedBy;
    case 'identity':
      return decision === 'explicit' ? 'identity-explicit-deny' : 'identity-policy';
    case 'resource':
      if (conditional) return 'bucket-condition';
      // A role's resource policy is its trust policy, which only AssumeRole* consults.
      if (resourceArn && /:iam::[^:]*:role\//.test(resourceArn) && (!action || /^sts:assumerole/i.test(action))) return 'trust-policy';
      if (resourceArn && /:kms:/.test(resourceArn)) return 'key-policy';
      if (statement && / trust policy: /.test(statement)) return 'trust-policy';
      if (statement && / key policy: /.test(statement)) return 'key-policy';
      return decision === 'explicit' ? 'resource-explicit-deny' : 'resource-policy';
    default:
      return 'unknown';
  }
}
