/**
 * `xacct generate` through the CLI entry point (main), the way the binary runs it, plus the built
 * binary itself for the README's commands.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../scripts/cli/main';
import { recordingIo } from '../scripts/cli/io';
import { GENERATED, ROOT } from './helpers/templates';

const FILES = ['AccA-pipeline.yaml', 'AccB-pipeline-1.yaml', 'AccB-pipeline-2.yaml'];
const tempDir = () => mkdtempSync(join(tmpdir(), 'xacct-generate-'));

async function run(...argv: string[]) {
  const io = recordingIo();
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('xacct generate', () => {
  it('writes the three templates, identical to the committed generated/', async () => {
    const out = tempDir();
    const r = await run('generate', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain('3 written, 0 unchanged');
    expect(readdirSync(out).sort()).toEqual(FILES);
    for (const f of FILES) expect(readFileSync(join(out, f), 'utf8')).toBe(readFileSync(join(GENERATED, f), 'utf8'));
  });

  it('rewrites nothing when nothing changed (modification times stay)', async () => {
    const out = tempDir();
    await run('generate', '--out', out);
    const past = new Date('2020-01-01T00:00:00Z');
    for (const f of FILES) utimesSync(join(out, f), past, past);
    const r = await run('generate', '--out', out);
    expect(r.out).toContain('0 written, 3 unchanged');
    for (const f of FILES) expect(statSync(join(out, f)).mtime.toISOString()).toBe(past.toISOString());
  });

  it('--check passes on a current folder and writes nothing', async () => {
    const out = tempDir();
    await run('generate', '--out', out);
    const r = await run('generate', '--out', out, '--check');
    expect(r.code).toBe(0);
    expect(r.out).toContain('is current');
  });

  it('--check exits 1 and names each file that differs, is missing or is stray, without touching them', async () => {
    const out = tempDir();
    await run('generate', '--out', out);
    writeFileSync(join(out, 'AccA-pipeline.yaml'), 'edited by hand\n');
    writeFileSync(join(out, 'Old-template.yaml'), 'x: 1\n');
    const r = await run('generate', '--out', out, '--check');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/differs\s+\S*AccA-pipeline\.yaml/);
    expect(r.err).toMatch(/stray\s+\S*Old-template\.yaml/);
    expect(r.err).not.toMatch(/AccB-pipeline-1\.yaml/);
    expect(r.err).toContain('run `make generate`');
    expect(readFileSync(join(out, 'AccA-pipeline.yaml'), 'utf8')).toBe('edited by hand\n');

    const empty = tempDir();
    const missing = await run('generate', '--out', empty, '--check');
    expect(missing.code).toBe(1);
    expect(missing.err.match(/missing /g)).toHaveLength(3);
    expect(readdirSync(empty)).toEqual([]);
  });

  it('--json reports each file and whether the folder is up to date', async () => {
    const out = tempDir();
    const r = await run('generate', '--out', out, '--json');
    const parsed = JSON.parse(r.out);
    expect(parsed.upToDate).toBe(true);
    expect(parsed.files.map((f: { state: string }) => f.state)).toEqual(['written', 'written', 'written']);
    const check = JSON.parse((await run('generate', '--out', tempDir(), '--check', '--json')).out);
    expect(check.upToDate).toBe(false);
  });

  it('an output folder that cannot be created is a clear error with exit 3', async () => {
    const parent = tempDir();
    writeFileSync(join(parent, 'a-file'), '');
    const r = await run('generate', '--out', join(parent, 'a-file', 'sub'));
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/cannot create output folder .*a-file\/sub.*Choose another --out/);
  });

  it('an unknown flag is a usage error with exit 2 that changes nothing', async () => {
    const out = tempDir();
    const r = await run('generate', '--out', out, '--frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown option '--frobnicate'");
    expect(readdirSync(out)).toEqual([]);
  });

  it('an unknown command is a usage error with exit 2', async () => {
    const r = await run('generat');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command 'generat'/);
  });

  it('--help lists the commands and the exit codes', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/generate \[options\]/);
    expect(r.out).toMatch(/lint \[options\]/);
    expect(r.out).toContain('Exit codes:');
    const sub = await run('generate', '--help');
    expect(sub.out).toContain('--check');
    expect(sub.out).toContain('--out <dir>');
  });
});

describe('the built binary (bin/xacct.js, as make runs it)', () => {
  const bin = join(ROOT, 'bin', 'xacct.js');

  it('checks the committed generated/ from the project folder', () => {
    const out = execFileSync('node', [bin, 'generate', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toContain("generated/ is current");
  });

  it('exits with the command exit code and prints no Node-version warning', () => {
    const r = spawnSync('node', [bin, 'generate', '--check', '--out', tempDir()], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('missing');
    expect(r.stderr).not.toMatch(/NodeVersion|no longer support/i);
  });
});
