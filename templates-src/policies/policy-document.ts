/**
 * IAM policy documents as typed data. Every builder in this folder returns these, so tests (and the
 * access proof) can read statements without parsing YAML.
 */
import type { Value } from '../intrinsics';

export type PrincipalValue = Value<string> | Array<Value<string>>;
export type Principal = { AWS: PrincipalValue } | { Service: PrincipalValue } | '*';
export type Condition = Record<string, Record<string, Value<string> | Array<Value<string>> | boolean | string>>;

export interface Statement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal?: Principal;
  Action: string | string[];
  Resource?: Value<string> | Array<Value<string>>;
  Condition?: Condition;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Statement[];
}

export function policyDocument(...statements: Statement[]): PolicyDocument {
  const sids = new Set<string>();
  for (const s of statements) {
    // Duplicate Sids are rejected by resource policies (S3, KMS) and make findings ambiguous.
    if (sids.has(s.Sid)) throw new Error(`duplicate statement id ${s.Sid}`);
    sids.add(s.Sid);
  }
  return { Version: '2012-10-17', Statement: statements };
}
