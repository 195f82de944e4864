/**
 * The edges a new user meets, each through the CLI: a clear error naming the input and what to do, a
 * non-zero exit, no stack trace and nothing changed. Endpoint URLs checked before any call, a call that
 * never gets an answer announced and timed out with its endpoint, --out a writable folder, a closed
 * stdout, `permissions > policy.json`, `plan --offline` and missing profiles, and YAML errors at the
 * right line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { main } from '../../scripts/cli/main';
import { endQuietlyOnClosedStdout, recordingIo } from '../../scripts/cli/io';
import { endpointProblem } from '../../scripts/aws/endpoint-urls';
import { ACCOUNT_A, exampleConfig, twoAccountWorld, type World } from '../helpers/deploy-world';

const run = async (argv: string[], deps = {}) => {
  const io = recordingIo();
  const code = await main(argv, io, deps);
  return { code, out: io.stdout(), err: io.stderr() };
};
const noTrace = (text: string) => expect(text).not.toMatch(/\n\s+at \S+ \(|internal error/);

describe('endpoint URLs are checked before any call', () => {
  let world: World;
  beforeEach(() => (world = twoAccountWorld()));
  afterEach(() => {
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL_STS;
    world.restore();
  });

  it.each([
    ['127.0.0.1:4566', /has no scheme.*for example http:\/\/127\.0\.0\.1:4566/],
    ['not-a-url', /is not a URL/],
    ['localhost:4566', /has no scheme.*for example http:\/\/localhost:4566/],
    ['ftp://localhost:21', /has the scheme ftp, not http or https/],
  ])('AWS_ENDPOINT_URL=%s: exit 2, the variable named, no call made', async (value, reason) => {
    process.env.AWS_ENDPOINT_URL = value;
    const r = await world.run('status', '--config', world.configFile);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`the environment variable AWS_ENDPOINT_URL is "${value}"`);
    expect(r.err).toMatch(reason);
    expect(r.err).toContain('AWS was not called');
    noTrace(r.err);
    expect(world.aws.calls).toHaveLength(0);
  });

  it('a service variable and a profile endpoint_url are checked the same way', async () => {
    process.env.AWS_ENDPOINT_URL_STS = 'sts.local';
    const r = await world.run('plan', '--config', world.configFile);
    expect(r.code).toBe(2);
    expect(r.err).toContain('AWS_ENDPOINT_URL_STS is "sts.local"');
    delete process.env.AWS_ENDPOINT_URL_STS;
    const { appendFileSync } = await import('node:fs');
    appendFileSync(process.env.AWS_CONFIG_FILE!, '[profile team-a]\nendpoint_url = localhost:4566\n');
    const p = await world.run('deploy-sequence', '--config', world.configFile, '--yes');
    expect(p.code).toBe(2);
    expect(p.err).toContain('endpoint_url of profile team-a (source.credentials.profile) is "localhost:4566"');
    expect(world.aws.calls).toHaveLength(0);
  });

  it('accepts what the SDKs accept', () => {
    for (const ok of ['http://localhost:4566', 'https://cloudformation.eu-west-1.amazonaws.com', 'http://127.0.0.1:4566/']) expect(endpointProblem(ok)).toBeUndefined();
  });
});

describe('an endpoint that accepts and never answers', () => {
  let server: Server;
  const sockets: Socket[] = [];
  let port = 0;
  beforeAll(async () => {
    server = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.destroy());
    await new Promise((r) => server.close(r));
  });

  it('is announced while waited for, then given up on with the endpoint named (exit 6)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-hang-'));
    const saved = { ...process.env };
    writeFileSync(join(dir, 'credentials'), '[team-a]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = x\n[team-b]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = x\n');
    writeFileSync(join(dir, 'config'), '');
    writeFileSync(join(dir, 'c.yaml'), dump(exampleConfig()));
    Object.assign(process.env, { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config'), AWS_ENDPOINT_URL: `http://127.0.0.1:${port}` });
    try {
      const started = Date.now();
      const r = await run(['status', '--config', join(dir, 'c.yaml')], { timeouts: { connectMs: 1_000, responseMs: 1_200, noticeMs: 300 } });
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(r.code).toBe(6);
      expect(r.err).toContain(`waiting for STS GetCallerIdentity at http://127.0.0.1:${port} (source account ${ACCOUNT_A})`);
      expect(r.err).toMatch(new RegExp(`the connection to http://127\\.0\\.0\\.1:${port} timed out`));
      noTrace(r.err);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  }, 20_000);
});

describe('generate --out must be a writable folder', () => {
  it("--out '' is refused (exit 2) and writes nothing into the current folder", async () => {
    const before = readdirSync(process.cwd());
    const r = await run(['generate', '--out', '']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--out is empty');
    expect(readdirSync(process.cwd())).toEqual(before);
  });

  (existsSync('/proc/self') ? it : it.skip)('--out /proc/x ends at once with exit 3 (no endless mkdir)', async () => {
    const started = Date.now();
    const r = await run(['generate', '--out', '/proc/x/y']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/cannot create output folder \/proc\/x\/y \(--out\)/);
    expect(Date.now() - started).toBeLessThan(5_000);
    noTrace(r.err);
  });

  it('a path through a file is refused with exit 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-out-'));
    writeFileSync(join(dir, 'f'), '');
    const r = await run(['generate', '--out', join(dir, 'f', 'g')]);
    expect(r.code).toBe(3);
    expect(r.err).toContain('is a file, not a folder');
  });
});

describe('a closed stdout ends the command quietly', () => {
  it('an EPIPE on stdout exits with the code so far, and nothing on stderr', () => {
    const { EventEmitter } = require('node:events') as typeof import('node:events');
    const stream = new EventEmitter() as unknown as NodeJS.WriteStream;
    const exits: number[] = [];
    endQuietlyOnClosedStdout(stream, (c) => exits.push(c));
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(exits).toEqual([0]);
  });

  (existsSync('dist/scripts/cli/main.js') ? it : it.skip)('xacct --help | true: no EPIPE trace (the built binary)', () => {
    const r = spawnSync('bash', ['-c', 'set -o pipefail; node bin/xacct.js --help | true; echo "rc=$?" >&2'], { encoding: 'utf8' });
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.stderr).toMatch(/rc=0/);
  });
});

describe('permissions writes only the document to stdout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xacct-perm-'));
  it('stdout is a valid policy file; why goes to stderr; a warning without cloudFormationRoleArn', async () => {
    const f = join(dir, 'c.yaml');
    writeFileSync(f, dump(exampleConfig()));
    const r = await run(['permissions', '--config', f, '--account', 'target', '--role', 'deployer']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ Version: '2012-10-17' });
    expect(r.err).toMatch(/^xacct: warning: target\.cloudFormationRoleArn is not set/);
    expect(r.err).toContain('Why each of the');
  });

  it('--explain puts the reasons after the document on stdout', async () => {
    const r = await run(['permissions', '--config', 'examples/deployment.yaml', '--account', 'source', '--role', 'cloudformation', '--explain']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Why each of the');
    expect(r.err).toBe('');
  });
});

describe('plan --offline and the config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xacct-offline-'));
  it('checks that each profile exists in the AWS config files (exit 6, the profile and the fix named)', async () => {
    const f = join(dir, 'c.yaml');
    writeFileSync(f, dump(exampleConfig({ source: { accountId: ACCOUNT_A, credentials: { profile: 'nobody-has-this' }, stackName: 'orders-api-source' } })));
    const r = await run(['plan', '--config', f, '--offline']);
    expect(r.code).toBe(6);
    expect(r.err).toContain('source.credentials.profile (source account 111122223333): profile "nobody-has-this" is in neither');
    expect(r.err).toContain('aws configure --profile nobody-has-this');
  });

  it('an unclosed quote is reported on its own line', async () => {
    const f = join(dir, 'q.yaml');
    writeFileSync(f, 'region: eu-west-1\nname: "orders\nsource:\n  accountId: "111122223333"\n');
    const r = await run(['plan', '--config', f, '--offline']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not valid YAML: line 2: the double quote opened on this line is not closed on it/);
  });
});
