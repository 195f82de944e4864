/**
 * "Nothing more is allowed": every action and resource an Allow statement of ours grants must be used
 * by a call of the flow, and every Deny statement must deny at least one probe. A statement that
 * grants what no call needs is an extra grant; a guard no probe exercises is an untested guard.
 */
import type { AccessModel } from '../access-model/access-model';
import type { Evaluation } from './evaluate';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const list = (v: unknown): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String));

export function extraGrants(model: AccessModel, calls: Evaluation[], probes: Evaluation[]): string[] {
  const used = new Set<string>();
  for (const e of calls) {
    for (const u of e.uses) {
      used.add(`${u.statement}|${u.action.toLowerCase()}`);
      for (const r of u.resources) used.add(`${u.statement}|${u.action.toLowerCase()}|${r}`);
    }
  }
  const denied = new Set(probes.flatMap((e) => e.denies));
  const problems: string[] = [];
  for (const policy of model.ourPolicies) {
    policy.document.Statement.forEach((s: Json, i: number) => {
      const label = `${policy.label}: ${s.Sid ?? `statement ${i + 1}`}`;
      if (s.Effect === 'Deny') {
        if (!denied.has(label)) problems.push(`${label} denies nothing the probes try: add a probe to scripts/access-model/probes.ts that it must deny`);
        return;
      }
      const resources = list(s.Resource).filter((r) => r !== '*');
      for (const action of list(s.Action)) {
        if (!used.has(`${label}|${action.toLowerCase()}`)) {
          problems.push(`${label} allows ${action}${resources.length ? ` on ${resources.join(', ')}` : ''}, which no call of the flow needs (extra grant)`);
          continue;
        }
        for (const r of resources) {
          if (!used.has(`${label}|${action.toLowerCase()}|${r}`)) problems.push(`${label} allows ${action} on ${r}, which no call of the flow touches (extra grant)`);
        }
      }
    });
  }
  return problems;
}
