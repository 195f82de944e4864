/**
 * What AWS does on its own time, in the fake: event deliveries, pipeline actions, ECS deployments. Each
 * is a job due at a moment of the virtual clock. Jobs run in time order when a request arrives (the
 * fake runs what is due before it answers, so a command that polls sees progress) and when a test
 * lets time pass (`advance`, `settle`). A job may be asynchronous (an access check); jobs never run
 * two at a time.
 */
import type { VirtualClock } from './virtual-clock';

interface Job {
  at: number;
  seq: number;
  what: string;
  run: () => void | Promise<void>;
}

export class Background {
  private readonly jobs: Job[] = [];
  private seq = 0;
  private running: Promise<void> | undefined;
  /** Jobs that threw while a request was being answered (tests assert there are none). */
  readonly errors: Array<{ what: string; error: unknown }> = [];

  constructor(private readonly clock: VirtualClock) {}

  /** Runs `run` `delayMs` from now. */
  schedule(delayMs: number, what: string, run: () => void | Promise<void>): void {
    this.jobs.push({ at: this.clock.now() + Math.max(0, delayMs), seq: ++this.seq, what, run });
  }

  private next(until: number): Job | undefined {
    let best: Job | undefined;
    for (const j of this.jobs) if (j.at <= until && (!best || j.at < best.at || (j.at === best.at && j.seq < best.seq))) best = j;
    if (best) this.jobs.splice(this.jobs.indexOf(best), 1);
    return best;
  }

  private async runUntil(until: number, rethrow: boolean): Promise<void> {
    for (let job = this.next(until); job; job = this.next(until)) {
      if (job.at > this.clock.now()) this.clock.advance(job.at - this.clock.now());
      try {
        await job.run();
      } catch (error) {
        if (rethrow) throw error;
        this.errors.push({ what: job.what, error });
      }
    }
  }

  private exclusive(work: () => Promise<void>): Promise<void> {
    const start = async () => {
      while (this.running) await this.running;
      const p = work().finally(() => {
        if (this.running === p) this.running = undefined;
      });
      this.running = p;
      return p;
    };
    return start();
  }

  /** Runs every job due by now (before a request is answered); a failing job is recorded, not thrown. */
  runDue(): Promise<void> {
    if (!this.jobs.some((j) => j.at <= this.clock.now())) return Promise.resolve();
    return this.exclusive(() => this.runUntil(this.clock.now(), false));
  }

  /** Lets `ms` of simulated time pass, running each job at its moment. */
  advance(ms: number): Promise<void> {
    const until = this.clock.now() + ms;
    return this.exclusive(async () => {
      await this.runUntil(until, true);
      if (until > this.clock.now()) this.clock.advance(until - this.clock.now());
    });
  }

  /** Lets time pass until nothing is left to do (at most `limitMs`). */
  settle(limitMs = 6 * 3600_000): Promise<void> {
    const until = this.clock.now() + limitMs;
    return this.exclusive(async () => {
      for (;;) {
        const first = this.jobs.reduce<number | undefined>((m, j) => (m === undefined || j.at < m ? j.at : m), undefined);
        if (first === undefined || first > until) return;
        await this.runUntil(first, true);
      }
    });
  }
}
