/**
 * Read-only look at what the deployment has in AWS now: both stacks, the bus policy and the current
 * imagedefinitions.zip. Used by `xacct plan` (without --offline) and by the engine before each step.
 */
import type { AccountPorts, BusStatement, ObjectHead, StackSummary, TaggedImage } from '../aws/ports';
import { codeOf, describeAwsFailure, isNotFound, missingBusError } from '../aws/aws-errors';
import type { DeploymentConfig } from '../config/schema';
import { resolveSingle, type ResolvedTarget } from '../targets/resolve-targets';
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
export const observeStacks = (config: DeploymentConfig, aws: Accounts) => observeTargetStacks(resolveSingle(config), aws);

export async function observeTargetStacks(r: ResolvedTarget, aws: Accounts): Promise<Pick<ObservedState, 'targetStack' | 'sourceStack' | 'busPolicy'>> {
  const t = r.target.accountId;
  const [targetStack, sourceStack, busPolicy] = await Promise.all([
    guard(`describing stack ${r.target.stackName}`, t, aws.target.cloudFormation.describeStack(r.target.stackName)),
    guard(`describing stack ${r.source.stackName}`, r.source.accountId, aws.source.cloudFormation.describeStack(r.source.stackName)),
    guard(
      'reading the default event bus policy',
      t,
      aws.target.events.busPolicy('default').catch((e) => {
        throw codeOf(e) === 'ResourceNotFoundException' ? missingBusError(t, r.target.region, e) : e;
      }),
    ),
  ]);
  return { targetStack, sourceStack, busPolicy };
}

/** The image the tracked tag points to in stack A's repository ('missing': none yet); undefined without stack A. */
export const observeTrackedImage = (config: DeploymentConfig, aws: Accounts, sourceStack: ObservedState['sourceStack']) => observeTargetTrackedImage(resolveSingle(config), aws, sourceStack);

async function observeTargetTrackedImage(r: ResolvedTarget, aws: Accounts, sourceStack: ObservedState['sourceStack']): Promise<ObservedState['trackedImage']> {
  const repository = sourceStack?.outputs.RepositoryName;
  if (!repository) return undefined;
  // The tag this target's pipeline watches: its wave's (promote puts it on a digest).
  return guard(`looking up ${repository}:${r.releaseTag}`, r.source.accountId, aws.source.ecr.imageOfTag(repository, r.releaseTag).then((i) => i ?? ('missing' as const)));
}

export const observe = (config: DeploymentConfig, aws: Accounts): Promise<ObservedState> => observeTarget(resolveSingle(config), aws);

/** What one resolved target (a single-target deployment, or one target of a fleet) has in AWS now. */
export async function observeTarget(r: ResolvedTarget, aws: Accounts): Promise<ObservedState> {
  const t = r.target.accountId;
  const { targetStack, sourceStack, busPolicy } = await observeTargetStacks(r, aws);
  const bucket = targetStack?.outputs.SourceBucketName;
  const key = r.pipeline.imageDefinitionsObjectKey;
  const imageDefinitions = bucket
    ? await guard(
        `reading s3://${bucket}/${key}`,
        t,
        aws.target.s3.headObject(bucket, key).catch((e) => {
          if (isNotFound(e)) return undefined;
          throw e;
        }),
      )
    : undefined;
  const trackedImage = await observeTargetTrackedImage(r, aws, sourceStack);
  const deployedTemplates = await observeDeployedTemplates(r, aws, { target: targetStack, source: sourceStack });
  return { targetStack, sourceStack, busPolicy, imageDefinitions, ...(trackedImage ? { trackedImage } : {}), deployedTemplates };
}

/** The deployed template of each stack whose "nothing to deploy" depends on it (and only those). */
export async function observeDeployedTemplates(
  r: ResolvedTarget,
  aws: Accounts,
  stacks: Record<'source' | 'target', StackSummary | undefined>,
): Promise<NonNullable<ObservedState['deployedTemplates']>> {
  const templates: NonNullable<ObservedState['deployedTemplates']> = {};
  for (const account of ['target', 'source'] as const) {
    const stack = stacks[account];
    if (!needsDeployedTemplate(stack, r.deployment, r[account].accountId)) continue;
    templates[account] = await guard(`reading the template of stack ${stack.name}`, r[account].accountId, aws[account].cloudFormation.templateBody(stack.name));
  }
  return templates;
}
