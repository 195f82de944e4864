/**
 * IAM's two wildcards: `*` any run of characters (also none), `?` exactly one. Everything else is
 * literal. Compiled patterns are cached: one explanation matches the same few patterns many times.
 */

const cache = new Map<string, RegExp>();

const escape = (text: string) => text.replace(/[.+^${}()|[\]\\]/g, '\\$&');

function globRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? 'i' : 's'}:${pattern}`;
  let re = cache.get(key);
  if (!re) {
    // Placeholders for `${*}` and `${?}` (variables.ts) are the literal characters, not wildcards.
    const body = escape(pattern)
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')
      .replace(/\u0000STAR\u0000/g, '\\*')
      .replace(/\u0000QMARK\u0000/g, '\\?');
    re = new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
    cache.set(key, re);
  }
  return re;
}

export const globMatches = (pattern: string, value: string, ignoreCase: boolean): boolean => globRegExp(pattern, ignoreCase).test(value);
