/** The text `xacct diff` prints: per stack, the parameters, resources and tags a deploy would change. */
import type { DeploymentDiff, StackDiff, ValueChange } from './stack-diff';

const shown = (v: ValueChange) => `${v.deployed !== undefined ? JSON.stringify(v.deployed) : '(none)'} -> ${v.wanted !== undefined ? JSON.stringify(v.wanted) : `(${v.from ?? 'unknown'})`}`;

function renderStack(s: StackDiff): string[] {
  const head = `Stack ${s.account === 'target' ? 'B' : 'A'} ${s.stack} (account ${s.accountId}${s.status ? `, ${s.status}` : ''}) against ${s.template} ${s.templateHash}`;
  const lines = [head, `  ${s.action === 'none' ? 'no changes' : s.action === 'blocked' ? `blocked: ${s.reason}` : s.action === 'update' ? 'would be updated' : s.reason}`];
  if (s.parameters.length > 0) lines.push('  parameters:', ...s.parameters.map((p) => `    ${p.name}: ${shown(p)}`));
  const r = s.resources;
  if (r.added.length + r.removed.length + r.modified.length > 0) {
    lines.push(
      '  resources:',
      ...r.added.map((a) => `    + ${a.logicalId} ${a.type}`),
      ...r.removed.map((a) => `    - ${a.logicalId} ${a.type}`),
      ...r.modified.flatMap((m) => [`    ~ ${m.logicalId} ${m.type}`, ...m.paths.map((p) => `        ${p}`)]),
    );
  }
  if (r.other.length > 0) lines.push('  template sections:', ...r.other.map((p) => `    ~ ${p}`));
  if (s.tags.length > 0) lines.push('  stack tags:', ...s.tags.map((t) => `    ${t.name}: ${shown(t)}`));
  return lines;
}

export function renderDiff(d: DeploymentDiff): string {
  const lines = [
    `Diff for deployment ${d.deployment} in ${d.region}: what deploy-sequence would change (compared locally; no change set, so replacements are not shown)`,
    ...d.stacks.flatMap(renderStack),
    d.changed ? 'deploy-sequence would change the stacks above.' : 'No changes: deploy-sequence would leave both stacks as they are.',
  ];
  return lines.join('\n') + '\n';
}
