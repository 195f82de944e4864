/**
 * The rooms of scripts/ and the arrows between them, read from the imports themselves: what runtime
 * code needs never lives in the dev-only verify/, the engine's rooms do not reach up into the CLI,
 * files import in one direction (no cycle), files stay short, and the diagram in docs/architecture.md
 * draws exactly the room-to-room imports there are.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

const ROOT = join(__dirname, '..');
const MAX_LINES = 600;

/** Every .ts file under `dir` (a path from the repository root), as posix paths from the root. */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(posix.join(dir, e.name)) : e.name.endsWith('.ts') ? [posix.join(dir, e.name)] : []))
    .sort();
}

const FILES = [...sourceFiles('scripts'), ...sourceFiles('templates-src')];
const KNOWN = new Set(FILES);
const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/**
 * The module specifiers of a file: static `import ... from`, `export ... from`, bare `import '...'`,
 * dynamic `import('...')` and `require('...')`.
 */
export function specifiersOf(source: string): string[] {
  const pattern = /(?:\bimport|\bexport)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [...source.matchAll(pattern)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

interface Edge {
  from: string;
  to: string;
}

const unresolved: string[] = [];
/** File-level imports between the .ts files of scripts/ and templates-src/ (relative specifiers only). */
const EDGES: Edge[] = FILES.flatMap((from) =>
  specifiersOf(text(from))
    .filter((s) => s.startsWith('.'))
    .flatMap((spec) => {
      const base = posix.normalize(posix.join(posix.dirname(from), spec));
      const to = [`${base}.ts`, `${base}/index.ts`, base].find((c) => KNOWN.has(c));
      if (to) return [{ from, to }];
      // package.json and other data files are not modules of ours; anything else is a broken path.
      if (!existsSync(join(ROOT, base)) || base.endsWith('.ts')) unresolved.push(`${from}: ${spec}`);
      return [];
    }),
);

const importsOf = new Map<string, string[]>(FILES.map((f) => [f, []]));
for (const e of EDGES) importsOf.get(e.from)!.push(e.to);

/** The room of a file: its folder right under scripts/ (templates-src/ is one room); undefined for scripts/*.ts. */
export function roomOf(file: string): string | undefined {
  const parts = file.split('/');
  if (parts[0] === 'templates-src') return 'templates-src';
  return parts.length > 2 ? parts[1] : undefined;
}

const under = (file: string, room: string) => file.startsWith(`scripts/${room}/`);

/** Room-to-room imports, as `from -> to`. */
const ROOM_EDGES = new Set(
  EDGES.flatMap(({ from, to }) => {
    const [a, b] = [roomOf(from), roomOf(to)];
    return a && b && a !== b ? [`${a} -> ${b}`] : [];
  }),
);

describe('the imports under scripts/', () => {
  it('all resolve (so the checks below see every edge)', () => {
    expect(unresolved).toEqual([]);
  });

  it('(a) reach the dev-only verify/ only from verify/ itself and the verify-access command', () => {
    const allowed = (file: string) => under(file, 'verify') || file === 'scripts/cli/verify-access-command.ts';
    const offending = EDGES.filter((e) => under(e.to, 'verify') && !allowed(e.from)).map((e) => `${e.from} imports ${e.to}`);
    expect(offending).toEqual([]);
  });

  it('(a) load @cloud-copilot (the AGPL simulator, IAM data) only in verify/', () => {
    const offending = FILES.filter((f) => !under(f, 'verify') && specifiersOf(text(f)).some((s) => s.startsWith('@cloud-copilot/')));
    expect(offending).toEqual([]);
  });

  it('(b) never reach the CLI from the engine, the publisher, the teardown, the status report or the reporters', () => {
    const rooms = ['publish', 'deploy', 'destroy', 'status', 'progress'];
    const offending = EDGES.filter((e) => rooms.some((r) => under(e.from, r)) && under(e.to, 'cli')).map((e) => `${e.from} imports ${e.to}`);
    expect(offending).toEqual([]);
  });

  it('(c) form no cycle between files', () => {
    expect(cycles(FILES, importsOf).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('(c) run one way between rooms: no two rooms import each other', () => {
    const both = [...ROOM_EDGES].filter((e) => {
      const [a, b] = e.split(' -> ');
      return a! < b! && ROOM_EDGES.has(`${b} -> ${a}`);
    });
    expect(both.map((e) => e.replace(' -> ', ' <-> '))).toEqual([]);
  });

  it('(c) run one way between rooms: no cycle of rooms', () => {
    const rooms = new Map<string, string[]>();
    for (const e of ROOM_EDGES) {
      const [a, b] = e.split(' -> ') as [string, string];
      rooms.set(a, [...(rooms.get(a) ?? []), b]);
    }
    expect(cycles([...rooms.keys()].sort(), rooms).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('keep templates-src/ pure: it imports nothing from scripts/', () => {
    const offending = EDGES.filter((e) => e.from.startsWith('templates-src/') && e.to.startsWith('scripts/')).map((e) => `${e.from} imports ${e.to}`);
    expect(offending).toEqual([]);
  });

  it('keep the shared files right under scripts/ (errors.ts, exemptions.ts) leaves: they import no module of ours', () => {
    const offending = EDGES.filter((e) => roomOf(e.from) === undefined).map((e) => `${e.from} imports ${e.to}`);
    expect(offending).toEqual([]);
  });

  it('leave the AWS SDK clients to one module: scripts/aws/clients.ts and its folder', () => {
    const sdkModule = (f: string) => f === 'scripts/aws/clients.ts' || f.startsWith('scripts/aws/clients/');
    const offending = FILES.filter((f) => !sdkModule(f) && specifiersOf(text(f)).some((s) => s.startsWith('@aws-sdk/client-')));
    expect(offending).toEqual([]);
  });
});

describe('the files under scripts/', () => {
  it(`(d) are at most ${MAX_LINES} lines long`, () => {
    const long = sourceFiles('scripts')
      .map((f) => ({ f, lines: text(f).split('\n').length - (text(f).endsWith('\n') ? 1 : 0) }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ f, lines }) => `${f}: ${lines} lines`);
    expect(long).toEqual([]);
  });
});

describe('docs/architecture.md', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
  const block = /```mermaid\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
  // Nodes are `id[room]` (ids without dashes, which mermaid reads as arrows); edges `id --> id`.
  const labels = new Map([...block.matchAll(/^\s*(\w+)\["?([\w-]+)"?\]\s*$/gm)].map((m) => [m[1]!, m[2]!]));
  const drawn = [...block.matchAll(/^\s*(\w+)\s*-->\s*(\w+)\s*$/gm)].map((m) => `${labels.get(m[1]!) ?? `undeclared node ${m[1]}`} -> ${labels.get(m[2]!) ?? `undeclared node ${m[2]}`}`);

  it('(e) has a mermaid flowchart of the rooms', () => {
    expect(block).toMatch(/^\s*(flowchart|graph) TD/);
    expect(drawn.length).toBeGreaterThan(0);
  });

  it('(e) draws only room-to-room imports that exist', () => {
    expect(drawn.filter((e) => !ROOM_EDGES.has(e)).map((e) => `drawn but not imported: ${e}`)).toEqual([]);
  });

  it('(e) draws every room-to-room import', () => {
    const missing = [...ROOM_EDGES].filter((e) => !drawn.includes(e)).sort();
    expect(missing.map((e) => `imported but not drawn: ${e}`)).toEqual([]);
  });

  it('(e) names every room, one node each', () => {
    const rooms = new Set(FILES.map(roomOf).filter((r): r is string => r !== undefined));
    expect([...rooms].filter((r) => ![...labels.values()].includes(r)).map((r) => `room without a node: ${r}`)).toEqual([]);
  });
});

describe('the import parser these checks rest on', () => {
  it('reads static, re-exported, dynamic and required specifiers, type-only ones too', () => {
    const source = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      'import {\n  c,\n  d,\n} from "./c";',
      "import './side-effect';",
      "export { e } from './e';",
      "export * from './f';",
      "const g = await import('./g');",
      "const h = require('./h');",
      "import { readFileSync } from 'node:fs';",
    ].join('\n');
    expect(specifiersOf(source)).toEqual(['./a', '../b', './c', './side-effect', './e', './f', './g', './h', 'node:fs']);
  });

  it('finds a cycle and names its files in order', () => {
    const graph = new Map([
      ['x', ['y']],
      ['y', ['z']],
      ['z', ['x']],
      ['w', ['x']],
    ]);
    expect(cycles(['w', 'x', 'y', 'z'], graph)).toEqual([['x', 'y', 'z', 'x']]);
  });

  it('sees the rooms of files, and none for the files right under scripts/', () => {
    expect([roomOf('scripts/aws/clients/s3.ts'), roomOf('scripts/errors.ts'), roomOf('templates-src/index.ts')]).toEqual(['aws', undefined, 'templates-src']);
  });
});

/** One cycle per strongly connected component of more than one file (or a file importing itself), as a path. */
function cycles(nodes: string[], graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component = new Set<string>();
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.add(w);
    } while (w !== v);
    if (component.size > 1 || (graph.get(v) ?? []).includes(v)) found.push(pathBack(v, component, graph));
  };
  for (const v of nodes) if (!index.has(v)) connect(v);
  return found;
}

/** A path from `start` back to itself inside its component (breadth first: a shortest one). */
function pathBack(start: string, component: Set<string>, graph: Map<string, string[]>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const between: string[] = [];
        for (let u = v; u !== start; u = previous.get(u)!) between.unshift(u);
        return [start, ...between, start];
      }
      if (!previous.has(w) && w !== start) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
