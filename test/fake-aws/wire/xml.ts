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
  let out = '';
  for (const [name, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) {
      if (v.length === 0) {
        if (!flatten) out += `<${name}/>`;
        continue;
      }
      const items = v.map((item) => xmlValue(item, flatten));
      out += flatten ? items.map((i) => `<${name}>${i}</${name}>`).join('') : `<${name}>${items.map((i) => `<member>${i}</member>`).join('')}</${name}>`;
    } else {
      out += `<${name}>${xmlValue(v, flatten)}</${name}>`;
    }
  }
  return out;
}

function xmlValue(v: unknown, flatten: boolean): string {
  if (v !== null && typeof v === 'object' && !isDate(v) && !isBytes(v)) return xmlElements(v as Record<string, unknown>, flatten);
  return escapeXml(scalar(v));
}
