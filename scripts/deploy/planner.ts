/**
 * The planner: (config, observed state) -> the ordered plan. Pure: no AWS, no clock. The order is the
 * article's — stack B stage 1, stack A, the bus permission, stack B stage 2 — with imagedefinitions.zip
 * uploaded, and the tracked image looked up, before stage 2: a pipeline starts an execution when it is
 * created ("When you create a pipeline, it starts running automatically", CodePipeline user guide), and
 * that first execution must find both of its sources.
 */
import type { ResolvedTarget } from '../targets/resolve-targets';
import { decideStack, definitionsCurrent, permissionPresent, stackWanted, type StackWanted } from './decide';
import { imageDefinitions } from './image-definitions';
import type { ObservedState } from './observe';
import type { DeployPlan, DeployStackStep, PlanStep } from './plan-types';
import { outputsByStack, resolveParameters, type KnownOutputs } from './stack-parameters';
import { findTemplate, type TemplateName } from '../../templates-src';

export const STEP_IDS = {
  targetFoundation: 'target-foundation',
  sourceStack: 'source-stack',
  eventsPermission: 'events-permission',
  imageDefinitions: 'image-definitions',
  firstImage: 'first-image',
  targetPipeline: 'target-pipeline',
} as const;

export const knownOutputs = (target: ResolvedTarget, state: Pick<ObservedState, 'targetStack' | 'sourceStack'>): KnownOutputs =>
  outputsByStack(target, { target: state.targetStack, source: state.sourceStack });

/** One deploy-stack step, decided against the stack as it is now. */
export interface PlanOptions {
  continueUpdateRollback?: boolean;
}

/**
 * What deploying `template` would put in its stack now: the artifact and the parameter values the
 * deploy step sends, resolved from the target and the outputs the stacks have (the one place that
 * computes them: the planner, the deploy step's decision and `xacct diff` use it).
 */
export function wantedNow(target: ResolvedTarget, state: Pick<ObservedState, 'targetStack' | 'sourceStack'>, template: TemplateName, options: PlanOptions = {}): StackWanted {
  return stackWanted(target, template, resolveParameters(target.parameters[template], knownOutputs(target, state)), options.continueUpdateRollback ?? false);
}

export function stackStep(target: ResolvedTarget, state: ObservedState, id: string, template: TemplateName, options: PlanOptions = {}): DeployStackStep {
  const parameters = target.parameters[template];
  const wanted = wantedNow(target, state, template, options);
  const account = findTemplate(template)!.account;
  const stackName = wanted.stackName;
  const artifact = wanted.artifact;
  const decision = decideStack(account === 'source' ? state.sourceStack : state.targetStack, wanted, state.deployedTemplates?.[account]);
  // Stage 2 updates the stack stage 1 creates: on an empty account it is an update, not a create.
  const action = template === 'AccB-pipeline-2' && decision.action === 'create' ? 'update' : decision.action;
  return {
    id,
    kind: 'deploy-stack',
    account,
    accountId: target[account].accountId,
    region: target[account].region,
    action,
    reason: template === 'AccB-pipeline-2' && decision.action === 'create' ? 'stage 1 creates the stack; stage 2 updates it' : decision.reason,
    stack: stackName,
    template,
    parameters,
    capabilities: artifact.capabilities,
  };
}

function imageReason(target: ResolvedTarget, state: ObservedState): string {
  const image = `${target.pipeline.repositoryName}:${target.releaseTag}`;
  // A later wave's tag is put on a digest by promote; what the state observed is the pushed tag's image.
  if (target.wave > 1) return `${image} is tagged by xacct promote --wave ${target.wave} once wave ${target.wave - 1} runs a digest and is healthy`;
  if (state.trackedImage === undefined) return `${image} is looked up once stack A has created the repository`;
  if (state.trackedImage === 'missing') return `no image is tagged ${image} yet: the pipeline waits for the first push`;
  return `${image} is ${state.trackedImage.digest}`;
}

/** The plan of one target: the single-target deployment, or one member of a fleet (fleet-planner.ts). */
export function plan(t: ResolvedTarget, state: ObservedState, offline: boolean, options: PlanOptions = {}): DeployPlan {
  const statementId = t.statementId;
  const key = t.pipeline.imageDefinitionsObjectKey;
  const repositoryUri = state.sourceStack?.outputs.RepositoryUri;
  const definitions = repositoryUri ? imageDefinitions(t.pipeline.containerName, repositoryUri, t.releaseTag) : undefined;
  const uploadCurrent = definitions !== undefined && definitionsCurrent(state.imageDefinitions, definitions.sha256);
  const permission = permissionPresent(state.busPolicy, statementId, t.source.accountId);
  const steps: PlanStep[] = [
    stackStep(t, state, STEP_IDS.targetFoundation, 'AccB-pipeline-1', options),
    stackStep(t, state, STEP_IDS.sourceStack, 'AccA-pipeline', options),
    {
      id: STEP_IDS.eventsPermission,
      kind: 'put-events-permission',
      account: 'target',
      accountId: t.target.accountId,
      region: t.target.region,
      action: permission ? 'none' : 'put',
      reason: permission
        ? `statement ${statementId} already lets account ${t.source.accountId} put events`
        : `account ${t.source.accountId} may not yet put events on the default bus`,
      eventBus: 'default',
      statementId,
      principalAccountId: t.source.accountId,
    },
    {
      id: STEP_IDS.imageDefinitions,
      kind: 'upload-image-definitions',
      account: 'target',
      accountId: t.target.accountId,
      region: t.target.region,
      action: uploadCurrent ? 'none' : 'upload',
      reason: uploadCurrent ? `${key} already holds these definitions` : definitions ? `${key} is missing or differs` : 'the repository URI is known once stack A exists',
      bucket: { fromStack: t.target.stackName, output: 'SourceBucketName' },
      key,
      repositoryUri: { fromStack: t.source.stackName, output: 'RepositoryUri' },
      imageTag: t.releaseTag,
      containerName: t.pipeline.containerName,
    },
    {
      id: STEP_IDS.firstImage,
      kind: 'check-image',
      account: 'source',
      accountId: t.source.accountId,
      region: t.source.region,
      action: 'none',
      reason: imageReason(t, state),
      repository: { fromStack: t.source.stackName, output: 'RepositoryName' },
      repositoryUri: { fromStack: t.source.stackName, output: 'RepositoryUri' },
      imageTag: t.releaseTag,
    },
    stackStep(t, state, STEP_IDS.targetPipeline, 'AccB-pipeline-2', options),
  ];
  return { deployment: t.deployment, region: t.region, offline, steps };
}
