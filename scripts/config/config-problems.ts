/**
 * From the validator's issues to problems a person can act on: the field's path, what it must be (the
 * schema's own expectation, fields.ts) and what the file holds there ("found the number 42").
 */
import type { z } from 'zod';
import { describeFound, isScalar, valueAt } from './found-value';

export interface ConfigProblem {
  /** Dotted path of the field, e.g. pipeline.imageTag; "(file)" for the file as a whole. */
  path: string;
  message: string;
}

type Issue = z.core.$ZodIssue;
type Path = ReadonlyArray<PropertyKey>;

const pathOf = (path: Path) => (path.length === 0 ? '(top level)' : path.map(String).join('.'));

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping of keys',
  array: 'a list',
};

const sizeWords = (origin: string, n: number | bigint) =>
  origin === 'string' ? `${n} characters` : origin === 'array' ? `${n} items` : String(n);

/**
 * Wording for any issue whose schema gives no expectation of its own: every field in schema.ts has one,
 * so this is a safety net that keeps the validator's English ("Too small: expected number to be >=1")
 * out of the messages.
 */
export const fallbackMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return `must be at least ${sizeWords(issue.origin, issue.minimum)}`;
    case 'too_big':
      return `must be at most ${sizeWords(issue.origin, issue.maximum)}`;
    case 'invalid_format':
      return issue.format === 'regex' ? `must match ${String(issue.pattern)}` : `must be a valid ${issue.format}`;
    case 'invalid_value':
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    default:
      return 'is not valid (see examples/deployment.yaml)';
  }
};

const prefixed = (prefix: Path, issue: Issue): Issue => ({ ...issue, path: [...prefix, ...issue.path] }) as Issue;

/**
 * A union (the credentials forms) fails as a whole; when the keys given pick exactly one form (no key
 * foreign to it, none of its required keys absent), that form's own problems are the helpful ones.
 */
function chosenBranch(issue: Extract<Issue, { code: 'invalid_union' }>, doc: unknown): Issue[] | undefined {
  const fits = issue.errors.filter((branch) =>
    branch.every((i) => {
      if (i.code === 'unrecognized_keys') return false;
      return valueAt(doc, [...issue.path, ...i.path]).present;
    }),
  );
  return fits.length === 1 ? fits[0].map((i) => prefixed(issue.path, i)) : undefined;
}

function expand(issues: readonly Issue[], doc: unknown): Issue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union') return [issue];
    const branch = chosenBranch(issue, doc);
    return branch ? expand(branch, doc) : [issue];
  });
}

/** Keys earlier versions accepted, and what replaced them: an old config is told what to write instead. */
const RETIRED: Record<string, string> = {
  'pipeline.untaggedImageExpiryDays':
    'replaced by keepUntaggedImages, how many untagged images to keep (default 10): expiring them by age removed images a service still ran',
};

function describe(issue: Issue, doc: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    const retired = issue.keys.filter((k) => RETIRED[pathOf([...issue.path, k])]);
    if (retired.length === issue.keys.length) return retired.map((k) => `unknown key ${k}: ${RETIRED[pathOf([...issue.path, k])]}`).join('; ');
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} (see examples/deployment.yaml)`;
  }
  const { present, value } = valueAt(doc, issue.path);
  if (!present) return issue.message.startsWith('must') ? `is required (it ${issue.message})` : issue.message;
  // A cross-field check on a mapping says all there is to say; "found a mapping" would add nothing.
  if (issue.code === 'custom' && !isScalar(value)) return issue.message;
  const lengthProblem = (issue.code === 'too_big' || issue.code === 'too_small') && issue.origin === 'string';
  let found = describeFound(value, lengthProblem);
  // YAML reads 111122223333, 42, 1.10 and yes-like words as numbers or booleans unless quoted.
  const wantedText = issue.code === 'invalid_type' && issue.expected === 'string';
  if (wantedText && (typeof value === 'number' || typeof value === 'boolean') && !issue.message.includes('in quotes')) {
    found += ': put the value in quotes';
  }
  return `${issue.message}; found ${found}`;
}

/**
 * Every problem once: a value can fail a pattern and a length with the same expectation; then the
 * length problem is the one described, as it says how long the value is.
 */
export function configProblems(issues: readonly Issue[], doc: unknown): ConfigProblem[] {
  const isLength = (i: Issue) => i.code === 'too_big' || i.code === 'too_small';
  const byField = new Map<string, Issue>();
  for (const issue of expand(issues, doc)) {
    const key = `${pathOf(issue.path)}\n${issue.message}`;
    const kept = byField.get(key);
    if (!kept || (isLength(issue) && !isLength(kept))) byField.set(key, issue);
  }
  return [...byField.values()].map((issue) => ({ path: pathOf(issue.path), message: describe(issue, doc) }));
}
