/** What every command's run takes from its caller; its own file so the commands and aws-setup share it without importing each other. */
import type { AwsRequestHandler, HttpTimeouts } from '../aws/clients';
import type { Clock } from '../deploy/clock';

/**
 * What tests replace: time (a virtual clock), how often stacks are polled, Ctrl-C (an abort signal),
 * and AWS itself (the fake's request handler under the real SDK clients), with the HTTP timeouts.
 */
export interface RunDeps {
  clock?: Clock;
  pollIntervalMs?: number;
  signal?: AbortSignal;
  requestHandler?: AwsRequestHandler;
  timeouts?: HttpTimeouts;
}
