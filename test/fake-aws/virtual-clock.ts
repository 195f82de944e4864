/**
 * Simulated time shared by the fake AWS and the engine under test: `sleep` moves time forward at once,
 * so a ten-minute deployment runs in milliseconds and no test ever sleeps for real.
 */
import type { Clock } from '../../scripts/deploy/clock';

export class VirtualClock implements Clock {
  private time: number;
  /** Total simulated time spent in sleep (for benchmarks: how long the tool waited). */
  slept = 0;

  constructor(start = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }

  async sleep(ms: number): Promise<void> {
    this.time += ms;
    this.slept += ms;
    // Let other promises run, as a real timer would.
    await Promise.resolve();
  }
}

/**
 * The fake on the wall clock (a test control, for benchmarks over `serveFake`): `now` is real time,
 * `sleep` really waits, and a stack operation of `operationMs` takes that long for the tool that
 * watches it. Time cannot be moved forward here (`advance`, and so `FakeAws.advance`/`settle`, refuse):
 * transitions happen when a request arrives at or after their moment, as on the virtual clock.
 */
export class RealTimeClock extends VirtualClock {
  constructor() {
    super(Date.now());
  }

  override now(): number {
    return Date.now();
  }

  override advance(): void {
    throw new Error('the fake runs on the wall clock (RealTimeClock): time cannot be moved forward, only waited for');
  }

  override async sleep(ms: number): Promise<void> {
    this.slept += ms;
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}
