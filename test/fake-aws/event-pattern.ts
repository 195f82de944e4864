/**
 * EventBridge event patterns and input transformers, as far as the templates use them. Patterns: "the
 * event must contain all the field names listed in the pattern", a list of values matches when the
 * field's value (or one of its values, for an array) equals one of them, and a nested object matches
 * the nested fields (EventBridge user guide, "Event patterns"). Content filters (prefix, anything-but,
 * numeric, exists) are not modelled: a pattern that uses one never matches here.
 *
 * Input transformers: InputPathsMap takes JSON paths (`$.detail.image-digest`), InputTemplate replaces
 * `<name>` with each value; a placeholder in quotes receives the string without quotes of its own, one
 * outside quotes the JSON value (EventBridge user guide, "Input transformation"). The ECR source
 * override's template puts the digest in quotes ("Create an EventBridge rule for an Amazon ECR source").
 */
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export function matchesPattern(pattern: Json, event: Json): boolean {
  if (pattern === null || typeof pattern !== 'object' || Array.isArray(pattern)) return false;
  return Object.entries(pattern).every(([field, wanted]) => {
    if (!(field in (event ?? {}))) return false;
    const value = event[field];
    if (Array.isArray(wanted)) {
      const values = Array.isArray(value) ? value : [value];
      return wanted.some((w) => (w === null || typeof w !== 'object') && values.some((v) => v === w));
    }
    return matchesPattern(wanted, value);
  });
}

/** `$.a.b-c` of the event; undefined when a step is missing. */
function atPath(event: Json, path: string): Json {
  if (!path.startsWith('$')) return undefined;
  return path
    .slice(1)
    .split('.')
    .filter(Boolean)
    .reduce((v: Json, key) => (v === undefined || v === null ? undefined : v[key]), event);
}

/** The target input an input transformer makes of an event (a JSON text, parsed). */
export function transformInput(transformer: { InputPathsMap?: Record<string, string>; InputTemplate: string }, event: Json): Json {
  const values = Object.fromEntries(Object.entries(transformer.InputPathsMap ?? {}).map(([name, path]) => [name, atPath(event, path)]));
  const text = transformer.InputTemplate.replace(/"<([A-Za-z0-9_.-]+)>"|<([A-Za-z0-9_.-]+)>/g, (all, quoted: string | undefined, bare: string | undefined) => {
    const name = quoted ?? bare!;
    if (!(name in values)) return all;
    const v = values[name];
    if (quoted) return JSON.stringify(typeof v === 'string' ? v : JSON.stringify(v ?? null));
    return JSON.stringify(v ?? null);
  });
  return JSON.parse(text);
}
