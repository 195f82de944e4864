/**
 * What a config held where a problem was found, in words a person recognises from their YAML file:
 * "the number 42", "the string \"thirty\"", "nothing (the key has no value)", "a list of 2 items".
 */

const QUOTED_MAX = 60;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Keeps long values readable: the start of the text and how long it is. */
function describeString(s: string, withLength: boolean): string {
  if (s === '') return 'an empty string';
  const chars = [...s].length;
  if (chars > QUOTED_MAX) return `a string of ${chars} characters (${JSON.stringify([...s].slice(0, 40).join(''))}…)`;
  return `the string ${JSON.stringify(s)}${withLength ? ` (${plural(chars, 'character')})` : ''}`;
}

/** `withLength`: say how many characters a string has (for length problems). */
export function describeFound(value: unknown, withLength = false): string {
  if (value === null) return 'nothing (the key has no value)';
  if (typeof value === 'string') return describeString(value, withLength);
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value} (a yes/no value)`;
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${plural(value.length, 'item')}`;
  if (typeof value === 'object' && value !== undefined) {
    const keys = Object.keys(value);
    if (keys.length === 0) return 'an empty mapping';
    const shown = keys.slice(0, 6).join(', ') + (keys.length > 6 ? ', …' : '');
    return `a mapping with ${keys.length === 1 ? 'key' : 'keys'} ${shown}`;
  }
  return String(value);
}

export const isScalar = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** The value at `path` of a parsed YAML document, and whether the key is there at all. */
export function valueAt(doc: unknown, path: ReadonlyArray<PropertyKey>): { present: boolean; value: unknown } {
  let here: unknown = doc;
  for (const key of path) {
    if (here === null || typeof here !== 'object' || !Object.prototype.hasOwnProperty.call(here, key)) return { present: false, value: undefined };
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return { present: true, value: here };
}
