/**
 * `make bench`: whole-process time of `xacct generate` (the three templates and the example's four
 * policies) against `node -e 0` on the same machine in the same run, interleaved so that machine noise
 * hits both alike. Goal: ratio <= 3.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const ROOT = join(__dirname, '..', '..', '..');
const out = mkdtempSync(join(tmpdir(), 'xacct-bench-'));

function timeOnce(args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const generate: number[] = [];
const baseline: number[] = [];
const cli = [join(ROOT, 'bin', 'xacct.js'), 'generate', '--out', out];
timeOnce(cli); // warm the file cache; the first run is not counted
for (let i = 0; i < RUNS; i++) {
  baseline.push(timeOnce(['-e', '0']));
  generate.push(timeOnce(cli));
}

const g = median(generate);
const b = median(baseline);
const ratio = g / b;
const row = (name: string, xs: number[]) =>
  `  ${name.padEnd(34)} median ${median(xs).toFixed(1).padStart(6)} ms   min ${Math.min(...xs).toFixed(1).padStart(6)} ms   max ${Math.max(...xs).toFixed(1).padStart(6)} ms`;
process.stdout.write(
  [
    `xacct generate benchmark (${RUNS} interleaved runs each, Node ${process.version})`,
    row('node -e 0', baseline),
    row('xacct generate (with policies)', generate),
    `  ratio generate / node -e 0: ${ratio.toFixed(2)} (goal <= 3) ${ratio <= 3 ? 'OK' : 'OVER GOAL'}`,
    '',
  ].join('\n'),
);
