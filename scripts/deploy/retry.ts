/**
 * Throttling ("Rate exceeded") is retried with exponential backoff and full jitter; every other error
 * goes straight up (expired credentials must stop the run within seconds, not after minutes of retries).
 */
import { isThrottling } from '../aws/aws-errors';
import type { Clock } from './clock';

export interface RetryOptions {
  clock: Clock;
  /** Attempts in all, the first included. */
  attempts?: number;
  baseMs?: number;
  maxMs?: number;
  random?: () => number;
  onThrottled?: (attempt: number, delayMs: number) => void;
}

export async function withThrottleRetry<T>(call: () => Promise<T>, o: RetryOptions): Promise<T> {
  const attempts = o.attempts ?? 10;
  const base = o.baseMs ?? 500;
  const max = o.maxMs ?? 20_000;
  const random = o.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!isThrottling(e) || attempt >= attempts) throw e;
      const delay = Math.round(random() * Math.min(max, base * 2 ** (attempt - 1)));
      o.onThrottled?.(attempt, delay);
      await o.clock.sleep(delay);
    }
  }
}
