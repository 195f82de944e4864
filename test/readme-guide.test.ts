/**
 * The README is a guide read from the top, and the pages under docs/ are its reference; what they show
 * must work: every `xacct` command and option shown in any of them exists in the CLI (read from the CLI's
 * own help, in process), every `make` target and variable exists in the Makefile, every config key of
 * their YAML snippets is a key of the config schema (a whole config validates, and one is
 * examples/deployment.yaml), their examples use the example deployment's accounts and region, and every
 * relative link leads to a file and, with an anchor, to a heading of it. The first deployment comes
 * before the reference, which the README links to page by page.
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
import { REFERENCE, allDocs, docPages, linksOf, readDoc, sectionOf, slug, splitMarkdown, type Doc } from './helpers/docs';
import { ROOT } from './helpers/templates';

const MAKEFILE = readFileSync(join(ROOT, 'Makefile'), 'utf8');
const EXAMPLE_FILE = join(ROOT, 'examples', 'deployment.yaml');
const EXAMPLE_TEXT = readFileSync(EXAMPLE_FILE, 'utf8');
const EXAMPLE = parseConfig(EXAMPLE_TEXT, EXAMPLE_FILE);

/** README.md, then every page under docs/. */
const DOCS = allDocs();
const README = DOCS[0];
/** A page by its path from the root; a page that is missing fails the test that asks for it. */
const page = (file: string): Doc => {
  const found = DOCS.find((d) => d.file === file);
  if (!found) throw new Error(`${file} is missing`);
  return found;
};

/** The text of a `## ` section of the README (of a page, with `file`), up to the next one. */
const section = (heading: string, file = 'README.md') => sectionOf(page(file).text, heading);
const indexOfHeading = (heading: string, doc: Doc = README) => {
  const i = doc.headings.indexOf(heading);
  expect({ file: doc.file, heading, found: i >= 0 }).toEqual({ file: doc.file, heading, found: true });
  return i;
};

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
 * Each `xacct <command> ...` in the code of the README and the docs pages, with the options shown with it
 * on that line. A word after `xacct` counts as a command where a command is invoked (the start of a line
 * or of a code span, after `npx`, a pipe or `;`), or when it names one (as in the commands a message
 * prints, mid-sentence).
 */
function xacctUses(): Array<{ command: string; options: string[]; line: string }> {
  return DOCS.flatMap((doc) =>
    doc.codeLines.flatMap((line) =>
      [...line.matchAll(/(^\s*|npx\s+|[|;]\s*|&&\s*|[\s(`'"])xacct\s+([a-z][a-z-]*)/g)]
        .filter((m) => !/^[\s(`'"]$/.test(m[1]) || cli.has(m[2]))
        .map((m) => {
          // The options of this command: up to a shell pipe, a comment, a redirect or the next command.
          const rest = line.slice(m.index! + m[0].length).split(/\s\|\s|\s#|;|&&|\s>\s|\bxacct\s/)[0];
          return { command: m[2], options: [...rest.matchAll(/(?:^|[\s[(])(--[a-z][a-z-]*)/g)].map((o) => o[1]), line: `${doc.file}: ${line}` };
        }),
    ),
  );
}

describe('the README and the docs pages show the CLI as it is', () => {
  it('reads the commands and options from the CLI itself', () => {
    expect(cli.size).toBeGreaterThanOrEqual(11);
    expect(cli.get('deploy-sequence')?.options).toContain('--continue-update-rollback');
    expect(cli.get('verify-access')?.options).toContain('--no-controls');
  });

  it('every xacct command they show exists, with every option shown with it', () => {
    const uses = xacctUses();
    expect(uses.length).toBeGreaterThan(30);
    const wrong = uses.flatMap(({ command, options, line }) => {
      const c = cli.get(command);
      if (!c) return [`no command ${command}: ${line}`];
      return options.filter((o) => o !== '--help' && !c.options.has(o)).map((o) => `xacct ${command} has no option ${o}: ${line}`);
    });
    expect(wrong).toEqual([]);
  });

  it('the commands table (docs/commands.md) has a row for every command, naming every option of it', () => {
    const rows = new Map(
      page('docs/commands.md').prose.flatMap((l) => {
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
    const pairs = DOCS.flatMap((d) => [...d.text.matchAll(/`(-[a-zA-Z])` for\s+`(--[a-z][a-z-]*)`/g)].map((m) => [m[1], m[2]] as const));
    expect(pairs.length).toBeGreaterThanOrEqual(7);
    for (const [short, long] of pairs) {
      const users = [...cli.values()].filter((c) => c.short.has(short));
      expect({ short, users: users.length }).not.toEqual({ short, users: 0 });
      for (const c of users) expect({ short, long: c.short.get(short) }).toEqual({ short, long });
    }
  });
});

describe('the README and the docs pages show the Makefile as it is', () => {
  const targets = new Set([...MAKEFILE.matchAll(/^([a-z][a-z-]*):/gm)].map((m) => m[1]));
  const variables = new Set([...MAKEFILE.matchAll(/\$\(([A-Z_]+)\)/g)].map((m) => m[1]));
  const uses = DOCS.flatMap((doc) =>
    doc.codeLines.flatMap((line) =>
      [...line.matchAll(/(?:^|[\s(`])make\s+([a-z][a-z-]*)((?:\s+[A-Z_]+=\S*)*)/g)].map((m) => ({
        target: m[1],
        variables: [...m[2].matchAll(/([A-Z_]+)=/g)].map((v) => v[1]),
        line: `${doc.file}: ${line}`,
      })),
    ),
  );

  it('every make target they show exists, with the variables it takes', () => {
    expect(targets.has('deploy-sequence')).toBe(true);
    expect(uses.length).toBeGreaterThan(20);
    const wrong = uses.flatMap(({ target, variables: vars, line }) => [
      ...(targets.has(target) ? [] : [`no target ${target}: ${line}`]),
      ...vars.filter((v) => !variables.has(v)).map((v) => `no variable ${v}: ${line}`),
    ]);
    expect(wrong).toEqual([]);
  });

  it('lists every target in its make targets table (docs/commands.md)', () => {
    const table = section('## Make targets and `npx xacct`', 'docs/commands.md');
    const listed = new Set([...table.matchAll(/^\| `make ([a-z-]+)[^`]*` \|/gm)].map((m) => m[1]));
    expect(listed.size).toBeGreaterThan(0);
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

describe('the README and the docs pages show the config as the schema reads it', () => {
  const yamlBlocks = DOCS.flatMap((d) => d.fences.filter((f) => f.lang === 'yaml').map((f) => load(f.text) as Record<string, unknown>));
  // A GitHub Actions workflow is the one kind of YAML they show that is not a config.
  const configs = yamlBlocks.filter((doc) => !('jobs' in doc));

  it('walks the schema (a key that is not in it is found)', () => {
    expect(unknownKeys({ pipeline: { imageTag: 'x', imageTags: 'y' }, source: { credentials: { roleArn: 'a', mfaSerial: 'b' } } }, [ROOT_SCHEMA], '')).toEqual([
      'pipeline.imageTags',
      'source.credentials.mfaSerial',
    ]);
    expect(unknownKeys({ publish: { catalogs: { target: { principals: ['a'], shareWith: ['b'] } } } }, [ROOT_SCHEMA], '')).toEqual([]);
  });

  it('every key of their YAML snippets is a config key, where it stands', () => {
    expect(configs.length).toBeGreaterThan(0);
    expect(configs.flatMap((doc) => unknownKeys(doc, [ROOT_SCHEMA], ''))).toEqual([]);
  });

  it('every whole config they show validates, and one is examples/deployment.yaml', () => {
    const whole = DOCS.flatMap((d) =>
      d.fences
        .filter((f) => f.lang === 'yaml')
        .filter((f) => {
          const doc = load(f.text) as Record<string, unknown>;
          return REQUIRED_TOP.every((k) => k in doc);
        })
        .map((f) => ({ file: d.file, text: f.text })),
    );
    expect(whole.length).toBeGreaterThan(0);
    const parsed = whole.map((f) => parseConfig(f.text, f.file));
    expect(parsed).toContainEqual(EXAMPLE);
  });

  it('every config key path they name in inline code exists', () => {
    const paths = DOCS.flatMap((d) => d.inline.filter((c) => /^(name|region|source|target|pipeline|eventBus|publish)(\.[A-Za-z]+)+$/.test(c)).map((p) => ({ file: d.file, p })));
    expect(paths.length).toBeGreaterThan(10);
    const missing = paths.filter(({ p }) => {
      const doc = p.split('.').reduceRight<unknown>((value, key) => ({ [key]: value }), 'x');
      return unknownKeys(doc, [ROOT_SCHEMA], '').length > 0;
    });
    expect(missing.map(({ file, p }) => `${file}: ${p}`)).toEqual([]);
  });

  it('their examples use the example deployment\'s accounts and region', () => {
    // The example's own accounts (111122223333, 444455556666 and the one its publish section shares
    // with), and one account outside the deployment: where the CI identity and the organization live.
    const known = new Set([...EXAMPLE_TEXT.matchAll(/\b\d{12}\b/g)].map((m) => m[0]));
    expect(known).toEqual(new Set([EXAMPLE.source.accountId, EXAMPLE.target.accountId, '777788889999']));
    known.add('999988887777');
    const accounts = DOCS.flatMap((d) => [...new Set([...d.text.matchAll(/\b\d{12}\b/g)].map((m) => m[0]))].map((a) => ({ file: d.file, a })));
    expect(accounts.filter(({ a }) => !known.has(a)).map(({ file, a }) => `${file}: ${a}`)).toEqual([]);
    const regionsOf = (d: Doc) => new Set([...d.text.matchAll(/\b(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b/g)].map((m) => m[0]));
    expect([...regionsOf(README)]).toEqual([EXAMPLE.region]);
    for (const d of DOCS) expect({ file: d.file, regions: [...regionsOf(d)].filter((r) => r !== EXAMPLE.region) }).toEqual({ file: d.file, regions: [] });
  });
});

// ---------------------------------------------------------------------------------------------------
// The guide's order and form, and its reference pages.

describe('the README reads in order', () => {
  it('set-up, the first deployment, what to do when a run fails, then the reference', () => {
    const order = ['## Set up', '## Your first deployment', '## When a run fails', '## Reference'].map((h) => indexOfHeading(h));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // The first deployment, step by step: numbered from 1, in order.
    const first = section('## Your first deployment');
    const steps = [...first.matchAll(/^### (\d+)\. /gm)].map((m) => Number(m[1]));
    expect(steps.length).toBeGreaterThanOrEqual(6);
    expect(steps).toEqual(steps.map((_, i) => i + 1));
    for (const topic of ['aws configure --profile', 'aws configure sso', 'aws sso login --profile', 'role_arn', 'source_profile', 'mfa_serial', 'AWS_PROFILE', 'xacct bootstrap', '--trust', 'cloudFormationRoleArn', 'xacct plan', 'xacct deploy-sequence', 'docker push', 'xacct status']) {
      expect({ topic, shown: first.includes(topic) }).toEqual({ topic, shown: true });
    }
  });

  it('sets up with two commands, make generate then make test', () => {
    const setUp = splitMarkdown(section('## Set up'), 'README.md');
    const commands = setUp.fences.filter((f) => f.lang === 'sh').flatMap((f) => f.text.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()));
    expect(commands).toEqual(['make generate', 'make test']);
  });

  it('is at most 800 lines, and ends with the Reference section', () => {
    expect(README.text.replace(/\n$/, '').split('\n').length).toBeLessThanOrEqual(800);
    expect(README.headings[README.headings.length - 1]).toBe('## Reference');
  });

  it('the reference: its pages exist, hold their sections in order, and the README links to each in the order a reader looks things up', () => {
    const reference = section('## Reference');
    expect(reference).not.toBe('');
    const linked = [...new Set(linksOf({ ...README, prose: splitMarkdown(reference, 'README.md').prose }).map((l) => l.target))];
    expect(linked).toEqual(REFERENCE.map((r) => r.page));
    for (const { page: file, sections } of REFERENCE) {
      expect({ file, exists: existsSync(join(ROOT, file)) }).toEqual({ file, exists: true });
      const doc = page(file);
      const order = sections.map((h) => indexOfHeading(h, doc));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('links to every page under docs/ from its Reference section', () => {
    const linked = new Set(linksOf({ ...README, prose: splitMarkdown(section('## Reference'), 'README.md').prose }).map((l) => l.target));
    expect(docPages().length).toBeGreaterThanOrEqual(REFERENCE.length);
    expect(docPages().filter((p) => !linked.has(p))).toEqual([]);
  });

  it('introduces the article where it first mentions it', () => {
    const first = README.text.search(/\barticle\b/i);
    expect(first).toBeGreaterThan(0);
    const paragraph = README.text.slice(README.text.lastIndexOf('\n\n', first), README.text.indexOf('\n\n', first));
    expect(paragraph).toContain('How to create a CodePipeline with source from another AWS');
    expect(paragraph).toMatch(/\]\(https:\/\/dev\.to\/[^)]+\)/);
  });
});

describe('the README and the docs pages are well formed', () => {
  it('every table has a header, a separator and at least one row, with no blank line inside', () => {
    // Consecutive lines that start with | are one table; a blank line inside one makes two.
    const tables: Array<{ file: string; lines: string[] }> = [];
    for (const doc of DOCS) {
      let previous = '';
      for (const line of doc.prose) {
        if (line.startsWith('|')) {
          if (!previous.startsWith('|')) tables.push({ file: doc.file, lines: [] });
          tables[tables.length - 1].lines.push(line);
        }
        previous = line;
      }
    }
    expect(tables.length).toBeGreaterThan(20);
    const separator = /^\|(\s*:?-+:?\s*\|)+$/;
    const bad = tables.filter((t) => t.lines.length < 3 || !separator.test(t.lines[1]));
    expect(bad.map((t) => `${t.file}: ${t.lines[0]}`)).toEqual([]);
  });

  it('every relative link leads to a file, and every link with an anchor to a heading of it', () => {
    const anchorsOf = new Map<string, Set<string>>();
    const anchors = (file: string) => {
      if (!anchorsOf.has(file)) anchorsOf.set(file, new Set(readDoc(file).headings.map(slug)));
      return anchorsOf.get(file)!;
    };
    const links = DOCS.flatMap((doc) => linksOf(doc).map((l) => ({ ...l, file: doc.file })));
    expect(links.filter((l) => l.target !== l.file).length).toBeGreaterThan(20);
    const broken = links.flatMap(({ file, link, target, anchor }) => {
      if (!existsSync(join(ROOT, target))) return [`${file}: ${link} (no file ${target})`];
      if (anchor !== undefined && !(target.endsWith('.md') && anchors(target).has(anchor))) return [`${file}: ${link} (no heading #${anchor} in ${target})`];
      return [];
    });
    expect(broken).toEqual([]);
  });

  it('speak of the project only', () => {
    for (const { file, text } of DOCS) {
      expect({ file, ai: /\b(AI|LLM|ChatGPT|Claude)\b/.test(text), assistant: /\bassistants?\b/i.test(text) }).toEqual({ file, ai: false, assistant: false });
      // No issue or pull-request numbers of their own (upstream issues are cited as links).
      expect({ file, issue: /(^|[\s(])#\d+(?![\w-])/m.exec(text)?.[0] }).toEqual({ file, issue: undefined });
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Facts the guide and its reference state that the code decides.

describe('the docs state the exit codes and doctor\'s reads as the code has them', () => {
  it('lists every exit code, and no other (docs/exit-codes.md)', () => {
    const codes = [...section('# Exit codes', 'docs/exit-codes.md').matchAll(/^\| `(\d+)` \|/gm)].map((m) => Number(m[1]));
    expect(codes.sort((a, b) => a - b)).toEqual(Object.values(EXIT).sort((a, b) => a - b));
    expect(codes).toContain(6);
  });

  it('names every IAM action doctor needs, which the deployer policy grants', () => {
    const doctor = README.text.split('### Compare the live accounts: `xacct doctor`')[1]?.split('\n## ')[0] ?? '';
    const actions = DEPLOYER_CALLS.filter((c) => c.commands.includes('doctor') && c.action).map((c) => c.action!);
    expect(actions.length).toBeGreaterThan(10);
    expect(actions.filter((a) => !doctor.includes(`\`${a}\``))).toEqual([]);
  });
});

describe('the docs explain every dependency', () => {
  it('names each package of package.json in its Dependencies table (docs/dependencies.md), and no other', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const installed = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)];
    const firstColumn = [...section('# Dependencies', 'docs/dependencies.md').matchAll(/^\| ([^|]+) \|/gm)].map((m) => m[1]).slice(1);
    const named = firstColumn.flatMap((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
    // `-eventbridge` next to `@aws-sdk/client-cloudformation` is short for @aws-sdk/client-eventbridge.
    const expanded = named.map((n) => (n.startsWith('-') ? `@aws-sdk/client${n}` : n));
    const covers = (p: string) => expanded.includes(p) || (p.startsWith('@types/') && expanded.includes('@types/*'));
    expect(installed.filter((p) => !covers(p))).toEqual([]);
    expect(expanded.filter((n) => n !== '@types/*' && !installed.includes(n))).toEqual([]);
  });
});
