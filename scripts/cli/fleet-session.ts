/**
 * What a command over several targets runs in: each target's own credentials for its account B,
 * account A's ports built once per region (its stack there serves every target of the region), the
 * run's clock, throttling retried, Ctrl-C. A read-only run (status) also shares account A's reads.
 */
import type { AccountPorts } from '../aws/ports';
import { sharedReads } from '../aws/read-cache';
import { realClock, type Clock } from '../deploy/clock';
import type { Accounts } from '../deploy/observe';
import { resilientPorts } from '../deploy/resilient-ports';
import type { ResolvedTarget } from '../targets/resolve-targets';
import type { Emit } from '../deploy/events';
import type { FleetDestroyPlan } from '../destroy/fleet-destroy';
import { EXIT, type ExitCode } from '../errors';
import { awsRuntime, connectTo } from './aws-setup';
import { interruption } from './interrupt';
import type { Io } from './io';
import type { RunDeps } from './run-deps';

export interface FleetSession {
  clock: Clock;
  signal: AbortSignal;
  /** The ports of one target: its account B, and account A of its region (shared with the region's other targets). */
  portsOf(target: ResolvedTarget): Promise<Accounts>;
}

/** `readOnly`: account A's reads of a region are asked once for all its targets (aws/read-cache.ts). */
export async function fleetSession<T>(io: Io, deps: RunDeps, options: { readOnly: boolean }, work: (session: FleetSession) => Promise<T>): Promise<T> {
  const clock = deps.clock ?? realClock;
  const interrupt = interruption(io, deps.signal);
  const runtime = awsRuntime(io, deps, interrupt.signal);
  const resilience = { clock, signal: interrupt.signal, onThrottled: () => undefined };
  const sources = new Map<string, Promise<AccountPorts>>();
  const sourceOf = (t: ResolvedTarget) => {
    const key = `${t.source.accountId}/${t.region}`;
    if (!sources.has(key)) {
      const built = connectTo(t.config, ['source'] as const, runtime).then(({ source }) => {
        const ports = resilientPorts(source, resilience);
        return options.readOnly ? sharedReads(ports) : ports;
      });
      // A failure (a profile that does not exist) is each target's of the region, and asked again by none.
      sources.set(key, built);
    }
    return sources.get(key)!;
  };
  try {
    return await work({
      clock,
      signal: interrupt.signal,
      portsOf: async (t) => {
        const source = await sourceOf(t);
        const { target } = await connectTo(t.config, ['target'] as const, runtime);
        return { source, target: resilientPorts(target, resilience) };
      },
    });
  } finally {
    interrupt.dispose();
  }
}

/** Each unit's run in a fleet teardown (either engine): confirmed already (--yes or the plan), on the session's clock. */
export const teardownRunOptions = (session: FleetSession, deps: RunDeps, emitOf: (label: string) => Emit) => (label: string) => ({
  clock: session.clock,
  emit: emitOf(label),
  yes: true,
  signal: session.signal,
  ...(deps.pollIntervalMs !== undefined ? { pollIntervalMs: deps.pollIntervalMs } : {}),
});

/**
 * A fleet teardown's --dry-run exit code (either engine): no target could be planned, the first one's
 * own code (4 AWS, 6 credentials); some, partly failed (7); a blocked step, 4; else 0.
 */
export function dryRunExitCode(plan: FleetDestroyPlan): ExitCode {
  const failed = plan.targets.flatMap((t) => (t.error ? [t.error] : []));
  if (failed.length > 0) return failed.length === plan.targets.length ? (failed[0]!.exitCode as ExitCode) : EXIT.partlyFailed;
  return plan.targets.some((t) => t.plan!.steps.some((s) => s.action === 'blocked')) ? EXIT.aws : EXIT.ok;
}
