/**
 * Which failures mean "AWS was not reached, or did not take the credentials" (exit 6), and the fix each
 * one names, for the error shapes the SDK and Node give in production (a code on the error, the SDK's
 * own texts). The CLI tests in not-reached.test.ts drive the common ones end to end.
 */
import { describeAwsFailure } from '../../scripts/aws/aws-errors';
import { NotReachedError } from '../../scripts/aws/credential-errors';
import { rememberOrigins, type CredentialOrigin } from '../../scripts/aws/credential-origins';
import { XacctError } from '../../scripts/errors';

const ID = '210987654321';
const error = (name: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name, ...extra });
const nodeError = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { code, $metadata: { attempts: 2, totalRetryDelay: 30 }, ...extra });

function described(e: unknown, origin?: Partial<CredentialOrigin>): XacctError {
  rememberOrigins(origin ? [{ key: 'target', accountId: ID, via: 'config', ...origin }] : []);
  const d = describeAwsFailure(e, 'deploying stack s', origin ? ID : '999999999999');
  expect(d).toBeInstanceOf(XacctError);
  return d as XacctError;
}

let saved: NodeJS.ProcessEnv;
beforeEach(() => {
  saved = { ...process.env };
  delete process.env.AWS_ENDPOINT_URL;
});
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

describe('connection failures (exit 6, code connection-failed)', () => {
  it.each([
    [nodeError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:443', { address: '10.0.0.1', port: 443 }), 'the connection to 10.0.0.1:443 was refused (ECONNREFUSED)'],
    [nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND sts.eu-west-1.amazonaws.com', { hostname: 'sts.eu-west-1.amazonaws.com' }), 'the name sts.eu-west-1.amazonaws.com was not found (DNS) (ENOTFOUND)'],
    [nodeError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN cloudformation.eu-west-1.amazonaws.com', { hostname: 'cloudformation.eu-west-1.amazonaws.com' }), 'the name cloudformation.eu-west-1.amazonaws.com was not found (DNS) (EAI_AGAIN)'],
    [nodeError('ETIMEDOUT', 'connect ETIMEDOUT 52.94.0.1:443', { address: '52.94.0.1', port: 443 }), 'the connection to 52.94.0.1:443 timed out (ETIMEDOUT)'],
    [error('TimeoutError', '@smithy/node-http-handler - the request socket timed out after 120000 ms of inactivity (service default socket timeout).'), 'the connection to the AWS endpoint timed out (TimeoutError)'],
    [nodeError('ECONNRESET', 'socket hang up'), 'the connection to the AWS endpoint was cut (ECONNRESET)'],
    [nodeError('ENETUNREACH', 'connect ENETUNREACH 52.94.0.1:443', { address: '52.94.0.1', port: 443 }), '52.94.0.1:443 cannot be reached from this network (ENETUNREACH)'],
    [nodeError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), 'the TLS certificate of the AWS endpoint is not trusted (SELF_SIGNED_CERT_IN_CHAIN)'],
    // The SDK's retry wraps a socket error of another realm and keeps only its text.
    [new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:4566'), 'the connection to 127.0.0.1:4566 was refused (ECONNREFUSED)'],
  ])('%s', (e, what) => {
    const d = described(e, { profile: 'deployer', kind: 'keys' });
    expect(d).toBeInstanceOf(NotReachedError);
    expect(d).toMatchObject({ code: 'connection-failed', exitCode: 6 });
    expect(d.message).toBe(
      `target account ${ID} (profile deployer from target.credentials.profile in the config): AWS was not reached: ${what} while deploying stack s.${
        /TLS/.test(what) ? ' Behind a proxy that inspects TLS, point NODE_EXTRA_CA_CERTS at its CA certificate.' : ''
      } Check the network connection (VPN, proxy, firewall), then run the command again: it continues where it stopped.`,
    );
  });

  it('names AWS_ENDPOINT_URL_<SERVICE> too', () => {
    process.env.AWS_ENDPOINT_URL_STS = 'http://localhost:4566';
    expect(described(nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:4566')).message).toContain('AWS_ENDPOINT_URL_STS is set (http://localhost:4566): unset it unless AWS should be reached there.');
  });

  it('is not matched in the text of an answer AWS gave', () => {
    const answered = Object.assign(new Error('Resource handler returned message: ECONNRESET from the custom resource'), { name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
    expect(described(answered)).toMatchObject({ code: 'aws-failure', exitCode: 4 });
  });
});

describe('credential providers (exit 6)', () => {
  it.each([
    ['TokenProviderError', "Token is expired. To refresh this SSO session run 'aws sso login' with the corresponding profile.", 'sso-expired', 'Sign in again: aws sso login --profile dev;'],
    ['CredentialsProviderError', 'Profile dev requires multi-factor authentication, but no MFA code callback was provided.', 'mfa-required', 'eval "$(aws configure export-credentials --profile dev --format env)"'],
    ['CredentialsProviderError', 'Could not resolve credentials using profile: [dev] in configuration/credentials file(s).', 'profile-without-credentials', 'Set it up: aws configure sso --profile dev (IAM Identity Center) or aws configure --profile dev (access keys)'],
    ['CredentialsProviderError', 'Profile dev credential_process returned expired credentials.', 'credentials-unavailable', 'Fix: check the profile (aws configure list --profile dev);'],
  ])('%s: %s', (name, message, code, fix) => {
    const d = described(error(name, message), { profile: 'dev', kind: 'sso' });
    expect(d).toMatchObject({ code, exitCode: 6 });
    expect(d.message).toContain(`target account ${ID} (profile dev from target.credentials.profile in the config): `);
    expect(d.message).toContain(`(${name}: ${message})`);
    expect(d.message).toContain(fix);
  });
});

it('a credential_process that fails points at the command of that profile', () => {
  const d = described(error('CredentialsProviderError', 'Command failed: /usr/local/bin/get-creds'), { profile: 'dev', kind: 'process' });
  expect(d).toMatchObject({ code: 'credentials-unavailable', exitCode: 6 });
  expect(d.message).toContain('Fix: fix the credential_process of profile dev (aws configure get credential_process --profile dev);');
});

describe('the fix follows the kind of profile', () => {
  const expired = () => Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken', $metadata: { httpStatusCode: 403 } });

  it.each([
    [{ profile: 'dev', kind: 'sso' as const }, 'Refresh them: aws sso login --profile dev;'],
    [{ profile: 'dev', kind: 'keys' as const }, 'Refresh them: aws configure --profile dev (new access keys);'],
    [{ profile: 'dev', kind: 'process' as const }, 'Refresh them: fix the credential_process of profile dev (aws configure get credential_process --profile dev);'],
    [{ profile: 'dev', kind: 'role' as const, sourceProfile: { name: 'base', kind: 'sso' as const } }, 'Refresh them: aws sso login --profile base (the source_profile of profile dev);'],
    [{ via: 'environment-keys' as const }, 'Refresh them: export fresh AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or unset them and use a profile;'],
  ])('%j', (origin, fix) => {
    const d = described(expired(), origin);
    expect(d).toMatchObject({ code: 'expired-credentials', exitCode: 6 });
    expect(d.message).toContain(fix);
  });

  it('without a remembered origin the account id and the general fixes are still given', () => {
    const d = described(expired());
    expect(d.message).toBe(
      'account 999999999999: the credentials have expired (ExpiredToken) while deploying stack s. Refresh them: aws sso login --profile NAME for an IAM Identity Center profile, or aws configure --profile NAME for access keys; then run the command again: it continues where it stopped.',
    );
  });
});

describe('what stays as it was', () => {
  it('access denied is AWS refusing (exit 4), and a bug is a bug (not wrapped)', () => {
    expect(described(Object.assign(new Error('not authorized'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }))).toMatchObject({ code: 'access-denied', exitCode: 4 });
    const bug = new TypeError("Cannot read properties of undefined (reading 'code')");
    expect(describeAwsFailure(bug, 'x', ID)).toBe(bug);
  });

describe('a request signed at the wrong time is the clock, not the credentials', () => {
  it('RequestExpired (no Date header, no times in the text): exit 6, clock-skew, sync the clock', () => {
    const d = described(error('RequestExpired', 'Request has expired.', { $metadata: { httpStatusCode: 400 } }), { profile: 'team-b', kind: 'keys' });
    expect(d).toBeInstanceOf(NotReachedError);
    expect(d.code).toBe('clock-skew');
    expect(d.message).toMatch(/this machine's clock, or the time the request took to reach AWS, is off/);
    expect(d.message).not.toMatch(/credentials have expired/);
  });

  it("SignatureDoesNotMatch \"Signature expired\" without a Date header: the offset from AWS's own times", () => {
    const text = 'Signature expired: 20220127T001427Z is now earlier than 20220127T014428Z (20220127T015928Z - 15 min.)';
    const d = described(error('SignatureDoesNotMatch', text, { $metadata: { httpStatusCode: 403 } }));
    expect(d.code).toBe('clock-skew');
    expect(d.message).toMatch(/this machine's clock is 1 h 45 min 1 s behind AWS's/);
  });

  it('SignatureDoesNotMatch for a wrong secret key stays what it was', () => {
    const d = described(error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.', { $metadata: { httpStatusCode: 403 } }));
    expect(d.code).not.toBe('clock-skew');
  });
});

});
