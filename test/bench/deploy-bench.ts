/**
 * `make bench` (deploy part): the whole deploy sequence as the CLI runs it — the product's own client
 * factory, the real SDK, the wall clock — against the fake AWS served over HTTP on 127.0.0.1, with each
 * stack operation lasting a fixed real time (`BENCH_OPERATION_MS`, default 20 s; change sets
 * `BENCH_CHANGE_SET_MS`, default 2.3 s). The n-th operation and change set last n/3 s longer than the
 * first.
 *
 * Where an operation's end falls between two polls decides how late the tool sees it: anywhere from
 * nothing to a whole interval. One run shows one such alignment per wait, so its total is off by up to
 * a second either way. The sequence therefore runs once per phase (`BENCH_PHASES`, default 0, 0.2, 0.4,
 * 0.6 and 0.8 s added to every operation and change set), each in a process of its own started 2 s
 * after the one before (each loads the CLI's modules as a run does; started together they would wait
 * for each other's CPU), and (a) is the mean over the phases: the expected figure, each phase's shown
 * beside it. Prints
 *   (a) the time beyond CloudFormation's own work (change sets being computed, stack operations running)
 *       as a share of the wall time (goal <= 5 %);
 *   (b) the delay from a stack operation's end to the tool noticing it, per operation (goal <= 1 s in
 *       every phase; SDK waiters: 30 to 120 s);
 *   (c) CloudFormation calls per stack operation, and the most polls (DescribeChangeSet,
 *       DescribeStackEvents: the calls that watch a change set or an operation) of one stack in any
 *       second, in any phase (goal <= 1);
 *   (d) on the virtual clock, the same sequence under a burst of throttled calls: calls per operation.
 */
import { spawn } from 'node:child_process';
import { accountPorts } from '../../scripts/aws/clients';
import { parseConfig } from '../../scripts/config/load-config';
import { realClock } from '../../scripts/deploy/clock';
import { runDeploySequence } from '../../scripts/deploy/engine';
import type { Accounts } from '../../scripts/deploy/observe';
import type { ProgressEvent } from '../../scripts/deploy/events';
import { FakeAws } from '../fake-aws/fake-aws';
import { RealTimeClock } from '../fake-aws/virtual-clock';
import { serveFake } from '../fake-aws/wire/fake-http-server';
import { dump } from 'js-yaml';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const A = '111122223333';
const B = '444455556666';
const OPERATION_MS = Number(process.env.BENCH_OPERATION_MS ?? 20_000);
const CHANGE_SET_MS = Number(process.env.BENCH_CHANGE_SET_MS ?? 2_321);
/** Added to every operation and change set, one run per phase (a child process: BENCH_PHASE_MS). */
const PHASES_MS = (process.env.BENCH_PHASES ?? '0,200,400,600,800').split(',').map(Number);
const STAGGER_MS = 2_000;
// The throttling case runs on the virtual clock (it would only wait for real here).
/** How much longer each further operation and change set lasts (a third of a second). */
const SPREAD_MS = 333;
// The throttling case runs on the virtual clock (it would only wait for real here); not multiples of a
// second, so its figures are not flattered by alignment with the polls.
const VIRTUAL_OPERATION_MS = 120_777;
const VIRTUAL_CHANGE_SET_MS = 4_321;
const STACKS: Array<[string, string]> = [
  [B, 'bench-target'],
  [A, 'bench-source'],
];

const config = parseConfig(
  dump({
    name: 'bench',
    region: 'eu-west-1',
    source: { accountId: A, credentials: { profile: 'a' }, stackName: 'bench-source' },
    target: { accountId: B, credentials: { profile: 'b' }, stackName: 'bench-target' },
    pipeline: {
      namePrefix: 'bench',
      repositoryName: 'bench',
      containerName: 'web',
      ecsCluster: 'c',
      ecsService: 's',
      ecsTaskExecutionRoleArn: `arn:aws:iam::${B}:role/exec`,
      keyAdministratorArn: `arn:aws:iam::${B}:role/admin`,
    },
  }),
  'bench',
);

interface Operation {
  stack: string;
  startedAt: number;
  endedAt: number;
}

/** Each stack operation of the run, from its "User Initiated" event to its end event. */
function operationsOf(aws: FakeAws): Operation[] {
  const operations: Operation[] = [];
  for (const [account, stack] of STACKS) {
    const events = aws.cloudFormation(account).stack(stack)!.events.filter((e) => e.LogicalResourceId === stack && e.ResourceStatus !== 'REVIEW_IN_PROGRESS');
    for (let i = 0; i < events.length; i++) {
      if (events[i].ResourceStatusReason !== 'User Initiated') continue;
      const end = events.slice(i + 1).find((e) => /_COMPLETE$|_FAILED$/.test(e.ResourceStatus) && !/CLEANUP/.test(e.ResourceStatus));
      if (end) operations.push({ stack, startedAt: events[i].Timestamp.getTime(), endedAt: end.Timestamp.getTime() });
    }
  }
  return operations.sort((x, y) => x.startedAt - y.startedAt);
}

/** Total length of the union of the intervals, clipped to [from, to]. */
function unionMs(intervals: Array<[number, number]>, from: number, to: number): number {
  let total = 0;
  let reach = from;
  for (const [s, e] of [...intervals].sort((x, y) => x[0] - y[0])) {
    const start = Math.max(s, reach);
    const end = Math.min(e, to);
    if (end > start) total += end - start;
    reach = Math.max(reach, Math.min(e, to));
  }
  return total;
}

/** The most of `times` inside any window of `windowMs` (half open). */
function densest(times: number[], windowMs: number): number {
  const sorted = [...times].sort((x, y) => x - y);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

interface CfnRequest {
  at: number;
  command: string;
  stack?: string;
  /** A further page of one read (NextToken): part of the same poll. */
  continuation: boolean;
}

interface HttpMeasured {
  wallMs: number;
  cloudFormationMs: number;
  operations: Operation[];
  noticeDelaysMs: number[];
  /** Of the change sets the run waited for (not those made ahead). */
  changeSetNoticeMs: number[];
  changeSetsMadeAhead: number;
  cfnCallsPerOperation: number;
  maxPollsPerSecond: number;
}

/** BENCH_TRACE=1: every request and progress event on stderr, in seconds from the start. */
let traceStart = Date.now();

async function overHttp(phaseMs: number): Promise<HttpMeasured> {
  const aws = new FakeAws([A, B], new RealTimeClock());
  for (const account of [A, B]) {
    aws.cloudFormation(account).operationMs = OPERATION_MS + phaseMs;
    aws.cloudFormation(account).changeSetMs = CHANGE_SET_MS + phaseMs;
  }
  const accountOfKey = new Map<string, string>();
  const key = (account: string) => {
    const k = aws.addUser(account);
    accountOfKey.set(k, account);
    return async () => ({ accessKeyId: k, secretAccessKey: 'x' });
  };
  const requests: CfnRequest[] = [];
  const lengths = { changeSets: 0, executions: 0 };
  const changeSetMs: number[] = [];
  const endpoint = await serveFake({
    dispatch: (service, operation, input, caller) => {
      if (service === 'cloudformation') {
        requests.push({ at: Date.now(), command: operation, ...(typeof input.StackName === 'string' ? { stack: input.StackName } : {}), continuation: Boolean(input.NextToken) });
        // Every change set and operation of the run lasts SPREAD_MS longer than the one before.
        const cfn = aws.cloudFormation(accountOfKey.get(caller.accessKeyId) ?? A);
        if (operation === 'CreateChangeSet') changeSetMs.push((cfn.changeSetMs = CHANGE_SET_MS + phaseMs + SPREAD_MS * lengths.changeSets++));
        if (operation === 'ExecuteChangeSet') cfn.operationMs = OPERATION_MS + phaseMs + SPREAD_MS * lengths.executions++;
      }
      if (process.env.BENCH_TRACE) process.stderr.write(`${((Date.now() - traceStart) / 1000).toFixed(3)} ${service} ${operation} ${input.StackName ?? ''}\n`);
      return aws.dispatch(service, operation, input, caller);
    },
  });
  // As a person points the CLI at an AWS-compatible endpoint: the SDK's standard configuration.
  process.env.AWS_ENDPOINT_URL = endpoint.url;
  try {
    // The product's own client factory with its defaults: the SDK's HTTP handler, retries on real time.
    const ports: Accounts = { source: accountPorts({ region: 'eu-west-1', credentials: key(A) }), target: accountPorts({ region: 'eu-west-1', credentials: key(B) }) };
    const seen: Array<{ event: ProgressEvent; at: number }> = [];
    const start = Date.now();
    traceStart = start;
    const emit = (event: ProgressEvent) => {
      seen.push({ event, at: Date.now() });
      if (process.env.BENCH_TRACE) process.stderr.write(`${((Date.now() - start) / 1000).toFixed(3)}   ${event.type} ${'stepId' in event ? event.stepId : ''} ${event.type === 'stack-event' ? `${event.event.logicalId} ${event.event.status}` : ''}\n`);
    };
    await runDeploySequence(config, { aws: ports, clock: realClock, emit, yes: true });
    const end = Date.now();

    const operations = operationsOf(aws);
    const changeSets = aws.calls.filter((c) => c.service === 'cloudformation' && c.command === 'CreateChangeSet' && !c.error).map((c, i) => ({ account: c.account, readyAt: c.at + changeSetMs[i], createdAt: c.at }));
    const cloudFormationMs = unionMs([...operations.map((o): [number, number] => [o.startedAt, o.endedAt]), ...changeSets.map((c): [number, number] => [c.createdAt, c.readyAt])], start, end);
    const finishedAt = (after: number) => seen.find((s) => s.at >= after && s.event.type === 'step-finished')?.at ?? Number.NaN;
    const noticeDelaysMs = operations.map((o) => finishedAt(o.endedAt) - o.endedAt);
    // A change set the run waited for: no step finished between its being ready and the run showing
    // its changes. One made ahead (stage 2's, while stack A's operation runs) was ready long before.
    const shownAt = (c: { readyAt: number }) => seen.find((s) => s.at >= c.readyAt && s.event.type === 'changes')?.at ?? Number.NaN;
    const waitedFor = changeSets.filter((c) => !seen.some((s) => s.event.type === 'step-finished' && s.at >= c.readyAt && s.at < shownAt(c)));
    const changeSetNoticeMs = waitedFor.map((c) => shownAt(c) - c.readyAt);
    // The calls that watch a change set or an operation, per stack (further pages of one poll excepted).
    const polls = STACKS.map(([, stack]) => densest(requests.filter((r) => r.stack === stack && !r.continuation && (r.command === 'DescribeChangeSet' || r.command === 'DescribeStackEvents')).map((r) => r.at), 1000));
    return {
      wallMs: end - start,
      cloudFormationMs,
      operations,
      noticeDelaysMs,
      changeSetNoticeMs,
      changeSetsMadeAhead: changeSets.length - waitedFor.length,
      cfnCallsPerOperation: requests.length / operations.length,
      maxPollsPerSecond: Math.max(...polls),
    };
  } finally {
    delete process.env.AWS_ENDPOINT_URL;
    await endpoint.close();
  }
}

/** The same sequence on the virtual clock with a burst of throttled CloudFormation calls. */
async function throttledOnVirtualClock(burst: number): Promise<{ cfnCallsPerOperation: number; throttled: number; totalMs: number }> {
  const aws = new FakeAws([A, B]);
  for (const account of [A, B]) {
    aws.cloudFormation(account).operationMs = VIRTUAL_OPERATION_MS;
    aws.cloudFormation(account).changeSetMs = VIRTUAL_CHANGE_SET_MS;
  }
  const key = (account: string) => {
    const k = aws.addUser(account);
    return async () => ({ accessKeyId: k, secretAccessKey: 'x' });
  };
  // The in-process handler under the real SDK, the SDK's retries on the virtual clock.
  const clients = (account: string) => accountPorts({ region: 'eu-west-1', credentials: key(account), requestHandler: aws.requestHandler, sleep: (ms) => aws.clock.sleep(ms) });
  aws.throttle(burst, 'cloudformation');
  const start = aws.clock.now();
  await runDeploySequence(config, { aws: { source: clients(A), target: clients(B) }, clock: aws.clock, emit: () => undefined, yes: true });
  const cfnCalls = aws.calls.filter((c) => c.service === 'cloudformation').length;
  return { cfnCallsPerOperation: cfnCalls / operationsOf(aws).length, throttled: aws.calls.filter((c) => c.error === 'Throttling').length, totalMs: aws.clock.now() - start };
}

/** One phase's run in a process of its own: this file with BENCH_PHASE_MS set, its figures as JSON. */
function runPhase(phaseMs: number): Promise<HttpMeasured> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename], { env: { ...process.env, BENCH_PHASE_MS: String(phaseMs) }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as HttpMeasured) : reject(new Error(`the run of phase ${phaseMs} ms exited with ${code}`))));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function main(): Promise<void> {
  const phase = process.env.BENCH_PHASE_MS;
  if (phase !== undefined) {
    process.stdout.write(JSON.stringify(await overHttp(Number(phase))));
    return;
  }
  const runs = await Promise.all(PHASES_MS.map(async (p, i) => {
    await sleep(i * STAGGER_MS);
    return runPhase(p);
  }));
  const burst = await throttledOnVirtualClock(15);
  const shares = runs.map((r) => ((r.wallMs - r.cloudFormationMs) / r.wallMs) * 100);
  const beyond = mean(shares);
  const delays = runs.flatMap((r) => r.noticeDelaysMs);
  const maxDelay = Math.max(...delays);
  const maxPolls = Math.max(...runs.map((r) => r.maxPollsPerSecond));
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const s2 = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const verdict = (ok: boolean) => (ok ? 'OK' : 'OVER GOAL');
  const first = runs[0]!;
  process.stdout.write(
    [
      `deploy-sequence benchmark (fake AWS over HTTP on 127.0.0.1, real SDK, wall clock; ${first.operations.length} stack operations of ${first.operations.map((o) => s(o.endedAt - o.startedAt)).join(', ')}, change sets of ${s(CHANGE_SET_MS)} to ${s(CHANGE_SET_MS + SPREAD_MS * 2)}, each run again with ${PHASES_MS.filter((p) => p > 0).map(s2).join(', ')} added)`,
      `  (a) time beyond CloudFormation's own work (change sets, stack operations), mean of ${runs.length} phases: ${beyond.toFixed(1)} % (goal <= 5 %) ${verdict(beyond <= 5)}`,
      ...runs.map((r, i) => `      phase ${s2(PHASES_MS[i]!)}: ${s(r.wallMs - r.cloudFormationMs)} of ${s(r.wallMs)}, ${shares[i]!.toFixed(1)} %; operations noticed after ${r.noticeDelaysMs.map(s2).join(', ')}; change sets after ${r.changeSetNoticeMs.map(s2).join(', ')}${r.changeSetsMadeAhead > 0 ? ` (${r.changeSetsMadeAhead} made ahead, ready before its step)` : ''}`),
      `  (b) delay from an operation's end to the tool noticing it: mean ${s2(mean(delays))}, max ${s2(maxDelay)} over ${delays.length} operations (goal <= 1 s; SDK waiters: 30 to 120 s) ${verdict(maxDelay <= 1000)}`,
      `  (c) CloudFormation calls per stack operation: ${mean(runs.map((r) => r.cfnCallsPerOperation)).toFixed(1)}; most polls of one stack in any second, any phase: ${maxPolls} (goal <= 1) ${verdict(maxPolls <= 1)}`,
      `  (d) with a burst of ${burst.throttled} throttled calls (virtual clock, operations of ${s(VIRTUAL_OPERATION_MS)}): ${burst.cfnCallsPerOperation.toFixed(1)} CloudFormation calls per stack operation, end to end ${s(burst.totalMs)}`,
      '',
    ].join('\n'),
  );
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
