/**
 * The awsJson1_1 protocol (EventBridge, CodePipeline, ECR, Service Catalog, KMS, ECS), server side.
 * Requests: POST / with `X-Amz-Target: <ServicePrefix>.<Operation>` and a JSON body. Answers: JSON with
 * timestamps as epoch seconds (the protocol's default timestamp format). Errors: a 4xx/5xx status, the
 * `x-amzn-ErrorType` header and `{"__type": Code, "message": ...}` (Smithy awsJson1_1 protocol:
 * https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html, "Operation error serialization").
 */
import type { FakeAwsError } from '../fault';
import { isBytes, isDate } from './xml';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function decodeJson(target: string | undefined, body: string): { operation: string; input: Json } {
  const operation = (target ?? '').split('.').pop() ?? '';
  return { operation, input: body.trim() === '' ? {} : (JSON.parse(body) as Json) };
}

/** Dates become epoch seconds; binary data base64, as the protocol writes blobs. */
export function encodeJson(result: Json): string {
  return JSON.stringify(result, function replacer(this: Json, key: string, value: unknown) {
    const original = this[key];
    if (isDate(original)) return original.getTime() / 1000;
    if (isBytes(original)) return Buffer.from(original).toString('base64');
    return value;
  });
}

export function encodeJsonError(error: FakeAwsError): { headers: Record<string, string>; body: string } {
  return { headers: { 'x-amzn-errortype': error.name }, body: JSON.stringify({ __type: error.name, message: error.message }) };
}
