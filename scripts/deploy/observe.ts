/**
 * Read-only look at what the deployment has in AWS now: both stacks, the bus policy and the current
 * imagedefinitions.zip. Used by `xacct plan` (without --offline) and by the engine before each step.
 */
import type { AccountPorts, BusStatement, ObjectHead, StackSummary, TaggedImage } from '../aws/ports';
import { codeOf, describeAwsFailure, isNotFound, missingBusError } from '../aws/aws-errors';
import type { DeploymentConfig } from '../config/schema';
import { needsDeployedTemplate } from './decide';

export interface ObservedState {
  targetStack: StackSummary | undefined;
  sourceStack: StackSummary | undefined;
  busPolicy: BusStatement[];
  /** undefined when the source bucket is not known yet or holds no definitions. */
  imageDefinitions: ObjectHead | undefined;
  /** The image the tracked tag points to in account A; 'missing' when none; undefined while stack A does not exist. */
  trackedImage?: TaggedImage | 'missing';
  /**
   * The template each stack runs (GetTemplate), read only where deciding needs it: a stack of this
   * deployment in CREATE_COMPLETE or UPDATE_COMPLETE (decide.ts, needsDeployedTemplate).
   */
  deployedTemplates?: Partial<Record<'source' | 'target', string>>;
}

export const EMPTY_STATE: ObservedState = { targetStack: undefined, sourceStack: undefined, busPolicy: [], imageDefinitions: undefined };

export interface Accounts {
  source: AccountPorts;
  target: AccountPorts;
}

const guard = <T>(doing: string, account: string, p: Promise<T>) =>
  p.catch((e) => {
    throw describeAwsFailure(e, doing, account);
  });

/** Both stacks and the bus policy: all a teardown needs to know before it reads what the stacks hold. */
export async function observeStacks(config: DeploymentConfig, aws: Accounts): Promise<Pick<ObservedState, 'targetStack' | 'sourceStack' | 'busPolicy'>> {
  const t = config.target.accountId;
  const [targetStack, sourceStack, busPolicy] = await Promise.all([
    guard(`describing stack ${config.target.stackName}`, t, aws.target.cloudFormation.describeStack(config.target.stackName)),
    guard(`describing stack ${config.source.stackName}`, config.source.accountId, aws.source.cloudFormation.describeStack(config.source.stackName)),
    guard(
      'reading the default event bus policy',
      t,
      aws.target.events.busPolicy('default').catch((e) => {
        throw codeOf(e) === 'ResourceNotFoundException' ? missingBusError(t, config.region, e) : e;
      }),
    ),
  ]);
  return { targetStack, sourceStack, busPolicy };
}

/** The image the tracked tag points to in stack A's repository ('missing': none yet); undefined without stack A. */
export async function observeTrackedImage(config: DeploymentConfig, aws: Accounts, sourceStack: ObservedState['sourceStack']): Promise<ObservedState['trackedImage']> {
  const repository = sourceStack?.outputs.RepositoryName;
  if (!repository) return undefined;
  return guard(`looking up ${repository}:${config.pipeline.imageTag}`, config.source.accountId, aws.source.ecr.imageOfTag(repository, config.pipeline.imageTag).then((i) => i ?? ('missing' as const)));
}

export async function observe(config: DeploymentConfig, aws: Accounts): Promise<ObservedState> {
  const t = config.target.accountId;
  const { targetStack, sourceStack, busPolicy } = await observeStacks(config, aws);
  const bucket = targetStack?.outputs.SourceBucketName;
  const imageDefinitions = bucket
    ? await guard(
        `reading s3://${bucket}/${config.pipeline.imageDefinitionsObjectKey}`,
        t,
        aws.target.s3.headObject(bucket, config.pipeline.imageDefinitionsObjectKey).catch((e) => {
          if (isNotFound(e)) return undefined;
          throw e;
        }),
      )
    : undefined;
  const trackedImage = await observeTrackedImage(config, aws, sourceStack);
  const deployedTemplates = await observeDeployedTemplates(config, aws, { target: targetStack, source: sourceStack });
  return { targetStack, sourceStack, busPolicy, imageDefinitions, ...(trackedImage ? { trackedImage } : {}), deployedTemplates };
}

/** The deployed template of each stack whose "nothing to deploy" depends on it (and only those). */
export async function observeDeployedTemplates(
  config: DeploymentConfig,
  aws: Accounts,
  stacks: Record<'source' | 'target', StackSummary | undefined>,
): Promise<NonNullable<ObservedState['deployedTemplates']>> {
  const templates: NonNullable<ObservedState['deployedTemplates']> = {};
  for (const account of ['target', 'source'] as const) {
    const stack = stacks[account];
    if (!needsDeployedTemplate(stack, config.name, config[account].accountId)) continue;
    templates[account] = await guard(`reading the template of stack ${stack.name}`, config[account].accountId, aws[account].cloudFormation.templateBody(stack.name));
  }
  return templates;
}
