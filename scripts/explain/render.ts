/** An Explanation for people: what the message says, what it is in the deployment, the verdict, the fix, the commands. */
import type { Candidate, CallRef, Explanation } from './explanation';
import type { Check } from './live-commands';
import { POLICY_TYPE_NAMES } from './policy-phrases';
import type { SideFinding } from './side-findings';

const VERDICT: Record<SideFinding['verdict'], string> = {
  allows: 'allows it',
  'allows-for-account': "names the caller's account: the caller's own policies decide",
  lacks: 'LACKS it',
  denies: 'DENIES it',
  'not-needed': 'not needed here',
  unknown: 'not in the templates',
  none: 'no policy (none needed)',
};

function side(f: SideFinding, name: string): string {
  const by = f.verdict === 'allows' ? f.allows : f.verdict === 'denies' ? f.denies : [];
  return `  ${name.padEnd(14)} ${f.policies.join(', ') || '(no policy)'}: ${VERDICT[f.verdict]}${by.length ? ` (${by.map((l) => l.slice(l.lastIndexOf(': ') + 2)).join(', ')})` : ''}`;
}

function callLines(call: CallRef | undefined, indent = '  '): string[] {
  if (!call) return [];
  const lines = [`${indent}Call:     [${call.id}] ${call.step}`];
  if (call.documentation) {
    const [first] = call.documentation.sources;
    lines.push(`${indent}          permission table row ${call.documentation.permission}${first ? `: ${first.url}` : ''}`);
  }
  if (call.source) lines.push(`${indent}          ${call.source.title}: ${call.source.url}`);
  return lines;
}

const checkLines = (checks: Check[], indent = '  ') => checks.flatMap((c) => [`${indent}# ${c.what}`, `${indent}${c.command}`]);

const FORMS: Record<Explanation['form'], string> = {
  'not-authorized': 'an IAM "not authorized" message',
  'codepipeline-permissions': 'a CodePipeline action error (insufficient permissions)',
  'codepipeline-artifact': 'a CodePipeline action error (artifact not readable)',
  'image-pull-forbidden': 'an ECS image pull failure (403 Forbidden)',
  'eventbridge-dead-letter': 'an EventBridge dead-letter error code',
  'generic-access-denied': 'a bare "Access Denied"',
  'cloudformation-template': 'a CloudFormation template error',
  'cloudformation-tagging': 'a CloudFormation tagging error',
  's3-acls-disabled': 'an S3 AccessControlListNotSupported error (ACLs disabled)',
};

function whatTheMessageSays(e: Explanation): string {
  const m = e.message;
  if (e.form !== 'not-authorized') {
    const detail = [m.service && `service ${m.service}`, m.bucket && `bucket ${m.bucket}`, m.objectKey && `object ${m.objectKey}`, m.operation && `API call ${m.operation}`, m.deadLetter && `${m.deadLetter.code}${m.deadLetter.ruleArn ? ` from ${m.deadLetter.ruleArn}` : ''}`, m.image && `image ${m.image.account}.dkr.ecr.${m.image.region}.amazonaws.com/${m.image.repository}${m.image.reference ? `:${m.image.reference}` : ''}`].filter(Boolean);
    return `${FORMS[e.form]}${detail.length ? ` (${detail.join(', ')})` : ''}`;
  }
  const reason = m.decision === 'explicit' ? `an explicit deny in ${POLICY_TYPE_NAMES[e.deniedBy]}` : m.decision === 'implicit' ? `no allow in ${POLICY_TYPE_NAMES[e.deniedBy]}` : m.otherReason ? m.otherReason : 'no reason given';
  return `${e.action} denied: ${reason}${m.policyArn ? ` (${m.policyArn})` : ''}`;
}

function candidateLines(c: Candidate, i: number): string[] {
  return [
    `  ${i + 1}. ${c.likely ? '(likely) ' : ''}[${c.call.id}] ${c.caller}: ${c.actions.join(', ')} on ${c.resource}`,
    `     ${c.templatesAllow ? 'The templates allow it.' : c.fix}`,
  ];
}

export function renderExplanation(e: Explanation): string {
  const lines = [`Message: ${whatTheMessageSays(e)}`];
  if (e.caller) lines.push(`  Caller:   ${e.caller}${e.principal ? `\n            = ${e.principal}${e.principalKey ? ` [${e.principalKey}]` : ''}` : ''}`);
  if (e.resource) lines.push(`  Resource: ${e.resource}${e.resourceDescription ? `\n            = ${e.resourceDescription}${e.resourceKey ? ` [${e.resourceKey}]` : ''}` : ''}`);
  else if (e.resourceDescription) lines.push(`  Resource: (not in the message) ${e.resourceDescription}${e.resourceKey ? ` [${e.resourceKey}]` : ''}`);
  lines.push(...callLines(e.call));
  if (e.about === 'elsewhere') {
    lines.push('', `Not about this deployment. ${e.fix}`);
    return lines.join('\n') + '\n';
  }
  lines.push(`  Held against: ${e.evaluatedAgainst}`, '');
  lines.push(`Templates: ${e.templatesAllow ? 'allow this' : 'do NOT allow this'}. Denied by: ${POLICY_TYPE_NAMES[e.deniedBy]}${e.statement ? `\n  Statement: ${e.statement}` : ''}`);
  if (e.sides) lines.push(side(e.sides.identity, "caller side"), side(e.sides.resource, "resource side"));
  lines.push('', `Fix: ${e.fix}`);
  if (e.candidates?.length) lines.push('', 'Calls that could have produced it:', ...e.candidates.flatMap(candidateLines));
  if (e.checks.length) lines.push('', 'Look at the live policies:', ...checkLines(e.checks));
  if (e.notes.length) lines.push('', 'Notes:', ...e.notes.map((n) => `  - ${n}`));
  return lines.join('\n') + '\n';
}
