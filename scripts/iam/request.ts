/**
 * One request as IAM authorizes it: who (a role session, a role, a user, an account root, or an AWS
 * service principal), which action, on which resource (and in which account that resource lives: S3
 * ARNs carry no account), with which request context.
 */
import { parseArn } from './arn';

export interface IamRequest {
  /** `arn:aws:sts::111122223333:assumed-role/Name/session`, a role, user or root ARN, or `events.amazonaws.com`. */
  principal: string;
  action: string;
  /** An ARN, or `*` for actions that take no resource. */
  resource: string;
  resourceAccount: string;
  /** Condition keys (any case) and their values; a list for multivalued keys. */
  context: Record<string, string | string[]>;
}

/** Service principals are DNS names (`events.amazonaws.com`), never ARNs. */
export const isServicePrincipal = (principal: string) => !principal.startsWith('arn:') && principal.includes('.');

/** The account a principal belongs to; undefined for a service principal. */
export function principalAccount(principal: string): string | undefined {
  if (isServicePrincipal(principal)) return undefined;
  return parseArn(principal)?.account;
}

/** The request context with lower-case keys: condition keys are case-insensitive. */
export function contextLookup(context: IamRequest['context']): Map<string, string | string[]> {
  return new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v]));
}
