/**
 * An endpoint that accepts connections and never answers: the run gives up after the response timeout
 * with a clear message (exit 6, AWS was not reached), and Ctrl-C ends the wait at once. Real sockets and
 * real time here, against a local server (the standard AWS_ENDPOINT_URL points the SDK at it).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import { exampleConfig } from '../helpers/deploy-world';

let server: Server;
let sockets: Socket[] = [];
let saved: NodeJS.ProcessEnv;
let configFile: string;

beforeEach(async () => {
  saved = { ...process.env };
  server = createServer((socket) => sockets.push(socket)); // accepts, reads nothing back
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), 'xacct-no-answer-'));
  writeFileSync(join(dir, 'credentials'), '[team-a]\naws_access_key_id = AKIAEXAMPLEA\naws_secret_access_key = x\n[team-b]\naws_access_key_id = AKIAEXAMPLEB\naws_secret_access_key = y\n');
  writeFileSync(join(dir, 'config'), '');
  configFile = join(dir, 'deployment.yaml');
  writeFileSync(configFile, dump(exampleConfig()));
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_') && k !== 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED') delete process.env[k];
  Object.assign(process.env, { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config'), AWS_ENDPOINT_URL: `http://127.0.0.1:${port}` });
});

afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets = [];
  await new Promise((r) => server.close(r));
  process.env = saved;
});

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

it('gives up after the response timeout, says AWS was not reached, and exits 6', async () => {
  const io = recordingIo();
  const start = process.hrtime.bigint();
  const code = await main(['plan', '--config', configFile], io, { timeouts: { connectMs: 1000, responseMs: 300 } });
  expect(seconds(start)).toBeLessThan(5);
  expect(code).toBe(6);
  expect(io.stderr()).toMatch(/timed out/);
  expect(io.stderr()).toMatch(/AWS_ENDPOINT_URL is set \(http:\/\/127\.0\.0\.1:\d+\)/);
  // The request got as far as the server (once, and once more by the SDK's retry of a transient error).
  expect(sockets.length).toBeGreaterThanOrEqual(1);
});

it('Ctrl-C ends a wait for an answer at once (the default timeouts would wait 30 s)', async () => {
  const controller = new AbortController();
  const io = recordingIo();
  const start = process.hrtime.bigint();
  setTimeout(() => controller.abort(), 300);
  const code = await main(['plan', '--config', configFile], io, { signal: controller.signal });
  expect(seconds(start)).toBeLessThan(3);
  expect(code).toBe(130);
  expect(io.stderr()).toMatch(/interrupted/);
});
