/**
 * Ctrl-C for every command that talks to AWS: the first one aborts the run's signal, which ends any
 * request in flight and any wait, and no new call starts (what AWS is already doing finishes on its own
 * and the next run picks it up); a second one exits at once.
 */
import { setMaxListeners } from 'node:events';
import { EXIT } from '../errors';
import type { Io } from './io';

export interface Interruption {
  signal: AbortSignal;
  dispose: () => void;
}

export function interruptOnSigint(io: Io): Interruption {
  const controller = new AbortController();
  // Every request in flight listens to the run's signal: a fleet has dozens at once (one per step at
  // --concurrency), which is no leak, so Node's warning past 10 listeners would only alarm the user.
  setMaxListeners(0, controller.signal);
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    io.err('\nInterrupting: requests in flight are abandoned and no new AWS call will start; operations already running in AWS finish on their own. Ctrl-C again to exit at once.\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}

/** The signal tests give (they press Ctrl-C by aborting it), or one that SIGINT aborts. */
export const interruption = (io: Io, given: AbortSignal | undefined): Interruption => (given ? { signal: given, dispose: () => undefined } : interruptOnSigint(io));
