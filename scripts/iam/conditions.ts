/**
 * The Condition element. Every operator of the IAM User Guide ("IAM JSON policy elements: Condition
 * operators"): String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress/NotIpAddress, Arn*, Null, each
 * with `...IfExists`, and the set prefixes `ForAnyValue:` and `ForAllValues:`. The rules that decide
 * most real cases, from the same page:
 * - several keys in one operator, and several operators, must all hold; several values of one key are
 *   alternatives ("evaluated using a logical OR"), and for negated operators none may match;
 * - "If the key that you specify in a policy condition is not present in the request context, the values
 *   do not match and the condition is false. If the policy condition requires that the key is not
 *   matched, such as StringNotLike or ArnNotLike, and the right key is not present, the condition is
 *   true." `...IfExists` holds when the key is missing; `Null` tests presence only;
 * - a multivalued key needs a set operator: ForAnyValue holds when one request value matches,
 *   ForAllValues when every one does (and when the key is missing).
 */
import { arnMatches } from './arn';
import { ipInCidr } from './ip-address';
import { literal, substitute } from './variables';
import { globMatches } from './wildcard';

export interface ConditionVerdict {
  operator: string;
  key: string;
  /** The statement's values, as written. */
  values: string[];
  /** What the request holds for the key; undefined when it lacks the key. */
  requestValue: string | string[] | undefined;
  holds: boolean;
}

type Base = (requestValue: string, policyValue: string, context: Map<string, string | string[]>) => boolean;

const substituted = (policyValue: string, context: Map<string, string | string[]>) => substitute(policyValue, context);

const stringEquals: Base = (v, p, c) => {
  const s = substituted(p, c);
  return s !== undefined && literal(s) === v;
};
const stringEqualsIgnoreCase: Base = (v, p, c) => {
  const s = substituted(p, c);
  return s !== undefined && literal(s).toLowerCase() === v.toLowerCase();
};
const stringLike: Base = (v, p, c) => {
  const s = substituted(p, c);
  return s !== undefined && globMatches(s, v, false);
};
const numeric = (compare: (a: number, b: number) => boolean): Base => (v, p) => {
  const a = Number(v);
  const b = Number(p);
  return Number.isFinite(a) && Number.isFinite(b) && compare(a, b);
};
/** Dates as ISO 8601 or epoch seconds, as AWS accepts them. */
const toTime = (text: string) => (/^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text));
const date = (compare: (a: number, b: number) => boolean): Base => (v, p) => {
  const a = toTime(v);
  const b = toTime(p);
  return Number.isFinite(a) && Number.isFinite(b) && compare(a, b);
};
const bool: Base = (v, p, c) => {
  const s = substituted(p, c);
  return s !== undefined && ['true', 'false'].includes(v.toLowerCase()) && literal(s).toLowerCase() === v.toLowerCase();
};
const arnLike: Base = (v, p, c) => {
  const s = substituted(p, c);
  return s !== undefined && arnMatches(s, v);
};
const ip: Base = (v, p) => ipInCidr(v, p);

/** Each base operator: how one request value meets one policy value, and whether the operator is negated. */
const OPERATORS: Record<string, { test: Base; negated: boolean }> = {
  stringequals: { test: stringEquals, negated: false },
  stringnotequals: { test: stringEquals, negated: true },
  stringequalsignorecase: { test: stringEqualsIgnoreCase, negated: false },
  stringnotequalsignorecase: { test: stringEqualsIgnoreCase, negated: true },
  stringlike: { test: stringLike, negated: false },
  stringnotlike: { test: stringLike, negated: true },
  numericequals: { test: numeric((a, b) => a === b), negated: false },
  numericnotequals: { test: numeric((a, b) => a === b), negated: true },
  numericlessthan: { test: numeric((a, b) => a < b), negated: false },
  numericlessthanequals: { test: numeric((a, b) => a <= b), negated: false },
  numericgreaterthan: { test: numeric((a, b) => a > b), negated: false },
  numericgreaterthanequals: { test: numeric((a, b) => a >= b), negated: false },
  dateequals: { test: date((a, b) => a === b), negated: false },
  datenotequals: { test: date((a, b) => a === b), negated: true },
  datelessthan: { test: date((a, b) => a < b), negated: false },
  datelessthanequals: { test: date((a, b) => a <= b), negated: false },
  dategreaterthan: { test: date((a, b) => a > b), negated: false },
  dategreaterthanequals: { test: date((a, b) => a >= b), negated: false },
  bool: { test: bool, negated: false },
  binaryequals: { test: (v, p) => v === p, negated: false },
  ipaddress: { test: ip, negated: false },
  notipaddress: { test: ip, negated: true },
  arnequals: { test: arnLike, negated: false },
  arnlike: { test: arnLike, negated: false },
  arnnotequals: { test: arnLike, negated: true },
  arnnotlike: { test: arnLike, negated: true },
};

function splitOperator(operator: string): { set?: 'any' | 'all'; base: string; ifExists: boolean } {
  let rest = operator;
  let set: 'any' | 'all' | undefined;
  if (/^ForAnyValue:/i.test(rest)) [set, rest] = ['any', rest.slice('ForAnyValue:'.length)];
  else if (/^ForAllValues:/i.test(rest)) [set, rest] = ['all', rest.slice('ForAllValues:'.length)];
  const ifExists = /IfExists$/i.test(rest);
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  return { ...(set ? { set } : {}), base: rest.toLowerCase(), ifExists };
}

/** One request value against all of a key's policy values. */
function valueHolds(op: { test: Base; negated: boolean }, value: string, policyValues: string[], context: Map<string, string | string[]>): boolean {
  const any = policyValues.some((p) => op.test(value, p, context));
  return op.negated ? !any : any;
}

function keyHolds(operator: string, requestValue: string | string[] | undefined, policyValues: string[], context: Map<string, string | string[]>): boolean {
  const { set, base, ifExists } = splitOperator(operator);
  const present = requestValue !== undefined && !(Array.isArray(requestValue) && requestValue.length === 0);
  if (base === 'null') {
    // `Null: true` asks for the key to be absent, `false` for it to be present.
    return policyValues.some((p) => p.toLowerCase() === (present ? 'false' : 'true'));
  }
  const op = OPERATORS[base];
  // An operator this evaluator does not know never holds: an Allow then grants nothing, which is the
  // safe reading (and never happens with policies AWS accepted, which only use documented operators).
  if (!op) return false;
  if (set === 'all') return !present || (Array.isArray(requestValue) ? requestValue : [requestValue!]).every((v) => valueHolds(op, v, policyValues, context));
  if (set === 'any') return present && (Array.isArray(requestValue) ? requestValue : [requestValue!]).some((v) => valueHolds(op, v, policyValues, context));
  if (!present) return ifExists || op.negated;
  // A single-valued operator on a multivalued key does not hold: AWS requires a set operator there.
  if (Array.isArray(requestValue)) return false;
  return valueHolds(op, requestValue, policyValues, context);
}

const asStrings = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).map((x) => String(x));

/** Every key of every operator of a statement's Condition, each with whether it holds. */
export function evaluateConditions(
  condition: Record<string, Record<string, unknown>> | undefined,
  context: Map<string, string | string[]>,
): ConditionVerdict[] {
  const verdicts: ConditionVerdict[] = [];
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    for (const [key, raw] of Object.entries(keys ?? {})) {
      const values = asStrings(raw);
      const requestValue = context.get(key.toLowerCase());
      verdicts.push({ operator, key, values, requestValue, holds: keyHolds(operator, requestValue, values, context) });
    }
  }
  return verdicts;
}
