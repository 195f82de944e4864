/**
 * bin/xacct.js defers zod's locale tables (scripts/cli/lazy-zod-locales.ts): zod loads without them,
 * its messages are the same, and `z.locales` still loads them when read. Run in a fresh node process:
 * jest's module registry is not node's require cache.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers/templates';

const probe = (defer: boolean) => `
  ${defer ? `require(${JSON.stringify(join(ROOT, 'dist', 'scripts', 'cli', 'lazy-zod-locales.js'))}).deferZodLocales();` : ''}
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

it('the binary defers them before anything loads zod', () => {
  const bin = require('node:fs').readFileSync(join(ROOT, 'bin', 'xacct.js'), 'utf8') as string;
  expect(bin.indexOf('deferZodLocales()')).toBeGreaterThan(-1);
  expect(bin.indexOf('deferZodLocales()')).toBeLessThan(bin.indexOf("require('../dist/scripts/cli/main.js')"));
});
