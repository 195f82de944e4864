/**
 * Writes generated/ only where the content changed (so timestamps and editors stay quiet), or, in check
 * mode, only compares and reports which files differ.
 */
import { accessSync, constants, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { environmentError } from '../errors';
import type { RenderedFile } from './render';

export type FileState = 'written' | 'unchanged' | 'differs' | 'missing';

export interface FileResult {
  file: string;
  state: FileState;
}

export interface GenerateResult {
  outDir: string;
  files: FileResult[];
  /** YAML files in the folder (or files in its permissions/) that nothing produces: a renamed or removed template. */
  stray: string[];
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw environmentError('read-failed', `cannot read ${path}: ${(e as Error).message}`, e);
  }
}

/** The generated files a folder holds: its YAML files, and every file of its permissions/ and bootstrap/ subfolders. */
function listGenerated(outDir: string): string[] {
  return [
    ...list(outDir).filter((f) => f.endsWith('.yaml')),
    ...list(join(outDir, 'permissions')).map((f) => `permissions/${f}`),
    ...list(join(outDir, 'bootstrap')).map((f) => `bootstrap/${f}`),
  ];
}

function list(outDir: string): string[] {
  try {
    return readdirSync(outDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw environmentError('read-failed', `cannot list ${outDir}: ${(e as Error).message}`, e);
  }
}

const unwritable = (dir: string, why: string, cause?: unknown) =>
  environmentError('unwritable-output', `cannot create output folder ${dir} (--out): ${why}. Choose another --out (a folder you can write) or fix its permissions; nothing was written.`, cause);

/**
 * Makes `dir` a writable folder, one level at a time. Not mkdirSync's `recursive`: under Node 20 it
 * never returns for a path like /proc/x whose parent refuses new entries with ENOENT (it retries the
 * same mkdir forever at full CPU). The first ancestor that exists must be a folder this process can write.
 */
export function ensureWritableFolder(dir: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(at).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') throw unwritable(dir, `a part of ${at} is a file, not a folder`, e);
      if (code !== 'ENOENT') throw unwritable(dir, `${at} cannot be read (${code})`, e);
      if (dirname(at) === at) throw unwritable(dir, 'no part of the path exists');
      missing.unshift(at);
      at = dirname(at);
      continue;
    }
    if (!isDir) throw unwritable(dir, `${at} is a file, not a folder`);
    break;
  }
  try {
    accessSync(at, constants.W_OK);
  } catch (e) {
    throw unwritable(dir, `${at} is not writable (${(e as NodeJS.ErrnoException).code})`, e);
  }
  for (const m of missing) {
    try {
      mkdirSync(m);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw unwritable(dir, `the folder ${m} cannot be created (${code})`, e);
    }
  }
}

export function writeGenerated(outDir: string, rendered: RenderedFile[], check: boolean): GenerateResult {
  const files: FileResult[] = [];
  if (!check) {
    ensureWritableFolder(outDir);
  }
  for (const r of rendered) {
    const path = join(outDir, r.fileName);
    const current = readIfExists(path);
    if (current === r.text) {
      files.push({ file: path, state: 'unchanged' });
    } else if (check) {
      files.push({ file: path, state: current === undefined ? 'missing' : 'differs' });
    } else {
      ensureWritableFolder(dirname(path));
      try {
        writeFileSync(path, r.text);
      } catch (e) {
        throw environmentError('unwritable-output', `cannot write ${path}: ${(e as Error).message}. Choose another --out or fix its permissions.`, e);
      }
      files.push({ file: path, state: 'written' });
    }
  }
  const expected = new Set(rendered.map((r) => r.fileName));
  const stray = listGenerated(outDir).filter((f) => !expected.has(f)).map((f) => join(outDir, f));
  return { outDir, files, stray };
}
