/**
 * Policy variables in Resource and condition values: `${aws:PrincipalAccount}` takes the request's
 * value; `${*}`, `${?}` and `${$}` stand for the literal characters. A variable whose key the request
 * lacks leaves the value unresolved: the value then matches nothing (IAM User Guide, "IAM policy
 * elements: Variables and tags": "If the variable is not present, the policy element is evaluated as
 * not matching").
 */

const VARIABLE = /\$\{([^}]+)\}/g;
const LITERALS: Record<string, string> = { '*': '\u0000STAR\u0000', '?': '\u0000QMARK\u0000', $: '$' };

/**
 * Substitutes variables. Literal `*` and `?` come back as placeholders so that wildcard matching does
 * not take them for wildcards; `literal()` turns them into characters again.
 */
export function substitute(value: string, context: Map<string, string | string[]>): string | undefined {
  let unresolved = false;
  const out = value.replace(VARIABLE, (_, inner: string) => {
    const [name, fallback] = inner.split(',').map((s) => s.trim());
    if (name in LITERALS) return LITERALS[name];
    const found = context.get(name.toLowerCase());
    if (typeof found === 'string') return found;
    // `${key, 'default'}`: the default when the key is missing.
    if (fallback !== undefined && /^'.*'$/.test(fallback)) return fallback.slice(1, -1);
    unresolved = true;
    return '';
  });
  return unresolved ? undefined : out;
}

/** A substituted value as plain text (for equality operators, which know no wildcards). */
export const literal = (value: string) => value.replace(/\u0000STAR\u0000/g, '*').replace(/\u0000QMARK\u0000/g, '?');
