/**
 * `make bench`: what installing xacct costs. The package `npm pack` makes (its size packed and unpacked,
 * and its file count, from `npm pack --dry-run --json`), and the cold start of the binary: whole-process
 * time of `xacct --version` and of `xacct plan --help` (commander and the command table only: no SDK
 * client is loaded) against `node -e 0`, interleaved, medians. Goal: cold start at most 3 times `node -e 0`.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { median, ROOT, timeOnce } from './process-timing';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// --ignore-scripts: the build (prepack) has run already (make bench builds first); only the file list is wanted.
const [pack] = JSON.parse(execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as Array<{
  name: string;
  version: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
}>;


const bin = join(ROOT, 'bin', 'xacct.js');
const runs = { node: [] as number[], version: [] as number[], help: [] as number[] };
timeOnce([bin, '--version']); // warm the file cache
for (let i = 0; i < RUNS; i++) {
  runs.node.push(timeOnce(['-e', '0']));
  runs.version.push(timeOnce([bin, '--version']));
  runs.help.push(timeOnce([bin, 'plan', '--help']));
}
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
const n = median(runs.node);
const v = median(runs.version);
const h = median(runs.help);
console.log(`package ${pack.name}@${pack.version}: ${kb(pack.size)} packed, ${kb(pack.unpackedSize)} unpacked, ${pack.entryCount} files (npm pack)`);
console.log(`cold start, median of ${RUNS}: node -e 0 ${n.toFixed(0)} ms; xacct --version ${v.toFixed(0)} ms (${(v / n).toFixed(2)}x); xacct plan --help ${h.toFixed(0)} ms (${(h / n).toFixed(2)}x); goal: at most 3x${Math.max(v, h) / n > 3 ? " OVER GOAL" : " OK"}`);
// Printed, not enforced: a benchmark reports its figures, the machine decides nothing here.
