/** Building statements from (scope, action) pairs: one statement per scope, actions sorted, order kept. */
import type { ConditionBlock, ExplainedStatement } from './policy-types';

export interface Grant {
  sid: string;
  action: string;
  resources: string[];
  condition?: ConditionBlock;
  /** What the statement is scoped to, for people. */
  why: string;
  /** What the action is used for (the operation and commands), for people. */
  use: string;
  sources: string[];
}

// Case-insensitive code-point order, as localeCompare orders these names (IAM actions and page
// addresses: ASCII letters, digits and punctuation), without the collator it loads: that cost a tenth of
// `generate`'s start. make check-generated holds the output unchanged.
const byName = (a: string, b: string) => {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
};
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort(byName);

/** Grants with the same sid become one statement, in the order their sids first appear. */
export function statementsOf(grants: Grant[]): ExplainedStatement[] {
  const bySid = new Map<string, Grant[]>();
  for (const g of grants) {
    const group = bySid.get(g.sid);
    if (group) group.push(g);
    else bySid.set(g.sid, [g]);
  }
  return [...bySid.entries()].map(([sid, group]) => {
    const first = group[0];
    const scopeOfFirst = JSON.stringify([first.resources, first.condition]);
    for (const g of group) {
      if (JSON.stringify([g.resources, g.condition]) !== scopeOfFirst) {
        throw new Error(`statement ${sid} was given two different scopes`);
      }
    }
    const uses = [...new Set(group.map((g) => g.use))];
    return {
      statement: {
        Sid: sid,
        Effect: 'Allow',
        Action: sorted(group.map((g) => g.action)),
        Resource: first.resources.length === 1 ? first.resources[0] : [...first.resources],
        ...(first.condition ? { Condition: first.condition } : {}),
      },
      why: `${first.why}. Used for: ${uses.join('; ')}`,
      sources: sorted(group.flatMap((g) => g.sources)),
    };
  });
}

/** A statement id from an action name: letters and digits only. */
export const sidOf = (prefix: string, action: string) => `${prefix}${action.split(':')[1]!.replace(/[^A-Za-z0-9]/g, '')}`;
