/**
 * zod for the config schemas, its unused locale tables deferred first (lazy-zod-locales.ts): every
 * module here takes z from this one, so the deferral is in place before zod loads, and only commands
 * that read a config load zod at all (`generate` does not).
 */
import { deferZodLocales } from './lazy-zod-locales';

deferZodLocales();

export { z } from 'zod';
