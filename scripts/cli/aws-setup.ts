/** From a validated config to the ports of its accounts: profiles checked first, then clients built. */
import { accountPorts } from '../aws/clients';
import type { AccountPorts } from '../aws/ports';
import { checkEnvironmentProfiles } from '../aws/credential-errors';
import { credentialOrigins, rememberOrigins } from '../aws/credential-origins';
import { checkProfilesExist, credentialProvider } from '../aws/credentials';
import type { DeploymentConfig } from '../config/schema';
import type { Accounts } from '../deploy/observe';

type AccountKey = keyof Accounts;

/** The config key that names an account's profile, and the account: what a missing-profile message points at. */
const profileField = (config: DeploymentConfig, k: AccountKey) =>
  `${k}.credentials.${'profile' in config[k].credentials ? 'profile' : 'sourceProfile'} (${k} account ${config[k].accountId})`;

/** The ports of the accounts in `keys` (both by default); only their profiles need to exist. */
export async function connectTo<K extends AccountKey>(config: DeploymentConfig, keys: readonly K[]): Promise<Record<K, AccountPorts>> {
  await checkProfilesExist(keys.map((k) => ({ field: profileField(config, k), credentials: config[k].credentials })));
  // Where each account's credentials come from, so a failure deep in a run can name the profile and the fix.
  const origins = await credentialOrigins(config, keys);
  checkEnvironmentProfiles(origins);
  rememberOrigins(origins);
  const ports = (key: AccountKey) => accountPorts({ region: config.region, credentials: credentialProvider(config[key].credentials, config.region) });
  return Object.fromEntries(keys.map((k) => [k, ports(k)])) as Record<K, AccountPorts>;
}

export const connect = (config: DeploymentConfig): Promise<Accounts> => connectTo(config, ['source', 'target'] as const);
