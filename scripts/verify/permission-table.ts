/**
 * The permission table (templates-src/permissions/action-permissions.ts) as markdown, for
 * generated/ACCESS.md: each row with its sources, then the rows the documentation leaves unsure and the
 * decisions the sources explain.
 */
import { PERMISSIONS } from '../../templates-src/permissions/action-permissions';
import { PAGES } from '../../templates-src/permissions/documentation';
import type { PermissionRow, PrincipalKind, ResourceKind, RowCondition } from '../../templates-src/permissions/permission-row';
import type { Documentation } from '../access-model/documentation';

const PRINCIPALS: Record<PrincipalKind, string> = {
  'pipeline-role': 'pipeline role (B)',
  'source-role': 'source role (A)',
  'trigger-role': 'trigger role (B)',
  'forwarding-role': 'forwarding role (A)',
  'task-execution-role': 'ECS task execution role (B)',
  'key-administrator': 'key administrator (B)',
  'account-b': 'account B (its IAM decides)',
  'account-a': 'account A (its IAM decides)',
  'codepipeline-service': 'codepipeline.amazonaws.com',
  'eventbridge-in-account-a': 'events.amazonaws.com for account A',
  'eventbridge-in-account-b': 'events.amazonaws.com for account B',
};

const RESOURCES: Record<ResourceKind, string> = {
  repository: 'the ECR repository (A)',
  'artifact-objects': 'objects of the artifact bucket (B)',
  'artifact-bucket': 'the artifact bucket (B)',
  'artifact-key': 'the artifact key (B)',
  'source-objects': 'objects of the source bucket (B)',
  'source-bucket': 'the source bucket (B)',
  'ecs-service': 'the ECS service (B)',
  'ecs-cluster-tasks': 'tasks of the service\'s cluster (B)',
  'task-definitions': 'task definitions of account B',
  'any-task-definition': '"*" (no resource type)',
  'ecs-task-roles': 'the task execution and task roles (B)',
  pipeline: 'the pipeline (B)',
  'commands-log-group': 'the Commands action\'s log group /aws/codepipeline/<pipeline>, either ARN form (B)',
  'commands-log-streams': 'the log streams of that group (B)',
  'rollback-alarm': 'the rollback alarm of the deploy stage (B)',
  'target-default-bus': 'account B\'s default event bus',
  'dead-letter-queue': 'the forwarding dead-letter queue (A)',
  'source-role': 'the source role (A)',
  'pipeline-role': 'the pipeline role (B)',
  'trigger-role': 'the trigger role (B)',
  'forwarding-role': 'the forwarding role (A)',
  registry: '"*" (the registry)',
};

const VALUES = { 'this-account': 'the role\'s own account', 'ecs-cluster': 'the service\'s cluster', 'forwarding-rule': 'the forwarding rule' } as const;

const cell = (text: string) => text.replace(/\|/g, '\\|');
const code = (text: string) => `\`${text}\``;

const conditionText = (c: RowCondition) => `${code(c.key)} ${c.operator} ${'value' in c ? code(c.value) : VALUES[c.from]}`;

function sourcesText(row: PermissionRow): string {
  return row.sources
    .map((c) => {
      const page = PAGES[c.page];
      const detail = c.quote ? `: "${c.quote}"` : c.section ? ` (${c.section})` : '';
      return cell(`[${page.title}](${page.url})${detail}`);
    })
    .join('<br>');
}

/** `[row](first page)`, marked when the row is unsure: the citation a call shows in the report. */
export const rowLink = (d: Documentation): string => `[${code(d.permission)}](${d.sources[0].url})${d.unsure ? ' (unsure)' : ''}`;

export function renderPermissionTable(): string[] {
  const out = [
    '| row | hop | who | actions | on what | granted in | conditions | documented by |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const row of PERMISSIONS as readonly PermissionRow[]) {
    const sides = row.sides.map((s) => (s === 'identity' ? 'caller\'s IAM policy' : 'resource policy')).join(', ');
    out.push(
      `| ${code(row.id)}${row.unsure ? ' (unsure)' : ''} | ${cell(row.hop)} | ${cell(PRINCIPALS[row.principal])} | ${row.actions.map(code).join('<br>')} | ${cell(RESOURCES[row.resource])} | ${sides}${row.outside ? ` (${cell(row.outside)})` : ''} | ${(row.conditions ?? []).map(conditionText).join('<br>') || ''} | ${sourcesText(row)} |`,
    );
  }
  const unsure = (PERMISSIONS as readonly PermissionRow[]).filter((r) => r.unsure);
  const noted = (PERMISSIONS as readonly PermissionRow[]).filter((r) => r.note);
  out.push('', 'Rows the documentation does not settle, and the way each goes:', '');
  for (const r of unsure) out.push(`- ${code(r.id)}: ${r.unsure}`);
  out.push('', 'Decisions the sources explain:', '');
  for (const r of noted) out.push(`- ${code(r.id)}: ${r.note}`);
  return out;
}
