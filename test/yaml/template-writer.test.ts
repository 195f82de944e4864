/**
 * template-writer.ts writes what js-yaml writes (cfn-yaml.ts's dumpTemplate), character for character:
 * for every kind of template the tool writes, and for thousands of generated values, strings chosen to
 * sit on YAML's edges (indicators, `: ` and ` #`, words and numbers another reader takes for something
 * else, line breaks, tabs, non-ASCII). Where the writer is not sure, js-yaml writes the template.
 */
import { TEMPLATES, renderTemplate } from '../../templates-src';
import { bootstrapTemplate } from '../../scripts/generate/bootstrap-template';
import { EXAMPLE_SCOPE } from '../../scripts/permissions/example-scope';
import { pipelinePart } from '../../scripts/stacksets/pipeline-part';
import { fleetSourceStacks } from '../../scripts/deploy/fleet-source';
import { dumpTemplate, loadTemplate } from '../../scripts/yaml/cfn-yaml';
import { writeTemplate, writesItself } from '../../scripts/yaml/template-writer';
import { fleetTargets, REGION, stageOneOutputs, templateOf } from '../targets/fleet-world';

const same = (template: unknown) => expect(writeTemplate(template)).toBe(dumpTemplate(template));

describe('the templates the tool writes', () => {
  const templates: Array<[string, unknown]> = [
    ...TEMPLATES.map((t): [string, unknown] => [t.name, renderTemplate(t)]),
    ...(['source', 'target'] as const).map((a): [string, unknown] => [`bootstrap ${a}`, bootstrapTemplate(EXAMPLE_SCOPE, a).json]),
    ['StackSets stage 2', loadTemplate(pipelinePart().artifact.body)],
    ...fleetSourceStacks(REGION, fleetTargets({ count: 30, waveOf: (i) => 1 + (i % 3) }), stageOneOutputs).map((s, i): [string, unknown] => [`AccA-fleet ${i}`, templateOf(s)]),
  ];

  it.each(templates)('%s: written by the writer itself, as js-yaml writes it', (_name, template) => {
    expect(writesItself(template)).toBe(true);
    same(template);
  });
});

/** A small deterministic generator (mulberry32), so a failure names a seed that repeats it. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}

const ALPHABET = ['a', 'b', 'y', 'n', 'o', 'f', 't', 'N', 'T', 'e', 'x', '0', '1', '7', '9', '-', '+', '.', '_', '/', '$', '{', '}', '[', ']', ',', ':', '#', ' ', '?', '!', '&', '*', '|', '>', "'", '"', '%', '@', '`', '~', '<', '=', '(', ')', '\t', '\n', 'é'];
const WORDS = ['', 'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'yES', 'nULL', 'null', 'Null', 'NULL', '~', '<<', '=', '0', '-1', '012', '1_000', '1e3', '0x1F', '0o7', '0b1', '.5', '+1', '.inf', '-.Inf', '.NaN', '1:20', '2012-10-17', '2001-12-14t21:59:43.10-05:00', '---', '...', '- a', '-a', '?a', ':a', 'a:', 'a: b', 'a #b', 'a#b', ' a', 'a ', 'a\nb', 'arn:aws:iam::111122223333:role/x', '${AWS::Region}', '*', '/*', "it's", 'x'.repeat(1030)];

function text(r: ReturnType<typeof random>): string {
  if (r.next() < 0.3) return r.pick(WORDS);
  return Array.from({ length: r.int(7) }, () => r.pick(ALPHABET)).join('');
}

const TAGS = ['Ref', 'Fn::Sub', 'Fn::GetAtt', 'Fn::Join', 'Fn::If', 'Fn::Select', 'Fn::Base64', 'Condition'];

function value(r: ReturnType<typeof random>, depth: number): unknown {
  const roll = r.next();
  if (depth <= 0 || roll < 0.4) {
    const kind = r.int(6);
    if (kind === 0) return r.pick([0, 1, -7, 42, 1.5, -0.25, 1e21]);
    if (kind === 1) return r.next() < 0.5;
    if (kind === 2 && r.next() < 0.2) return null;
    return text(r);
  }
  if (roll < 0.6) return Array.from({ length: r.int(4) }, () => value(r, depth - 1));
  if (roll < 0.8) return { [r.pick(TAGS)]: value(r, depth - 1) };
  return Object.fromEntries(Array.from({ length: r.int(4) }, () => [text(r), value(r, depth - 1)]));
}

describe('generated values', () => {
  it('scalars as values, keys and tagged payloads: 1,500 of them', () => {
    const r = random(1);
    let itself = 0;
    for (let i = 0; i < 1500; i++) {
      const s = text(r);
      const template = { K: s, [s === '' ? 'E' : s]: 'v', L: [s, { M: s }], R: { Ref: s }, J: { 'Fn::Join': ['', [s, { Ref: 'X' }]] } };
      same(template);
      if (writesItself(template)) itself++;
    }
    // Most strings are written by the writer itself: the comparison is not all js-yaml against js-yaml.
    expect(itself).toBeGreaterThan(500);
  });

  it.each([2, 3, 4])('nested mappings, sequences and tags, seed %i: 300 templates', (seed) => {
    const r = random(seed);
    let itself = 0;
    for (let i = 0; i < 300; i++) {
      const template = Object.fromEntries(Array.from({ length: 1 + r.int(4) }, (_, k) => [`Key${k}`, value(r, 4)]));
      same(template);
      if (writesItself(template)) itself++;
    }
    expect(itself).toBeGreaterThan(30);
  });
});
