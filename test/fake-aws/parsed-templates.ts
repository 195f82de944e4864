/**
 * Template bodies the fake has parsed, by their text. A test file sends the same few templates many
 * times (every deploy's change sets, every Service Catalog version), and parsing the YAML again each
 * time cost more than the rest of CreateChangeSet. Each caller gets its own copy: the fake keeps
 * templates in its stacks' state, and one stack's copy must not be another's.
 */
import { loadTemplate } from '../../scripts/yaml/cfn-yaml';

const parsed = new Map<string, unknown>();
const MAX_BODIES = 128;

/** loadTemplate(body), from the cache when the same text was parsed before; throws as loadTemplate does. */
export function parsedTemplate(body: string): unknown {
  let template = parsed.get(body);
  if (template === undefined) {
    template = loadTemplate(body);
    if (parsed.size >= MAX_BODIES) parsed.delete(parsed.keys().next().value!);
    parsed.set(body, template);
  }
  return copyOf(template);
}

/**
 * A deep copy of parsed YAML (the core schema gives only plain objects, arrays, strings, numbers,
 * booleans and null). Built here rather than with structuredClone, whose copies come from another realm
 * under jest and so are never isDeepStrictEqual to a template built here (the "No updates" check).
 */
function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyOf);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = copyOf(v);
  return out;
}
