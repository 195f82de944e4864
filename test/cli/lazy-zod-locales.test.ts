/**
 * The config modules take zod from scripts/config/zod.ts, which defers zod's locale tables
 * (scripts/config/lazy-zod-locales.ts) before zod loads: zod loads without them, its messages are the
 * same, and `z.locales` still loads them when read. Run in a fresh node process: jest's module registry
 * is not node's require cache.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers/templates';

const probe = (defer: boolean) => `
  ${defer ? `require(${JSON.stringify(join(ROOT, 'dist', 'scripts', 'config', 'lazy-zod-locales.js'))}).deferZodLocales();` : ''}
  const { z } = require('zod');
  const loaded = () => Object.keys(require.cache).filter((k) => /[\\\\/]locales[\\\\/]de\\.cjs$/.test(k)).length;
  const before = loaded();
  const message = z.object({ name: z.string().min(3) }).safeParse({ name: 7 }).error.issues[0].message;
  const german = typeof z.locales.de;
  process.stdout.write(JSON.stringify({ before, message, german, after: loaded() }));
`;

const run = (defer: boolean) => {
  const r = spawnSync(process.execPath, ['-e', probe(defer)], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { before: number; message: string; german: string; after: number };
};

it('zod starts without its other locales, says the same, and loads them when z.locales is read', () => {
  const plain = run(false);
  const deferred = run(true);
  expect(plain.before).toBe(1);
  expect(deferred.before).toBe(0);
  expect(deferred.message).toBe(plain.message);
  expect(deferred.message).toMatch(/expected string/i);
  expect(deferred.german).toBe('function');
  expect(deferred.after).toBe(1);
});

it('every module takes zod through scripts/config/zod.ts, which defers them before it loads zod', () => {
  const { readdirSync, readFileSync } = require('node:fs') as typeof import('node:fs');
  const files = (readdirSync(join(ROOT, 'scripts'), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
  const takingZod = files.filter((f) => /^import \{[^}]*\} from 'zod';$/m.test(readFileSync(join(ROOT, 'scripts', f), 'utf8')) || /export \{[^}]*\} from 'zod'/.test(readFileSync(join(ROOT, 'scripts', f), 'utf8')));
  expect(takingZod.map((f) => f.replace(/\\/g, '/'))).toEqual(['config/zod.ts']);
  const built = readFileSync(join(ROOT, 'dist', 'scripts', 'config', 'zod.js'), 'utf8');
  expect(built.indexOf('deferZodLocales)()')).toBeGreaterThan(-1);
  expect(built.indexOf('deferZodLocales)()')).toBeLessThan(built.indexOf('require("zod")'));
});
