/**
 * A config file that cannot be used at all gets one plain sentence (exit 2): missing, a folder, not
 * readable, far too large (found from its size, before reading), not a mapping, empty.
 */
import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';

// The module object itself (not an import namespace, whose properties cannot be spied on).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs: typeof import('node:fs') = require('node:fs');
const dir = mkdtempSync(join(tmpdir(), 'xacct-config-file-'));

async function plan(file: string, ...extra: string[]) {
  const io = recordingIo();
  const code = await main(['plan', '--config', file, '--offline', ...extra], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

function fileWith(text: string): string {
  const file = join(dir, `c-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return file;
}

afterEach(() => jest.restoreAllMocks());

describe('a config file that cannot be used', () => {
  it('missing: says so and how to start one', async () => {
    const r = await plan(join(dir, 'nope', 'deploy.yaml'));
    expect(r.code).toBe(2);
    expect(r.err).toBe(`xacct: config file ${join(dir, 'nope', 'deploy.yaml')} does not exist: check the path, or copy examples/deployment.yaml there and edit it.\n`);
  });

  it('a folder: asks for the YAML file itself', async () => {
    const folder = join(dir, 'configs');
    mkdirSync(folder);
    const r = await plan(folder);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`xacct: config file ${folder} is a folder, not a file: pass the YAML file itself, for example --config ${folder}/deployment.yaml (copy examples/deployment.yaml to start one).\n`);
  });

  it('not readable: names the permission problem and the fix', async () => {
    const file = fileWith('name: orders-api\n');
    // Tests may run as root, who reads anything: the refusal the OS gives another user is made here.
    const realOpen = fs.openSync;
    jest.spyOn(fs, 'openSync').mockImplementation(((path: import('node:fs').PathLike, ...rest: unknown[]) => {
      if (path === file) throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' });
      return (realOpen as (...a: unknown[]) => number)(path, ...rest);
    }) as typeof fs.openSync);
    const r = await plan(file);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`xacct: config file ${file} cannot be read: permission denied (EACCES). Give yourself read access (chmod u+r ${file}) or run as a user who has it.\n`);
  });

  it('236 MB: refused from its size alone, without reading it', async () => {
    const file = fileWith('');
    truncateSync(file, 236 * 1024 * 1024); // sparse: no disk used
    const reads = jest.spyOn(fs, 'readSync');
    const whole = jest.spyOn(fs, 'readFileSync');
    const r = await plan(file);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `xacct: config file ${file} is 236 MB: a deployment config is a few kilobytes, and files over 1 MB are not read. Is this the right file? (see examples/deployment.yaml)\n`,
    );
    expect(reads).not.toHaveBeenCalled();
    expect(whole.mock.calls.filter(([p]) => p === file)).toEqual([]);
  });

  it('a stream without end (a device or pipe has no size up front): reading stops at the limit', async () => {
    const r = await plan('/dev/zero');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^xacct: config file \/dev\/zero is larger than 1 MB: a deployment config is a few kilobytes/);
  });

  it.each([
    ['a YAML list', '- name: orders-api\n- region: eu-west-1\n', 'config-not-a-mapping', 'holds a list of 2 items, but a deployment config is a mapping of keys (name:, region:, source:, target:, pipeline:), as in examples/deployment.yaml.'],
    ['a lone string', 'orders-api\n', 'config-not-a-mapping', 'holds only the string "orders-api", but a deployment config is a mapping of keys (name:, region:, source:, target:, pipeline:), as in examples/deployment.yaml.'],
    ['a lone number', '42\n', 'config-not-a-mapping', 'holds only the number 42, but a deployment config is a mapping of keys (name:, region:, source:, target:, pipeline:), as in examples/deployment.yaml.'],
    ['an empty file', '', 'config-empty', 'is empty (or holds only comments): copy examples/deployment.yaml and edit it.'],
    ['only comments', '# my deployment\n\n   # to do\n', 'config-empty', 'is empty (or holds only comments): copy examples/deployment.yaml and edit it.'],
    ['an empty document', '---\n~\n', 'config-empty', 'holds no settings: a deployment config is a mapping of keys (name:, region:, source:, target:, pipeline:), as in examples/deployment.yaml.'],
    ['broken YAML', 'name: [orders\n', 'config-not-yaml', expect.stringMatching(/^is not valid YAML: .+/)],
  ])('%s: one sentence, and the same as data with --json', async (_what, text, code, sentence) => {
    const file = fileWith(text);
    const r = await plan(file);
    expect(r.code).toBe(2);
    if (typeof sentence === 'string') expect(r.err).toBe(`xacct: config file ${file} ${sentence}\n`);
    const json = await plan(file, '--json');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toEqual({
      type: 'failed',
      code,
      message: expect.stringContaining(`config file ${file} `),
      exitCode: 2,
      problems: [{ path: '(file)', message: sentence }],
    });
  });
});
