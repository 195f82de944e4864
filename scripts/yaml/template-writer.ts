/**
 * Writes a JSON-shaped CloudFormation template as YAML text, character for character what cfn-yaml.ts's
 * dumpTemplate (js-yaml) writes, in a fraction of the time: loading js-yaml and its first dump were a
 * fifth of `xacct generate`'s start, which writes five templates.
 *
 * It writes the block style js-yaml writes with `indent: 2, lineWidth: -1`, and only scalars whose
 * style it is sure of: single-line printable ASCII strings, whole numbers and booleans. A string is
 * plain when YAML allows it plain (the "ns-plain" productions of the YAML spec, as js-yaml tests them)
 * and no reader could take it for a null, boolean, number or date; otherwise single-quoted, as js-yaml
 * prefers. Anything else (a line break, a tab, a leading space, a float, a string that may or may not
 * read as a number: `1e3`, `0x1F`, `.inf`) makes it hand the whole template to js-yaml, so the text is
 * always js-yaml's. test/yaml/template-writer.test.ts holds both to the same text for every template the
 * tool writes and for thousands of generated strings.
 */
import { Tagged, toTagged } from './intrinsic-tags';

/** Raised on a value whose text this writer is not sure of: the template goes to js-yaml. */
class NotSure extends Error {}

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
/** YAML's c-indicator characters: a plain scalar may not start with one, but for `-?:` before a non-space. */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;
/** Inside a plain scalar: no `: ` or a `:` at the end (a mapping key would end there), no ` #` (a comment would start). */
const BREAKS_PLAIN = /: |:$| #/;

function plainAllowed(s: string): boolean {
  if (INDICATOR.test(s) && !(/^[-?:]/.test(s) && s.length > 1 && s[1] !== ' ')) return false;
  return !BREAKS_PLAIN.test(s);
}

/** YAML 1.1 nulls and booleans (js-yaml's dump schema), which a plain scalar would become. */
const NOT_A_STRING = /^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
/** Whole numbers without a leading zero or sign but `-`, and dates: certainly not strings when plain. */
const NUMBER_OR_DATE = /^(?:0|-?[1-9][0-9]*|[0-9]{4}-[0-9]{2}-[0-9]{2})$/;
/** First characters another implicit type may start with (numbers, dates, `~`, `<<`, `=`): not sure. */
const MAY_BE_TYPED = /^[-+.0-9~<=]/;

const quoted = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A string as a key or an untagged value. */
function stringText(s: string): string {
  if (s === '') return "''";
  if (!PRINTABLE_ASCII.test(s) || s.trim() !== s || s.length > 1024) throw new NotSure();
  if (!plainAllowed(s)) return quoted(s);
  if (NOT_A_STRING.test(s) || NUMBER_OR_DATE.test(s)) return quoted(s);
  if (MAY_BE_TYPED.test(s)) throw new NotSure();
  return s;
}

/** The payload of a tagged scalar (`!Ref X`): the tag says what it is, so only the syntax counts. */
function taggedScalarText(v: unknown): string {
  const s = typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
  if (typeof s !== 'string' || s === '' || !PRINTABLE_ASCII.test(s) || s.trim() !== s) throw new NotSure();
  return plainAllowed(s) ? s : quoted(s);
}

function scalarText(v: unknown): string {
  if (typeof v === 'string') return stringText(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number' && Number.isSafeInteger(v) && !Object.is(v, -0)) return String(v);
  throw new NotSure();
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Tagged);

/**
 * A node after `key:` or `-` on its line: ` value` on the same line, or its lines below at `indent`.
 * `inline`: a mapping's first key or a sequence's first item goes on the same line (after `- `).
 */
function node(v: unknown, indent: string, out: string[], inline: boolean): void {
  if (v instanceof Tagged) {
    out.push(` !${v.tag}`);
    if (Array.isArray(v.value) || isMapping(v.value)) collection(v.value, indent, out, false);
    else out.push(` ${taggedScalarText(v.value)}`);
    return;
  }
  if (Array.isArray(v) || isMapping(v)) collection(v, indent, out, inline);
  else out.push(` ${scalarText(v)}`);
}

function collection(v: unknown[] | Record<string, unknown>, indent: string, out: string[], inline: boolean): void {
  const entries: Array<[string | undefined, unknown]> = Array.isArray(v) ? v.map((item) => [undefined, item]) : Object.entries(v);
  if (entries.length === 0) {
    out.push(Array.isArray(v) ? ' []' : ' {}');
    return;
  }
  entries.forEach(([key, value], i) => {
    out.push(i === 0 && inline ? ' ' : `\n${indent}`);
    if (value === undefined) throw new NotSure();
    if (key === undefined) {
      out.push('-');
      // A sequence or mapping in a sequence starts on the dash's line.
      node(value, `${indent}  `, out, true);
    } else {
      out.push(`${stringText(key)}:`);
      node(value, `${indent}  `, out, false);
    }
  });
}

function write(template: unknown): string {
  const tagged = toTagged(template);
  if (!isMapping(tagged) || Object.keys(tagged).length === 0) throw new NotSure();
  const out: string[] = [];
  collection(tagged, '', out, false);
  // The first entry's line break is not written: the text starts with the first key.
  return `${out.join('').slice(1)}\n`;
}

/** The template's YAML text, as cfn-yaml.ts's dumpTemplate writes it. */
export function writeTemplate(template: unknown): string {
  try {
    return write(template);
  } catch (e) {
    if (!(e instanceof NotSure)) throw e;
    // Loaded only here: js-yaml is what this module spares most commands.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('./cfn-yaml') as typeof import('./cfn-yaml')).dumpTemplate(template);
  }
}

/** Whether writeTemplate writes `template` itself (for the tests that hold it to js-yaml). */
export function writesItself(template: unknown): boolean {
  try {
    write(template);
    return true;
  } catch (e) {
    if (e instanceof NotSure) return false;
    throw e;
  }
}
