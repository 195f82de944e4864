/** Whole-process timing for the start benchmarks: one run of node with arguments, and the median of many. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The repository root, from dist/scripts/bench/. */
export const ROOT = join(__dirname, '..', '..', '..');

/** Milliseconds from spawning `node args` to its exit; a non-zero exit is an error (a broken benchmark). */
export function timeOnce(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return ms;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
