/**
 * The XML the fake answers with, for the awsQuery services (CloudFormation, STS, IAM) and S3. Values are
 * written as AWS writes them: timestamps ISO 8601, lists as `<member>` elements (awsQuery; an empty list
 * as an empty element, which the SDK reads as []) or repeated elements (S3's flattened lists, where an
 * empty list is simply absent).
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;

/** One pass, and none for the many values with nothing to escape (names, ids, statuses): every response is built so. */
export const escapeXml = (text: string): string => (SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ENTITIES[c]!) : text);

/** By tag, not instanceof: values cloned by structuredClone come from another realm under jest. */
export const isDate = (v: unknown): v is Date => v instanceof Date || Object.prototype.toString.call(v) === '[object Date]';
export const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array || Object.prototype.toString.call(v) === '[object Uint8Array]';

const scalar = (value: unknown): string => (isDate(value) ? value.toISOString() : String(value));

/**
 * One element per key of `value`. Arrays: `<name><member>…</member></name>`, or with `flatten`,
 * `<name>…</name><name>…</name>` (S3's lists).
 */
export function xmlElements(value: Record<string, unknown>, flatten = false): string {
  // Plain loops and one growing string: every response is built here, and the arrays of the
  // map/join form were a good part of the fake's own time per request.
  let out = '';
  for (const name in value) {
    if (!Object.prototype.hasOwnProperty.call(value, name)) continue;
    const v = value[name];
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) {
      if (v.length === 0) {
        if (!flatten) out += `<${name}/>`;
        continue;
      }
      if (!flatten) out += `<${name}>`;
      for (let i = 0; i < v.length; i++) {
        if (!(i in v)) continue; // a hole, which map/join skipped too
        out += flatten ? `<${name}>${xmlValue(v[i], flatten)}</${name}>` : `<member>${xmlValue(v[i], flatten)}</member>`;
      }
      if (!flatten) out += `</${name}>`;
    } else {
      out += `<${name}>${xmlValue(v, flatten)}</${name}>`;
    }
  }
  return out;
}

function xmlValue(v: unknown, flatten: boolean): string {
  if (typeof v === 'string') return escapeXml(v);
  if (v !== null && typeof v === 'object' && !isDate(v) && !isBytes(v)) return xmlElements(v as Record<string, unknown>, flatten);
  return escapeXml(scalar(v));
}
