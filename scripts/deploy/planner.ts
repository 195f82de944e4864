/**
 * The planner: (config, observed state) -> the ordered plan. Pure: no AWS, no clock. The order is the
 * article's — stack B stage 1, stack A, the bus permission, stack B stage 2 — with imagedefinitions.zip
 * uploaded, and the tracked image looked up, before stage 2: a pipeline starts an execution when it is
 * created ("When you create a pipeline, it starts running automatically", CodePipeline user guide), and
 * that first execution must find both of its sources.
 */
import type { DeploymentConfig } from '../config/schema';
import { statementIdOf } from '../config/schema';
import { decideStack, definitionsCurrent, permissionPresent, stackWanted, type StackWanted } from './decide';
import { imageDefinitions } from './image-definitions';
import type { ObservedState } from './observe';
import type { DeployPlan, DeployStackStep, PlanStep } from './plan-types';
import { outputsByStack, resolveParameters, stackParameters, type KnownOutputs } from './stack-parameters';
import { findTemplate, type TemplateName } from '../../templates-src';

export const STEP_IDS = {
  targetFoundation: 'target-foundation',
  sourceStack: 'source-stack',
  eventsPermission: 'events-permission',
  imageDefinitions: 'image-definitions',
  firstImage: 'first-image',
  targetPipeline: 'target-pipeline',
} as const;

export const knownOutputs = (config: DeploymentConfig, state: Pick<ObservedState, 'targetStack' | 'sourceStack'>): KnownOutputs =>
  outputsByStack(config, { target: state.targetStack, source: state.sourceStack });

/** One deploy-stack step, decided against the stack as it is now. */
export interface PlanOptions {
  continueUpdateRollback?: boolean;
}

/**
 * What deploying `template` would put in its stack now: the artifact and the parameter values the
 * deploy step sends, resolved from the config and the outputs the stacks have (the one place that
 * computes them: the planner, the deploy step's decision and `xacct diff` use it).
 */
export function wantedNow(config: DeploymentConfig, state: Pick<ObservedState, 'targetStack' | 'sourceStack'>, template: TemplateName, options: PlanOptions = {}): StackWanted {
  return stackWanted(config, template, resolveParameters(stackParameters(config, template), knownOutputs(config, state)), options.continueUpdateRollback ?? false);
}

export function stackStep(config: DeploymentConfig, state: ObservedState, id: string, template: TemplateName, options: PlanOptions = {}): DeployStackStep {
  const parameters = stackParameters(config, template);
  const wanted = wantedNow(config, state, template, options);
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
    accountId: config[account].accountId,
    region: config.region,
    action,
    reason: template === 'AccB-pipeline-2' && decision.action === 'create' ? 'stage 1 creates the stack; stage 2 updates it' : decision.reason,
    stack: stackName,
    template,
    parameters,
    capabilities: artifact.capabilities,
  };
}

function imageReason(config: DeploymentConfig, state: ObservedState): string {
  const image = `${config.pipeline.repositoryName}:${config.pipeline.imageTag}`;
  if (state.trackedImage === undefined) return `${image} is looked up once stack A has created the repository`;
  if (state.trackedImage === 'missing') return `no image is tagged ${image} yet: the pipeline waits for the first push`;
  return `${image} is ${state.trackedImage.digest}`;
}

export function plan(config: DeploymentConfig, state: ObservedState, offline: boolean, options: PlanOptions = {}): DeployPlan {
  const statementId = statementIdOf(config);
  const key = config.pipeline.imageDefinitionsObjectKey;
  const repositoryUri = state.sourceStack?.outputs.RepositoryUri;
  const definitions = repositoryUri ? imageDefinitions(config.pipeline.containerName, repositoryUri, config.pipeline.imageTag) : undefined;
  const uploadCurrent = definitions !== undefined && definitionsCurrent(state.imageDefinitions, definitions.sha256);
  const permission = permissionPresent(state.busPolicy, statementId, config.source.accountId);
  const steps: PlanStep[] = [
    stackStep(config, state, STEP_IDS.targetFoundation, 'AccB-pipeline-1', options),
    stackStep(config, state, STEP_IDS.sourceStack, 'AccA-pipeline', options),
    {
      id: STEP_IDS.eventsPermission,
      kind: 'put-events-permission',
      account: 'target',
      accountId: config.target.accountId,
      region: config.region,
      action: permission ? 'none' : 'put',
      reason: permission
        ? `statement ${statementId} already lets account ${config.source.accountId} put events`
        : `account ${config.source.accountId} may not yet put events on the default bus`,
      eventBus: 'default',
      statementId,
      principalAccountId: config.source.accountId,
    },
    {
      id: STEP_IDS.imageDefinitions,
      kind: 'upload-image-definitions',
      account: 'target',
      accountId: config.target.accountId,
      region: config.region,
      action: uploadCurrent ? 'none' : 'upload',
      reason: uploadCurrent ? `${key} already holds these definitions` : definitions ? `${key} is missing or differs` : 'the repository URI is known once stack A exists',
      bucket: { fromStack: config.target.stackName, output: 'SourceBucketName' },
      key,
      repositoryUri: { fromStack: config.source.stackName, output: 'RepositoryUri' },
      imageTag: config.pipeline.imageTag,
      containerName: config.pipeline.containerName,
    },
    {
      id: STEP_IDS.firstImage,
      kind: 'check-image',
      account: 'source',
      accountId: config.source.accountId,
      region: config.region,
      action: 'none',
      reason: imageReason(config, state),
      repository: { fromStack: config.source.stackName, output: 'RepositoryName' },
      repositoryUri: { fromStack: config.source.stackName, output: 'RepositoryUri' },
      imageTag: config.pipeline.imageTag,
    },
    stackStep(config, state, STEP_IDS.targetPipeline, 'AccB-pipeline-2', options),
  ];
  return { deployment: config.name, region: config.region, offline, steps };
}
