/**
 * The sentence most AWS services use: `User: <caller> is not authorized to perform: <action> [on
 * resource: <resource>] [because no <type> allows the <action> action | with an explicit deny in a
 * <type>[: <policy ARN>]]` (IAM User Guide, "Troubleshoot access denied error messages"). Variants
 * seen in real messages, each a fixture in test/explain:
 * - S3 quotes the resource (`on resource: "arn:aws:s3:::bucket/key"`);
 * - IAM names its resources in words (`on resource: role NAME`);
 * - CodePipeline's create-time check has no `User:` and no colon (`<role ARN> is not authorized to
 *   perform AssumeRole on role <role ARN>`);
 * - older messages and STS AssumeRole carry no reason; services cut long messages off anywhere.
 */
import { deniedByOf } from './policy-phrases';
import type { CallerRef, ParsedMessage, ResourceRef } from './message';

const SENTENCE = /\bis not authorized to perform:?\s*/i;

/** The caller: after the last `User:` before the sentence (ARNs in public copies may hold quoted words), else the last word. */
function callerText(before: string): string {
  const user = /\buser:\s*/gi;
  let start = -1;
  for (let m = user.exec(before); m; m = user.exec(before)) start = m.index + m[0].length;
  const text = start >= 0 && before.length - start < 400 ? before.slice(start) : (before.trim().split(' ').pop() ?? '');
  return text.trim().replace(/^["'(]+|["',)]+$/g, '');
}

function callerRef(text: string): CallerRef {
  const ref: CallerRef = { text, kind: 'other' };
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(text)) return { text, kind: 'service' };
  const m = /^arn:([^:]*):(sts|iam)::([^:]*):(.*)$/.exec(text);
  if (!m) return ref;
  const [, partition, service, account, rest] = m;
  ref.partition = partition;
  if (/^\d{12}$/.test(account)) ref.account = account;
  if (service === 'sts' && rest.startsWith('assumed-role/')) {
    const inner = rest.slice('assumed-role/'.length);
    const slash = inner.indexOf('/');
    ref.kind = 'assumed-role';
    ref.roleName = slash < 0 ? inner : inner.slice(0, slash);
    if (slash >= 0) ref.session = inner.slice(slash + 1);
  } else if (service === 'iam' && rest.startsWith('role/')) {
    ref.kind = 'role';
    ref.roleName = rest.slice(rest.lastIndexOf('/') + 1);
  } else if (service === 'iam' && rest.startsWith('user/')) {
    ref.kind = 'user';
    ref.userName = rest.slice(rest.lastIndexOf('/') + 1);
  } else if (service === 'iam' && rest === 'root') {
    ref.kind = 'root';
  }
  return ref;
}

const IAM_WORDS = /^(role|instance profile|user|group|policy)\s+([\w+=,.@/-]+)/i;

/** What follows `on resource:` (or CodePipeline's `on role`): an ARN, S3's quoted ARN, IAM's words, or `*`. */
function resourceAt(text: string): { ref?: ResourceRef; rest: string } {
  const on = /^\s*on\s+(?:resource:\s*|role\s+(?=arn:))/i.exec(text);
  if (!on) return { rest: text };
  const after = text.slice(on[0].length);
  const quoted = /^"([^"]*)"/.exec(after);
  if (quoted) return { ref: resourceRef(quoted[1]), rest: after.slice(quoted[0].length) };
  // Cut off inside S3's quotes: keep what the message gives whole (the bucket, the parts of the key before the cut).
  if (after.startsWith('"')) return { ref: cutResource(after.slice(1).trim()), rest: '' };
  const words = IAM_WORDS.exec(after);
  if (words && !after.startsWith('arn:')) {
    return { ref: { text: words[0], kind: 'iam-words', iamType: words[1].toLowerCase(), iamName: words[2] }, rest: after.slice(words[0].length) };
  }
  // Public copies replace account ids by quoted words (`arn:aws:iam::"another account":role/x`).
  const token = /^(?:"[^"]*"|[^\s"])+/.exec(after)?.[0] ?? '';
  const clean = token.replace(/[),;]+$/, '').replace(/\.$/, '');
  return { ref: resourceRef(clean), rest: after.slice(token.length) };
}

/** What a resource cut off mid-way still says whole: an S3 object's bucket, or nothing readable. */
function cutResource(text: string): ResourceRef {
  const s3 = /^arn:([\w-]+):s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.*)$/.exec(text);
  if (s3) {
    // The key is cut: only the folders before the last '/' are whole.
    const key = s3[3].includes('/') ? s3[3].slice(0, s3[3].lastIndexOf('/') + 1) : '';
    return { text, kind: 'arn', arn: `arn:${s3[1]}:s3:::${s3[2]}/${key}*`, cut: true };
  }
  return { text, kind: 'unreadable' };
}

function resourceRef(text: string): ResourceRef {
  if (text === '*') return { text, kind: 'wildcard' };
  // Six colon-separated parts; public copies may hold words for the account (`"another account"`).
  if (/^arn:[^:\s]+:[^:\s]+:[^:]*:[^:]*:\S+$/.test(text)) return { text, kind: 'arn', arn: text };
  return { text, kind: 'unreadable' };
}

const IMPLICIT = /^\s*because no (.+?) allows the (\S+) action/i;
const EXPLICIT = /^\s*with an explicit deny in (?:a |an |the )?(.+?)(?::\s*(arn:[^\s"()]+))?(?:\s+transitively through (?:a |an |the )?(.+?))?(?=\s*[("]|\s*$|\.\s)/i;
/** Messages of about 2019-2021 say "with an explicit deny" and name no policy type. */
const BARE_EXPLICIT = /^\s*with an explicit deny\b/i;
const OTHER = /^\s*because (.+?)(?=\s*\(|\s*"|$)/i;

/** Parses the first "is not authorized to perform" sentence; undefined when there is none. */
export function parseNotAuthorized(text: string): Partial<ParsedMessage> | undefined {
  const sentence = SENTENCE.exec(text);
  if (!sentence) return undefined;
  const parsed: Partial<ParsedMessage> = { form: 'not-authorized', caller: callerRef(callerText(text.slice(0, sentence.index))) };
  let rest = text.slice(sentence.index + sentence[0].length);
  const action = /^([A-Za-z0-9-]+:[A-Za-z0-9*]+|AssumeRole)\b/.exec(rest);
  if (!action) return { ...parsed, truncated: true };
  const [service, name] = action[1].includes(':') ? action[1].split(':') : ['sts', action[1]];
  parsed.action = `${service.toLowerCase()}:${name}`;
  rest = rest.slice(action[0].length);
  const resource = resourceAt(rest);
  if (resource.ref) parsed.resource = resource.ref;
  rest = resource.rest;
  // Cut off inside the resource (`... on r`, `... on resource: arn:aws:ecr:us-e`): what is left is no ARN.
  if (/^\s*on(\s+\S*)?$/i.test(rest) || (resource.ref?.kind === 'unreadable' && rest.trim() === '') || resource.ref?.cut) parsed.truncated = true;
  const implicit = IMPLICIT.exec(rest);
  const explicit = implicit ? undefined : EXPLICIT.exec(rest);
  if (implicit) {
    Object.assign(parsed, { decision: 'implicit', policyType: implicit[1].trim(), deniedBy: deniedByOf(implicit[1]) });
  } else if (explicit) {
    Object.assign(parsed, { decision: 'explicit', policyType: explicit[1].trim(), deniedBy: deniedByOf(explicit[1]) });
    if (explicit[2]) parsed.policyArn = explicit[2];
    if (explicit[3]) parsed.via = explicit[3].trim();
  } else if (BARE_EXPLICIT.test(rest)) {
    parsed.decision = 'explicit';
  } else {
    // S3 Block Public Access names its setting: "because public access control lists (ACLs) are blocked by the BlockPublicAcls block public access setting".
    const bpa = /^\s*because (public .+? are blocked by the \w+ block public access setting)/i.exec(rest);
    const other = bpa ?? OTHER.exec(rest);
    if (other) parsed.otherReason = other[1].trim();
    if (bpa) Object.assign(parsed, { decision: 'explicit', deniedBy: 'block-public-access' });
  }
  return parsed;
}
