/**
 * Runs steps that name the steps they need (`dependsOn`) with at most `concurrency` at a time, and at
 * most one at a time per lock (a step's `lockOf`, e.g. the account and region of a stack operation).
 * A step runs once every step it needs has succeeded; a step whose need failed, or was not run, or that
 * `skip` stops (its target failed), is not run. Pure scheduling: no AWS, no clock.
 */

export interface GraphStep {
  id: string;
  dependsOn: string[];
}

export type GraphResult = { state: 'done' } | { state: 'failed'; error: unknown } | { state: 'not-run'; why: string };

export interface GraphOptions<S extends GraphStep> {
  concurrency: number;
  run: (step: S) => Promise<void>;
  /** Steps with the same key never run at the same time; undefined: no lock. */
  lockOf?: (step: S) => string | undefined;
  /** Why a step must not start now (its target or region failed); undefined: it may. Asked when it would start. */
  skip?: (step: S) => string | undefined;
}

export async function runGraph<S extends GraphStep>(steps: S[], o: GraphOptions<S>): Promise<Map<string, GraphResult>> {
  const results = new Map<string, GraphResult>();
  const pending = [...steps];
  const held = new Set<string>();
  const running = new Set<Promise<void>>();
  const limit = Math.max(1, o.concurrency);
  for (;;) {
    // Decide what can be decided: steps whose needs are settled either start or are left out.
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const step of [...pending]) {
        const needs = step.dependsOn.map((d) => [d, results.get(d)] as const);
        // A need outside this run (not among the steps) counts as done: the plan only names its own steps.
        const unknown = needs.filter(([d]) => !steps.some((s) => s.id === d));
        const open = needs.filter(([d, r]) => r === undefined && !unknown.some(([u]) => u === d));
        const broken = needs.find(([, r]) => r !== undefined && r.state !== 'done');
        if (broken) {
          pending.splice(pending.indexOf(step), 1);
          results.set(step.id, { state: 'not-run', why: `${broken[0]} ${broken[1]!.state === 'failed' ? 'failed' : 'did not run'}` });
          progressed = true;
          continue;
        }
        if (open.length > 0 || running.size >= limit) continue;
        const lock = o.lockOf?.(step);
        if (lock !== undefined && held.has(lock)) continue;
        pending.splice(pending.indexOf(step), 1);
        progressed = true;
        const why = o.skip?.(step);
        if (why !== undefined) {
          results.set(step.id, { state: 'not-run', why });
          continue;
        }
        if (lock !== undefined) held.add(lock);
        const job: Promise<void> = o
          .run(step)
          .then(
            () => void results.set(step.id, { state: 'done' }),
            (error: unknown) => void results.set(step.id, { state: 'failed', error }),
          )
          .finally(() => {
            if (lock !== undefined) held.delete(lock);
            running.delete(job);
          });
        running.add(job);
      }
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }
  // Anything left waits on a step that never settles (a need that is not in the plan): say so rather than hang.
  for (const step of pending) results.set(step.id, { state: 'not-run', why: `needs ${step.dependsOn.filter((d) => !results.has(d)).join(', ')}` });
  return results;
}
