/**
 * The fake AWS as the SDK sees it: an HTTP request handler, plugged into the clients the product's own
 * factory builds (`requestHandler`), in process so that fake timers keep working. Everything above it is
 * the real SDK: serializers, signing, retries, error parsing, credential providers. Each request is
 * decoded from its wire protocol, answered by the stateful fake, and encoded back the way AWS answers.
 */
import { Readable } from 'node:stream';
import type { HttpHandlerOptions, HttpRequest, HttpResponse, RequestHandler } from '@smithy/types';
import { FakeAwsError, LostAnswer, fault } from '../fault';
import { decodeJson, encodeJson, encodeJsonError } from './json-protocol';
import { JSON_1_0_SERVICES, JSON_SERVICES, QUERY_SERVICES } from './protocols';
import { decodeQuery, encodeQueryError, encodeQueryResult } from './query-protocol';
import { decodeS3, encodeS3, encodeS3Error, type WireResponse } from './s3-protocol';
import { signerOf, type Signer } from './signed-request';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What the fake world answers: one operation of one service, for the caller the signature names. */
export interface WireDispatcher {
  dispatch(signingName: string, operation: string, input: Json, caller: Signer): Promise<Json>;
  /** Headers every answer carries (`Date`, AWS's time; `Age` when a cache answers): by default `Date` from the machine's clock. */
  answerHeaders?(): Record<string, string>;
}

export async function readBody(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array();
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    return new Uint8Array(Buffer.concat(chunks));
  }
  throw new Error(`the fake cannot read a request body of type ${typeof body}`);
}

const lowerCaseHeaders = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

/** Answers one wire request: the part shared by the in-process handler and the HTTP server. */
export async function answer(
  dispatcher: WireDispatcher,
  request: { method: string; hostname: string; path: string; query: Record<string, string | string[] | null | undefined>; headers: Record<string, string>; body: Uint8Array },
  requestId: string,
): Promise<WireResponse> {
  const headers = lowerCaseHeaders(request.headers);
  const signer = signerOf(headers);
  if (!signer) {
    return { statusCode: 403, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' }) };
  }
  const text = () => new TextDecoder().decode(request.body);
  const common = dispatcher.answerHeaders?.() ?? { date: new Date().toUTCString() };
  const base = { 'x-amzn-requestid': requestId, ...common };
  const asFault = (e: unknown): FakeAwsError => {
    if (e instanceof LostAnswer) throw e;
    return e instanceof FakeAwsError ? e : fault('InternalFailure', `the fake failed: ${(e as Error).stack ?? String(e)}`, 500);
  };
  if (signer.service === 's3') {
    const { operation, input } = decodeS3({ ...request, headers });
    try {
      const out = encodeS3(operation, await dispatcher.dispatch('s3', operation, input, signer));
      return { ...out, headers: { 'x-amz-request-id': requestId, ...common, ...out.headers } };
    } catch (e) {
      const err = encodeS3Error(request.method, asFault(e), requestId);
      return { ...err, headers: { ...common, ...err.headers } };
    }
  }
  if (QUERY_SERVICES.has(signer.service)) {
    const { action, input } = decodeQuery(text());
    try {
      const result = await dispatcher.dispatch(signer.service, action, input, signer);
      return { statusCode: 200, headers: { ...base, 'content-type': 'text/xml' }, body: encodeQueryResult(signer.service, action, result, requestId) };
    } catch (e) {
      const f = asFault(e);
      return { statusCode: f.$metadata.httpStatusCode, headers: { ...base, 'content-type': 'text/xml' }, body: encodeQueryError(signer.service, f, requestId) };
    }
  }
  const json10 = JSON_1_0_SERVICES[signer.service];
  if (JSON_SERVICES.has(signer.service) || json10) {
    const contentType = json10 ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';
    const target = headers['x-amz-target'];
    try {
      // A target without the service's prefix names no operation of it (unsure of the code CloudWatch answers; UnknownOperationException is the JSON services' usual one).
      if (json10 && !target?.startsWith(`${json10.targetPrefix}.`)) throw fault('UnknownOperationException', `unknown target ${target ?? '(none)'}`, 400);
      const { operation, input } = decodeJson(target, text());
      const result = await dispatcher.dispatch(signer.service, operation, input, signer);
      return { statusCode: 200, headers: { ...base, 'content-type': contentType }, body: encodeJson(result) };
    } catch (e) {
      const f = asFault(e);
      const encoded = encodeJsonError(f, json10?.queryCompatible);
      return { statusCode: f.$metadata.httpStatusCode, headers: { ...base, 'content-type': contentType, ...encoded.headers }, body: encoded.body };
    }
  }
  return { statusCode: 400, headers: base, body: `the fake does not speak to service ${signer.service}` };
}

const abortError = () => Object.assign(new Error('Request aborted'), { name: 'AbortError' });

/** The in-process request handler for SDK clients. */
export class FakeHttpHandler implements RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  private counter = 0;

  constructor(private readonly dispatcher: WireDispatcher) {}

  async handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    if (options?.abortSignal?.aborted) throw abortError();
    const body = await readBody(request.body);
    const requestId = `fake-${String(++this.counter).padStart(8, '0')}`;
    let out: WireResponse;
    try {
      out = await answer(this.dispatcher, { method: request.method, hostname: request.hostname, path: request.path, query: request.query ?? {}, headers: request.headers, body }, requestId);
    } catch (e) {
      // What Node's HTTP client reports when the connection drops before the answer.
      if (e instanceof LostAnswer) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      throw e;
    }
    // Ctrl-C while the request was in flight: the call happened in AWS, but its answer is lost to the caller.
    if (options?.abortSignal?.aborted) throw abortError();
    const bytes = typeof out.body === 'string' ? Buffer.from(out.body) : Buffer.from(out.body);
    return { response: { statusCode: out.statusCode, headers: out.headers, body: Readable.from(bytes.length > 0 ? [bytes] : []) } as HttpResponse };
  }

  destroy(): void {}
}
