/** From a validated config to the ports of both accounts: profiles checked first, then clients built. */
import { accountPorts } from '../aws/clients';
import { checkProfilesExist, credentialProvider } from '../aws/credentials';
import type { DeploymentConfig } from '../config/schema';
import type { Accounts } from '../deploy/observe';

export async function connect(config: DeploymentConfig): Promise<Accounts> {
  await checkProfilesExist([
    { field: 'source.credentials', credentials: config.source.credentials },
    { field: 'target.credentials', credentials: config.target.credentials },
  ]);
  const ports = (key: 'source' | 'target') => accountPorts({ region: config.region, credentials: credentialProvider(config[key].credentials, config.region) });
  return { source: ports('source'), target: ports('target') };
}
