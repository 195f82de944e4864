/**
 * Credentials for one account, as the config says: a named profile (SSO profiles included), a role
 * to assume, or the default chain. A profile that does not exist is a config error, found before any
 * AWS call.
 */
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { CredentialsConfig } from '../config/schema';
import { missingProfileError } from './credential-errors';

/** Profiles of ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE). */
export async function knownProfiles(): Promise<Set<string>> {
  const files = await loadSharedConfigFiles({ ignoreCache: true });
  return new Set([...Object.keys(files.configFile ?? {}), ...Object.keys(files.credentialsFile ?? {})]);
}

/** The profiles a credentials config names (its own and a role's source profile). */
export const profilesOf = (c: CredentialsConfig): string[] =>
  'profile' in c ? [c.profile] : 'roleArn' in c && c.sourceProfile ? [c.sourceProfile] : [];

export async function checkProfilesExist(named: Array<{ field: string; credentials: CredentialsConfig }>): Promise<void> {
  const wanted = named.flatMap(({ field, credentials }) => profilesOf(credentials).map((p) => ({ field, profile: p })));
  if (wanted.length === 0) return;
  const known = await knownProfiles();
  const missing = wanted.filter((w) => !known.has(w.profile));
  if (missing.length > 0) throw missingProfileError(missing);
}

export function credentialProvider(c: CredentialsConfig, region: string): AwsCredentialIdentityProvider {
  if ('profile' in c) return fromIni({ profile: c.profile });
  if ('roleArn' in c) {
    return fromTemporaryCredentials({
      params: {
        RoleArn: c.roleArn,
        RoleSessionName: c.sessionName ?? 'xacct',
        ...(c.externalId ? { ExternalId: c.externalId } : {}),
      },
      ...(c.sourceProfile ? { masterCredentials: fromIni({ profile: c.sourceProfile }) } : {}),
      clientConfig: { region },
    });
  }
  return fromNodeProviderChain();
}

/** How the credentials are described in messages: never the secrets, only where they come from. */
export const describeCredentials = (c: CredentialsConfig): string =>
  'profile' in c ? `profile ${c.profile}` : 'roleArn' in c ? `role ${c.roleArn}` : 'the default credential chain';
