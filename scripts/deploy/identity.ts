/**
 * The first thing every run does: ask STS who each set of credentials is. A profile that resolves to
 * the wrong account stops the run before anything is written.
 */
import { describeCredentials } from '../aws/credentials';
import { describeAwsFailure } from '../aws/aws-errors';
import { NotReachedError } from '../aws/credential-errors';
import type { CallerIdentity } from '../aws/ports';
import type { DeploymentConfig } from '../config/schema';
import { usageError } from '../errors';
import { resolveSingle, type ResolvedTarget } from '../targets/resolve-targets';
import type { ProgressEvent } from './events';
import type { Accounts } from './observe';

type AccountKey = 'source' | 'target';
type IdentityEmit = (event: Extract<ProgressEvent, { type: 'identity' }>) => void;

/** Checks the accounts in `keys` (default both) of a single-target config; returns who each one is. */
export const verifyIdentities = (config: DeploymentConfig, aws: Partial<Accounts>, emit: IdentityEmit, keys: readonly AccountKey[] = ['source', 'target']) =>
  verifyTargetIdentities(resolveSingle(config), aws, emit, keys);

/** Checks the accounts in `keys` (default both) of one resolved target; returns who each one is. */
export async function verifyTargetIdentities(
  t: ResolvedTarget,
  aws: Partial<Accounts>,
  emit: IdentityEmit,
  keys: readonly AccountKey[] = ['source', 'target'],
): Promise<Partial<Record<AccountKey, CallerIdentity>>> {
  const ask = (key: AccountKey) =>
    aws[key]!.sts.callerIdentity().catch((e) => {
      throw describeAwsFailure(e, `checking the credentials for ${key} (${describeCredentials(t[key].credentials)})`, t[key].accountId);
    });
  const settled = await Promise.allSettled(keys.map(async (k) => [k, await ask(k)] as const));
  const failed = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  // Credentials missing for both accounts are said at once: the person fixes both before the next run.
  if (failed.length > 1 && failed.every((e) => e instanceof NotReachedError)) throw NotReachedError.combine(failed as NotReachedError[]);
  if (failed.length > 0) throw failed[0];
  const found = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const identities: Partial<Record<AccountKey, CallerIdentity>> = Object.fromEntries(found);
  const wrong = found.filter(([k, id]) => id.account !== t[k].accountId);
  if (wrong.length > 0) {
    throw usageError(
      'wrong-account',
      wrong
        .map(
          ([k, got]) =>
            `${k}.credentials (${describeCredentials(t[k].credentials)}) resolve to account ${got.account} as ${got.arn}, but ${k}.accountId is ${t[k].accountId}: use credentials for account ${t[k].accountId}. Nothing was changed.`,
        )
        .join('\n'),
    );
  }
  for (const [k, id] of found) emit({ type: 'identity', account: k, accountId: id.account, arn: id.arn, credentials: describeCredentials(t[k].credentials) });
  return identities;
}
