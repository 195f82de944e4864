/**
 * What each side of a request says, in terms of statements to change. The caller's side is its identity
 * policies, the resource's side its resource policy (trust, key, bucket, repository, queue, bus policy).
 * For a side that stops the request: which statement should allow it and what is wrong with it (an
 * action missing from its Action, a Resource that does not cover the resource, a Principal or a
 * condition that names someone else), or that it is missing altogether; for a Deny that matches, the
 * statement and its condition.
 */
import type { ConditionVerdict } from '../iam/conditions';
import type { PolicySetVerdict, RequestEvaluation } from '../iam/evaluate';
import { asList } from '../iam/policy';
import type { StatementVerdict } from '../iam/statement';
import type { Intent } from './calls';
import type { Subject } from './evaluate-subject';
import { showStatement, showValue, templateStatement } from './template-statements';
import type { Templates } from './templates';

export type Side = 'identity' | 'resource';

export interface Change {
  /** `<policy label>: <Sid>`, the statement to change, add or remove. */
  statement: string;
  sentence: string;
}

export interface SideFinding {
  side: Side;
  /** Whether an allow needs this side for this request. */
  needed: boolean;
  /** `none`: the resource has no policy (and needs none). `allows-for-account`: it names the caller's account, so the identity side decides. */
  verdict: 'allows' | 'allows-for-account' | 'lacks' | 'denies' | 'not-needed' | 'unknown' | 'none';
  policies: string[];
  allows: string[];
  denies: string[];
  changes: Change[];
}

/** Where to find statements: the templates evaluated (for the wording of present ones) and the reference templates (for missing ones). */
export interface StatementBooks {
  evaluated?: Templates;
  reference?: Templates;
}

const conditionText = (c: ConditionVerdict) => `${c.operator} ${c.key} ${c.values.join(' or ')}`;
const requestText = (c: ConditionVerdict) =>
  c.requestValue === undefined ? `the request has no ${c.key}` : `the request has ${c.key} = ${[c.requestValue].flat().join(', ')}`;

/** The text of a statement element, as the template writes it when it can be found there. */
function element(books: StatementBooks, s: StatementVerdict, name: 'Resource' | 'Principal' | 'Action'): string {
  const raw = books.evaluated ? templateStatement(books.evaluated, s.label)?.statement : undefined;
  const value = (raw ?? s.statement)[name];
  return name === 'Principal' ? showStatement(value) : asList(value).map(showValue).join(', ');
}

/** Why a statement that should allow the request does not, as changes to make. */
function whyNot(s: StatementVerdict, subject: Subject, books: StatementBooks): string[] {
  const out: string[] = [];
  if (!s.action) out.push(`add ${subject.action} to its Action (${element(books, s, 'Action')})`);
  if (!s.resource) out.push(`its Resource (${element(books, s, 'Resource')}) does not cover ${subject.resource.description}`);
  if (s.principal === 'none') out.push(`its Principal ${element(books, s, 'Principal')} does not name ${subject.caller.description}`);
  for (const c of s.conditions.filter((x) => !x.holds)) out.push(`its condition ${conditionText(c)} does not hold: ${requestText(c)}`);
  return out;
}

function intendedLabels(intent: Intent | undefined, side: Side): string[] {
  if (!intent || (intent.kind !== 'pipeline-call' && intent.kind !== 'administration')) return [];
  return side === 'identity' ? intent.call.allowedBy.caller : intent.call.allowedBy.resource;
}

function missingStatement(label: string, books: StatementBooks): string {
  const policy = label.slice(0, label.lastIndexOf(': '));
  const sid = label.slice(label.lastIndexOf(': ') + 2);
  const reference = books.reference ? templateStatement(books.reference, label) : undefined;
  return reference
    ? `statement ${sid} is missing from ${policy}: add it as xacct's templates write it: ${showStatement(reference.statement)}`
    : `statement ${sid} is missing from ${policy}: add it back`;
}

function changesFor(side: Side, verdict: PolicySetVerdict, subject: Subject, intent: Intent | undefined, books: StatementBooks, policies: string[]): Change[] {
  const all = [...verdict.allows, ...verdict.denies, ...verdict.others];
  const intended = intendedLabels(intent, side);
  if (intended.length > 0) {
    return intended
      .filter((label) => !verdict.allows.some((s) => s.label === label))
      .map((label) => {
        const found = all.find((s) => s.label === label);
        return { statement: label, sentence: found ? `${label}: ${whyNot(found, subject, books).join('; ')}` : missingStatement(label, books) };
      });
  }
  // No call names the statement meant for it: the statements that allow the action elsewhere.
  const near = verdict.others.filter((s) => s.effect === 'Allow' && s.action).slice(0, 3);
  if (near.length > 0) return near.map((s) => ({ statement: s.label, sentence: `${s.label} allows ${subject.action} but ${whyNot(s, subject, books).join('; ')}` }));
  const where = policies.length > 0 ? policies.join(', ') : side === 'resource' ? `${subject.resource.description} has no resource policy, and` : 'the caller has no identity policy, and';
  return [{ statement: policies[0] ?? '', sentence: `no statement of ${where} allows ${subject.action} on ${subject.resource.description}` }];
}

function denyChanges(verdict: PolicySetVerdict): Change[] {
  return verdict.denies.map((s) => ({
    statement: s.label,
    sentence: `${s.label} denies it${s.conditions.length ? ` (${s.conditions.map((c) => `${conditionText(c)}: ${requestText(c)}`).join('; ')})` : ''}`,
  }));
}

export function sideFindings(
  e: RequestEvaluation,
  subject: Subject,
  intent: Intent | undefined,
  policies: { identity: string[]; resource: string[] },
  books: StatementBooks,
): Record<Side, SideFinding> {
  const intendedIdentity = intendedLabels(intent, 'identity').length > 0;
  const intendedResource = intendedLabels(intent, 'resource').length > 0;
  // Within one account either side may allow; the evaluator blames the identity side, unless the call
  // is meant to be allowed by the resource's policy alone.
  const lacking = new Set(
    e.blockedBy.map((b) => (b === 'identity' && e.rule === 'either' && intendedResource && !intendedIdentity ? 'resource' : b)),
  );
  const neededIdentity = e.rule === 'both' || (e.rule === 'gate' && (e.resource.result === 'AllowedForAccount' || intendedIdentity)) || (e.rule === 'either' && !(intendedResource && !intendedIdentity));
  const neededResource = e.rule !== 'either' || (intendedResource && !intendedIdentity);
  const explicit = e.decision === 'ExplicitlyDenied';
  const verdictOf = (side: Side, v: PolicySetVerdict, needed: boolean): SideFinding['verdict'] => {
    if (v.result === 'ExplicitlyDenied') return 'denies';
    if (v.result === 'Unknown') return 'unknown';
    if (!explicit && lacking.has(side)) return 'lacks';
    if (v.result === 'Allowed') return 'allows';
    if (v.result === 'AllowedForAccount') return e.identity.result === 'Allowed' ? 'allows' : 'allows-for-account';
    if (side === 'resource' && v.result === 'NotApplicable') return 'none';
    return needed && e.decision !== 'Allowed' ? 'lacks' : 'not-needed';
  };
  const finding = (side: Side, v: PolicySetVerdict, needed: boolean): SideFinding => {
    const verdict = verdictOf(side, v, needed);
    return {
      side,
      needed,
      verdict,
      policies: policies[side],
      allows: v.allows.map((s) => s.label),
      denies: v.denies.map((s) => s.label),
      changes: verdict === 'denies' ? denyChanges(v) : verdict === 'lacks' ? changesFor(side, v, subject, intent, books, policies[side]) : [],
    };
  };
  return { identity: finding('identity', e.identity, neededIdentity), resource: finding('resource', e.resource, neededResource) };
}
