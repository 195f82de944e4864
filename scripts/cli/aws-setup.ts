/** From a validated config to the ports of its accounts: profiles checked first, then clients built. */
import { accountPorts } from '../aws/clients';
import type { AccountPorts } from '../aws/ports';
import { checkProfilesExist, credentialProvider } from '../aws/credentials';
import type { DeploymentConfig } from '../config/schema';
import type { Accounts } from '../deploy/observe';

type AccountKey = keyof Accounts;

/** The ports of the accounts in `keys` (both by default); only their profiles need to exist. */
export async function connectTo<K extends AccountKey>(config: DeploymentConfig, keys: readonly K[]): Promise<Record<K, AccountPorts>> {
  await checkProfilesExist(keys.map((k) => ({ field: `${k}.credentials`, credentials: config[k].credentials })));
  const ports = (key: AccountKey) => accountPorts({ region: config.region, credentials: credentialProvider(config[key].credentials, config.region) });
  return Object.fromEntries(keys.map((k) => [k, ports(k)])) as Record<K, AccountPorts>;
}

export const connect = (config: DeploymentConfig): Promise<Accounts> => connectTo(config, ['source', 'target'] as const);
