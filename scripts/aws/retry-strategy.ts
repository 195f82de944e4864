/**
 * The SDK's retry middleware runs every call; this strategy decides, on the SDK's own classification of
 * the error (THROTTLING, TRANSIENT, SERVER_ERROR, CLIENT_ERROR), whether to try again and waits through
 * the tool's clock: real time in the CLI, simulated time in tests (the SDK's own strategy waits with
 * setTimeout, which a test on simulated time would never see pass). Backoff as the SDK's standard mode:
 * full jitter on 100 ms (500 ms when throttled) times 2^attempt, at most 20 s (@smithy/core retry:
 * DEFAULT_RETRY_DELAY_BASE, THROTTLING_RETRY_DELAY_BASE, MAXIMUM_RETRY_DELAY).
 */
import type { RetryErrorInfo, RetryStrategyV2, StandardRetryToken } from '@smithy/types';

const DEFAULT_DELAY_BASE_MS = 100;
const THROTTLING_DELAY_BASE_MS = 500;
const MAXIMUM_DELAY_MS = 20_000;

export interface RetryStrategyOptions {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  sleep: (ms: number) => Promise<void>;
  random?: () => number;
  /**
   * Whether throttling is retried here. The tool's engine retries throttled calls itself, telling the
   * person about each (a silent retry here would hide the first of every burst), so its clients say no.
   */
  retryThrottling?: boolean;
}

const token = (retryCount: number): StandardRetryToken => ({
  getRetryCount: () => retryCount,
  // The wait already happened in refreshRetryTokenForRetry: the middleware must not wait again.
  getRetryDelay: () => 0,
  getRetryCost: () => undefined,
});

export function clockRetryStrategy(o: RetryStrategyOptions): RetryStrategyV2 & { mode: string } {
  const random = o.random ?? Math.random;
  return {
    mode: 'standard',
    async acquireInitialRetryToken() {
      return token(0);
    },
    // "This method should either delay internally and return a token with 0 delay, OR do not sleep and
    // return a token with the desired delay duration" (@smithy/types RetryStrategyV2): it delays here.
    async refreshRetryTokenForRetry(previous, info: RetryErrorInfo) {
      const attempt = previous.getRetryCount() + 1;
      // CLIENT_ERROR (validation, access denied, expired credentials) is never retried: the tool must say why at once.
      if (attempt >= o.maxAttempts || info.errorType === 'CLIENT_ERROR') throw new Error('No retry token available');
      if (info.errorType === 'THROTTLING' && o.retryThrottling === false) throw new Error('No retry token available');
      const base = info.errorType === 'THROTTLING' ? THROTTLING_DELAY_BASE_MS : DEFAULT_DELAY_BASE_MS;
      await o.sleep(Math.floor(random() * Math.min(MAXIMUM_DELAY_MS, base * 2 ** attempt)));
      return token(attempt);
    },
    recordSuccess() {},
  };
}
