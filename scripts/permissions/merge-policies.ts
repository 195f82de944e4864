/**
 * One account's policy for several targets of a fleet: account A serves every target, and two targets
 * may share an account B in different regions. Every statement is an Allow, so statements that differ
 * only in their resources (the same Sid, actions and condition) merge into one statement with the
 * union of the resources: it grants exactly what the separate statements grant. Statements that differ
 * otherwise stay apart, with the Sid numbered.
 */
import type { ExplainedPolicy, ExplainedStatement, PolicyStatement } from './policy-types';

/**
 * A managed policy holds at most 6,144 characters, white space not counted ("IAM and AWS STS quotas",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html, IAM object quotas).
 */
export const MANAGED_POLICY_MAX_CHARS = 6144;

const resourcesOf = (s: PolicyStatement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);
const shapeOf = (s: PolicyStatement) => JSON.stringify({ Action: [...s.Action].sort(), Condition: s.Condition ?? null });

export function mergePolicies(policies: readonly ExplainedPolicy[]): ExplainedPolicy {
  // Each merged statement with the Sid it came with (a numbered Sid still merges with its own kind).
  const merged: Array<{ sid: string; explained: ExplainedStatement }> = [];
  for (const p of policies) {
    for (const e of p.statements) {
      const same = merged.find((m) => m.sid === e.statement.Sid && shapeOf(m.explained.statement) === shapeOf(e.statement));
      if (same) {
        const resources = [...new Set([...resourcesOf(same.explained.statement), ...resourcesOf(e.statement)])].sort();
        same.explained = {
          ...same.explained,
          statement: { ...same.explained.statement, Resource: resources.length === 1 ? resources[0]! : resources },
          sources: [...new Set([...same.explained.sources, ...e.sources])],
        };
        continue;
      }
      const taken = merged.filter((m) => m.sid === e.statement.Sid).length;
      merged.push({ sid: e.statement.Sid, explained: { ...e, statement: { ...e.statement, ...(taken > 0 ? { Sid: `${e.statement.Sid}${taken + 1}` } : {}) } } });
    }
  }
  return { ...policies[0]!, statements: merged.map((m) => m.explained) };
}

/** The size IAM holds against the quota: the document without white space outside strings. */
export const policySize = (document: unknown): number => JSON.stringify(document).length;
