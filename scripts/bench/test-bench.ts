/**
 * `make bench`: the wall time of `make test` (type check, generated/ current, the whole jest suite) on
 * this machine, and the five slowest test files of that run (from jest's JSON report). Goal: at most
 * 2 minutes on 2 cores. A figure to read, not a timed test: a busy machine makes it slower, not red.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const GOAL_S = 120;

const start = process.hrtime.bigint();
const run = spawnSync('make', ['-s', 'test'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
if (run.status !== 0) {
  process.stderr.write(`make test failed (exit ${run.status}): the figures below are of a failed run\n`);
  process.exitCode = 1;
}

interface JestReport {
  numTotalTests: number;
  testResults: Array<{ name: string; startTime: number; endTime: number }>;
}
const report = JSON.parse(readFileSync(join(ROOT, 'dist', 'jest-results.json'), 'utf8')) as JestReport;
const slowest = report.testResults
  .map((t) => ({ file: relative(ROOT, t.name), s: (t.endTime - t.startTime) / 1000 }))
  .sort((a, b) => b.s - a.s)
  .slice(0, 5);
const lines = [
  `make test: ${seconds.toFixed(1)} s wall on ${availableParallelism()} cores, ${report.numTotalTests} tests in ${report.testResults.length} files (goal <= ${GOAL_S} s) ${seconds <= GOAL_S ? 'OK' : 'OVER GOAL'}`,
  '  slowest test files:',
  ...slowest.map((t) => `    ${t.s.toFixed(1).padStart(6)} s  ${t.file}`),
];
process.stdout.write(`${lines.join('\n')}\n`);
