/**
 * Where each account's credentials come from, in the terms a person can act on: which profile the SDK
 * reads, why that one (the config, the AWS_PROFILE environment variable, the default chain) and what
 * kind of profile it is (SSO, access keys, a role, credential_process). Failures deep in an engine
 * know only an account id; the CLI remembers the origins when it connects, so the message can name them.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { SharedConfigFiles } from '@smithy/types';
import type { CredentialsConfig, DeploymentConfig } from '../config/schema';

export type AccountKey = 'source' | 'target';

/** What a profile holds, read from the AWS config files; "missing" when it is in neither file. */
export type ProfileKind = 'sso' | 'keys' | 'role' | 'process' | 'web-identity' | 'incomplete' | 'missing';

/**
 * Why these credentials: the config names the profile; AWS_PROFILE names it for the default chain; the
 * chain uses the AWS_ACCESS_KEY_ID environment variables; the chain falls back to the [default]
 * profile; or the chain has nothing to start from.
 */
export type OriginVia = 'config' | 'AWS_PROFILE' | 'environment-keys' | 'default-profile' | 'default-chain';

export interface CredentialOrigin {
  key: AccountKey;
  accountId: string;
  via: OriginVia;
  /** The named profile the SDK reads, when there is one. */
  profile?: string;
  kind?: ProfileKind;
  /** A role profile's source_profile, and what that one is (it is what needs refreshing). */
  sourceProfile?: { name: string; kind: ProfileKind };
  /** The role the config assumes (credentials.roleArn), if any. */
  roleArn?: string;
}

type Profiles = Record<string, Record<string, string | undefined>>;

/** The files the SDK reads, honouring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE as it does. */
export const configFilePath = () => process.env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config');
export const credentialsFilePath = () => process.env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials');

/**
 * Both AWS files as the SDK parses them, read afresh (not the SDK's cache): once when a command connects,
 * for the origins, the profiles' existence and their endpoints.
 */
export const readAwsConfigFiles = (): Promise<SharedConfigFiles> => loadSharedConfigFiles({ ignoreCache: true });

function profilesIn(files: SharedConfigFiles): Profiles {
  const names = new Set([...Object.keys(files.configFile ?? {}), ...Object.keys(files.credentialsFile ?? {})]);
  return Object.fromEntries([...names].map((n) => [n, { ...files.configFile?.[n], ...files.credentialsFile?.[n] }]));
}

// The keys that make each kind of profile, as the AWS CLI's "Configuration and credential file settings" lists them.
function kindOf(profiles: Profiles, name: string): ProfileKind {
  const p = profiles[name];
  if (!p) return 'missing';
  if (p.sso_session || p.sso_start_url) return 'sso';
  if (p.role_arn) return p.web_identity_token_file ? 'web-identity' : 'role';
  if (p.credential_process) return 'process';
  if (p.aws_access_key_id) return 'keys';
  return 'incomplete';
}

function named(profiles: Profiles, name: string): Pick<CredentialOrigin, 'profile' | 'kind' | 'sourceProfile'> {
  const kind = kindOf(profiles, name);
  const source = kind === 'role' ? profiles[name]?.source_profile : undefined;
  return { profile: name, kind, ...(source ? { sourceProfile: { name: source, kind: kindOf(profiles, source) } } : {}) };
}

/** The origin of one account's credentials, as the SDK will resolve them (see credentials.ts). */
export function originOf(key: AccountKey, accountId: string, c: CredentialsConfig, profiles: Profiles, env: NodeJS.ProcessEnv = process.env): CredentialOrigin {
  const base = { key, accountId, ...('roleArn' in c ? { roleArn: c.roleArn } : {}) };
  if ('profile' in c) return { ...base, via: 'config', ...named(profiles, c.profile) };
  if ('roleArn' in c && c.sourceProfile) return { ...base, via: 'config', ...named(profiles, c.sourceProfile) };
  // The default chain (credential-provider-node): AWS_PROFILE wins over the environment keys, then the [default] profile.
  if (env.AWS_PROFILE) return { ...base, via: 'AWS_PROFILE', ...named(profiles, env.AWS_PROFILE) };
  if (env.AWS_ACCESS_KEY_ID) return { ...base, via: 'environment-keys' };
  if (profiles.default) return { ...base, via: 'default-profile', ...named(profiles, 'default') };
  return { ...base, via: 'default-chain' };
}

/** The origins of the accounts in `keys`, as the AWS config files say now. */
export function credentialOrigins(config: DeploymentConfig, keys: readonly AccountKey[], files: SharedConfigFiles): CredentialOrigin[] {
  const profiles = profilesIn(files);
  return keys.map((k) => originOf(k, config[k].accountId, config[k].credentials, profiles));
}

/** Where the credentials come from, in words: "profile team-a from source.credentials.profile in the config". */
export function describeOrigin(o: CredentialOrigin): string {
  const role = o.roleArn ? `role ${o.roleArn} assumed with ` : '';
  switch (o.via) {
    case 'config':
      return `${role}profile ${o.profile} from ${o.key}.credentials.${o.roleArn ? 'sourceProfile' : 'profile'} in the config`;
    case 'AWS_PROFILE':
      return `${role}profile ${o.profile} from the AWS_PROFILE environment variable (default chain)`;
    case 'environment-keys':
      return `${role}the AWS_ACCESS_KEY_ID environment variable (default chain)`;
    case 'default-profile':
      return `${role}the [default] profile (default chain, AWS_PROFILE not set)`;
    case 'default-chain':
      return `${role}default chain: no AWS_PROFILE, no AWS_ACCESS_KEY_ID, no [default] profile`;
  }
}

// One run of the CLI connects once; a later run (in tests, the same process) replaces what it connects to.
const remembered = new Map<string, CredentialOrigin>();

export function rememberOrigins(origins: readonly CredentialOrigin[]): void {
  for (const o of origins) remembered.set(o.accountId, o);
}

/** The origin remembered for an account id, if the CLI connected to it. */
export const originFor = (accountId: string): CredentialOrigin | undefined => remembered.get(accountId);
