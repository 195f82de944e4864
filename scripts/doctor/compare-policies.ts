/**
 * A live policy against the one its template says, statement by statement (matched by Sid, or by
 * position for statements without one). Differences AWS itself introduces are not differences: a
 * one-element list and its element, the order of actions, resources and principals, an account id and
 * its root ARN as principal (S3 and KMS store the account form as the root ARN), booleans and numbers
 * written as strings in conditions. A role's unique id where its ARN was is called out: the role was
 * deleted (and perhaps created again), and the policy no longer trusts the role of that name (IAM user
 * guide, "AWS JSON policy elements: Principal", on unique ids in role trust policies).
 */
import type { PolicyDocument } from '../aws/ports';
import { asList } from '../iam/policy';
import type { StatementDifference } from './doctor-types';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Unique ids of IAM roles (AROA), users (AIDA), ...: what a policy shows in place of a deleted principal. */
const UNIQUE_ID = /^A(ROA|IDA|GPA|IPA|NPA|NVA|SIA)[0-9A-Z]{12,}$/;

const statementsOf = (doc: PolicyDocument | undefined): Json[] => asList<Json>(doc?.Statement);

function canonical(value: Json, key?: string): Json {
  if (Array.isArray(value)) {
    const items = value.map((v) => canonical(v, key));
    if (items.length === 1) return items[0];
    return items.map((i) => JSON.stringify(i)).sort().map((i) => JSON.parse(i));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k], k)]));
  }
  if (key === 'AWS' && typeof value === 'string' && /^\d{12}$/.test(value)) return `arn:aws:iam::${value}:root`;
  return typeof value === 'boolean' || typeof value === 'number' ? String(value) : value;
}

const same = (a: Json, b: Json) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

const principalsOf = (statement: Json): string[] => asList<string>(statement?.Principal?.AWS);

function deletedPrincipalNote(live: Json): string | undefined {
  const ids = principalsOf(live).filter((p) => UNIQUE_ID.test(p));
  return ids.length > 0
    ? `names ${ids.join(', ')} where a role's ARN was: that role was deleted (and perhaps created again under its name), so this statement no longer trusts the role of that name. Update the stack that wrote it (deploy-sequence) to write the ARN again.`
    : undefined;
}

export function compareDocuments(expected: PolicyDocument | undefined, live: PolicyDocument | undefined): StatementDifference[] {
  const want = statementsOf(expected);
  const have = statementsOf(live);
  const keyOf = (s: Json, i: number) => (typeof s?.Sid === 'string' && s.Sid !== '' ? s.Sid : `statement ${i + 1}`);
  const haveByKey = new Map(have.map((s, i) => [keyOf(s, i), s]));
  const wantKeys = new Set(want.map(keyOf));
  const out: StatementDifference[] = [];
  want.forEach((s, i) => {
    const key = keyOf(s, i);
    const found = haveByKey.get(key);
    if (found === undefined) {
      out.push({ statement: key, change: 'missing', expected: s });
      return;
    }
    if (!same(s, found)) {
      const note = deletedPrincipalNote(found);
      out.push({ statement: key, change: 'changed', expected: s, live: found, ...(note ? { note } : {}) });
    }
  });
  have.forEach((s, i) => {
    const key = keyOf(s, i);
    if (!wantKeys.has(key)) out.push({ statement: key, change: 'added', live: s });
  });
  return out;
}

/** Two values of something that is not a policy document (a rule's pattern, state or targets). */
export const sameValue = same;
