/**
 * The documentation as tests read it: README.md (the guide) and the reference pages under docs/, each as
 * code blocks, inline code, prose and headings.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { ROOT } from './templates';

/**
 * The reference pages the README's Reference section links to, in its order (the order a reader looks
 * things up), each with its sections in the order they come in the page.
 */
export const REFERENCE: ReadonlyArray<{ page: string; sections: readonly string[] }> = [
  { page: 'docs/commands.md', sections: ['## Commands', '## Make targets and `npx xacct`'] },
  { page: 'docs/config.md', sections: ['# Config keys'] },
  { page: 'docs/fleet.md', sections: ['# Many accounts', '## What works now', '## What is coming'] },
  { page: 'docs/permissions.md', sections: ['# What each identity needs'] },
  { page: 'docs/exit-codes.md', sections: ['# Exit codes'] },
  { page: 'docs/explain-mechanisms.md', sections: ['# How explain reads a denial', '## Scope first', '## Mechanisms', '## Unsure'] },
  {
    page: 'docs/how-it-works.md',
    sections: [
      '## The deploy sequence in detail',
      '## Status in detail',
      '## Tearing down: `make destroy-sequence`',
      '## Publishing to Service Catalog',
      '## Pointing xacct at LocalStack or another endpoint',
      '## How it works',
      '## Project layout',
    ],
  },
  { page: 'docs/templates.md', sections: ['# The templates'] },
  { page: 'docs/proving-access.md', sections: ['## Proving access', '## Lint'] },
  { page: 'docs/dependencies.md', sections: ['# Dependencies'] },
  { page: 'docs/benchmark.md', sections: ['# Benchmark'] },
  { page: 'docs/architecture.md', sections: ['# Architecture: the rooms of `scripts/`'] },
];

export interface Fence {
  lang: string;
  text: string;
}

export interface Doc {
  /** The path from the repository root, `README.md` or `docs/<page>.md`. */
  file: string;
  text: string;
  fences: Fence[];
  /** The lines outside code blocks. */
  prose: string[];
  /** Inline code spans of the prose (tables included), with the table's escaped pipes unescaped. */
  inline: string[];
  /** Every piece of code the page shows: inline spans and the lines of its code blocks. */
  codeLines: string[];
  /** Its headings (`# ` to `###### `), in order. */
  headings: string[];
}

export function splitMarkdown(markdown: string, file: string): { fences: Fence[]; prose: string[] } {
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
  if (open) throw new Error(`${file}: a code block is not closed`);
  return { fences, prose };
}

export function readDoc(file: string): Doc {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const { fences, prose } = splitMarkdown(text, file);
  const inline = prose.flatMap((line) => [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\\\|/g, '|')));
  return {
    file,
    text,
    fences,
    prose,
    inline,
    codeLines: [...inline, ...fences.flatMap((f) => f.text.split('\n'))],
    headings: prose.filter((l) => /^#{1,6} /.test(l)),
  };
}

/** The pages under docs/ as they are on disk, sorted. */
export const docPages = (): string[] =>
  existsSync(join(ROOT, 'docs'))
    ? readdirSync(join(ROOT, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .sort()
        .map((f) => `docs/${f}`)
    : [];

/** README.md, then every page under docs/. */
export const allDocs = (): Doc[] => ['README.md', ...docPages()].map(readDoc);

/**
 * The text under a heading of a page (given with its `#`s), up to the next `## ` heading (the whole
 * page under a `# ` title that has no `## ` section); '' when the page has no such heading.
 */
export function sectionOf(text: string, heading: string): string {
  return `\n${text}`.split(`\n${heading}\n`)[1]?.split('\n## ')[0] ?? '';
}

/** The text under a heading of the page `file` (README.md, docs/<page>.md). */
export const docSection = (file: string, heading: string): string => sectionOf(readFileSync(join(ROOT, file), 'utf8'), heading);

/** GitHub's anchor of a heading. */
export const slug = (heading: string) =>
  heading
    .replace(/^#+ /, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

/** The relative links of a page's prose, each with the file it leads to (from the root) and its anchor. */
export function linksOf(doc: Doc): Array<{ link: string; target: string; anchor?: string }> {
  const links = doc.prose.flatMap((l) => [...l.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]));
  return links
    .filter((l) => !/^[a-z]+:/.test(l))
    .map((link) => {
      const [path, anchor] = link.split('#');
      const target = path === '' ? doc.file : posix.normalize(posix.join(dirname(doc.file), path));
      return { link, target, anchor };
    });
}
