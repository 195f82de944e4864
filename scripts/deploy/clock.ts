/** Time for the engine: real in the CLI, virtual in tests (which never sleep for real). */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Sleeps until the clock reads `at` (a timer may fire a little early: it sleeps the rest). */
async function sleepUntil(clock: Clock, at: number): Promise<void> {
  for (let wait = at - clock.now(); wait > 0; wait = at - clock.now()) await clock.sleep(wait);
}

/**
 * The one wait loop: calls `poll` until it returns a result. Polls are at least `intervalMs` apart,
 * counted from the previous poll's answer, so two of them never reach AWS closer together whatever the
 * latency; the first one is at `firstAt` (default: at once). `poll` gets the poll's number (0 first).
 */
export async function pollUntil<T>(clock: Clock, intervalMs: number, poll: (n: number) => Promise<T | undefined>, o: { firstAt?: number } = {}): Promise<T> {
  let due = o.firstAt ?? clock.now();
  for (let n = 0; ; n++) {
    await sleepUntil(clock, due);
    const result = await poll(n);
    if (result !== undefined) return result;
    due = clock.now() + intervalMs;
  }
}
