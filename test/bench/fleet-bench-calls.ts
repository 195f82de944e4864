/**
 * The fleet bench's count of CloudFormation calls: each request as it reached the fake, and whether it
 * was a poll (a read that watches a change set being computed or a stack operation running) or another
 * call (a decision's read, a write, a baseline). Decided from the answers, not from the tool's code, so
 * a change in the tool cannot move a call from one column to the other by renaming it.
 */

/** One CloudFormation request as the fake answered it. */
export interface CfnRequest {
  at: number;
  account: string;
  region: string;
  command: string;
  /** The stack the request names, by name (an ARN is cut to its name). */
  stack?: string;
  /** A further page of one read (NextToken): counted with the page it continues. */
  continuation: boolean;
  /** The error code the fake answered, e.g. Throttling. */
  error?: string;
  poll: boolean;
}

type Json = Record<string, unknown>;

/** `arn:aws:cloudformation:eu-west-1:111122223333:stack/name/uuid` -> `name`; a name stays itself. */
export const stackNameOf = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const arn = /^arn:[^:]+:cloudformation:[^:]*:\d{12}:stack\/([^/]+)\//.exec(value);
  return arn ? arn[1] : value;
};

/** A change set's Status once CloudFormation has finished computing it (API reference, DescribeChangeSet Status). */
const CHANGE_SET_SETTLED = /^(CREATE_COMPLETE|FAILED|DELETE_COMPLETE|DELETE_FAILED)$/;
/** A stack status or stack event at the end of an operation: *_COMPLETE or *_FAILED (API reference, Stack StackStatus). */
const OPERATION_ENDED = /_(COMPLETE|FAILED)$/;

/** The writes after which a stack operation runs and is watched (API reference: ExecuteChangeSet, DeleteStack, ContinueUpdateRollback). */
const STARTS_OPERATION = new Set(['ExecuteChangeSet', 'DeleteStack', 'ContinueUpdateRollback']);

export class CfnCallLog {
  readonly requests: CfnRequest[] = [];
  /** Per stack (account/region/name): what is being waited for, and since when. */
  private readonly waiting = new Map<string, { kind: 'change-set' | 'operation'; since: number }>();
  /** Per stack and command: whether the last first page was a poll (its further pages are too). */
  private readonly lastWasPoll = new Map<string, boolean>();

  /** Records one request with the fake's answer (undefined when it answered an error). */
  record(at: number, account: string, region: string, command: string, input: Json, answer: Json | undefined, error?: string): CfnRequest {
    const stack = stackNameOf(input.StackName) ?? stackNameOf(answer?.StackName);
    const key = `${account}/${region}/${stack ?? ''}`;
    const continuation = typeof input.NextToken === 'string' && input.NextToken !== '';
    const wait = stack ? this.waiting.get(key) : undefined;
    let poll: boolean;
    if (continuation) poll = this.lastWasPoll.get(`${key}/${command}`) ?? false;
    else if (wait?.kind === 'change-set') poll = command === 'DescribeChangeSet';
    else if (wait?.kind === 'operation') poll = command === 'DescribeStackEvents' || command === 'DescribeStacks';
    else poll = false;
    if (!continuation) this.lastWasPoll.set(`${key}/${command}`, poll);
    const request: CfnRequest = { at, account, region, command, ...(stack ? { stack } : {}), continuation, ...(error ? { error } : {}), poll };
    this.requests.push(request);
    if (error || !stack) return request;
    if (command === 'CreateChangeSet') this.waiting.set(key, { kind: 'change-set', since: at });
    else if (STARTS_OPERATION.has(command)) this.waiting.set(key, { kind: 'operation', since: at });
    else if (poll && !continuation && answer && wait && this.ends(wait, command, stack, answer)) this.waiting.delete(key);
    return request;
  }

  /** Whether this poll's answer shows the wait over: the change set computed, or the operation's end. */
  private ends(wait: { kind: 'change-set' | 'operation'; since: number }, command: string, stack: string, answer: Json): boolean {
    if (wait.kind === 'change-set') return CHANGE_SET_SETTLED.test(String(answer.Status));
    if (command === 'DescribeStacks') {
      const status = String((answer.Stacks as Json[] | undefined)?.[0]?.StackStatus ?? '');
      return OPERATION_ENDED.test(status) && !/IN_PROGRESS/.test(status);
    }
    // The stack's own event that ends the operation, not older than the write that started it (StackEvent:
    // LogicalResourceId is the stack's name for the stack itself; `since` is read before that write was sent).
    const events = (answer.StackEvents as Json[] | undefined) ?? [];
    return events.some((e) => e.LogicalResourceId === stack && OPERATION_ENDED.test(String(e.ResourceStatus)) && new Date(e.Timestamp as string | Date).getTime() >= wait.since);
  }
}

/** The figures of one run's log: polls and other calls, per stack deployment, and others by command. */
export function countCalls(requests: CfnRequest[], stackDeployments: number) {
  const polls = requests.filter((r) => r.poll).length;
  const others = requests.filter((r) => !r.poll);
  const byCommand = new Map<string, number>();
  for (const r of others) byCommand.set(r.command, (byCommand.get(r.command) ?? 0) + 1);
  return {
    total: requests.length,
    throttled: requests.filter((r) => r.error === 'Throttling').length,
    polls,
    others: others.length,
    pollsPerStack: polls / stackDeployments,
    othersPerStack: others.length / stackDeployments,
    /** Other calls per stack deployment by command, most first; throttled answers among them. */
    othersByCommand: [...byCommand.entries()].sort((x, y) => y[1] - x[1]).map(([command, n]) => ({ command, perStack: n / stackDeployments })),
    othersThrottled: others.filter((r) => r.error === 'Throttling').length,
  };
}

/**
 * The most CloudFormation requests in any one second of one account and region (where AWS counts them:
 * a quota increase for "Rate exceeded" names the Region, AWS re:Post knowledge center,
 * cloudformation-rate-exceeded-error), for account A and for the busiest other account.
 */
export function peakPerSecond(requests: CfnRequest[], sourceAccount: string): { source: number; target: number } {
  const perSecond = new Map<string, number>();
  for (const r of requests) {
    const key = `${r.account}@${r.region}@${Math.floor(r.at / 1000)}`;
    perSecond.set(key, (perSecond.get(key) ?? 0) + 1);
  }
  let source = 0;
  let target = 0;
  for (const [key, n] of perSecond) {
    if (key.startsWith(`${sourceAccount}@`)) source = Math.max(source, n);
    else target = Math.max(target, n);
  }
  return { source, target };
}
