/**
 * The answer for one request of a message: whether the policies held against it allow it, what the
 * message blames, and what to change or check. Three situations:
 * - the templates deny it: the statement to add or change, on which side, in which template;
 * - the templates allow it and the message names a policy outside them (SCP, RCP, boundary, session,
 *   VPC endpoint): that policy and how to read it;
 * - the templates allow it and the message blames the identity or resource side (or names nothing):
 *   the live policy must differ from the template (an older stack, an edit in the console, a role
 *   recreated under the same name): how to compare.
 */
import type { RequestEvaluation } from '../iam/evaluate';
import { asList } from '../iam/policy';
import type { Intent } from './calls';
import type { DeploymentView } from './deployment-view';
import type { Explanation } from './explanation';
import { guardrailAnswer } from './guardrails';
import { identityChecks, resourceChecks, statusCheck, type Check } from './live-commands';
import type { MappedCaller } from './map-caller';
import type { MappedResource } from './map-resource';
import type { DeniedBy, ParsedMessage } from './message';
import { POLICY_TYPE_NAMES } from './policy-phrases';
import type { Side, SideFinding } from './side-findings';

export interface RequestFacts {
  view: DeploymentView;
  /** `the templates` or `the live policies`. */
  sourceName: string;
  parsed: Pick<ParsedMessage, 'deniedBy' | 'decision' | 'policyArn' | 'otherReason' | 'action'>;
  caller: MappedCaller;
  resource: MappedResource;
  action: string;
  intent?: Intent;
  e: RequestEvaluation;
  findings: Record<Side, SideFinding>;
}

type Answer = Pick<Explanation, 'templatesAllow' | 'deniedBy' | 'statement' | 'fix' | 'checks' | 'notes'>;

const GUARDRAILS = ['scp', 'rcp', 'boundary', 'session', 'vpce'] as const;
type Guardrail = (typeof GUARDRAILS)[number];
const isGuardrail = (d: DeniedBy | undefined): d is Guardrail => GUARDRAILS.includes(d as Guardrail);

/** The stack a template's change is deployed to; for a live policy that drifted, how to put it back. */
function deployAdvice(view: DeploymentView, statement: string, sourceName: string): string {
  if (!/^AccA-pipeline |^AccB-pipeline-[12] /.test(statement)) return '';
  const stack = statement.startsWith('AccA-pipeline') ? `${view.config.source.stackName} in account A` : `${view.config.target.stackName} in account B`;
  if (sourceName !== 'the templates') {
    return `Put the live policy back as the template writes it: deploying the unchanged template does not rewrite a policy CloudFormation believes unchanged (xacct status --config ${view.configFile} --drift shows stack ${stack} drifted).`;
  }
  return `Then deploy the changed template: xacct deploy-sequence --config ${view.configFile} updates stack ${stack}.`;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A change to a policy no template holds: the bus permission of deployment step 3, the ECS execution role's managed policy. */
function outsideAdvice(view: DeploymentView, statement: string, facts: RequestFacts): string | undefined {
  if (statement.startsWith('B default event bus policy')) {
    const p = view.model.deployment.busPermission;
    if (!p) return `Account B's default bus has no statement that lets account A put events on it: it is made by deployment step 3, not by a template. Run xacct deploy-sequence --config ${view.configFile} again.`;
    return `The statement ${p.StatementId} that lets account A put events on account B's default bus is missing or different: it is made by deployment step 3, not by a template. Run xacct deploy-sequence --config ${view.configFile} again, or: aws events put-permission --event-bus-name default --action events:PutEvents --principal ${p.Principal} --statement-id ${p.StatementId} (with account B's credentials).`;
  }
  if (statement.startsWith('AWS managed AmazonECSTaskExecutionRolePolicy')) {
    const role = facts.caller.realName ?? view.config.pipeline.ecsTaskExecutionRoleArn.split('/').pop();
    return `The templates leave the task execution role's own permissions to the AWS managed policy AmazonECSTaskExecutionRolePolicy (row pull/pull-image of the permission table): attach it to role ${role}: aws iam attach-role-policy --role-name ${role} --policy-arn arn:${view.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy (with account B's credentials).`;
  }
  return undefined;
}

function templatesDenyFix(facts: RequestFacts): { fix: string; statement?: string } {
  const { view, findings, intent } = facts;
  if (intent?.kind === 'denied-on-purpose') {
    const denying = [...findings.identity.changes, ...findings.resource.changes][0]?.statement;
    return {
      statement: denying,
      fix: `The templates deny this on purpose: ${facts.caller.principal.description.split(',')[0]} may not ${facts.action} on ${facts.resource.resource.description} (${intent.probe.why}; the access proof's probe ${intent.probe.id}). No pipeline call needs it: nothing to fix in the templates. If you need it for something else, grant it in your own policies, outside the deployment.`,
    };
  }
  const order: Side[] = facts.parsed.deniedBy === 'resource' ? ['resource', 'identity'] : ['identity', 'resource'];
  const changes = order.flatMap((side) => findings[side].changes.map((c) => ({ side, ...c })));
  const sentences = changes.map((c) => {
    const outside = outsideAdvice(view, c.statement, facts);
    const where = c.side === 'identity' ? "On the caller's side" : "On the resource's side";
    return outside ?? `${where}: ${c.sentence}.`;
  });
  const deploys = [...new Set(changes.map((c) => deployAdvice(view, c.statement, facts.sourceName)).filter(Boolean))];
  if (!intent) {
    // Least privilege: the templates grant the pipeline's calls and nothing else.
    return {
      statement: changes[0]?.statement,
      fix: `No call of the pipeline makes this request, and ${facts.sourceName} do not allow it: they grant ${facts.caller.principal.description.split(',')[0]} only what the pipeline needs. What stops it: ${sentences.join(' ')}`.trim(),
    };
  }
  return {
    statement: changes[0]?.statement,
    fix: `${capitalized(facts.sourceName)} do not allow this. ${[...sentences, ...deploys].join(' ')}`.trim(),
  };
}

/** Deny statements of a side that match everything but their condition: what the request must meet. */
function conditionalDenies(facts: RequestFacts, side: Side): Array<{ label: string; text: string }> {
  const verdict = side === 'identity' ? facts.e.identity : facts.e.resource;
  return verdict.others
    .filter((s) => s.effect === 'Deny' && s.action && s.resource && s.principal !== 'none' && !s.conditionsHold)
    .map((s) => ({ label: s.label, text: `${s.label} denies ${facts.action} when ${s.conditions.map((c) => `${c.operator} ${c.key} ${c.values.join(' or ')}`).join(' and ')}` }));
}

/**
 * A resource statement that names the caller's role by ARN: IAM stores the role's unique id when the
 * policy is saved ("AWS transforms the ARN to a unique principal ID", IAM User Guide, Principal element),
 * so a role deleted and created again under the same name no longer matches, and the policy shows an
 * AROA... id where the ARN was. Deploying the unchanged template does not save the policy again.
 */
function recreatedRoleNote(facts: RequestFacts): string {
  const named = facts.e.resource.allows.filter((s) =>
    asList((s.statement.Principal as Record<string, string | string[]> | undefined)?.AWS).some((p) => p === facts.caller.principal.arn),
  );
  if (named.length === 0) return '';
  const role = facts.caller.realName ?? facts.caller.principal.arn;
  return ` If role ${role} was deleted and created again under the same name, the live ${named[0].policy} names the old role's unique id (AROA...) instead of its ARN (${named[0].label} names the role by ARN), and no longer matches: save that policy again with the ARN (deploying the unchanged template does not rewrite it).`;
}

function liveDiffersFix(facts: RequestFacts, side: Side | undefined): { fix: string; statement?: string } {
  const { view, findings } = facts;
  const status = `The stack may run older templates (xacct status --config ${view.configFile} says whether it runs the ones this xacct deploys; xacct deploy-sequence updates it), or the policy was edited outside CloudFormation: xacct doctor --config ${view.configFile} compares every live policy with the templates, or compare with the commands below.`;
  if (side) {
    const allows = findings[side].allows;
    const outside = allows.map((a) => outsideAdvice(view, a, facts)).find(Boolean);
    if (outside) return { statement: allows[0], fix: `${capitalized(facts.sourceName)} allow this only with a policy outside them. ${outside}` };
    const policies = findings[side].policies.join(', ') || 'its policy';
    const explicit = facts.parsed.decision === 'explicit';
    if (explicit) {
      const conditional = conditionalDenies(facts, side);
      if (conditional.length > 0) {
        return {
          statement: conditional[0].label,
          fix: `The templates allow this request as the pipeline makes it, but their Deny statements refuse it under conditions: ${conditional.map((c) => c.text).join('; ')}. The request that failed met one of them: make it as the pipeline does (HTTPS, SSE-KMS uploads), or look for who made it otherwise.`,
        };
      }
      return { fix: `The template allows this (${allows.join(', ') || 'no statement needed'}) and holds no Deny for it: the live ${policies} must hold a Deny the template does not. ${status}` };
    }
    const recreated = side === 'resource' ? recreatedRoleNote(facts) : '';
    return { statement: allows[0], fix: `The template allows this through ${allows.join(', ') || 'its statements'}: the live ${policies} must differ. ${status}${recreated}` };
  }
  return {
    fix: `The templates allow this, and the message does not say which policy denied it (STS AssumeRole and older messages never do). Check the live policies on both sides with the commands below, then the service control policies of both accounts.${recreatedRoleNote(facts)}`,
  };
}

export function answerFor(facts: RequestFacts): Answer {
  const { view, e, findings, parsed } = facts;
  const notes: string[] = [];
  const templatesAllow = e.decision === 'Allowed' || e.decision === 'Unknown';
  const blamed: Side[] = findings.identity.verdict === 'lacks' || findings.identity.verdict === 'denies' ? ['identity'] : [];
  if (findings.resource.verdict === 'lacks' || findings.resource.verdict === 'denies') blamed.push('resource');
  const deniedBy: DeniedBy = parsed.deniedBy ?? (templatesAllow ? 'unknown' : (blamed[0] ?? 'unknown'));

  const checks: Check[] = [];
  const sides: Side[] = deniedBy === 'resource' ? ['resource', 'identity'] : ['identity', 'resource'];
  for (const side of sides) {
    const f = findings[side];
    if (!f.needed && f.verdict !== 'lacks' && f.verdict !== 'denies' && deniedBy !== side) continue;
    if (side === 'identity') checks.push(...identityChecks(view, facts.caller.principal, facts.caller.realName));
    else checks.push(...resourceChecks(view, facts.resource.resource, facts.resource.realName, facts.resource.arn));
  }

  // What the policy the message names (SCP, RCP, boundary, session, VPC endpoint) means here.
  const resourceAccount = facts.resource.account === 'A' || facts.resource.account === 'B' ? facts.resource.account : undefined;
  const guardrail = isGuardrail(parsed.deniedBy) ? guardrailAnswer(parsed.deniedBy, view, facts.caller, resourceAccount, parsed.policyArn, parsed.decision === 'explicit') : undefined;

  let fix: string;
  let statement: string | undefined;
  if (!templatesAllow) {
    ({ fix, statement } = templatesDenyFix(facts));
    if (guardrail) {
      fix += ` The message names another policy as well: ${guardrail.fix}`;
      checks.push(...guardrail.checks);
    } else if ((parsed.deniedBy === 'identity' || parsed.deniedBy === 'resource') && !blamed.includes(parsed.deniedBy)) {
      notes.push(`The message blames ${POLICY_TYPE_NAMES[parsed.deniedBy]}, which the templates get right: the live policy differs from the template too.`);
    }
  } else if (guardrail) {
    fix = `The templates allow this (${[...findings.identity.allows, ...findings.resource.allows].join(', ') || 'no statement needed'}). ${guardrail.fix}`;
    statement = parsed.policyArn;
    // The templates' side is fine: only the guardrail needs looking at.
    checks.splice(0, checks.length, ...guardrail.checks);
  } else if (e.decision === 'Unknown' && !facts.caller.ours) {
    const who = facts.intent?.kind === 'outside-templates' ? facts.intent.outside : undefined;
    statement = undefined;
    fix = who
      ? `The templates do not stand in the way (${findings.resource.policies.join(', ') || 'no resource policy'} holds no Deny for it): pushing is up to ${who.who}'s own IAM policies, in account A. Give ${facts.caller.principal.description.split(',')[0]} ${who.actions.join(', ')} on the repository (ecr:GetAuthorizationToken on "*"), as ${who.source.title} lists them: ${who.source.url}.`
      : `The templates do not decide this: ${facts.caller.principal.description}; its own IAM policies (not the templates') must allow ${facts.action}, and ${findings.resource.policies.join(', ') || 'no resource policy of the templates'} does not deny it.`;
  } else if (parsed.otherReason) {
    fix = `The templates allow this; AWS gives a reason that is no policy: ${parsed.otherReason}.`;
  } else {
    const side = parsed.deniedBy === 'identity' || parsed.deniedBy === 'resource' ? parsed.deniedBy : undefined;
    ({ fix, statement } = liveDiffersFix(facts, side));
    checks.push(statusCheck(view));
    if (!side) {
      // STS names no policy type: service control policies are the other suspect (management account).
      const ids = [...new Set([facts.caller.account, facts.resource.account].filter((a): a is 'A' | 'B' => a === 'A' || a === 'B').map((a) => view.model.accountIds[a]))];
      for (const id of ids) checks.push({ what: `the service control policies on account ${id} (from the organization's management account)`, command: `aws organizations list-policies-for-target --target-id ${id} --filter SERVICE_CONTROL_POLICY` });
    }
  }
  return { templatesAllow, deniedBy, ...(statement ? { statement } : {}), fix, checks: dedupe(checks), notes };
}

export const dedupe = (checks: Check[]): Check[] => checks.filter((c, i) => checks.findIndex((x) => x.command === c.command) === i);
