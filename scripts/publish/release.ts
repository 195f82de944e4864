/** What identifies a release: the package version (in version names) and the git commit (in descriptions). */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import packageJson from '../../package.json';

export const PACKAGE_VERSION: string = packageJson.version;

const git = (cwd: string, args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

/**
 * The commit the templates were built from (`-dirty` with uncommitted changes); undefined outside a
 * clone of this project (an installed copy inside another repository must not report that one's commit).
 */
export function gitCommit(from = __dirname): string | undefined {
  // Asked once per process: `git describe --dirty` walks the work tree (about 0.2 s), and a publish
  // asks for every version it names.
  if (!commits.has(from)) commits.set(from, readCommit(from));
  return commits.get(from);
}

const commits = new Map<string, string | undefined>();

function readCommit(from: string): string | undefined {
  try {
    const top = git(from, ['rev-parse', '--show-toplevel']);
    if (!existsSync(join(top, 'templates-src', 'index.ts'))) return undefined;
    return git(top, ['describe', '--always', '--dirty', '--abbrev=12']) || undefined;
  } catch {
    return undefined;
  }
}
