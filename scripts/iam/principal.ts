/**
 * The Principal element of a resource policy (bucket, key, repository, queue, bus policy, role trust)
 * against the caller. How it matches decides more than yes or no: a statement that names the caller's
 * account (its root, or the bare account id) only lets the account's own IAM policies decide ("When you
 * specify an AWS account, ... the account's administrators must grant permissions to the identities in
 * the account", IAM User Guide, "AWS JSON policy elements: Principal"), while a statement that names
 * the role grants by itself within one account.
 */
import { assumedRoleOf, parseArn, roleNameOf } from './arn';
import { asList, type PrincipalElement } from './policy';
import { isServicePrincipal, principalAccount } from './request';

/**
 * - `direct`: the statement names the caller (`*`, its role for a role session, its ARN, its service);
 * - `account`: it names the caller's account only;
 * - `none`: it names someone else.
 */
export type PrincipalMatch = 'direct' | 'account' | 'none';

const ACCOUNT_ID = /^\d{12}$/;

/** One entry of `Principal.AWS` against the caller. */
function awsEntryMatch(entry: string, caller: string): PrincipalMatch {
  if (entry === '*') return 'direct';
  const callerAccount = principalAccount(caller);
  if (ACCOUNT_ID.test(entry)) return entry === callerAccount ? 'account' : 'none';
  const parts = parseArn(entry);
  if (!parts) return 'none';
  if (parts.service === 'iam' && parts.resource === 'root') return parts.account === callerAccount ? 'account' : 'none';
  if (entry === caller) return 'direct';
  // A role named in a policy matches every session of that role (the session ARN has no role path).
  const session = assumedRoleOf(caller);
  const roleName = roleNameOf(entry);
  if (session && roleName && session.account === parts.account && session.partition === parts.partition && session.roleName === roleName) return 'direct';
  return 'none';
}

/** The best match of the caller against a Principal element. */
export function principalMatch(element: PrincipalElement, caller: string): PrincipalMatch {
  if (element === '*') return 'direct';
  let best: PrincipalMatch = 'none';
  for (const [kind, entries] of Object.entries(element)) {
    for (const entry of asList(entries)) {
      let m: PrincipalMatch = 'none';
      if (kind === 'AWS') m = isServicePrincipal(caller) ? (entry === '*' ? 'direct' : 'none') : awsEntryMatch(entry, caller);
      else if (kind === 'Service') m = isServicePrincipal(caller) && entry.toLowerCase() === caller.toLowerCase() ? 'direct' : 'none';
      else if (kind === 'Federated' || kind === 'CanonicalUser') m = entry === caller ? 'direct' : 'none';
      if (m === 'direct') return 'direct';
      if (m === 'account') best = 'account';
    }
  }
  return best;
}

/** NotPrincipal: applies to everyone the element does not name (naming the account counts as naming). */
export function notPrincipalMatch(element: PrincipalElement, caller: string): PrincipalMatch {
  return principalMatch(element, caller) === 'none' ? 'direct' : 'none';
}
