/**
 * Watches one stack operation to its end: polls the stack and its events itself (the SDK waiters poll
 * every 30 to 120 s and take a rolled-back update for success), reports each new event once, and does
 * not take a stale status read right after the start for the end state.
 */
import { awsError, isMissingStack } from '../aws/aws-errors';
import type { CloudFormationPort, StackEvent } from '../aws/ports';
import type { Clock } from './clock';
import { throwIfInterrupted } from './resilient-ports';
import { isEndOf, isSettled, type OperationKind } from './stack-status';

export interface WatchOptions {
  clock: Clock;
  intervalMs: number;
  /** The operation that was started (its end is read from its events). Absent: wait for whatever runs to settle. */
  operation?: OperationKind;
  signal?: AbortSignal;
  /** Give up waiting after this long (the stack goes on in AWS; a later run picks it up). */
  timeoutMs?: number;
  onEvent: (event: StackEvent) => void;
  onStatus?: (status: string, elapsedMs: number) => void;
}

export interface WatchResult {
  status: string;
  /** This operation's events, oldest first. */
  events: StackEvent[];
}

/** CloudFormation operations can take long (a CloudFront distribution, a big rollback); past this the run stops waiting. */
export const DEFAULT_WAIT_TIMEOUT_MS = 3 * 60 * 60 * 1000;

/** The newest event id of the stack now: everything after it belongs to the next operation. */
export async function latestEventId(cfn: CloudFormationPort, stack: string): Promise<string | undefined> {
  const page = await cfn.stackEvents(stack);
  return page.events[0]?.eventId;
}

/** Events newer than `after`, oldest first, following pages until `after` (or the start) is reached. */
async function newEvents(cfn: CloudFormationPort, stack: string, after: string | undefined, seen: Set<string>): Promise<StackEvent[]> {
  const fresh: StackEvent[] = [];
  let token: string | undefined;
  do {
    const page = await cfn.stackEvents(stack, token);
    for (const e of page.events) {
      if (e.eventId === after || seen.has(e.eventId)) return fresh.reverse();
      fresh.push(e);
    }
    token = page.nextToken;
  } while (token);
  return fresh.reverse();
}

/**
 * Polls until the operation ends. The end is read from the stack's own events after the baseline (the
 * record of this operation): DescribeStacks may still show the status from before the execute for a
 * moment, and a settled status alone cannot tell the two apart. Without an operation (waiting for
 * someone else's), the first settled status ends the wait.
 */
export async function watchOperation(cfn: CloudFormationPort, stack: string, baselineEventId: string | undefined, o: WatchOptions): Promise<WatchResult> {
  const operation = o.operation;
  const started = o.clock.now();
  const seen = new Set<string>();
  const events: StackEvent[] = [];
  let ended: string | undefined;
  for (;;) {
    const fresh = await newEvents(cfn, stack, baselineEventId, seen).catch((e) => {
      // A finished delete removes the stack, and its events with it.
      if (operation !== 'create' && operation !== 'update' && isMissingStack(e)) return [];
      throw e;
    });
    for (const e of fresh) {
      seen.add(e.eventId);
      events.push(e);
      o.onEvent(e);
      if (operation && e.logicalId === stack && isEndOf(operation, e.status)) ended = e.status;
    }
    const summary = await cfn.describeStack(stack);
    // A deleted stack is gone from DescribeStacks by name: that is the end of a delete.
    const status = summary?.status ?? 'DELETE_COMPLETE';
    o.onStatus?.(status, o.clock.now() - started);
    if (ended) return { status: ended, events };
    if (!summary && operation !== 'create' && operation !== 'update') return { status, events };
    if (!operation && isSettled(status)) return { status, events };
    if (o.clock.now() - started >= (o.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS)) {
      throw awsError('wait-timeout', `stack ${stack} is still ${status} after ${Math.round((o.clock.now() - started) / 60_000)} minutes: it goes on in AWS. Run again later; the run continues once it has settled.`);
    }
    await o.clock.sleep(o.intervalMs);
    throwIfInterrupted(o.signal);
  }
}

/** The events that explain a failure: the first resource that failed with a real reason first. */
export function rootCause(events: StackEvent[], stack: string): StackEvent[] {
  const failed = events.filter((e) => e.status.endsWith('_FAILED') && e.logicalId !== stack);
  const real = failed.filter((e) => !/Resource (creation|update) cancelled/i.test(e.reason ?? ''));
  return [...real, ...failed.filter((e) => !real.includes(e))];
}
