/**
 * IAM policy documents as this evaluator reads them: the JSON AWS stores, with every element that may
 * be a string or a list of strings read as a list. No validation beyond what evaluation needs: the
 * policies come from our own templates or from AWS, which already refused invalid ones.
 */

/** `"*"` or `{ AWS, Service, Federated, CanonicalUser }`, each a string or a list. */
export type PrincipalElement = '*' | Record<string, string | string[]>;

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: PrincipalElement;
  NotPrincipal?: PrincipalElement;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  /** `{ Operator: { key: value or values } }` */
  Condition?: Record<string, Record<string, string | boolean | number | Array<string | boolean | number>>>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: Statement | Statement[];
}

/** A policy with the name reports use for it, e.g. `AccA-pipeline SourceRolePolicy`. */
export interface LabelledPolicy {
  label: string;
  document: PolicyDocument;
}

export const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The statements of a document, whether it holds one statement or a list (both are valid IAM). */
export const statementsOf = (document: PolicyDocument): Statement[] => asList(document.Statement);

/**
 * A policy as AWS returns it: JSON text (get-bucket-policy, get-key-policy, get-repository-policy) or
 * URL-encoded JSON (IAM's get-role-policy and GetRole's AssumeRolePolicyDocument), or already parsed.
 * The ports read every live policy through it (scripts/aws/clients/).
 */
export function readPolicyDocument<T = PolicyDocument>(value: unknown): T {
  if (typeof value === 'string') {
    const text = value.trim().startsWith('%7B') || value.trim().startsWith('%7b') ? decodeURIComponent(value) : value;
    return JSON.parse(text) as T;
  }
  return value as T;
}

/** `<label>: <Sid>`, or `<label>: statement <n>` (1-based) for a statement without Sid: the name every report uses. */
export const statementLabel = (policyLabel: string, statement: Statement, index: number) =>
  `${policyLabel}: ${statement.Sid ?? `statement ${index + 1}`}`;
