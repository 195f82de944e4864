/** Draws a status report for people. */
import type { ReleaseReport, StackReport, StatusReport } from './status-types';
import { describeIdentity } from '../progress/format';

const ACCOUNT_LETTER = { target: 'B', source: 'A' } as const;

function stackLines(s: StackReport): string[] {
  const head = `  ${ACCOUNT_LETTER[s.account]} ${s.stack.padEnd(24)}`;
  if (!s.exists) return [`${head} does not exist`];
  const op = s.lastOperation ? ` (${s.lastOperation.operation} ${s.lastOperation.outcome}${s.lastOperation.at ? ` at ${s.lastOperation.at}` : ''})` : '';
  const lines = [`${head} ${s.status}${op}`];
  if (s.statusReason) lines.push(`      reason: ${s.statusReason}`);
  if (s.foreign) lines.push(`      ${s.foreign}`);
  if (s.template) {
    const t = s.template;
    lines.push(`      template ${t.name} ${t.deployedHash ?? '?'}: ${t.current ? 'current (generated/ holds the same)' : `out of date (generated/ holds ${t.currentHash ?? 'no such template'})`}`);
  }
  if (s.drift) {
    lines.push(`      drift: ${s.drift.status}${s.drift.reason ? ` (${s.drift.reason})` : ''}`);
    for (const d of s.drift.drifted) {
      lines.push(`        ${d.status.padEnd(8)} ${d.logicalId} ${d.type}${d.physicalId ? ` ${d.physicalId}` : ''}`);
      for (const p of d.differences) lines.push(`          ${p.difference} ${p.path}: expected ${p.expected ?? '(none)'}, actual ${p.actual ?? '(none)'}`);
    }
  }
  return lines;
}

function releaseLines(r: ReleaseReport): string[] {
  const lines = [`Service ${r.service} (container ${r.container})`];
  if (!r.exists) return [...lines, `  ${r.summary}`];
  lines.push(`  image      ${r.image ?? '(none)'}${r.pinned ? ' (pinned by digest)' : ' (by tag: ECS resolves it when a deployment starts)'}`);
  lines.push(`  runs       ${r.runningDigests.join(', ') || 'no running task'}${r.deploymentInProgress ? ' (a deployment is in progress)' : ''}`);
  lines.push(`  tag points ${r.tagDigest ?? '(no image has the tracked tag)'}`);
  const by = r.deployedBy;
  lines.push(
    by
      ? `  deployed   by execution ${by.executionId} (${[by.status, by.trigger, by.executionMode, by.startTime].filter(Boolean).join(', ')})${by.releasedDigest ? `, released ${by.releasedDigest}` : ''}`
      : '  deployed   by no recent execution (the service was changed outside the pipeline, or older executions)',
  );
  return [...lines, `  ${r.summary}`, ...(r.circuitBreakerWarning ? [`  warning: ${r.circuitBreakerWarning}`] : [])];
}

export function renderStatus(r: StatusReport): string {
  const lines: string[] = [`Deployment ${r.deployment} in ${r.region}`];
  for (const k of ['source', 'target'] as const) {
    const id = r.identities[k];
    lines.push(`  ${describeIdentity(k, id)}`);
  }
  lines.push('', 'Stacks', ...r.stacks.flatMap(stackLines), '');
  const bus = r.busPermission;
  lines.push(
    `Bus permission        ${bus.present ? 'present' : 'missing'}: statement ${bus.statementId} ${bus.present ? 'lets' : 'would let'} account ${bus.principalAccountId} put events on the default bus`,
  );
  const d = r.imageDefinitions;
  const where = d.bucket ? `s3://${d.bucket}/${d.key}` : d.key;
  const matches = d.matchesConfig === undefined ? '' : d.matchesConfig ? ': matches the config' : `: differs from the config (${d.expected})`;
  lines.push(`${d.key.padEnd(21)} ${d.present ? `version ${d.versionId ?? '(unversioned)'} of ${where}${matches}` : `missing${d.bucket ? ` from s3://${d.bucket}` : ''}`}`, '');
  const p = r.pipeline;
  lines.push(`Pipeline ${p.name ?? '(none)'}`);
  for (const stage of p.stages) {
    lines.push(`  ${stage.name.padEnd(10)} ${(stage.status ?? 'never ran').padEnd(11)}${stage.executionId ? ` execution ${stage.executionId}` : ''}`);
    for (const a of stage.actions) {
      const extra = [a.lastStatusChange?.toISOString(), a.revisionId ? `revision ${a.revisionId}` : undefined, a.error].filter(Boolean).join('  ');
      lines.push(`    ${a.name.padEnd(18)} ${(a.status ?? '-').padEnd(10)} ${extra}`.trimEnd());
    }
  }
  lines.push(`  ${p.summary}`);
  for (const c of p.pushCommands ?? []) lines.push(`    ${c}`);
  lines.push('');
  if (r.release) lines.push(...releaseLines(r.release), '');
  if (r.unreadable.length > 0) lines.push(`Unreadable (${r.unreadable.length}):`, ...r.unreadable.map((u) => `  - ${u.part}: ${u.reason}`), '');
  if (r.healthy) lines.push('Healthy: both stacks run the current templates, the bus permission and image definitions are in place, and deploy-sequence would change nothing.');
  else if (r.problems.length > 0) lines.push(`Not healthy (${r.problems.length}):`, ...r.problems.map((x) => `  - ${x}`));
  else lines.push('Health unknown: the parts listed as unreadable could not be read; everything else is as it should be.');
  return lines.join('\n') + '\n';
}
