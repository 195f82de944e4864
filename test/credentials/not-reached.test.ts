/**
 * Credentials and connection problems, with the real SDK and no fake: each exits 6 and names the
 * account, the profile and where it came from, the cause, and the command that fixes it. AWS files,
 * the SSO token cache and HOME are temporary; every test restores the environment.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';

jest.setTimeout(30_000);

const A = '111122223333';
const B = '444455556666';
const EXAMPLE = load(readFileSync('examples/deployment.yaml', 'utf8')) as Record<string, Record<string, unknown>>;
const KEYS = '[keys-a]\naws_access_key_id = AKIAXACCTTESTKEYA\naws_secret_access_key = secret-a\n[keys-b]\naws_access_key_id = AKIAXACCTTESTKEYB\naws_secret_access_key = secret-b\n';
const SSO_LEGACY = `[profile sso-a]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = ${A}\nsso_role_name = Deployer\n`;
const SSO_SESSION = `[profile sso-b]\nsso_session = corp\nsso_account_id = ${B}\nsso_role_name = Deployer\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n`;
const HOUR_AGO = () => new Date(Date.now() - 3_600_000).toISOString();

let saved: NodeJS.ProcessEnv;
let home: string;
let server: Server | undefined;
let requests = 0;

/** GIVEN a machine whose only AWS setup is the files given (no environment credentials, no instance metadata). */
function machine(config = '', credentials = '') {
  home = mkdtempSync(join(tmpdir(), 'xacct-home-'));
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  writeFileSync(join(home, '.aws', 'config'), config);
  writeFileSync(join(home, '.aws', 'credentials'), credentials);
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
  Object.assign(process.env, {
    HOME: home,
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
}

/** The SSO token cache entry `aws sso login` writes, named by the sha1 of the session name or the start URL. */
function cachedToken(key: string, token: Record<string, unknown>) {
  writeFileSync(join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(key).digest('hex')}.json`), JSON.stringify(token));
}

/** An endpoint that counts requests (AWS_ENDPOINT_URL points at it): proof that no call was made, or an answer AWS would give. */
async function endpoint(answer: { status: number; body: string } = { status: 500, body: '' }): Promise<string> {
  server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => {
      res.writeHead(answer.status, { 'content-type': 'text/xml' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function config(source: unknown, target: unknown): string {
  const c = JSON.parse(JSON.stringify(EXAMPLE)) as typeof EXAMPLE;
  c.source.credentials = source;
  c.target.credentials = target;
  const file = join(home, 'deployment.yaml');
  writeFileSync(file, dump(c));
  return file;
}

async function xacct(...argv: string[]) {
  const io = recordingIo();
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

beforeEach(() => {
  saved = { ...process.env };
  requests = 0;
});
afterEach(async () => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

describe('no credentials at all (default chain, nothing configured)', () => {
  it('exits 6 for both accounts with the commands that create a profile, and --json says the same as data', async () => {
    machine();
    const file = config({ defaultChain: true }, { defaultChain: true });
    const r = await xacct('plan', '--config', file);
    expect(r.code).toBe(6);
    for (const [key, id] of [['source', A], ['target', B]]) {
      expect(r.err).toContain(
        `${key} account ${id} (default chain: no AWS_PROFILE, no AWS_ACCESS_KEY_ID, no [default] profile): no AWS credentials were found (CredentialsProviderError: Could not load credentials from any providers)`,
      );
      expect(r.err).toContain(`Fix: create a profile for account ${id} (aws configure sso --profile NAME for IAM Identity Center, aws configure --profile NAME for access keys) and name it in ${key}.credentials.profile, or export AWS_PROFILE=NAME`);
    }
    expect(r.err).not.toContain('AWS refused');

    const json = await xacct('status', '--config', file, '--json');
    expect(json.code).toBe(6);
    expect(JSON.parse(json.out)).toEqual({
      type: 'failed',
      code: 'no-credentials',
      message: expect.stringContaining('Could not load credentials from any providers'),
      exitCode: 6,
      account: { name: 'source', id: A, via: 'default-chain' },
    });
  });
});

describe('AWS_PROFILE names a profile that does not exist (config: defaultChain)', () => {
  it('is said before any call: AWS_PROFILE, the files it is missing from, and the fixes', async () => {
    machine('', KEYS);
    process.env.AWS_ENDPOINT_URL = await endpoint();
    process.env.AWS_PROFILE = 'team-typo';
    const r = await xacct('deploy-sequence', '--config', config({ defaultChain: true }, { profile: 'keys-b' }), '--yes');
    expect(r.code).toBe(6);
    expect(r.err).toBe(
      `xacct: source account ${A}: source.credentials uses the default chain, and the AWS_PROFILE environment variable names profile "team-typo", which is in neither ${home}/.aws/config nor ${home}/.aws/credentials. ` +
        'Unset AWS_PROFILE (or set it to an existing profile: aws configure list-profiles), or create it: aws configure sso --profile team-typo (IAM Identity Center) or aws configure --profile team-typo (access keys).\n' +
        'AWS was not called; nothing was changed.\n',
    );
    expect(requests).toBe(0);
  });
});

describe('a profile named in the config that does not exist', () => {
  it('is said before any call, with the file each kind of profile goes to', async () => {
    machine('', KEYS);
    process.env.AWS_ENDPOINT_URL = await endpoint();
    const r = await xacct('status', '--config', config({ profile: 'keys-a' }, { profile: 'team-b' }));
    expect(r.code).toBe(6);
    expect(r.err).toBe(
      `xacct: target.credentials.profile (target account ${B}): profile "team-b" is in neither ${home}/.aws/config nor ${home}/.aws/credentials. ` +
        `Create it: aws configure sso --profile team-b (IAM Identity Center; written to ${home}/.aws/config) or aws configure --profile team-b (access keys; written to ${home}/.aws/credentials), or name an existing profile (aws configure list-profiles).\n` +
        'AWS was not called; nothing was changed.\n',
    );
    expect(requests).toBe(0);
  });
});

describe('an expired SSO session', () => {
  it('legacy SSO profile, also as the source of a role: says to sign in again with aws sso login --profile, and calls nothing', async () => {
    machine(SSO_LEGACY, KEYS);
    process.env.AWS_ENDPOINT_URL = await endpoint();
    cachedToken('https://corp.awsapps.com/start', { startUrl: 'https://corp.awsapps.com/start', region: 'eu-west-1', accessToken: 'expired', expiresAt: HOUR_AGO() });
    const role = `arn:aws:iam::${B}:role/deployer`;
    const r = await xacct('status', '--config', config({ profile: 'sso-a' }, { roleArn: role, sourceProfile: 'sso-a' }));
    expect(r.code).toBe(6);
    expect(requests).toBe(0);
    expect(r.err).toContain(`target account ${B} (role ${role} assumed with profile sso-a from target.credentials.sourceProfile in the config): the SSO session has expired or is missing`);
    expect(r.err).toContain(`source account ${A} (profile sso-a from source.credentials.profile in the config): the SSO session has expired or is missing (CredentialsProviderError: The SSO session associated with this profile has expired.`);
    expect(r.err).toContain('Sign in again: aws sso login --profile sso-a; then run the command again');
  });

  it('sso-session profile whose refresh fails, named by AWS_PROFILE for the default chain', async () => {
    machine(SSO_SESSION, KEYS);
    // The refresh goes nowhere: the token is past its expiry and cannot be renewed.
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
    process.env.AWS_PROFILE = 'sso-b';
    cachedToken('corp', {
      startUrl: 'https://corp.awsapps.com/start',
      region: 'eu-west-1',
      accessToken: 'expired',
      expiresAt: HOUR_AGO(),
      clientId: 'client',
      clientSecret: 'secret',
      refreshToken: 'refresh',
      registrationExpiresAt: HOUR_AGO(),
    });
    const r = await xacct('destroy', '--config', config({ defaultChain: true }, { defaultChain: true }), '--dry-run', '--json');
    expect(r.code).toBe(6);
    const failure = JSON.parse(r.out.trim().split('\n').at(-1)!);
    expect(failure).toMatchObject({ type: 'failed', code: 'sso-expired', exitCode: 6, account: { name: 'source', id: A, profile: 'sso-b', via: 'AWS_PROFILE' } });
    for (const [key, id] of [['source', A], ['target', B]]) {
      expect(failure.message).toContain(`${key} account ${id} (profile sso-b from the AWS_PROFILE environment variable (default chain)): the SSO session has expired or is missing (CredentialsProviderError: `);
    }
    expect(failure.message).toMatch(/aws sso login/);
    expect(failure.message).toContain('Sign in again: aws sso login --profile sso-b;');
  });
});

describe('AWS not reached', () => {
  it('connection refused: names the endpoint and AWS_ENDPOINT_URL, exit 6 (not "AWS refused")', async () => {
    machine('', KEYS);
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
    const r = await xacct('plan', '--config', config({ profile: 'keys-a' }, { profile: 'keys-b' }));
    expect(r.code).toBe(6);
    expect(r.err).toContain(
      `source account ${A} (profile keys-a from source.credentials.profile in the config): AWS was not reached: the connection to 127.0.0.1:9 was refused (ECONNREFUSED) while checking the credentials for source (profile keys-a). AWS_ENDPOINT_URL is set (http://127.0.0.1:9): unset it unless AWS should be reached there. Check the network connection (VPN, proxy, firewall), then run the command again`,
    );
  });

  it('a name that does not resolve: says DNS and the host', async () => {
    machine('', KEYS);
    process.env.AWS_ENDPOINT_URL = 'http://xacct-endpoint.invalid';
    const r = await xacct('status', '--config', config({ profile: 'keys-a' }, { profile: 'keys-b' }));
    expect(r.code).toBe(6);
    expect(r.err).toMatch(/source account 111122223333 \(profile keys-a from source\.credentials\.profile in the config\): AWS was not reached: the name xacct-endpoint\.invalid was not found \(DNS\) \((ENOTFOUND|EAI_AGAIN)\)/);
  });
});

describe('credentials AWS does not take', () => {
  const stsError = (code: string, message: string) => ({
    status: 403,
    body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
  });

  it('an expired session token (ExpiredToken): exit 6 with the command for that kind of profile', async () => {
    machine('', KEYS);
    process.env.AWS_ENDPOINT_URL = await endpoint(stsError('ExpiredToken', 'The security token included in the request is expired'));
    const r = await xacct('plan', '--config', config({ profile: 'keys-a' }, { profile: 'keys-b' }), '--json');
    expect(r.code).toBe(6);
    expect(r.err).toContain(`source account ${A} (profile keys-a from source.credentials.profile in the config): the credentials have expired (ExpiredToken) while checking the credentials for source (profile keys-a). Refresh them: aws configure --profile keys-a (new access keys);`);
    expect(JSON.parse(r.out)).toMatchObject({ type: 'failed', code: 'expired-credentials', exitCode: 6 });
  });

  it('an unknown access key (InvalidClientTokenId): exit 6, replace the key', async () => {
    machine('', KEYS);
    process.env.AWS_ENDPOINT_URL = await endpoint(stsError('InvalidClientTokenId', 'The security token included in the request is invalid.'));
    const r = await xacct('plan', '--config', config({ profile: 'keys-a' }, { profile: 'keys-b' }));
    expect(r.code).toBe(6);
    expect(r.err).toContain(
      `source account ${A} (profile keys-a from source.credentials.profile in the config): AWS does not know these credentials (InvalidClientTokenId: The security token included in the request is invalid.)`,
    );
    expect(r.err).toContain('Replace it: aws configure --profile keys-a (new access keys);');
  });

  it('access denied stays "AWS refused" (exit 4): the credentials work, the permissions do not', async () => {
    machine('', KEYS);
    process.env.AWS_ENDPOINT_URL = await endpoint(stsError('AccessDenied', 'User is not authorized to perform: sts:GetCallerIdentity'));
    const r = await xacct('plan', '--config', config({ profile: 'keys-a' }, { profile: 'keys-b' }));
    expect(r.code).toBe(4);
    expect(r.err).toContain('access denied: User is not authorized to perform: sts:GetCallerIdentity');
  });
});
