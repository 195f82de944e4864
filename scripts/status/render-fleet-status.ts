/** Draws a fleet's status for people: one row per target, then what is wrong with each target that is not healthy. */
import type { FleetStatusReport, FleetTargetStatus } from './fleet-status';

/** `sha256:` and the first 12 hex digits: enough to tell releases apart in a table. */
const shortDigest = (d: string) => d.replace(/^(sha256:[0-9a-f]{12})[0-9a-f]+$/, '$1');

const HEADINGS = ['target', 'wave', 'account', 'region', 'stack A', 'stage 1', 'stage 2', 'pipeline', 'running', 'healthy'];

function cells(t: FleetTargetStatus): string[] {
  const healthy = t.verdict === 'healthy' ? 'yes' : t.verdict === 'not-healthy' ? 'no' : 'unknown';
  return [t.name, String(t.wave), t.accountId, t.region, t.stackA, t.stage1, t.stage2, t.pipeline, t.running.map(shortDigest).join(',') || '-', healthy];
}

export function renderFleetStatus(r: FleetStatusReport): string {
  const rows = [HEADINGS, ...r.targets.map(cells)];
  const widths = HEADINGS.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = [`Deployment ${r.deployment}, ${r.summary.targets} target${r.summary.targets === 1 ? '' : 's'}`, ''];
  for (const row of rows) lines.push(row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  lines.push('');
  for (const t of r.targets) {
    if (t.unreadable) lines.push(`${t.name}: could not be read: ${t.unreadable}`);
    else if (t.problems && t.verdict !== 'healthy') lines.push(`${t.name}:`, ...t.problems.map((p) => `  - ${p}`));
    else if (t.report && t.verdict !== 'healthy') {
      lines.push(`${t.name}:`, ...t.report.problems.map((p) => `  - ${p}`), ...t.report.unreadable.map((u) => `  - unreadable ${u.part}: ${u.reason}`));
    }
  }
  const { healthy, notHealthy, unreadable } = r.summary;
  lines.push(`${healthy} healthy, ${notHealthy} not healthy, ${unreadable} not read.`);
  return lines.join('\n') + '\n';
}
