/**
 * The first thing every run does: ask STS who each set of credentials is. A profile that resolves to
 * the wrong account stops the run before anything is written.
 */
import { describeCredentials } from '../aws/credentials';
import { describeAwsFailure } from '../aws/aws-errors';
import type { CallerIdentity } from '../aws/ports';
import type { DeploymentConfig } from '../config/schema';
import { usageError } from '../errors';
import type { Emit } from '../progress/events';
import type { Accounts } from './observe';

export async function verifyIdentities(config: DeploymentConfig, aws: Accounts, emit: Emit): Promise<Record<'source' | 'target', CallerIdentity>> {
  const ask = (key: 'source' | 'target') =>
    aws[key].sts.callerIdentity().catch((e) => {
      throw describeAwsFailure(e, `checking the credentials for ${key} (${describeCredentials(config[key].credentials)})`, config[key].accountId);
    });
  const [source, target] = await Promise.all([ask('source'), ask('target')]);
  const wrong = (['source', 'target'] as const).filter((k) => ({ source, target })[k].account !== config[k].accountId);
  if (wrong.length > 0) {
    throw usageError(
      'wrong-account',
      wrong
        .map((k) => {
          const got = { source, target }[k];
          return `${k}.credentials (${describeCredentials(config[k].credentials)}) resolve to account ${got.account} as ${got.arn}, but ${k}.accountId is ${config[k].accountId}: use credentials for account ${config[k].accountId}. Nothing was changed.`;
        })
        .join('\n'),
    );
  }
  for (const k of ['source', 'target'] as const) {
    const id = { source, target }[k];
    emit({ type: 'identity', account: k, accountId: id.account, arn: id.arn, credentials: describeCredentials(config[k].credentials) });
  }
  return { source, target };
}
