/** What every client of one account shares: credentials, region, retries, timeouts, endpoints and Ctrl-C. */
import { clockRetryStrategy } from '../retry-strategy';
import type { AwsCredentialIdentityProvider, HttpHandlerOptions, HttpRequest, HttpResponse, RequestHandler } from '@smithy/types';

export interface ClientOptions {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  /**
   * Attempts per call in the SDK's retry middleware (default 2: one quick retry of a transient or server
   * error). Throttling is left to the engine, which retries it with a notice each time.
   */
  maxAttempts?: number;
  /** How the SDK's retries wait (the run's clock; default: real time). */
  sleep?: (ms: number) => Promise<void>;
  /** Ctrl-C: aborts every request in flight, and no retry starts after it. */
  signal?: AbortSignal;
  /** Tests: the fake AWS's request handler. Default: HTTPS with the timeouts below. */
  requestHandler?: AwsRequestHandler;
  timeouts?: HttpTimeouts;
  /** Endpoints the account's profile configures, by client serviceId (profile-endpoints.ts). */
  endpoints?: Record<string, string>;
  /**
   * The role CloudFormation uses for this account's stack: sent as RoleARN with every change set, delete
   * and rollback continuation, so the stack's resources are made with its permissions, not the caller's.
   */
  cloudFormationRoleArn?: string;
  /** Announces calls that wait on the network (and names the endpoint in their failures). */
  watch?: CallWatch;
}

/** Sends one HTTP request: the SDK's own handler, or in tests the fake AWS. */
export type AwsRequestHandler = RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions>;

export interface HttpTimeouts {
  /** Connecting to the endpoint (TCP and TLS). */
  connectMs: number;
  /** Waiting for an answer once the request is sent (the socket idles that long at most). */
  responseMs: number;
  /** A call without an answer after this long is announced on the console (default 5 s). */
  noticeMs?: number;
}

/** An endpoint that accepts and never answers is given up on after these (then the SDK retries once). */
export const DEFAULT_TIMEOUTS: HttpTimeouts = { connectMs: 10_000, responseMs: 30_000 };

/** Every `send` of the client carries the run's abort signal (Ctrl-C ends any request in flight). */
export function abortable<C extends { send: (...args: any[]) => Promise<any> }>(client: C, signal: AbortSignal | undefined): C { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!signal) return client;
  const send = client.send.bind(client);
  client.send = ((command: unknown, options?: Record<string, unknown>) => send(command, { abortSignal: signal, ...options })) as C['send'];
  return client;
}

/** The SDK client configuration every client of one account shares. */
export function clientConfig(options: ClientOptions) {
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  return {
    region: options.region,
    credentials: options.credentials,
    retryStrategy: clockRetryStrategy({ maxAttempts: options.maxAttempts ?? 2, retryThrottling: false, sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))) }),
    // An options object: the SDK builds its Node HTTPS handler with these timeouts. Without
    // throwOnRequestTimeout its requestTimeout only logs a warning and the request waits on forever
    // (@smithy/node-http-handler: "Init client requestHandler with throwOnRequestTimeout=true to turn
    // this into an error").
    requestHandler: options.requestHandler ?? { connectionTimeout: timeouts.connectMs, requestTimeout: timeouts.responseMs, throwOnRequestTimeout: true },
  };
}

/** What the run is told about a call that waits on the network (`xacct` prints it on stderr). */
export interface CallWatch {
  /** After this long without an answer the call is announced (default 5 s). */
  noticeMs?: number;
  /** Told once per attempt that waits longer than noticeMs. */
  notice: (text: string) => void;
  /** Whose call it is, for the notice: "source account 111122223333". */
  label: string;
}

const endpointText = (r: { protocol?: string; hostname?: string; port?: number }) => `${r.protocol ?? 'https:'}//${r.hostname ?? '?'}${r.port ? `:${r.port}` : ''}`;

/**
 * Each attempt of each call: after `noticeMs` without an answer, says what is waited for and where;
 * a failure that reached no answer carries the endpoint (`$xacctEndpoint`), so the message can name it.
 * Placed after the retry middleware (finalizeRequest, low priority), so it sees every attempt.
 */
export function watchCalls<C extends { middlewareStack: { add: (...args: any[]) => void } }>(client: C, watch: CallWatch | undefined, timeouts: HttpTimeouts = DEFAULT_TIMEOUTS): C { // eslint-disable-line @typescript-eslint/no-explicit-any
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) => async (args: { request?: { protocol?: string; hostname?: string; port?: number } }) => {
      const where = args.request ? endpointText(args.request) : 'the AWS endpoint';
      const service = (context.clientName ?? '').replace(/Client$/, '');
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      const timer = watch
        ? setTimeout(
            () => watch.notice(`waiting for ${service} ${operation} at ${where} (${watch.label}); giving up after ${Math.round(timeouts.responseMs / 1000)} s without an answer (Ctrl-C stops)\n`),
            watch.noticeMs ?? 5_000,
          )
        : undefined;
      timer?.unref?.();
      try {
        return await next(args);
      } catch (e) {
        if (e && typeof e === 'object' && !('$xacctEndpoint' in e)) Object.defineProperty(e, '$xacctEndpoint', { value: where, enumerable: false });
        throw e;
      } finally {
        if (timer) clearTimeout(timer);
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'xacctWatchCalls' },
  );
  return client;
}
