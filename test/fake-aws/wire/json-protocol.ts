/**
 * The awsJson1_1 protocol (EventBridge, CodePipeline, ECR, Service Catalog, KMS, ECS) and awsJson1_0
 * (CloudWatch), server side. Both: POST / with `X-Amz-Target: <ServicePrefix>.<Operation>` and a JSON
 * body; answers are JSON with timestamps as epoch seconds (the protocols' default timestamp format),
 * content type `application/x-amz-json-1.1` or `-1.0`. Errors: a 4xx/5xx status, the `x-amzn-ErrorType`
 * header and `{"__type": Code, "message": ...}` (Smithy awsJson1_1 and awsJson1_0 protocols:
 * https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html and aws-json-1_0-protocol.html,
 * "Operation error serialization"); an awsQueryCompatible service adds `x-amzn-query-error: Code;Fault`,
 * Fault `Sender` or `Receiver` (smithy-lang/smithy-rs#1872: "This trait adds the x-amzn-query-error
 * header in the form of Code;Fault to error responses ... Fault is one of Sender or Receiver"; the SDK
 * reads it in @aws-sdk/core ProtocolLib.setQueryCompatError, `const [Code, Type] = header.split(";")`,
 * and names the error by that Code before `__type`).
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

export function encodeJsonError(error: FakeAwsError, queryCompatible = false): { headers: Record<string, string>; body: string } {
  const queryError: Record<string, string> = queryCompatible ? { 'x-amzn-query-error': `${error.name};${error.$fault === 'server' ? 'Receiver' : 'Sender'}` } : {};
  return { headers: { 'x-amzn-errortype': error.name, ...queryError }, body: JSON.stringify({ __type: error.name, message: error.message }) };
}
