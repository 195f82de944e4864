/**
 * Builders of config fields that carry one expectation each ("must be a whole number from 1 to 3650").
 * A zod schema's own `error` is used for every issue it raises: a wrong type, a length or range, a
 * pattern. So the person reads what the field must be whatever went wrong, never the validator's
 * wording; the loader adds what it found (config-problems.ts).
 */
import { z } from './zod';

/** Text matching `pattern` (the whole value); lengths are checked too, and the expectation names them. */
export function text(expectation: string, pattern?: RegExp | string, length: { min?: number; max?: number } = {}) {
  let s = z.string({ error: expectation });
  if (pattern !== undefined) s = s.regex(typeof pattern === 'string' ? new RegExp(pattern) : pattern);
  if (length.min !== undefined) s = s.min(length.min);
  if (length.max !== undefined) s = s.max(length.max);
  return s;
}

/** Free text of `min` to `max` characters (Service Catalog names and descriptions). */
export const freeText = (max: number, min = 1) =>
  text(min === 0 ? `must be text of at most ${max} characters` : `must be text of ${min} to ${max} characters`, undefined, { min, max });

/** A whole number in a range, for counts of days and the like. */
export const wholeNumber = (min: number, max: number, unit: string) =>
  z.number({ error: `must be a whole number from ${min} to ${max} (${unit})` }).int().min(min).max(max);

/** A list whose items are checked by `item`; `expectation` is said when the value is not a list. */
export const list = <T extends z.ZodType>(item: T, expectation: string) => z.array(item, { error: expectation });

/** A mapping with exactly these keys (strict: an unknown key is an error of its own). */
export const mapping = <S extends z.ZodRawShape>(shape: S, what: string) =>
  z.strictObject(shape, { error: `must be a mapping of ${what} (keys ${Object.keys(shape).join(', ')}), as in examples/deployment.yaml` });
