/**
 * EventBridge event patterns and input transformers, as far as the templates use them. Patterns: "the
 * event must contain all the field names listed in the pattern", a list of values matches when the
 * field's value (or one of its values, for an array) equals one of them, and a nested object matches
 * the nested fields (EventBridge user guide, "Event patterns"). Content filters (prefix, anything-but,
 * numeric, exists) are not modelled: a pattern that uses one never matches here.
 *
 * Input transformers (EventBridge user guide, "Input transformation", its table of templates and
 * outputs): InputPathsMap takes JSON paths (`$.detail.image-digest`); in InputTemplate a placeholder
 * outside a JSON string takes the value as JSON (`"instance" : <instance>` gives `"i-0123456789"`), one
 * inside a string, alone or among other text, takes the value's text (`"instance \"<instance>\" is in
 * <state>"`), unescaped ("EventBridge doesn't escape values extracted by Input Path"). A variable whose
 * path the event lacks gives nothing inside a string (LocalStack's test_events_inputs
 * ::test_put_events_with_input_transformer_input_template_string and ..._json, validated against AWS
 * 2024-06-11: "info extracted from detail " and `"command": ""`); outside a string the fake writes
 * `null` (unsure). Predefined variables: aws.events.rule-arn, aws.events.rule-name,
 * aws.events.event.ingestion-time, aws.events.event (the event without `detail`, `detail-type` as
 * `detailType`) and aws.events.event.json (the whole event) (the same LocalStack file,
 * ::test_input_transformer_predefined_variables, validated 2024-06-11). The ECR source override's
 * template puts the digest in quotes ("Create an EventBridge rule for an Amazon ECR source").
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

/** The rule whose target gets the input (for the predefined variables). */
export interface TransformRule {
  name: string;
  arn: string;
}

/** The text an input transformer makes of an event: JSON when the template is JSON, else the text. */
export function transformInput(transformer: { InputPathsMap?: Record<string, string>; InputTemplate: string }, event: Json, rule?: TransformRule): Json {
  const values: Record<string, Json> = Object.fromEntries(Object.entries(transformer.InputPathsMap ?? {}).map(([name, path]) => [name, atPath(event, path)]));
  const envelope: Json = { ...(event ?? {}) };
  delete envelope.detail;
  delete envelope['detail-type'];
  const predefined: Record<string, Json> = {
    ...(rule ? { 'aws.events.rule-arn': rule.arn, 'aws.events.rule-name': rule.name } : {}),
    'aws.events.event.ingestion-time': event?.time,
    'aws.events.event': { ...envelope, ...(event?.['detail-type'] !== undefined ? { detailType: event['detail-type'] } : {}) },
    'aws.events.event.json': event,
  };
  const known = (name: string) => name in values || name in predefined;
  const valueOf = (name: string) => (name in values ? values[name] : predefined[name]);
  const template = transformer.InputTemplate;
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '<') {
      const m = /^<([A-Za-z0-9_.-]+)>/.exec(template.slice(i));
      if (m && known(m[1])) {
        const v = valueOf(m[1]);
        if (inString) out += v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
        else out += v === undefined ? 'null' : JSON.stringify(v); // a missing path outside a string: unsure
        i += m[0].length - 1;
        continue;
      }
    }
    if (inString && c === '\\') {
      out += c + (template[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') inString = !inString;
    out += c;
  }
  try {
    return JSON.parse(out);
  } catch {
    return out;
  }
}
