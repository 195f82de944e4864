/**
 * The README is a guide read from the top, and what it shows must work: every `xacct` command and
 * option it shows exists in the CLI (read from the CLI's own help, in process), every `make` target and
 * variable exists in the Makefile, every config key of its YAML snippets is a key of the config schema
 * (a whole config validates, and one is examples/deployment.yaml), and its examples use the example
 * deployment's accounts and region. The first deployment comes before the reference.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { main } from '../scripts/cli/main';
import { recordingIo } from '../scripts/cli/io';
import { parseConfig } from '../scripts/config/load-config';
import { configSchema } from '../scripts/config/schema';
import { EXIT } from '../scripts/errors';
import { DEPLOYER_CALLS } from '../scripts/permissions/deployer-calls';
import { ROOT } from './helpers/templates';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const MAKEFILE = readFileSync(join(ROOT, 'Makefile'), 'utf8');
const EXAMPLE_FILE = join(ROOT, 'examples', 'deployment.yaml');
const EXAMPLE_TEXT = readFileSync(EXAMPLE_FILE, 'utf8');
const EXAMPLE = parseConfig(EXAMPLE_TEXT, EXAMPLE_FILE);

// ---------------------------------------------------------------------------------------------------
// The README as code blocks, inline code and prose.

interface Fence {
  lang: string;
  text: string;
}

function split(markdown: string): { fences: Fence[]; prose: string[] } {
  const fences: Fence[] = [];
  const prose: string[] = [];
  let open: { lang: string; lines: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    const fence = /^```(\S*)\s*$/.exec(line);
    if (fence && !open) open = { lang: fence[1], lines: [] };
    else if (fence && open) {
      fences.push({ lang: open.lang, text: open.lines.join('\n') });
      open = undefined;
    } else if (open) open.lines.push(line);
    else prose.push(line);
  }
  expect(open).toBeUndefined();
  return { fences, prose };
}

const { fences, prose } = split(README);
/** Inline code spans of the prose (tables included), with the table's escaped pipes unescaped. */
const inline = prose.flatMap((line) => [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\\\|/g, '|')));
/** Every piece of code the README shows: inline spans and the lines of its code blocks. */
const codeLines = [...inline, ...fences.flatMap((f) => f.text.split('\n'))];

/** `## ` and `### ` headings, in order. */
const headings = prose.filter((l) => /^#{1,6} /.test(l));
const indexOfHeading = (heading: string) => {
  const i = headings.indexOf(heading);
  expect({ heading, found: i >= 0 }).toEqual({ heading, found: true });
  return i;
};
/** The text of a `## ` section, up to the next one. */
const section = (heading: string) => README.split(`\n${heading}\n`)[1]?.split('\n## ')[0] ?? '';

// ---------------------------------------------------------------------------------------------------
// The CLI, from its own help.

async function helpOf(...command: string[]): Promise<string> {
  const io = recordingIo();
  expect(await main([...command, '--help'], io)).toBe(EXIT.ok);
  return io.stdout();
}

interface CliCommand {
  options: Set<string>;
  /** Short form -> long form. */
  short: Map<string, string>;
}

async function readCli(): Promise<Map<string, CliCommand>> {
  const top = await helpOf();
  const listed = top.split('\nCommands:\n')[1]?.split('\n\n')[0] ?? '';
  const names = [...listed.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]).filter((n) => n !== 'help');
  const cli = new Map<string, CliCommand>();
  for (const name of names) {
    const help = await helpOf(name);
    const options = help.split('\nOptions:\n')[1]?.split('\n\n')[0] ?? '';
    const found = [...options.matchAll(/^ +(?:(-[a-zA-Z]), )?(--[a-z][a-z-]*)/gm)];
    cli.set(name, { options: new Set(found.map((m) => m[2])), short: new Map(found.filter((m) => m[1]).map((m) => [m[1], m[2]])) });
  }
  return cli;
}

let cli: Map<string, CliCommand>;
beforeAll(async () => {
  cli = await readCli();
});

/**
 * Each `xacct <command> ...` in the README's code, with the options shown with it on that line. A word
 * after `xacct` counts as a command where a command is invoked (the start of a line or of a code span,
 * after `npx`, a pipe or `;`), or when it names one (as in the commands a message prints, mid-sentence).
 */
function xacctUses(): Array<{ command: string; options: string[]; line: string }> {
  return codeLines.flatMap((line) =>
    [...line.matchAll(/(^\s*|npx\s+|[|;]\s*|&&\s*|[\s(`'"])xacct\s+([a-z][a-z-]*)/g)]
      .filter((m) => !/^[\s(`'"]$/.test(m[1]) || cli.has(m[2]))
      .map((m) => {
        // The options of this command: up to a shell pipe, a comment, a redirect or the next command.
        const rest = line.slice(m.index! + m[0].length).split(/\s\|\s|\s#|;|&&|\s>\s|\bxacct\s/)[0];
        return { command: m[2], options: [...rest.matchAll(/(?:^|[\s[(])(--[a-z][a-z-]*)/g)].map((o) => o[1]), line };
      }),
  );
}

describe('the README shows the CLI as it is', () => {
  it('reads the commands and options from the CLI itself', () => {
    expect(cli.size).toBeGreaterThanOrEqual(11);
    expect(cli.get('deploy-sequence')?.options).toContain('--continue-update-rollback');
    expect(cli.get('verify-access')?.options).toContain('--no-controls');
  });

  it('every xacct command it shows exists, with every option shown with it', () => {
    const uses = xacctUses();
    expect(uses.length).toBeGreaterThan(30);
    const wrong = uses.flatMap(({ command, options, line }) => {
      const c = cli.get(command);
      if (!c) return [`no command ${command}: ${line}`];
      return options.filter((o) => o !== '--help' && !c.options.has(o)).map((o) => `xacct ${command} has no option ${o}: ${line}`);
    });
    expect(wrong).toEqual([]);
  });

  it('the commands table has a row for every command, naming every option of it', () => {
    const rows = new Map(
      prose.flatMap((l) => {
        const m = /^\| `xacct ([a-z-]+)` \| ([^|]*(?:\\\|[^|]*)*) \|/.exec(l);
        return m ? [[m[1], m[2]] as const] : [];
      }),
    );
    expect([...rows.keys()].sort()).toEqual([...cli.keys()].sort());
    for (const [command, { options }] of cli) {
      const shown = new Set([...rows.get(command)!.matchAll(/`(--[a-z][a-z-]*)/g)].map((m) => m[1]));
      const expected = [...options].filter((o) => o !== '--help');
      expect({ command, missing: expected.filter((o) => !shown.has(o)), unknown: [...shown].filter((o) => !options.has(o)) }).toEqual({ command, missing: [], unknown: [] });
    }
  });

  it('names each short form with the long option it stands for', () => {
    const pairs = [...README.matchAll(/`(-[a-zA-Z])` for\s+`(--[a-z][a-z-]*)`/g)].map((m) => [m[1], m[2]] as const);
    expect(pairs.length).toBeGreaterThanOrEqual(7);
    for (const [short, long] of pairs) {
      const users = [...cli.values()].filter((c) => c.short.has(short));
      expect({ short, users: users.length }).not.toEqual({ short, users: 0 });
      for (const c of users) expect({ short, long: c.short.get(short) }).toEqual({ short, long });
    }
  });
});

describe('the README shows the Makefile as it is', () => {
  const targets = new Set([...MAKEFILE.matchAll(/^([a-z][a-z-]*):/gm)].map((m) => m[1]));
  const variables = new Set([...MAKEFILE.matchAll(/\$\(([A-Z_]+)\)/g)].map((m) => m[1]));
  const uses = codeLines.flatMap((line) =>
    [...line.matchAll(/(?:^|[\s(`])make\s+([a-z][a-z-]*)((?:\s+[A-Z_]+=\S*)*)/g)].map((m) => ({
      target: m[1],
      variables: [...m[2].matchAll(/([A-Z_]+)=/g)].map((v) => v[1]),
      line,
    })),
  );

  it('every make target it shows exists, with the variables it takes', () => {
    expect(targets.has('deploy-sequence')).toBe(true);
    expect(uses.length).toBeGreaterThan(20);
    const wrong = uses.flatMap(({ target, variables: vars, line }) => [
      ...(targets.has(target) ? [] : [`no target ${target}: ${line}`]),
      ...vars.filter((v) => !variables.has(v)).map((v) => `no variable ${v}: ${line}`),
    ]);
    expect(wrong).toEqual([]);
  });

  it('lists every target in its make targets table', () => {
    const table = section('## Make targets and `npx xacct`');
    const listed = new Set([...table.matchAll(/^\| `make ([a-z-]+)[^`]*` \|/gm)].map((m) => m[1]));
    expect([...targets].filter((t) => !listed.has(t))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Config keys, against the schema.

// zod's own description of a schema; only what a config walk needs.
type Schema = { _zod: { def: { type: string; innerType?: Schema; in?: Schema; shape?: Record<string, Schema>; options?: Schema[]; element?: Schema } } };

function unwrap(s: Schema): Schema {
  const { def } = s._zod;
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  return s;
}

/** The schemas a key may have under `s` (more than one under a union). */
function under(s: Schema, key: string): Schema[] {
  const { def } = unwrap(s)._zod;
  if (def.type === 'union') return def.options!.flatMap((o) => under(o, key));
  if (def.type === 'object') return def.shape![key] ? [def.shape![key]] : [];
  return [];
}

function elements(s: Schema): Schema[] {
  const { def } = unwrap(s)._zod;
  if (def.type === 'union') return def.options!.flatMap(elements);
  return def.type === 'array' && def.element ? [def.element] : [];
}

/** Paths in `doc` that are no key of the schema. */
function unknownKeys(doc: unknown, schemas: Schema[], path: string): string[] {
  if (Array.isArray(doc)) return doc.flatMap((d, i) => unknownKeys(d, schemas.flatMap(elements), `${path}[${i}]`));
  if (doc === null || typeof doc !== 'object') return [];
  return Object.entries(doc).flatMap(([key, value]) => {
    const next = schemas.flatMap((s) => under(s, key));
    const here = path ? `${path}.${key}` : key;
    return next.length === 0 ? [here] : unknownKeys(value, next, here);
  });
}

const ROOT_SCHEMA = configSchema as unknown as Schema;
const REQUIRED_TOP = ['name', 'region', 'source', 'target', 'pipeline'];

describe('the README shows the config as the schema reads it', () => {
  const yamlBlocks = fences.filter((f) => f.lang === 'yaml').map((f) => load(f.text) as Record<string, unknown>);
  // A GitHub Actions workflow is the one kind of YAML the README shows that is not a config.
  const configs = yamlBlocks.filter((doc) => !('jobs' in doc));

  it('walks the schema (a key that is not in it is found)', () => {
    expect(unknownKeys({ pipeline: { imageTag: 'x', imageTags: 'y' }, source: { credentials: { roleArn: 'a', mfaSerial: 'b' } } }, [ROOT_SCHEMA], '')).toEqual([
      'pipeline.imageTags',
      'source.credentials.mfaSerial',
    ]);
    expect(unknownKeys({ publish: { catalogs: { target: { principals: ['a'], shareWith: ['b'] } } } }, [ROOT_SCHEMA], '')).toEqual([]);
  });

  it('every key of its YAML snippets is a config key, where it stands', () => {
    expect(configs.length).toBeGreaterThan(0);
    expect(configs.flatMap((doc) => unknownKeys(doc, [ROOT_SCHEMA], ''))).toEqual([]);
  });

  it('every whole config it shows validates, and one is examples/deployment.yaml', () => {
    const whole = fences.filter((f) => f.lang === 'yaml').filter((f) => {
      const doc = load(f.text) as Record<string, unknown>;
      return REQUIRED_TOP.every((k) => k in doc);
    });
    expect(whole.length).toBeGreaterThan(0);
    const parsed = whole.map((f) => parseConfig(f.text, 'README.md'));
    expect(parsed).toContainEqual(EXAMPLE);
  });

  it('every config key path it names in inline code exists', () => {
    const paths = inline.filter((c) => /^(name|region|source|target|pipeline|eventBus|publish)(\.[A-Za-z]+)+$/.test(c));
    expect(paths.length).toBeGreaterThan(10);
    const missing = paths.filter((p) => {
      const doc = p.split('.').reduceRight<unknown>((value, key) => ({ [key]: value }), 'x');
      return unknownKeys(doc, [ROOT_SCHEMA], '').length > 0;
    });
    expect(missing).toEqual([]);
  });

  it('its examples use the example deployment\'s accounts and region', () => {
    // The example's own accounts (111122223333, 444455556666 and the one its publish section shares
    // with), and one account outside the deployment: where the CI identity and the organization live.
    const known = new Set([...EXAMPLE_TEXT.matchAll(/\b\d{12}\b/g)].map((m) => m[0]));
    expect(known).toEqual(new Set([EXAMPLE.source.accountId, EXAMPLE.target.accountId, '777788889999']));
    known.add('999988887777');
    const accounts = new Set([...README.matchAll(/\b\d{12}\b/g)].map((m) => m[0]));
    expect([...accounts].filter((a) => !known.has(a))).toEqual([]);
    const regions = new Set([...README.matchAll(/\b(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b/g)].map((m) => m[0]));
    expect([...regions]).toEqual([EXAMPLE.region]);
  });
});

// ---------------------------------------------------------------------------------------------------
// The guide's order and form.

describe('the README reads in order', () => {
  it('set-up, the first deployment, what to do when a run fails, then the reference', () => {
    const order = ['## Set up', '## Your first deployment', '## When a run fails', '## Reference'].map(indexOfHeading);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // The first deployment, step by step: numbered from 1, in order.
    const first = section('## Your first deployment');
    const steps = [...first.matchAll(/^### (\d+)\. /gm)].map((m) => Number(m[1]));
    expect(steps.length).toBeGreaterThanOrEqual(6);
    expect(steps).toEqual(steps.map((_, i) => i + 1));
    for (const topic of ['aws configure --profile', 'aws configure sso', 'aws sso login --profile', 'role_arn', 'source_profile', 'mfa_serial', 'AWS_PROFILE', 'xacct permissions', 'make plan', 'make deploy-sequence', 'docker push', 'make status']) {
      expect({ topic, shown: first.includes(topic) }).toEqual({ topic, shown: true });
    }
  });

  it('the reference sections come after the guide, in the order a reader looks things up', () => {
    const reference = indexOfHeading('## Reference');
    const sections = [
      '## Commands',
      '## Config keys',
      '## What each identity needs',
      '## Exit codes',
      '## Make targets and `npx xacct`',
      '## Pointing xacct at LocalStack or another endpoint',
      '## How it works',
      '## The templates',
      '## Proving access',
      '## Dependencies',
      '## Project layout',
      '## Benchmark',
    ].map(indexOfHeading);
    expect(sections.every((i) => i > reference)).toBe(true);
    expect(sections).toEqual([...sections].sort((a, b) => a - b));
  });

  it('introduces the article where it first mentions it', () => {
    const first = README.search(/\barticle\b/i);
    expect(first).toBeGreaterThan(0);
    const paragraph = README.slice(README.lastIndexOf('\n\n', first), README.indexOf('\n\n', first));
    expect(paragraph).toContain('How to create a CodePipeline with source from another AWS');
    expect(paragraph).toMatch(/\]\(https:\/\/dev\.to\/[^)]+\)/);
  });

  it('every table has a header, a separator and at least one row, with no blank line inside', () => {
    // Consecutive lines that start with | are one table; a blank line inside one makes two.
    const tables: string[][] = [];
    let previous = '';
    for (const line of prose) {
      if (line.startsWith('|')) {
        if (!previous.startsWith('|')) tables.push([]);
        tables[tables.length - 1].push(line);
      }
      previous = line;
    }
    expect(tables.length).toBeGreaterThan(20);
    const separator = /^\|(\s*:?-+:?\s*\|)+$/;
    const bad = tables.filter((t) => t.length < 3 || !separator.test(t[1]));
    expect(bad.map((t) => t[0])).toEqual([]);
  });

  it('every link inside the README leads to a heading, every link to a file to a file', () => {
    const slug = (h: string) => h.replace(/^#+ /, '').toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
    const anchors = new Set(headings.map(slug));
    const links = prose.flatMap((l) => [...l.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]));
    expect(links.filter((l) => l.startsWith('#') && !anchors.has(l.slice(1)))).toEqual([]);
    expect(links.filter((l) => !/^(#|https?:)/.test(l) && !existsSync(join(ROOT, l.split('#')[0])))).toEqual([]);
  });

  it('speaks of the project only', () => {
    expect(README).not.toMatch(/\b(AI|LLM|ChatGPT|Claude)\b/);
    expect(README).not.toMatch(/\bassistants?\b/i);
    // No issue or pull-request numbers of its own (upstream issues are cited as links).
    expect(README).not.toMatch(/(^|[\s(])#\d+(?![\w-])/m);
  });
});

// ---------------------------------------------------------------------------------------------------
// Facts the guide states that the code decides.

describe('the README states the exit codes and doctor\'s reads as the code has them', () => {
  it('lists every exit code, and no other', () => {
    const codes = [...section('## Exit codes').matchAll(/^\| `(\d+)` \|/gm)].map((m) => Number(m[1]));
    expect(codes.sort((a, b) => a - b)).toEqual(Object.values(EXIT).sort((a, b) => a - b));
    expect(codes).toContain(6);
  });

  it('names every IAM action doctor needs, which the deployer policy grants', () => {
    const doctor = README.split('### Compare the live accounts: `xacct doctor`')[1]?.split('\n## ')[0] ?? '';
    const actions = DEPLOYER_CALLS.filter((c) => c.commands.includes('doctor') && c.action).map((c) => c.action!);
    expect(actions.length).toBeGreaterThan(10);
    expect(actions.filter((a) => !doctor.includes(`\`${a}\``))).toEqual([]);
  });
});

describe('the README explains every dependency', () => {
  it('names each package of package.json in its Dependencies table, and no other', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const installed = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)];
    const firstColumn = [...section('## Dependencies').matchAll(/^\| ([^|]+) \|/gm)].map((m) => m[1]).slice(1);
    const named = firstColumn.flatMap((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
    // `-eventbridge` next to `@aws-sdk/client-cloudformation` is short for @aws-sdk/client-eventbridge.
    const expanded = named.map((n) => (n.startsWith('-') ? `@aws-sdk/client${n}` : n));
    const covers = (p: string) => expanded.includes(p) || (p.startsWith('@types/') && expanded.includes('@types/*'));
    expect(installed.filter((p) => !covers(p))).toEqual([]);
    expect(expanded.filter((n) => n !== '@types/*' && !installed.includes(n))).toEqual([]);
  });
});
