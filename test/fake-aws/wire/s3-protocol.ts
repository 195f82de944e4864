/**
 * S3's REST-XML protocol, server side, for the calls the tool makes. The bucket comes from the host
 * (virtual-hosted style, the SDK's default: `<bucket>.s3.<region>.amazonaws.com`) or from the path
 * (path style, used with custom endpoints such as an IP address); the operation from the method, the
 * key and the sub-resource in the query (`?versioning`, `?versions`, `?policy`). Answers follow the S3 API
 * reference: data in headers for HEAD/PUT object, XML bodies for bucket sub-resources, errors as
 * `<Error><Code/><Message/></Error>` — except HEAD, whose error responses carry no body at all, so the
 * SDK can only derive a name from the status code (S3 API reference, HeadObject: "A HEAD request has the
 * same options as a GET operation on an object. The response is identical to the GET response except
 * that there is no response body"; https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html).
 */
import type { FakeAwsError } from '../fault';
import { escapeXml, isDate, xmlElements } from './xml';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface S3Request {
  method: string;
  hostname: string;
  path: string;
  query: Record<string, string | string[] | null | undefined>;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface WireResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

const has = (q: S3Request['query'], name: string) => Object.prototype.hasOwnProperty.call(q, name);
const one = (v: string | string[] | null | undefined) => (Array.isArray(v) ? v[0] : (v ?? undefined));

/** Bucket and key of a request, virtual-hosted or path style. */
function bucketAndKey(r: S3Request): { bucket: string; key: string } {
  const path = r.path.replace(/^\//, '');
  const virtual = /^(.+)\.s3[.-]/.exec(r.hostname) ?? /^(.+)\.s3\.amazonaws\.com$/.exec(r.hostname);
  const decode = (p: string) => p.split('/').map(decodeURIComponent).join('/');
  if (virtual) return { bucket: virtual[1], key: decode(path) };
  const slash = path.indexOf('/');
  return slash < 0 ? { bucket: decodeURIComponent(path), key: '' } : { bucket: decodeURIComponent(path.slice(0, slash)), key: decode(path.slice(slash + 1)) };
}

export function decodeS3(r: S3Request): { operation: string; input: Json } {
  const { bucket, key } = bucketAndKey(r);
  const input: Json = { Bucket: bucket };
  if (key) input.Key = key;
  const versionId = one(r.query.versionId);
  if (versionId) input.VersionId = versionId;
  const method = r.method.toUpperCase();
  if (method === 'HEAD') return { operation: key ? 'HeadObject' : 'HeadBucket', input };
  if (method === 'GET' && !key) {
    if (has(r.query, 'versioning')) return { operation: 'GetBucketVersioning', input };
    if (has(r.query, 'policy')) return { operation: 'GetBucketPolicy', input };
    if (has(r.query, 'location')) return { operation: 'GetBucketLocation', input };
    if (has(r.query, 'versions')) {
      const keyMarker = one(r.query['key-marker']);
      const versionMarker = one(r.query['version-id-marker']);
      const maxKeys = one(r.query['max-keys']);
      return {
        operation: 'ListObjectVersions',
        input: { ...input, ...(keyMarker ? { KeyMarker: keyMarker } : {}), ...(versionMarker ? { VersionIdMarker: versionMarker } : {}), ...(maxKeys ? { MaxKeys: Number(maxKeys) } : {}) },
      };
    }
    return { operation: 'ListObjectsV2', input };
  }
  if (method === 'GET') return { operation: 'GetObject', input };
  if (method === 'PUT' && !key && has(r.query, 'policy')) return { operation: 'PutBucketPolicy', input: { ...input, Policy: new TextDecoder().decode(r.body) } };
  if (method === 'PUT' && key) {
    const metadata = Object.fromEntries(
      Object.entries(r.headers)
        .filter(([h]) => h.toLowerCase().startsWith('x-amz-meta-'))
        .map(([h, v]) => [h.toLowerCase().slice('x-amz-meta-'.length), v]),
    );
    const header = (name: string) => Object.entries(r.headers).find(([h]) => h.toLowerCase() === name)?.[1];
    return {
      operation: 'PutObject',
      input: {
        ...input,
        Body: decodeChunked(r.body, header('content-encoding')),
        Metadata: metadata,
        ...(header('content-type') ? { ContentType: header('content-type') } : {}),
        ...(header('x-amz-server-side-encryption') ? { ServerSideEncryption: header('x-amz-server-side-encryption') } : {}),
        ...(header('x-amz-acl') ? { ACL: header('x-amz-acl') } : {}),
      },
    };
  }
  return { operation: `${method} ${r.path}`, input };
}

/**
 * A body the SDK streamed with `Content-Encoding: aws-chunked` (flexible checksums in a trailer):
 * `<hex size>\r\n<bytes>\r\n…0\r\n<trailer>\r\n\r\n`. Plain bodies pass unchanged.
 */
function decodeChunked(body: Uint8Array, encoding: string | undefined): Uint8Array {
  if (!encoding || !/aws-chunked/.test(encoding)) return body;
  const buffer = Buffer.from(body);
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = buffer.indexOf('\r\n', at);
    const size = parseInt(buffer.subarray(at, eol).toString('ascii').split(';')[0], 16);
    if (!size) break;
    parts.push(buffer.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return new Uint8Array(Buffer.concat(parts));
}

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function encodeS3(operation: string, result: Json): WireResponse {
  const xml = (root: string, inner: string): WireResponse => ({
    statusCode: 200,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_NS}">${inner}</${root}>`,
  });
  switch (operation) {
    case 'GetBucketVersioning':
      return xml('VersioningConfiguration', xmlElements(result));
    case 'ListObjectVersions': {
      const { Versions, DeleteMarkers, ...rest } = result;
      return xml('ListVersionsResult', xmlElements(rest) + xmlElements({ Version: Versions ?? [], DeleteMarker: DeleteMarkers ?? [] }, true));
    }
    case 'GetBucketLocation':
      return xml('LocationConstraint', escapeXml(result.LocationConstraint ?? ''));
    case 'GetBucketPolicy':
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: String(result.Policy ?? '') };
    case 'PutBucketPolicy':
      return { statusCode: 204, headers: {}, body: '' };
    case 'HeadBucket':
      return { statusCode: 200, headers: { ...(result.BucketRegion ? { 'x-amz-bucket-region': result.BucketRegion } : {}) }, body: '' };
    case 'PutObject':
      return { statusCode: 200, headers: objectHeaders(result), body: '' };
    case 'HeadObject':
      return { statusCode: 200, headers: objectHeaders(result), body: '' };
    case 'GetObject':
      return { statusCode: 200, headers: objectHeaders(result), body: result.Body ?? new Uint8Array() };
    default:
      return xml(`${operation}Result`, xmlElements(result));
  }
}

function objectHeaders(result: Json): Record<string, string> {
  const headers: Record<string, string> = {};
  if (result.ETag) headers.etag = result.ETag;
  if (result.VersionId) headers['x-amz-version-id'] = result.VersionId;
  if (result.ContentLength !== undefined) headers['content-length'] = String(result.ContentLength);
  if (result.ContentType) headers['content-type'] = result.ContentType;
  if (isDate(result.LastModified)) headers['last-modified'] = result.LastModified.toUTCString();
  if (result.ServerSideEncryption) headers['x-amz-server-side-encryption'] = result.ServerSideEncryption;
  for (const [k, v] of Object.entries<string>(result.Metadata ?? {})) headers[`x-amz-meta-${k}`] = v;
  return headers;
}

export function encodeS3Error(method: string, error: FakeAwsError, requestId: string): WireResponse {
  const headers = { 'x-amz-request-id': requestId };
  // HEAD: the status line is all there is.
  if (method.toUpperCase() === 'HEAD') return { statusCode: error.$metadata.httpStatusCode, headers, body: '' };
  return {
    statusCode: error.$metadata.httpStatusCode,
    headers: { ...headers, 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(error.name)}</Code><Message>${escapeXml(error.message)}</Message><RequestId>${requestId}</RequestId></Error>`,
  };
}
