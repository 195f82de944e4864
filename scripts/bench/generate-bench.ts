/**
 * `make bench`: whole-process start of the two offline commands people run most, against `node -e 0`
 * on the same machine in the same run, interleaved so that machine noise hits all alike (medians):
 *   xacct generate (the three templates and the example's four policies): goal at most 2x;
 *   xacct plan --offline on the example config: goal at most 3x.
 * The plan reads the example's profiles from test/fixtures/aws-config (it checks that they exist).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, ROOT, timeOnce } from './process-timing';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const out = mkdtempSync(join(tmpdir(), 'xacct-bench-'));
const env = {
  ...process.env,
  AWS_CONFIG_FILE: join(ROOT, 'test', 'fixtures', 'aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(ROOT, 'test', 'fixtures', 'no-credentials'),
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};


const bin = join(ROOT, 'bin', 'xacct.js');
const commands = [
  { name: 'xacct generate (with policies)', args: [bin, 'generate', '--out', out], goal: 2 },
  { name: 'xacct plan --offline', args: [bin, 'plan', '--offline', '--config', join(ROOT, 'examples', 'deployment.yaml')], goal: 3 },
];
const baseline: number[] = [];
const times = commands.map(() => [] as number[]);
for (const c of commands) timeOnce(c.args, env); // warm the file cache; the first run is not counted
for (let i = 0; i < RUNS; i++) {
  baseline.push(timeOnce(['-e', '0'], env));
  commands.forEach((c, k) => times[k].push(timeOnce(c.args, env)));
}

const b = median(baseline);
const row = (name: string, xs: number[]) =>
  `  ${name.padEnd(34)} median ${median(xs).toFixed(1).padStart(6)} ms   min ${Math.min(...xs).toFixed(1).padStart(6)} ms   max ${Math.max(...xs).toFixed(1).padStart(6)} ms`;
const lines = [`CLI start benchmark (${RUNS} interleaved runs each, Node ${process.version})`, row('node -e 0', baseline)];
commands.forEach((c, k) => lines.push(row(c.name, times[k])));
commands.forEach((c, k) => {
  const ratio = median(times[k]) / b;
  lines.push(`  ratio ${c.name} / node -e 0: ${ratio.toFixed(2)} (goal <= ${c.goal}) ${ratio <= c.goal ? 'OK' : 'OVER GOAL'}`);
});
process.stdout.write(`${lines.join('\n')}\n`);
