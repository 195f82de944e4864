/**
 * What a read-only command (status, doctor) runs in: both accounts' ports, retried when AWS throttles,
 * stopped by Ctrl-C, on the run's clock. The command gets the ports and the clock; Ctrl-C handling is
 * undone when it returns.
 */
import type { DeploymentConfig } from '../config/schema';
import { realClock, type Clock } from '../deploy/clock';
import type { Accounts } from '../deploy/observe';
import { resilientPorts } from '../deploy/resilient-ports';
import { awsRuntime, connect } from './aws-setup';
import type { RunDeps } from './run-deps';
import { interruption } from './interrupt';
import type { Io } from './io';

export async function readOnlySession<T>(config: DeploymentConfig, io: Io, deps: RunDeps, work: (aws: Accounts, clock: Clock) => Promise<T>): Promise<T> {
  const clock = deps.clock ?? realClock;
  const interrupt = interruption(io, deps.signal);
  try {
    const connected = await connect(config, awsRuntime(io, deps, interrupt.signal));
    const resilience = { clock, signal: interrupt.signal, onThrottled: () => undefined };
    return await work({ source: resilientPorts(connected.source, resilience), target: resilientPorts(connected.target, resilience) }, clock);
  } finally {
    interrupt.dispose();
  }
}
