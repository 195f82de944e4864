/**
 * zod's entry module loads every one of its ~50 message locales (`z.locales`) as it starts: about a
 * quarter of its load time, for tables the tool never reads (it keeps zod's default English messages,
 * which zod loads on its own from locales/en). Before zod is first required, its locale index is put in
 * the module cache as a stand-in that loads the real one on first use, so `z.locales` still works.
 * Called by zod.ts before it loads zod (every config module takes z from there); a test checks zod's
 * messages with it in a fresh process.
 */
import Module from 'node:module';
import { dirname, join } from 'node:path';

type CachedModule = InstanceType<typeof Module>;

export function deferZodLocales(): void {
  let path: string;
  try {
    path = join(dirname(require.resolve('zod')), 'v4', 'locales', 'index.cjs');
  } catch {
    return;
  }
  const cache = require.cache as Record<string, CachedModule | undefined>;
  if (cache[path]) return;
  let real: Record<PropertyKey, unknown> | undefined;
  const load = (): Record<PropertyKey, unknown> => {
    if (!real) {
      delete cache[path];
      real = require(path) as Record<PropertyKey, unknown>;
    }
    return real;
  };
  const standIn = new Module(path) as CachedModule & { filename: string; loaded: boolean };
  standIn.filename = path;
  standIn.loaded = true;
  standIn.exports = new Proxy(
    {},
    {
      // __esModule without loading: zod's interop helper then takes the stand-in as it is.
      get: (_, key) => (key === '__esModule' ? true : load()[key]),
      has: (_, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_, key) => {
        const d = Object.getOwnPropertyDescriptor(load(), key);
        return d ? { ...d, configurable: true } : undefined;
      },
    },
  );
  cache[path] = standIn;
}
