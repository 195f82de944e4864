/**
 * Writes generated/ only where the content changed (so timestamps and editors stay quiet), or, in check
 * mode, only compares and reports which files differ.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/** The generated files a folder holds: its YAML files, and every file of its permissions/ subfolder. */
function listGenerated(outDir: string): string[] {
  return [...list(outDir).filter((f) => f.endsWith('.yaml')), ...list(join(outDir, 'permissions')).map((f) => `permissions/${f}`)];
}

function list(outDir: string): string[] {
  try {
    return readdirSync(outDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw environmentError('read-failed', `cannot list ${outDir}: ${(e as Error).message}`, e);
  }
}

export function writeGenerated(outDir: string, rendered: RenderedFile[], check: boolean): GenerateResult {
  const files: FileResult[] = [];
  if (!check) {
    try {
      mkdirSync(outDir, { recursive: true });
    } catch (e) {
      throw environmentError('unwritable-output', `cannot create output folder ${outDir}: ${(e as Error).message}. Choose another --out or fix its permissions.`, e);
    }
  }
  for (const r of rendered) {
    const path = join(outDir, r.fileName);
    const current = readIfExists(path);
    if (current === r.text) {
      files.push({ file: path, state: 'unchanged' });
    } else if (check) {
      files.push({ file: path, state: current === undefined ? 'missing' : 'differs' });
    } else {
      try {
        mkdirSync(dirname(path), { recursive: true });
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
