/**
 * CloudFormation YAML with short-form intrinsic tags (`!Ref`, `!Sub`, `!GetAtt`, ...).
 *
 * Templates are built as plain JSON-shaped objects (`{"Ref": "X"}`, `{"Fn::Sub": "..."}`). Dumping turns
 * every single-key intrinsic object into its short-form tag; loading turns the tags back into the same
 * long-form objects, so `load(dump(t))` deep-equals `t` (tested). The tool writes its templates with
 * template-writer.ts, which writes this dump's text without loading js-yaml; this dump is what it is
 * held to, and what writes a template it is not sure of.
 */
import {
  CORE_SCHEMA,
  DUMP_SCHEMA,
  defineMappingTag,
  defineScalarTag,
  defineSequenceTag,
  dump,
  load,
  NOT_RESOLVED,
  type Schema,
  type TagDefinition,
} from 'js-yaml';
import { INTRINSICS, kindOf, Tagged, toTagged } from './intrinsic-tags';

function longForm(short: string, payload: unknown): Record<string, unknown> {
  // `!GetAtt Resource.Attribute` is the scalar short form of the two-element list.
  if (short === 'GetAtt' && typeof payload === 'string') {
    const dot = payload.indexOf('.');
    return { 'Fn::GetAtt': [payload.slice(0, dot), payload.slice(dot + 1)] };
  }
  return { [INTRINSICS[short]]: payload };
}

function tagsFor(short: string): TagDefinition[] {
  const name = `!${short}`;
  const is = (kind: string) => (d: unknown) => d instanceof Tagged && d.tag === short && kindOf(d.value) === kind;
  return [
    defineScalarTag(name, {
      resolve: (source) => longForm(short, source),
      identify: is('scalar'),
      represent: (d: Tagged) => String(d.value),
    }),
    defineSequenceTag<unknown[], Record<string, unknown>>(name, {
      create: () => [],
      addItem: (carrier, item) => {
        carrier.push(item);
      },
      finalize: (carrier) => longForm(short, carrier),
      identify: is('sequence'),
      represent: (d: Tagged) => d.value as unknown[],
    }),
    defineMappingTag<Map<string, unknown>, Record<string, unknown>>(name, {
      create: () => new Map(),
      addPair: (carrier, key, value) => {
        if (typeof key !== 'string') return `${name} keys must be strings`;
        carrier.set(key, value);
        return '';
      },
      has: (carrier, key) => carrier.has(key as string),
      keys: (result) => Object.keys(result),
      get: (result, key) => result[key as string],
      finalize: (carrier) => longForm(short, Object.fromEntries(carrier)),
      identify: is('mapping'),
      represent: (d: Tagged) => new Map(Object.entries(d.value as Record<string, unknown>)),
    }),
  ];
}

const CFN_TAGS = Object.keys(INTRINSICS).flatMap(tagsFor);

/**
 * For dumping, one tag per node kind that names itself after the Tagged node (`matchByTagPrefix`):
 * the dumper asks every tag of its schema whether it represents a node, and with a tag per function and
 * kind (51) that asking was most of the dump's time. Loading keeps a tag per function, so an unknown
 * `!Tag` is still an error.
 */
const DUMP_TAGS: TagDefinition[] = [
  defineScalarTag('!', { matchByTagPrefix: true, resolve: () => NOT_RESOLVED, identify: (d) => d instanceof Tagged && kindOf(d.value) === 'scalar', representTagName: (d: Tagged) => `!${d.tag}`, represent: (d: Tagged) => String(d.value) }),
  defineSequenceTag<unknown[], unknown[]>('!', { matchByTagPrefix: true, create: () => [], addItem: (carrier, item) => void carrier.push(item), identify: (d) => d instanceof Tagged && kindOf(d.value) === 'sequence', representTagName: (d: Tagged) => `!${d.tag}`, represent: (d: Tagged) => d.value as unknown[] }),
  defineMappingTag<Map<string, unknown>, Map<string, unknown>>('!', {
    matchByTagPrefix: true,
    create: () => new Map(),
    addPair: () => 'not read',
    has: (carrier, key) => carrier.has(key as string),
    keys: (result) => [...result.keys()],
    get: (result, key) => result.get(key as string),
    identify: (d) => d instanceof Tagged && kindOf(d.value) === 'mapping',
    representTagName: (d: Tagged) => `!${d.tag}`,
    represent: (d: Tagged) => new Map(Object.entries(d.value as Record<string, unknown>)),
  }),
];
/** DUMP_SCHEMA quotes every string another YAML reader could take for a number, date or boolean. */
const dumpSchema: Schema = DUMP_SCHEMA.withTags(DUMP_TAGS);
const loadSchema: Schema = CORE_SCHEMA.withTags(CFN_TAGS);

/** Dump a JSON-shaped CloudFormation template as YAML with short-form tags. Key order is kept. */
export function dumpTemplate(template: unknown): string {
  return dump(toTagged(template), {
    schema: dumpSchema,
    lineWidth: -1,
    noRefs: true,
    indent: 2,
  });
}

/** Load CloudFormation YAML (short-form tags included) into the JSON-shaped long form. */
export function loadTemplate(text: string): unknown {
  return load(text, { schema: loadSchema });
}
