/**
 * Failures where AWS was never reached, or would not take the credentials: no credentials, a missing
 * profile, an expired SSO session or token, a refused or unresolvable connection. They get exit code 6
 * (EXIT.notReached) and a message naming the account, the profile and where it came from, the cause,
 * and the command that fixes it. Nothing in AWS is wrong in these cases, so "AWS refused" (4) would mislead.
 *
 * Recognised by name, code and message, from the SDK's own sources (versions in package-lock.json):
 * - CredentialsProviderError and TokenProviderError are the credential and token providers' error
 *   classes (@smithy/core, submodules/config: `class CredentialsProviderError extends ProviderError`).
 * - "Could not load credentials from any providers" ends the default chain
 *   (@aws-sdk/credential-provider-node, defaultProvider).
 * - An expired SSO session: "The SSO session associated with this profile has expired. To refresh this
 *   SSO session run aws sso login with the corresponding profile." (@aws-sdk/credential-provider-sso),
 *   and "Token is expired. To refresh this SSO session run 'aws sso login' with the corresponding
 *   profile." (@aws-sdk/token-providers, REFRESH_MESSAGE).
 * - "Profile X requires multi-factor authentication, but no MFA code callback was provided." and
 *   "Could not resolve credentials using profile: [X] in configuration/credentials file(s)."
 *   (@aws-sdk/credential-provider-ini).
 * - Network failures: the Node.js error codes the SDK's retry strategy counts as transient
 *   (@smithy/core, submodules/retry: NODEJS_TIMEOUT_ERROR_CODES ECONNRESET, ECONNREFUSED, EPIPE,
 *   ETIMEDOUT; NODEJS_NETWORK_ERROR_CODES EHOSTUNREACH, ENETUNREACH, ENOTFOUND, EAI_AGAIN), the
 *   "TimeoutError" name of @smithy/node-http-handler, and Node's TLS certificate error codes
 *   (Node.js docs, tls: "X509 certificate error codes").
 * - AWS's answers to expired or unknown credentials: ExpiredToken (STS, CloudFormation, S3),
 *   ExpiredTokenException (EventBridge, Service Catalog), InvalidClientTokenId (STS, CloudFormation),
 *   UnrecognizedClientException (JSON protocols), InvalidAccessKeyId (S3); see each API's "Common Errors".
 * - A request signed at a time too far from AWS's: the machine's clock, not the credentials. AWS refuses
 *   a request that does not reach it "within five minutes of the time stamp in the request" (IAM user
 *   guide, reference_aws-signing.html); RequestExpired "The request reached the service more than 15
 *   minutes after the date stamp on the request ... or the date stamp on the request is more than 15
 *   minutes in the future" (Common Errors of the service APIs); SignatureDoesNotMatch (query protocols)
 *   or InvalidSignatureException (JSON protocols) "Signature expired: <signed> is now earlier than
 *   <limit> (<AWS time> - 5 min.)" (aws-cli #6676, aws-sdk-js #527); S3's RequestTimeTooSkewed (S3 error
 *   responses). The SDK's clock-skew codes are these (@smithy/core retry, CLOCK_SKEW_ERROR_CODES). The SDK
 *   corrects its clock from the answer's Date header and retries once (@aws-sdk/core AwsSdkSigV4Signer:
 *   getUpdatedSystemClockOffset, `clockSkewCorrected`), but not from an answer that carries `Age` (a
 *   cache on the way) or when its attempts are spent: then the error reaches the tool.
 */
import { EXIT, XacctError } from '../errors';
import { configFilePath, credentialsFilePath, describeOrigin, originFor, type CredentialOrigin } from './credential-origins';

/** Credentials or connection: AWS was not reached, or did not take the credentials. Exit code 6. */
export class NotReachedError extends XacctError {
  constructor(
    code: string,
    message: string,
    /** The account and where its credentials come from, when known (also given to --json). */
    readonly origin?: CredentialOrigin,
    cause?: unknown,
  ) {
    super(code, message, EXIT.notReached, { cause });
  }

  /** Both accounts failing (one SSO session expired for both, no credentials at all) are said at once. */
  static combine(errors: readonly NotReachedError[]): NotReachedError {
    const [first] = errors;
    return new NotReachedError(first.code, errors.map((e) => e.message).join('\n'), first.origin, errors);
  }
}

const nameOf = (e: unknown): string => (e && typeof e === 'object' && 'name' in e ? String((e as { name: unknown }).name) : '');
const codeOf = (e: unknown): string => (e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : '');
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const firstLine = (s: string) => s.split('\n')[0].trim();

const PROVIDER_ERRORS = ['CredentialsProviderError', 'TokenProviderError'];
const EXPIRED = ['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired'];
const CLOCK_CODES = ['RequestExpired', 'RequestTimeTooSkewed', 'RequestInTheFuture'];
const SIGNATURE_TIME = /Signature (expired|not yet current)/i;
const UNKNOWN_KEYS = ['InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidAccessKeyId'];
// TLS certificate errors: what a proxy that inspects TLS causes.
const UNTRUSTED = [
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
];
/** Each kind of network failure: its codes, and what happened in words, given the endpoint. */
const NETWORK_FAILURES: Array<[codes: string[], what: (at: string) => string]> = [
  [['ECONNREFUSED'], (at) => `the connection to ${at} was refused`],
  [['ENOTFOUND', 'EAI_AGAIN'], (at) => `the name ${at} was not found (DNS)`],
  [['ETIMEDOUT', 'TimeoutError'], (at) => `the connection to ${at} timed out`],
  [['ECONNRESET', 'EPIPE'], (at) => `the connection to ${at} was cut`],
  [['EHOSTUNREACH', 'ENETUNREACH'], (at) => `${at} cannot be reached from this network`],
  [UNTRUSTED, (at) => `the TLS certificate of ${at} is not trusted`],
];
const NETWORK = NETWORK_FAILURES.flatMap(([codes]) => codes);

/**
 * The network code of an error or of its cause. When the SDK's retry wraps a socket error it did not
 * recognise as an Error (another realm), only the text is left ("connect ECONNREFUSED 127.0.0.1:9",
 * Node's "<syscall> <code> <address>"), so the text is read too, unless AWS answered (an HTTP status).
 */
function networkCode(e: unknown): string | undefined {
  for (let x: unknown = e, depth = 0; x && depth < 3; x = (x as { cause?: unknown }).cause, depth++) {
    const answered = (x as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== undefined;
    const found = [codeOf(x), nameOf(x)].find((c) => NETWORK.includes(c)) ?? (answered ? undefined : NETWORK.find((c) => new RegExp(`\\b${c}\\b`).test(messageOf(x))));
    if (found) return found;
  }
  return undefined;
}

/** The command that makes these credentials work again, by the kind of profile. */
function signInCommand(o: CredentialOrigin | undefined): string {
  const p = o?.profile;
  if (o?.via === 'environment-keys') return 'export fresh AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or unset them and use a profile';
  if (!o || !p) return 'aws sso login --profile NAME for an IAM Identity Center profile, or aws configure --profile NAME for access keys';
  const forProfile = (name: string, kind: string | undefined): string => {
    switch (kind) {
      case 'sso':
        return `aws sso login --profile ${name}`;
      case 'keys':
        return `aws configure --profile ${name} (new access keys)`;
      case 'process':
        return `fix the credential_process of profile ${name} (aws configure get credential_process --profile ${name})`;
      default:
        return `aws configure sso --profile ${name} (IAM Identity Center) or aws configure --profile ${name} (access keys)`;
    }
  };
  if (o.kind === 'role' && o.sourceProfile) return `${forProfile(o.sourceProfile.name, o.sourceProfile.kind)} (the source_profile of profile ${p})`;
  return forProfile(p, o.kind);
}

const who = (o: CredentialOrigin | undefined, accountId: string) => (o ? `${o.key} account ${accountId} (${describeOrigin(o)})` : `account ${accountId}`);
const AGAIN = 'then run the command again: it continues where it stopped.';

function endpointOf(e: unknown, code: string): string {
  const x = e as { address?: string; port?: number; hostname?: string; host?: string; $xacctEndpoint?: string };
  if (x.address) return x.port ? `${x.address}:${x.port}` : x.address;
  // Set by the clients' call watch (clients/client-config.ts): the endpoint the attempt went to (a timeout names no address).
  if (x.$xacctEndpoint) return x.$xacctEndpoint;
  return x.hostname ?? x.host ?? new RegExp(`\\b${code} (\\S+)`).exec(messageOf(e))?.[1] ?? 'the AWS endpoint';
}

/** AWS_ENDPOINT_URL (and AWS_ENDPOINT_URL_<SERVICE>) send every call elsewhere: the first suspect when a connection fails. */
function endpointOverrides(env: NodeJS.ProcessEnv = process.env): string {
  const set = Object.keys(env).filter((k) => /^AWS_ENDPOINT_URL(_[A-Z0-9_]+)?$/.test(k) && env[k]);
  return set.length === 0 ? '' : ` ${set.map((k) => `${k} is set (${env[k]})`).join(', ')}: unset it unless AWS should be reached there.`;
}

function connectionFailure(e: unknown, code: string, doing: string, accountId: string, o: CredentialOrigin | undefined): NotReachedError {
  const what = NETWORK_FAILURES.find(([codes]) => codes.includes(code))![1](endpointOf(e, code));
  const tls = UNTRUSTED.includes(code) ? ' Behind a proxy that inspects TLS, point NODE_EXTRA_CA_CERTS at its CA certificate.' : '';
  return new NotReachedError(
    'connection-failed',
    `${who(o, accountId)}: AWS was not reached: ${what} (${code}) while ${doing}.${endpointOverrides()}${tls} Check the network connection (VPN, proxy, firewall), ${AGAIN}`,
    o,
    e,
  );
}

function providerFailure(e: unknown, doing: string, accountId: string, o: CredentialOrigin | undefined): NotReachedError {
  const text = firstLine(messageOf(e));
  const said = `(${nameOf(e)}: ${text})`;
  const where = who(o, accountId);
  if (/Could not load credentials from any providers/.test(text)) {
    const fix =
      o?.via === 'AWS_PROFILE'
        ? `profile ${o.profile} gives no credentials: ${signInCommand(o)}, or unset AWS_PROFILE`
        : `create a profile for account ${accountId} (aws configure sso --profile NAME for IAM Identity Center, aws configure --profile NAME for access keys) and name it in ${o?.key ?? 'the account'}.credentials.profile, or export AWS_PROFILE=NAME`;
    return new NotReachedError('no-credentials', `${where}: no AWS credentials were found ${said} while ${doing}. Fix: ${fix}; ${AGAIN}`, o, e);
  }
  if (/aws sso login|SSO session .*(expired|invalid)|Token is expired|SSO Token/i.test(text)) {
    const login = o?.profile ? `aws sso login --profile ${o.kind === 'role' && o.sourceProfile ? o.sourceProfile.name : o.profile}` : 'aws sso login';
    return new NotReachedError('sso-expired', `${where}: the SSO session has expired or is missing ${said} while ${doing}. Sign in again: ${login}; ${AGAIN}`, o, e);
  }
  if (/requires multi-factor authentication/.test(text)) {
    const p = o?.profile ?? 'NAME';
    return new NotReachedError(
      'mfa-required',
      `${where}: the profile asks for an MFA code (mfa_serial), which xacct cannot ask for ${said} while ${doing}. Use a profile without mfa_serial (an SSO profile, for example), or export temporary credentials first: eval "$(aws configure export-credentials --profile ${p} --format env)" and use {defaultChain: true}; ${AGAIN}`,
      o,
      e,
    );
  }
  if (/Could not resolve credentials using profile|Profile .* (could not be found|was not found)/.test(text)) {
    return new NotReachedError('profile-without-credentials', `${where}: the profile holds no credentials the SDK can use ${said} while ${doing}. Set it up: ${signInCommand(o ? { ...o, kind: 'incomplete' } : o)}; ${AGAIN}`, o, e);
  }
  const check = o?.kind === 'process' ? signInCommand(o) : `check the profile (aws configure list${o?.profile ? ` --profile ${o.profile}` : ''})`;
  return new NotReachedError('credentials-unavailable', `${where}: the credentials could not be loaded ${said} while ${doing}. Fix: ${check}; ${AGAIN}`, o, e);
}

const isClockError = (e: unknown) =>
  CLOCK_CODES.includes(nameOf(e)) || (['SignatureDoesNotMatch', 'InvalidSignatureException'].includes(nameOf(e)) && SIGNATURE_TIME.test(messageOf(e)));

const AMZ_DATE = /(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/g;

/**
 * How far AWS's clock is ahead of this machine's (negative: behind), in ms: from the answer's Date header
 * against the local time, else from the times AWS quotes ("<signed> is now earlier than <limit> (<AWS
 * time> - 5 min.)": the signing time is this machine's, the last one AWS's).
 */
export function clockOffsetMs(e: unknown, now: number = Date.now()): number | undefined {
  const headers = (e as { $response?: { headers?: Record<string, string> } }).$response?.headers;
  const date = headers ? Date.parse(headers.date ?? headers.Date ?? '') : NaN;
  if (!Number.isNaN(date)) return date - now;
  const times = [...messageOf(e).matchAll(AMZ_DATE)].map((m) => Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return times.length >= 3 ? times[2] - times[0] : undefined;
}

function duration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return [h ? `${h} h` : '', m ? `${m} min` : '', `${s % 60} s`].filter(Boolean).join(' ');
}

function clockFailure(e: unknown, doing: string, accountId: string, o: CredentialOrigin | undefined): NotReachedError {
  const offset = clockOffsetMs(e);
  const how =
    offset === undefined || Math.abs(offset) < 1000
      ? "this machine's clock, or the time the request took to reach AWS, is off"
      : `this machine's clock is ${duration(offset)} ${offset > 0 ? 'behind' : 'ahead of'} AWS's`;
  return new NotReachedError(
    'clock-skew',
    `${who(o, accountId)}: AWS refused the request as signed at the wrong time (${nameOf(e)}: ${firstLine(messageOf(e))}) while ${doing}: ${how}. AWS accepts a request signed within 5 minutes of its own time (15 for some services); the credentials are not the problem. Sync the clock with a time server (Linux: sudo timedatectl set-ntp true, or sudo chronyc makestep; macOS: sudo sntp -sS time.apple.com; Windows: w32tm /resync), ${AGAIN}`,
    o,
    e,
  );
}

/**
 * The failure as a NotReachedError when it is about credentials or the connection, else undefined.
 * `doing` and `accountId` are what describeAwsFailure knows; the rest comes from the remembered origins.
 */
export function notReachedFailure(e: unknown, doing: string, accountId: string): NotReachedError | undefined {
  if (!e || typeof e !== 'object' || e instanceof XacctError) return undefined;
  const o = originFor(accountId);
  if (PROVIDER_ERRORS.includes(nameOf(e))) return providerFailure(e, doing, accountId, o);
  const network = networkCode(e);
  if (network) return connectionFailure(e, network, doing, accountId, o);
  const name = nameOf(e);
  if (isClockError(e)) return clockFailure(e, doing, accountId, o);
  // A HEAD answered 400 with no body (clients/s3.ts): S3's answer to an expired or invalid session token.
  if (name === 'HeadBadRequest') {
    return new NotReachedError(
      'expired-credentials',
      `${who(o, accountId)}: the credentials have most likely expired (${firstLine(messageOf(e))}) while ${doing}. Refresh them: ${signInCommand(o)}; if they are fresh, check that the bucket is in the configured region; ${AGAIN}`,
      o,
      e,
    );
  }
  if (EXPIRED.includes(name)) {
    return new NotReachedError('expired-credentials', `${who(o, accountId)}: the credentials have expired (${name}) while ${doing}. Refresh them: ${signInCommand(o)}; ${AGAIN}`, o, e);
  }
  if (UNKNOWN_KEYS.includes(name)) {
    return new NotReachedError(
      'invalid-credentials',
      `${who(o, accountId)}: AWS does not know these credentials (${name}: ${firstLine(messageOf(e))}) while ${doing}: the access key was deleted, deactivated or mistyped. Replace it: ${signInCommand(o)}; ${AGAIN}`,
      o,
      e,
    );
  }
  return undefined;
}

/**
 * Profiles that are in neither AWS file, said before any call with the files to add them to: first those
 * the config names (profile, or a role's sourceProfile), then AWS_PROFILE for an account on the default
 * chain (the SDK would only say "Could not load credentials from any providers").
 */
export function checkProfiles(origins: readonly CredentialOrigin[]): void {
  const named = origins.filter((o) => o.via === 'config' && o.kind === 'missing');
  if (named.length > 0) {
    const lines = named.map((o) => {
      const field = `${o.key}.credentials.${o.roleArn ? 'sourceProfile' : 'profile'} (${o.key} account ${o.accountId})`;
      return `${field}: profile "${o.profile}" is in neither ${configFilePath()} nor ${credentialsFilePath()}. Create it: aws configure sso --profile ${o.profile} (IAM Identity Center; written to ${configFilePath()}) or aws configure --profile ${o.profile} (access keys; written to ${credentialsFilePath()}), or name an existing profile (aws configure list-profiles).`;
    });
    throw new NotReachedError('missing-profile', `${lines.join('\n')}\nAWS was not called; nothing was changed.`);
  }
  const wrong = origins.filter((o) => o.via === 'AWS_PROFILE' && o.kind === 'missing');
  if (wrong.length === 0) return;
  const lines = wrong.map(
    (o) =>
      `${o.key} account ${o.accountId}: ${o.key}.credentials uses the default chain, and the AWS_PROFILE environment variable names profile "${o.profile}", which is in neither ${configFilePath()} nor ${credentialsFilePath()}. Unset AWS_PROFILE (or set it to an existing profile: aws configure list-profiles), or create it: aws configure sso --profile ${o.profile} (IAM Identity Center) or aws configure --profile ${o.profile} (access keys).`,
  );
  throw new NotReachedError('missing-profile', `${lines.join('\n')}\nAWS was not called; nothing was changed.`, wrong[0]);
}
