/**
 * Builds the status report from what was read: pure, so every judgement (out of date, permission
 * present, definitions current, did the push deploy, healthy) is decided here and tested without AWS.
 */
import type { PipelineState } from '../aws/ports';
import { statementIdOf, type DeploymentConfig } from '../config/schema';
import { definitionsCurrent, permissionPresent } from '../deploy/decide';
import { imageDefinitions } from '../deploy/image-definitions';
import type { ObservedState } from '../deploy/observe';
import type { AccountKey, DeployPlan } from '../deploy/plan-types';
import { lastOperation } from '../deploy/stack-status';
import { foreignReason, TAG } from '../deploy/stack-tags';
import { templateArtifact } from '../deploy/template-artifacts';
import { findTemplate } from '../../templates-src';
import { resolveSingle } from '../targets/resolve-targets';
import { pipelineVerdict } from './pipeline-verdict';
import { pushCommands } from '../deploy/push-commands';
import type { DriftReport, ReleaseReport, StackReport, StatusReport } from './status-types';

export interface StatusInputs {
  identities: StatusReport['identities'];
  state: ObservedState;
  /** The deploy plan against the same state: what deploy-sequence would still do. */
  plan: DeployPlan;
  pipeline: PipelineState | undefined;
  drift: Partial<Record<AccountKey, DriftReport>>;
  /** What the ECS service runs (read once stack B runs the pipeline). */
  release?: ReleaseReport;
  /** Why the pipeline's state could not be read, when it could not. */
  pipelineUnreadable?: string;
  /** The parts that could not be read, each with why. */
  unreadable?: StatusReport['unreadable'];
}

function stackReport(config: DeploymentConfig, account: AccountKey, inputs: StatusInputs): StackReport {
  const stack = account === 'target' ? inputs.state.targetStack : inputs.state.sourceStack;
  const base = { account, accountId: config[account].accountId, stack: config[account].stackName };
  if (!stack) return { ...base, exists: false };
  const foreign = foreignReason(stack, config.name, config[account].accountId);
  const name = stack.tags[TAG.template];
  const definition = name ? findTemplate(name) : undefined;
  const currentHash = definition ? templateArtifact(definition.name).hash : undefined;
  const deployedHash = stack.tags[TAG.templateHash];
  const drift = inputs.drift[account];
  return {
    ...base,
    exists: true,
    status: stack.status,
    ...(stack.statusReason ? { statusReason: stack.statusReason } : {}),
    lastOperation: { ...lastOperation(stack.status), ...(stack.lastUpdated ? { at: stack.lastUpdated.toISOString() } : {}) },
    ...(foreign ? { foreign } : {}),
    ...(name ? { template: { name, ...(deployedHash ? { deployedHash } : {}), ...(currentHash ? { currentHash } : {}), current: currentHash !== undefined && deployedHash === currentHash } } : {}),
    ...(drift ? { drift } : {}),
  };
}

export function problemsOf(config: DeploymentConfig, r: Omit<StatusReport, 'healthy' | 'problems' | 'unreadable'>): string[] {
  const problems: string[] = [];
  for (const s of r.stacks) {
    if (!s.exists) problems.push(`stack ${s.stack} (${s.account}) does not exist`);
    else if (s.foreign) problems.push(s.foreign);
    else if (s.template && !s.template.current) problems.push(`stack ${s.stack} runs ${s.template.name} ${s.template.deployedHash ?? '?'}; generated/ holds ${s.template.currentHash ?? 'no such template'}`);
    if (s.drift && s.drift.status !== 'IN_SYNC' && s.drift.status !== 'UNREADABLE') problems.push(`stack ${s.stack}: drift ${s.drift.status}${s.drift.drifted.length > 0 ? ` (${s.drift.drifted.map((d) => `${d.logicalId} ${d.status}`).join(', ')})` : ''}`);
  }
  if (!r.busPermission.present) problems.push(`account ${config.source.accountId} may not put events on the default bus (statement ${r.busPermission.statementId} missing)`);
  if (!r.imageDefinitions.present) problems.push(`${r.imageDefinitions.key} is not in the source bucket`);
  else if (r.imageDefinitions.matchesConfig === false) problems.push(`${r.imageDefinitions.key} does not hold what the config asks for (${r.imageDefinitions.expected})`);
  if (['failed', 'stopped', 'missing', 'not-deployed'].includes(r.pipeline.verdict)) problems.push(r.pipeline.summary);
  if (r.release && !r.release.exists && !r.release.unreadable) problems.push(r.release.summary);
  if (r.pending.length > 0) problems.push(`deploy-sequence would change ${r.pending.length} step(s): ${r.pending.map((p) => p.stepId).join(', ')}`);
  return problems;
}

export function buildStatusReport(config: DeploymentConfig, inputs: StatusInputs): StatusReport {
  const { state } = inputs;
  const statementId = statementIdOf(config);
  const repositoryUri = state.sourceStack?.outputs.RepositoryUri;
  // A fleet target's pipeline deploys its wave's tag, resolved as the deploy resolves it.
  const wanted = repositoryUri ? imageDefinitions(config.pipeline.containerName, repositoryUri, resolveSingle(config).releaseTag) : undefined;
  const head = state.imageDefinitions;
  const ours = state.targetStack && !foreignReason(state.targetStack, config.name, config.target.accountId);
  const pipelineName = ours ? state.targetStack?.outputs.PipelineName : undefined;
  const report = {
    deployment: config.name,
    region: config.region,
    identities: inputs.identities,
    stacks: [stackReport(config, 'target', inputs), stackReport(config, 'source', inputs)],
    busPermission: { statementId, principalAccountId: config.source.accountId, present: permissionPresent(state.busPolicy, statementId, config.source.accountId) },
    imageDefinitions: {
      key: config.pipeline.imageDefinitionsObjectKey,
      ...(state.targetStack?.outputs.SourceBucketName ? { bucket: state.targetStack.outputs.SourceBucketName } : {}),
      present: head !== undefined,
      ...(head?.versionId ? { versionId: head.versionId } : {}),
      ...(head && wanted ? { matchesConfig: definitionsCurrent(head, wanted.sha256) } : {}),
      ...(wanted ? { expected: wanted.json.trim() } : {}),
    },
    pipeline: inputs.pipelineUnreadable
      ? { ...(pipelineName ? { name: pipelineName } : {}), verdict: 'unreadable' as const, summary: `could not be read: ${inputs.pipelineUnreadable}`, stages: [], unreadable: inputs.pipelineUnreadable }
      : pipelineVerdict(
          pipelineName,
          inputs.pipeline,
          `${repositoryUri ?? config.pipeline.repositoryName}:${config.pipeline.imageTag}`,
          state.trackedImage === 'missing' && repositoryUri ? pushCommands(config, repositoryUri) : undefined,
        ),
    ...(inputs.release ? { release: inputs.release } : {}),
    pending: inputs.plan.steps.filter((s) => s.action !== 'none').map((s) => ({ stepId: s.id, action: s.action, reason: s.reason })),
  };
  const problems = problemsOf(config, report);
  const unreadable = inputs.unreadable ?? [];
  return { ...report, healthy: problems.length === 0 && unreadable.length === 0, problems, unreadable };
}
