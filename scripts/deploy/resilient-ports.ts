/**
 * Every AWS call of a run goes through here: throttled calls are retried with backoff and jitter, and
 * an interrupted run (Ctrl-C) stops at the next call instead of starting new work. One wrapper around
 * all ports, so no call can forget either.
 */
import { pagedBuilder, type PageCall } from '../aws/paging';
import type { AccountPorts } from '../aws/ports';
import { InterruptedError } from '../errors';
import type { Clock } from './clock';
import { withThrottleRetry } from './retry';

export interface ResilienceOptions {
  clock: Clock;
  signal?: AbortSignal;
  onThrottled: (attempt: number, delayMs: number) => void;
}

export function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InterruptedError();
}

/**
 * Each method of the port, wrapped when it is first asked for: a proxy rather than a copy of the
 * port's methods, so a port whose SDK client loads on first use (aws/clients.ts) is not loaded by
 * being wrapped.
 */
function wrap<T extends object>(port: T, o: ResilienceOptions): T {
  const wrapped = new Map<string | symbol, unknown>();
  // One request: stop if interrupted, and an aborted request is an interruption, not a failure.
  const interruptible = async <R>(request: () => Promise<R>): Promise<R> => {
    throwIfInterrupted(o.signal);
    try {
      return await request();
    } catch (e) {
      // Ctrl-C ended the request in flight (the SDK's AbortError): an interruption, not a failure.
      throwIfInterrupted(o.signal);
      throw e;
    }
  };
  const retried: PageCall = (request) => withThrottleRetry(() => interruptible(request), { clock: o.clock, onThrottled: o.onThrottled });
  const around = (member: (...a: unknown[]) => Promise<unknown>) => {
    // A method that reads several pages retries each page on its own, so a throttled page does not
    // read the pages before it again (aws/paging.ts); any other method is one request, retried whole.
    const build = pagedBuilder(member);
    if (build) {
      const method = build(retried) as (...a: unknown[]) => Promise<unknown>;
      return (...args: unknown[]) => interruptible(() => method(...args));
    }
    return (...args: unknown[]) => retried(() => member.apply(port, args));
  };
  return new Proxy(port, {
    get: (target, name) => {
      const member = (target as Record<string | symbol, unknown>)[name];
      if (typeof member !== 'function') return member;
      if (!wrapped.has(name)) wrapped.set(name, around(member as (...a: unknown[]) => Promise<unknown>));
      return wrapped.get(name);
    },
  });
}

/**
 * Resilience whose throttling retries are reported as notices of the step running at the time
 * (`currentStep` is read when a retry happens).
 */
export function reportingThrottles(
  o: { clock: Clock; signal?: AbortSignal },
  notice: (event: { type: 'notice'; stepId?: string; message: string }) => void,
  currentStep: () => string | undefined,
): ResilienceOptions {
  return {
    clock: o.clock,
    ...(o.signal ? { signal: o.signal } : {}),
    onThrottled: (attempt, delayMs) => {
      const stepId = currentStep();
      notice({ type: 'notice', ...(stepId ? { stepId } : {}), message: `throttled by AWS (attempt ${attempt}); retrying in ${(delayMs / 1000).toFixed(1)} s` });
    },
  };
}

/** One port with the same resilience (a port that is not one of every account's, such as StackSets). */
export const resilientPort = <T extends object>(port: T, o: ResilienceOptions): T => wrap(port, o);

export function resilientPorts(ports: AccountPorts, o: ResilienceOptions): AccountPorts {
  return {
    cloudFormation: wrap(ports.cloudFormation, o),
    events: wrap(ports.events, o),
    s3: wrap(ports.s3, o),
    sts: wrap(ports.sts, o),
    codePipeline: wrap(ports.codePipeline, o),
    ecr: wrap(ports.ecr, o),
    ecs: wrap(ports.ecs, o),
    cloudWatch: wrap(ports.cloudWatch, o),
    serviceCatalog: wrap(ports.serviceCatalog, o),
    iam: wrap(ports.iam, o),
    kms: wrap(ports.kms, o),
  };
}
