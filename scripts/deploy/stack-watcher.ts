/**
 * Watches one stack operation to its end: polls the stack and its events itself (the SDK waiters poll
 * every 30 to 120 s and take a rolled-back update for success), reports each new event once, and does
 * not take a stale status read right after the start for the end state.
 */
import { awsError, isMissingStack } from '../aws/aws-errors';
import type { CloudFormationPort, StackEvent } from '../aws/ports';
import { pollUntil, type Clock } from './clock';
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
 * After this many polls without a new event of the operation, the next poll reads the stack's status
 * instead: a cross-check should an event be slow to appear.
 */
const STATUS_CHECK_EVERY = 10;

/**
 * Polls until the operation ends, reading the end from the stack's own events after the baseline (the
 * record of this operation): one call per poll, the first one interval after the watch starts (the
 * baseline, or the change set's last poll, was read just before), so the stack is read at most once per
 * interval. DescribeStacks, which may still show the status from before the execute for a moment, is
 * only a cross-check once the events have been quiet for a while. Without an operation (waiting for
 * someone else's), the first poll reads the status, and the first settled status ends the wait.
 */
export async function watchOperation(cfn: CloudFormationPort, stack: string, baselineEventId: string | undefined, o: WatchOptions): Promise<WatchResult> {
  const operation = o.operation;
  const started = o.clock.now();
  const seen = new Set<string>();
  const events: StackEvent[] = [];
  const ends = (status: string) => (operation ? isEndOf(operation, status) : isSettled(status));
  let status = 'UNKNOWN';
  let quiet = 0;
  const poll = async (n: number): Promise<WatchResult | undefined> => {
    throwIfInterrupted(o.signal);
    if ((n === 0 && !operation) || quiet >= STATUS_CHECK_EVERY) {
      quiet = 0;
      const summary = await cfn.describeStack(stack);
      if (!summary && operation !== 'create' && operation !== 'update') return { status: 'DELETE_COMPLETE', events };
      // A settled status counts once this operation has shown itself (or when waiting for another's).
      if (summary && ends(summary.status) && (events.length > 0 || !operation)) return { status: summary.status, events };
      if (summary && status === 'UNKNOWN') status = summary.status;
    } else {
      let gone = false;
      const fresh = await newEvents(cfn, stack, baselineEventId, seen).catch((e) => {
        // A finished delete removes the stack, and its events with it.
        if (operation !== 'create' && operation !== 'update' && isMissingStack(e)) {
          gone = true;
          return [];
        }
        throw e;
      });
      quiet = fresh.length > 0 ? 0 : quiet + 1;
      let ended: string | undefined;
      for (const e of fresh) {
        seen.add(e.eventId);
        events.push(e);
        o.onEvent(e);
        if (e.logicalId === stack) {
          status = e.status;
          if (ends(e.status)) ended = e.status;
        }
      }
      if (gone) return { status: 'DELETE_COMPLETE', events };
      if (ended) return { status: ended, events };
    }
    o.onStatus?.(status, o.clock.now() - started);
    if (o.clock.now() - started >= (o.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS)) {
      throw awsError('wait-timeout', `stack ${stack} is still ${status} after ${Math.round((o.clock.now() - started) / 60_000)} minutes: it goes on in AWS. Run again later; the run continues once it has settled.`);
    }
    return undefined;
  };
  return pollUntil(o.clock, o.intervalMs, poll, { firstAt: started + o.intervalMs });
}

/** The events that explain a failure: the first resource that failed with a real reason first. */
export function rootCause(events: StackEvent[], stack: string): StackEvent[] {
  const failed = events.filter((e) => e.status.endsWith('_FAILED') && e.logicalId !== stack);
  const real = failed.filter((e) => !/Resource (creation|update) cancelled/i.test(e.reason ?? ''));
  return [...real, ...failed.filter((e) => !real.includes(e))];
}
