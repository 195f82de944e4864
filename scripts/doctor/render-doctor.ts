/** The doctor's report for people: one line per hop, then what differs and what to do. */
import type { DoctorReport } from './doctor-types';
import { renderExplanation } from '../explain/render';

const MARK = { ok: 'ok     ', problem: 'PROBLEM', unknown: 'unknown', 'not-deployed': 'not yet' } as const;

export function renderDoctor(r: DoctorReport): string {
  const lines = [`Doctor for deployment ${r.deployment} in ${r.region} (read-only)`, `  account A ${r.identities.source.accountId} as ${r.identities.source.arn}`, `  account B ${r.identities.target.accountId} as ${r.identities.target.arn}`, ''];
  if (r.execution) {
    lines.push(`Latest execution ${r.execution.id}: ${r.execution.status}${r.execution.trigger ? ` (started by ${r.execution.trigger})` : ''}`);
    if (r.execution.failed) lines.push(`  failed at ${r.execution.failed.stage}/${r.execution.failed.action}: ${r.execution.failed.error ?? r.execution.failed.summary ?? 'no message'}`);
    if (r.explanation) lines.push('', 'That error, explained against the live policies (as xacct explain does):', ...renderExplanation(r.explanation).trimEnd().split('\n').map((l) => `  ${l}`));
    lines.push('');
  }
  lines.push('From a push to a running task:');
  for (const h of r.hops) {
    lines.push(`  ${MARK[h.verdict]}  ${h.title}`);
    for (const f of h.findings) lines.push(`           ${f}`);
  }
  const differing = r.policies.filter((p) => p.state === 'differs');
  if (differing.length > 0) {
    lines.push('', 'Live policies that differ from the deployed templates:');
    for (const p of differing) {
      lines.push(`  ${p.label} (${p.physicalId}):`);
      for (const d of p.differences) {
        lines.push(`    ${d.statement}: ${d.change}${d.note ? ` — ${d.note}` : ''}`);
        if (d.expected !== undefined) lines.push(`      template: ${JSON.stringify(d.expected)}`);
        if (d.live !== undefined) lines.push(`      live:     ${JSON.stringify(d.live)}`);
      }
    }
    lines.push('  A person (or another tool) changed these outside CloudFormation: run deploy-sequence to write the templates\' policies again, or, if the change was wanted, put it in the templates.');
  }
  if (r.unreadable.length > 0) lines.push('', 'Could not be read (the verdicts above are incomplete):', ...r.unreadable.map((u) => `  ${u}`));
  lines.push('', r.healthy ? 'Healthy: every policy and rule is what the deployed templates say, and the last execution did not fail.' : `Not healthy (${r.problems.length} problem(s)):`);
  for (const p of r.problems) lines.push(`  - ${p}`);
  return lines.join('\n') + '\n';
}
