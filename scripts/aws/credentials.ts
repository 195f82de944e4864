/**
 * Credentials for one account, as the config says: a named profile (SSO profiles included), a role
 * to assume, or the default chain. A profile that does not exist is found before any AWS call, from
 * the credentials' origins (checkProfiles in credential-errors.ts).
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { CredentialsConfig } from '../config/schema';
import type { AwsRequestHandler } from './clients';

/** What credential providers that call AWS themselves (STS for roles, the SSO portal) are built with. */
export interface CredentialRuntime {
  /** Tests: the fake AWS's request handler, so role and SSO credentials come from it too. */
  requestHandler?: AwsRequestHandler;
  /**
   * Asks for the code of a profile's MFA device (`mfa_serial`). Without it the SDK refuses such
   * profiles ("requires multi-factor authentication").
   */
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
}

/**
 * One resolution shared by all clients of an account: each SDK client caches credentials for itself,
 * so without this a role profile would be assumed (and an MFA code asked for) once per client. Kept
 * until five minutes before they expire, as the SDK's own cache does.
 */
export function shared(provider: AwsCredentialIdentityProvider, now: () => number = Date.now): AwsCredentialIdentityProvider {
  let pending: ReturnType<AwsCredentialIdentityProvider> | undefined;
  let expires = Infinity;
  return (options) => {
    if (!pending || now() >= expires - 5 * 60_000) {
      pending = provider(options).then(
        (identity) => {
          expires = identity.expiration?.getTime() ?? Infinity;
          return identity;
        },
        (e: unknown) => {
          pending = undefined;
          throw e;
        },
      );
    }
    return pending;
  };
}

export function credentialProvider(c: CredentialsConfig, region: string, runtime: CredentialRuntime = {}): AwsCredentialIdentityProvider {
  return shared(resolveCredentials(c, region, runtime));
}

function resolveCredentials(c: CredentialsConfig, region: string, runtime: CredentialRuntime): AwsCredentialIdentityProvider {
  // Loaded when credentials are resolved: offline commands describe credentials but never resolve them.
  const { fromIni, fromNodeProviderChain, fromTemporaryCredentials } = require('@aws-sdk/credential-providers') as typeof import('@aws-sdk/credential-providers'); // eslint-disable-line @typescript-eslint/no-require-imports
  const clientConfig = { region, ...(runtime.requestHandler ? { requestHandler: runtime.requestHandler } : {}) };
  const mfa = runtime.mfaCodeProvider ? { mfaCodeProvider: runtime.mfaCodeProvider } : {};
  const ini = (profile: string) => fromIni({ profile, clientConfig, ...mfa });
  if ('profile' in c) return ini(c.profile);
  if ('roleArn' in c) {
    return fromTemporaryCredentials({
      params: {
        RoleArn: c.roleArn,
        RoleSessionName: c.sessionName ?? 'xacct',
        ...(c.externalId ? { ExternalId: c.externalId } : {}),
      },
      ...(c.sourceProfile ? { masterCredentials: ini(c.sourceProfile) } : {}),
      clientConfig,
      ...mfa,
    });
  }
  return fromNodeProviderChain({ clientConfig, ...mfa });
}

/** How the credentials are described in messages: never the secrets, only where they come from. */
export const describeCredentials = (c: CredentialsConfig): string =>
  'profile' in c ? `profile ${c.profile}` : 'roleArn' in c ? `role ${c.roleArn}` : 'the default credential chain';
