/**
 * From a validated config to the ports of its accounts: profiles checked first, then clients built with
 * what the run shares: its clock (retries wait on it), its abort signal (Ctrl-C ends any request in
 * flight), the HTTP timeouts, a way to ask for MFA codes, and in tests the fake AWS's request handler.
 */
import { accountPorts, stackSetsPorts, type AwsRequestHandler, type ClientOptions, type HttpTimeouts } from '../aws/clients';
import type { AccountPorts, StackSetsPort } from '../aws/ports';
import { checkProfiles } from '../aws/credential-errors';
import { credentialOrigins, readAwsConfigFiles, rememberOrigins } from '../aws/credential-origins';
import { credentialProvider } from '../aws/credentials';
import { endpointsOfProfile } from '../aws/profile-endpoints';
import { checkEndpoints, environmentEndpoints } from '../aws/endpoint-urls';
import type { DeploymentConfig } from '../config/schema';
import type { ResolvedTarget } from '../targets/resolve-targets';
import { realClock, type Clock } from '../deploy/clock';
import type { Accounts } from '../deploy/observe';
import type { RunDeps } from './run-deps';
import { mfaCodeAsker } from './mfa';
import type { Io } from './io';

type AccountKey = keyof Accounts;

/** What a run of a command shares with the AWS clients it builds. */
export interface AwsRuntime {
  clock?: Clock;
  signal?: AbortSignal;
  /** Tests: the fake AWS under the real SDK. */
  requestHandler?: AwsRequestHandler;
  timeouts?: HttpTimeouts;
  /** Where MFA codes are asked for (a terminal), and who is told when no one can answer. */
  io?: Io;
}

/**
 * The clients' share of a run: its clock, Ctrl-C, the terminal for MFA codes, the fake in tests. Here,
 * not with deploy-commands, so the read-only commands do not load the deploy engine to connect.
 */
export const awsRuntime = (io: Io, deps: RunDeps, signal: AbortSignal): AwsRuntime => ({
  io,
  signal,
  ...(deps.clock ? { clock: deps.clock } : {}),
  ...(deps.requestHandler ? { requestHandler: deps.requestHandler } : {}),
  ...(deps.timeouts ? { timeouts: deps.timeouts } : {}),
});

/** The ports of the accounts in `keys` (both by default); only their profiles need to exist. */
export async function connectTo<K extends AccountKey>(config: DeploymentConfig, keys: readonly K[], runtime: AwsRuntime = {}): Promise<Record<K, AccountPorts>> {
  const options = await clientOptionsOf(config, keys, runtime);
  return Object.fromEntries(keys.map((k) => [k, accountPorts(options[k])])) as Record<K, AccountPorts>;
}

/** The client options of the accounts in `keys`, after their profiles and endpoints are checked. */
async function clientOptionsOf<K extends AccountKey>(config: DeploymentConfig, keys: readonly K[], runtime: AwsRuntime): Promise<Record<K, ClientOptions>> {
  const files = await readAwsConfigFiles();
  // Where each account's credentials come from, so a failure deep in a run can name the profile and the fix.
  const origins = credentialOrigins(config, keys, files);
  checkProfiles(origins);
  rememberOrigins(origins);
  const clock = runtime.clock ?? realClock;
  // A profile's endpoint_url applies to the account that uses the profile (profile-endpoints.ts).
  const endpoints = Object.fromEntries(
    keys.map((k) => [k, 'profile' in config[k].credentials ? endpointsOfProfile(files, config[k].credentials.profile) : {}] as const),
  ) as Record<AccountKey, Record<string, string>>;
  // Every endpoint is an http(s) URL with a host before the first call (endpoint-urls.ts).
  checkEndpoints([
    ...environmentEndpoints(),
    ...keys.flatMap((k) => {
      const c = config[k].credentials;
      const urls = [...new Set(Object.values(endpoints[k]))];
      return 'profile' in c ? urls.map((value) => ({ where: `endpoint_url of profile ${c.profile} (${k}.credentials.profile)`, value })) : [];
    }),
  ]);
  const options = (key: AccountKey): ClientOptions => ({
      region: config.region,
      credentials: credentialProvider(config[key].credentials, config.region, {
        ...(runtime.requestHandler ? { requestHandler: runtime.requestHandler } : {}),
        mfaCodeProvider: mfaCodeAsker(runtime.io, `${key} account ${config[key].accountId}`),
      }),
      sleep: (ms) => clock.sleep(ms),
      endpoints: endpoints[key],
      ...(runtime.signal ? { signal: runtime.signal } : {}),
      ...(runtime.requestHandler ? { requestHandler: runtime.requestHandler } : {}),
      ...(runtime.timeouts ? { timeouts: runtime.timeouts } : {}),
      ...(runtime.io ? { watch: { notice: runtime.io.err, label: `${key} account ${config[key].accountId}`, ...(runtime.timeouts?.noticeMs !== undefined ? { noticeMs: runtime.timeouts.noticeMs } : {}) } } : {}),
      ...(config[key].cloudFormationRoleArn ? { cloudFormationRoleArn: config[key].cloudFormationRoleArn } : {}),
    });
  return Object.fromEntries(keys.map((k) => [k, options(k)])) as Record<K, ClientOptions>;
}

/** Account A's StackSets in `lead`'s region (the administration region), as `callAs` (service-managed sets). */
export async function connectStackSets(lead: ResolvedTarget, runtime: AwsRuntime, callAs?: 'SELF' | 'DELEGATED_ADMIN'): Promise<StackSetsPort> {
  return stackSetsPorts((await clientOptionsOf(lead.config, ['source'] as const, runtime)).source, callAs);
}

export const connect = (config: DeploymentConfig, runtime: AwsRuntime = {}): Promise<Accounts> => connectTo(config, ['source', 'target'] as const, runtime);

/**
 * A fleet's ports, each from its target's own config as `connect` builds a single target's: account A's
 * in a target's region (the fleet asks once per region) and a target's account B.
 */
export const fleetPorts = (runtime: AwsRuntime) => ({
  source: async (lead: ResolvedTarget) => (await connectTo(lead.config, ['source'] as const, runtime)).source,
  target: async (t: ResolvedTarget) => (await connectTo(t.config, ['target'] as const, runtime)).target,
});
