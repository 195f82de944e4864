/**
 * `make bench` (fleet part): `xacct deploy-sequence --yes --json` of 50 targets in 2 regions (25 each:
 * account A serves each region from its fleet stacks), each target in its own account with its own
 * profile and its ECS service in place, then of one target alone (a config of one target, which the CLI
 * deploys with its single-target engine, as a user's would be), then `xacct status` of the fleet.
 * Measured on the wall clock against the fake AWS served over HTTP on 127.0.0.1 (fleet-bench-world.ts),
 * with stack operations of a fixed real time (`BENCH_FLEET_OPERATION_MS`, default 8 s; change sets
 * `BENCH_FLEET_CHANGE_SET_MS`, default 1.5 s): a virtual clock would not count the tool's own CPU time,
 * nor let concurrent waits overlap as real ones do. Every n-th CloudFormation request is answered
 * Throttling (`BENCH_FLEET_THROTTLE_EVERY`, default 7). Prints
 *   (a) the fleet's wall time against one target's (goal: at most 3 times);
 *   (b) CloudFormation calls per stack deployment: polls (DescribeChangeSet while a change set is being
 *       computed, DescribeStackEvents / DescribeStacks while an operation runs) and the others (goal:
 *       at most 8 others per stack);
 *   (c) throttling that reached the user: stderr lines, failed steps and targets (goal: 0); apart from
 *       it, the retry notices in the progress and any warning Node printed on the process's stderr;
 *   (d) the wall time of `xacct status` over the deployed fleet (goal: at most 30 s).
 * BENCH_FLEET_TARGETS changes the fleet's size; BENCH_FLEET_PROFILE=1 adds where the fleet's time went.
 */
import { benchTargets, benchWorld, SOURCE, type BenchWorld, type CliRun } from './fleet-bench-world';
import { countCalls, peakPerSecond } from './fleet-bench-calls';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const TARGETS = Number(process.env.BENCH_FLEET_TARGETS ?? 50);
const OPERATION_MS = Number(process.env.BENCH_FLEET_OPERATION_MS ?? 8_000);
const CHANGE_SET_MS = Number(process.env.BENCH_FLEET_CHANGE_SET_MS ?? 1_500);
const THROTTLE_EVERY = Number(process.env.BENCH_FLEET_THROTTLE_EVERY ?? 7);
/** --concurrency of the fleet's run; unset: the CLI's default, as a user runs it. */
const CONCURRENCY = process.env.BENCH_FLEET_CONCURRENCY;

type Line = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const linesOf = (out: string): Line[] => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Line);

/** What reached the user of throttling: stderr lines that speak of it, failed steps, targets not finished. */
function throttlingSeen(run: CliRun) {
  const lines = linesOf(run.out);
  const throttling = /throttl|rate exceeded/i;
  const failedSteps = lines.filter((l) => l.type === 'failed');
  const finished = lines.find((l) => l.type === 'fleet-finished')?.targets as Line[] | undefined;
  return {
    stderrLines: run.err.split('\n').filter((l) => throttling.test(l)).length,
    failedSteps: failedSteps.length,
    failedByThrottling: failedSteps.filter((l) => throttling.test(String(l.message))).length,
    targetsNotFinished: (finished ?? []).filter((t) => t.outcome !== 'succeeded' && t.outcome !== 'unchanged').length,
    retryNotices: lines.filter((l) => l.type === 'notice' && throttling.test(String(l.message))).length,
  };
}

/** The stack deployments (deploy-stack steps) the run started. */
const stackDeployments = (run: CliRun) => linesOf(run.out).filter((l) => l.type === 'step-started' && l.step?.kind === 'deploy-stack').length;

async function deploy(world: BenchWorld) {
  const run = await world.run('deploy-sequence', '--config', world.configFile, '--yes', '--json', ...(CONCURRENCY ? ['--concurrency', CONCURRENCY] : []));
  const stacks = stackDeployments(run);
  return { run, stacks, calls: countCalls(world.log.requests, stacks), peak: peakPerSecond(world.log.requests, SOURCE), seen: throttlingSeen(run) };
}

/** Where a run's time went: when the first step started (the look at every target before), and when each kind of step last finished. */
function profile(what: string, run: CliRun): string {
  const timed = run.chunks.flatMap((c) => (c.text.startsWith('{') ? c.text.split('\n').filter((l) => l !== '').map((l) => ({ at: c.atMs, line: JSON.parse(l) as Line })) : []));
  const kindOf = new Map<string, string>();
  for (const { line } of timed) if (line.type === 'step-started') kindOf.set(line.step.id, line.step.id.replace(/^[^:]*:/, ''));
  const lastFinished = new Map<string, number>();
  for (const { at, line } of timed) if (line.type === 'step-finished') lastFinished.set(kindOf.get(line.stepId) ?? '?', at);
  const firstStarted = timed.find((t) => t.line.type === 'step-started')?.at ?? Number.NaN;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return `  ${what}: first step at ${s(firstStarted)}; last finished: ${[...lastFinished.entries()].sort((a, b) => a[1] - b[1]).map(([k, at]) => `${k} ${s(at)}`).join(', ')}; end ${s(run.wallMs)}`;
}

/** Warnings Node prints on the process's stderr during the runs (a user sees them as well). */
const warnings: string[] = [];
process.on('warning', (w) => warnings.push(`${w.name}: ${w.message}`));

async function main(): Promise<void> {
  const options = { operationMs: OPERATION_MS, changeSetMs: CHANGE_SET_MS, throttleEvery: THROTTLE_EVERY };

  const single = await benchWorld(benchTargets(1), options);
  const one = await deploy(single).finally(() => single.close());

  const world = await benchWorld(benchTargets(TARGETS), options);
  let fleet: Awaited<ReturnType<typeof deploy>>;
  let status: CliRun;
  try {
    fleet = await deploy(world);
    status = await world.run('status', '--config', world.configFile);
  } finally {
    await world.close();
  }

  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const verdict = (ok: boolean) => (ok ? 'OK' : 'OVER GOAL');
  const ratio = fleet.run.wallMs / one.run.wallMs;
  const seen = fleet.seen;
  const reached = seen.stderrLines + seen.failedByThrottling + seen.targetsNotFinished;
  const regions = new Set(world.targets.map((t) => t.region)).size;
  const others = (c: typeof fleet.calls) => c.othersByCommand.map((x) => `${x.command} ${x.perStack.toFixed(2)}`).join(', ');
  process.stdout.write(
    [
      `fleet deploy-sequence benchmark (fake AWS over HTTP on 127.0.0.1, real SDK, wall clock; ${TARGETS} targets in ${regions} regions, each its own account; --concurrency ${CONCURRENCY ?? 'default'}; stack operations of ${s(OPERATION_MS)}, change sets of ${s(CHANGE_SET_MS)}; every ${THROTTLE_EVERY}th CloudFormation request answered Throttling)`,
      `  (a) fleet: ${s(fleet.run.wallMs)} (exit ${fleet.run.code}, ${fleet.stacks} stack deployments); one target alone: ${s(one.run.wallMs)} (exit ${one.run.code}, ${one.stacks} stack deployments); ratio ${ratio.toFixed(2)} (goal <= 3) ${verdict(ratio <= 3)}`,
      `  (b) CloudFormation calls per stack deployment, fleet: ${fleet.calls.pollsPerStack.toFixed(1)} polls, ${fleet.calls.othersPerStack.toFixed(1)} others (goal <= 8) ${verdict(fleet.calls.othersPerStack <= 8)}; ${fleet.calls.throttled} of ${fleet.calls.total} requests throttled; busiest second: ${fleet.peak.source} requests of account A in a region, ${fleet.peak.target} of a target account`,
      `      others per stack: ${others(fleet.calls)}`,
      `      one target: ${one.calls.pollsPerStack.toFixed(1)} polls, ${one.calls.othersPerStack.toFixed(1)} others (${others(one.calls)})`,
      `  (c) throttling that reached the user: ${seen.stderrLines} stderr lines, ${seen.failedByThrottling} steps failed by it (${seen.failedSteps} failed in all), ${seen.targetsNotFinished} targets not finished (goal 0) ${verdict(reached === 0)}; ${seen.retryNotices} retry notices in the progress; ${warnings.length} warnings of Node on the process's stderr${warnings.length > 0 ? ` (${[...new Set(warnings)].join('; ')})` : ''}`,
      `  (d) status of the fleet: ${s(status.wallMs)} wall clock (exit ${status.code}) (goal <= 30 s) ${verdict(status.wallMs <= 30_000)}`,
      '',
    ].join('\n'),
  );
  if (process.env.BENCH_FLEET_PROFILE) process.stdout.write(`${profile('one target', one.run)}\n${profile('fleet', fleet.run)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
