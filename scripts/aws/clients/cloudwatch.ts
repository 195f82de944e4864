/**
 * CloudWatch's port: the state of one alarm (DescribeAlarms), which `xacct promote` requires to be OK.
 *
 * The project does not depend on @aws-sdk/client-cloudwatch (one read does not justify a client package
 * of its size), so this file sends the one request itself: CloudWatch's Query API ("Amazon CloudWatch
 * API Reference", Making API requests: `Action=DescribeAlarms&Version=2010-08-01`, POSTed form-encoded
 * to `monitoring.<region>.<suffix>`), signed with Signature Version 4 (@smithy/signature-v4, the SDK's
 * own signer, signing name `monitoring`), sent through the same HTTP handler as every other client (in
 * tests: the fake AWS). The answer is the Query API's XML (`<DescribeAlarmsResult><MetricAlarms><member>`
 * ... `<StateValue>`), errors `<ErrorResponse><Error><Code>`.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import type { ClientOptions } from './client-config';
import { DEFAULT_TIMEOUTS } from './client-config';
import type { CloudWatchPort } from '../ports';

const VERSION = '2010-08-01';
/** The Query API actions this file sends (the permission and authorization tables must cover each). */
export const QUERY_ACTIONS = ['DescribeAlarms'] as const;

/** The hash the signer takes: SHA-256, keyed (HMAC) when given a secret. */
class Sha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', Sha256.bytes(secret));
  }
  private static bytes(d: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
    return typeof d === 'string' ? d : d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(Sha256.bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
}

const textOf = (xml: string, tag: string): string | undefined => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

async function bodyText(body: unknown): Promise<string> {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  const chunks: Buffer[] = [];
  for await (const c of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

/** An error as the SDK clients throw them: named by its code, with the HTTP status, so aws-errors.ts reads it alike. */
function queryError(status: number, xml: string): Error {
  const code = textOf(xml, 'Code') ?? `HTTP ${status}`;
  return Object.assign(new Error(unescape(textOf(xml, 'Message') ?? code)), { name: code, Code: code, $metadata: { httpStatusCode: status }, $fault: status >= 500 ? 'server' : 'client' });
}

export function cloudWatchPort(options: ClientOptions): CloudWatchPort {
  const region = options.region;
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  const endpoint = new URL(options.endpoints?.CloudWatch ?? `https://monitoring.${region}.${suffix}`);
  const signer = new SignatureV4({ credentials: options.credentials, region, service: 'monitoring', sha256: Sha256, applyChecksum: true, uriEscapePath: true });
  const handler = (): NonNullable<ClientOptions['requestHandler']> => {
    if (options.requestHandler) return options.requestHandler;
    const { NodeHttpHandler } = require('@smithy/node-http-handler') as typeof import('@smithy/node-http-handler'); // eslint-disable-line @typescript-eslint/no-require-imports
    const t = options.timeouts ?? DEFAULT_TIMEOUTS;
    return new NodeHttpHandler({ connectionTimeout: t.connectMs, requestTimeout: t.responseMs }) as unknown as NonNullable<ClientOptions['requestHandler']>;
  };
  const send = async (action: (typeof QUERY_ACTIONS)[number], params: Record<string, string>): Promise<string> => {
    const body = new URLSearchParams({ Action: action, Version: VERSION, ...params }).toString();
    const request = {
      method: 'POST',
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
      path: endpoint.pathname || '/',
      query: {},
      headers: { host: endpoint.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) },
      body,
    } as unknown as HttpRequest;
    const signed = (await signer.sign(request)) as HttpRequest;
    const { response } = await handler().handle(signed, options.signal ? { abortSignal: options.signal as never } : {});
    const text = await bodyText(response.body);
    if (response.statusCode < 200 || response.statusCode >= 300) throw queryError(response.statusCode, text);
    return text;
  };
  return {
    async alarmState(alarmName) {
      // "If you omit this parameter, only metric alarms are returned" (DescribeAlarms, AlarmTypes): both kinds.
      const xml = await send('DescribeAlarms', { 'AlarmNames.member.1': alarmName, 'AlarmTypes.member.1': 'CompositeAlarm', 'AlarmTypes.member.2': 'MetricAlarm' });
      const state = textOf(xml, 'StateValue');
      if (!state) return undefined;
      const reason = textOf(xml, 'StateReason');
      return { state, ...(reason ? { reason: unescape(reason) } : {}) };
    },
  };
}
