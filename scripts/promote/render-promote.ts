/** The promote result for people: a table of the checked targets, then what was tagged. Pure. */
import type { PromoteResult } from './promote-types';

const pad = (s: string, n: number) => s.padEnd(n);

export function renderPromote(r: PromoteResult): string {
  const rows = r.checked.map((h) => ({ target: h.target, where: `${h.accountId} ${h.region}`, digest: h.digest ? h.digest.slice(0, 19) : '-', verdict: h.healthy ? 'healthy' : h.reasons.join('; ') }));
  const w = { target: Math.max(6, ...rows.map((x) => x.target.length)), where: Math.max(7, ...rows.map((x) => x.where.length)), digest: 19 };
  const lines = [
    `Wave ${r.wave - 1} (checked before promoting to wave ${r.wave}, tag ${r.tag}):`,
    `  ${pad('target', w.target)}  ${pad('account', w.where)}  ${pad('digest', w.digest)}  verdict`,
    ...rows.map((x) => `  ${pad(x.target, w.target)}  ${pad(x.where, w.where)}  ${pad(x.digest, w.digest)}  ${x.verdict}`),
  ];
  switch (r.outcome) {
    case 'refused':
      lines.push(`Refused: nothing was tagged.`, ...r.reasons.map((x) => `  - ${x}`));
      break;
    case 'unchanged':
      lines.push(`Nothing to do: ${r.tag} is already on ${r.digest} (${r.tagged.map((t) => `${t.repository} in ${t.region}`).join(', ')}).`);
      break;
    case 'dry-run':
      lines.push(`Dry run: would tag ${r.digest} as ${r.tag}:`, ...r.tagged.map((t) => `  - ${t.repository} in account ${t.accountId} (${t.region}): ${t.outcome} (wave ${r.wave}: ${t.targets.join(', ')})`));
      break;
    case 'promoted':
      lines.push(`Promoted ${r.digest} to wave ${r.wave} as ${r.tag}:`, ...r.tagged.map((t) => `  - ${t.repository} in account ${t.accountId} (${t.region}): ${t.outcome}; starts ${t.targets.join(', ')}`));
      break;
  }
  return lines.join('\n') + '\n';
}
