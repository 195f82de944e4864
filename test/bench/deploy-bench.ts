/**
 * `make bench` (deploy part): the whole deploy sequence against the fake AWS, every stack operation
 * lasting a fixed simulated time, on the virtual clock. Prints
 *   (a) the simulated end-to-end time against the sum of the stack operation times on the critical path
 *       (change sets and executions), as an overhead percentage (goal <= 2 %);
 *   (b) the delay between a stack settling and the tool noticing it (goal <= 2 s; SDK waiters: 30-120 s);
 *   (c) API calls per stack operation, without and with a throttling burst.
 */
import { accountPorts } from '../../scripts/aws/clients';
import { parseConfig } from '../../scripts/config/load-config';
import { runDeploySequence } from '../../scripts/deploy/engine';
import type { ProgressEvent } from '../../scripts/deploy/events';
import { FakeAws } from '../fake-aws/fake-aws';
import { dump } from 'js-yaml';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const A = '111122223333';
const B = '444455556666';
// Not multiples of the poll interval, so the measured delays are not flattered by alignment.
const OPERATION_MS = 120_777;
const CHANGE_SET_MS = 4_321;

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

interface Measured {
  totalMs: number;
  criticalMs: number;
  noticeDelaysMs: number[];
  cfnCallsPerOperation: number;
  throttled: number;
}

async function measure(throttleBurst: number): Promise<Measured> {
  const aws = new FakeAws([A, B]);
  for (const account of [A, B]) {
    aws.cloudFormation(account).operationMs = OPERATION_MS;
    aws.cloudFormation(account).changeSetMs = CHANGE_SET_MS;
  }
  const key = (account: string) => {
    const k = aws.addUser(account);
    return async () => ({ accessKeyId: k, secretAccessKey: 'x' });
  };
    // The product's own client factory, with the fake under the real SDK and the SDK's retries on the virtual clock.
  const clients = (account: string) => accountPorts({ region: 'eu-west-1', credentials: key(account), requestHandler: aws.requestHandler, sleep: (ms) => aws.clock.sleep(ms) });
  const ports = { source: clients(A), target: clients(B) };
  if (throttleBurst > 0) aws.throttle(throttleBurst, 'cloudformation');
  const seenAt: Array<{ event: ProgressEvent; at: number }> = [];
  const start = aws.clock.now();
  await runDeploySequence(config, { aws: ports, clock: aws.clock, emit: (event) => seenAt.push({ event, at: aws.clock.now() }), yes: true });
  const totalMs = aws.clock.now() - start;

  // The AWS side of each stack operation: its change set, then its execution (first to last stack event).
  const operations: Array<{ startedAt: number; endedAt: number }> = [];
  for (const [account, stack] of [[B, 'bench-target'], [A, 'bench-source']]) {
    const events = aws.cloudFormation(account).stack(stack)!.events.filter((e) => e.LogicalResourceId === stack && e.ResourceStatus !== 'REVIEW_IN_PROGRESS');
    for (let i = 0; i < events.length; i++) {
      if (events[i].ResourceStatusReason === 'User Initiated') {
        const end = events.slice(i + 1).find((e) => /_COMPLETE$|_FAILED$/.test(e.ResourceStatus) && !/CLEANUP/.test(e.ResourceStatus));
        if (end) operations.push({ startedAt: events[i].Timestamp.getTime(), endedAt: end.Timestamp.getTime() });
      }
    }
  }
  const criticalMs = operations.reduce((sum, o) => sum + (o.endedAt - o.startedAt) + CHANGE_SET_MS, 0);
  const noticeDelaysMs = operations.map((o) => {
    const noticed = seenAt.find((s) => s.at >= o.endedAt && s.event.type === 'step-finished');
    return noticed ? noticed.at - o.endedAt : Number.NaN;
  });
  const cfnCalls = aws.calls.filter((c) => c.service === 'cloudformation').length;
  return { totalMs, criticalMs, noticeDelaysMs, cfnCallsPerOperation: cfnCalls / operations.length, throttled: aws.calls.filter((c) => c.error === 'Throttling').length };
}

async function main(): Promise<void> {
  const calm = await measure(0);
  const burst = await measure(15);
  const overhead = ((calm.totalMs - calm.criticalMs) / calm.criticalMs) * 100;
  const maxDelay = Math.max(...calm.noticeDelaysMs) / 1000;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  process.stdout.write(
    [
      `deploy-sequence benchmark (fake AWS, each stack operation ${s(OPERATION_MS)}, each change set ${s(CHANGE_SET_MS)}, virtual clock)`,
      `  (a) end to end ${s(calm.totalMs)} against ${s(calm.criticalMs)} of stack operations on the critical path: overhead ${overhead.toFixed(2)} % (goal <= 2 %) ${overhead <= 2 ? 'OK' : 'OVER GOAL'}`,
      `  (b) delay from a stack settling to the tool noticing it: max ${maxDelay.toFixed(1)} s, per operation ${calm.noticeDelaysMs.map((d) => s(d)).join(', ')} (goal <= 2 s; SDK waiters: 30 to 120 s) ${maxDelay <= 2 ? 'OK' : 'OVER GOAL'}`,
      `  (c) CloudFormation API calls per stack operation: ${calm.cfnCallsPerOperation.toFixed(1)} without throttling; ${burst.cfnCallsPerOperation.toFixed(1)} with a burst of ${burst.throttled} throttled calls (end to end ${s(burst.totalMs)})`,
      '',
    ].join('\n'),
  );
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
