/**
 * Results of slow, pure tools (cfn-guard over the controls, the CloudFormation validator's engine) kept
 * on disk by the hash of everything they read, so identical input is worked out once per machine:
 * `make test` lints and checks the same templates from the CLI and from several test files.
 * XACCT_NO_CACHE=1 works everything out every time.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function cachedText(cacheDir: string, key: string, run: () => string): string {
  if (process.env.XACCT_NO_CACHE) return run();
  const file = join(cacheDir, `${key}.json`);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const output = run();
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Written aside then renamed: a parallel test worker never reads half a file.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, output);
    renameSync(partial, file);
  } catch {
    // A read-only node_modules only costs the next run its time.
  }
  return output;
}
