/**
 * Account A's stacks in a region that serves several targets of a fleet. Built when the stage-1 stacks
 * of the region's targets are in place: the values each target's part needs (its pipeline role, bucket
 * and key) are their outputs. A region with one target uses the single-target AccA-pipeline stack.
 */
import { buildAccAFleet, FLEET_TEMPLATE, type FleetTarget } from '../../templates-src/acc-a-fleet';
import { organizationRepositoryPolicy, repositoryPolicy } from '../../templates-src/policies/repository-policy';
import type { PolicyDocument } from '../../templates-src/policies/policy-document';
import { SOURCE_ROLE_SUFFIX } from '../../templates-src/policies/arns';
import { waveTag } from '../../templates-src/wave-tag';
import { usageError, XacctError, EXIT } from '../errors';
import { artifactOf, sizeProblem, type StackArtifact } from './template-artifacts';
import type { ResolvedTarget } from '../targets/resolve-targets';

/** One stack of account A in the region, deployed like the bootstrap stack (an artifact of its own). */
export interface FleetSourceStack {
  stackName: string;
  /** The targets whose parts this stack holds. */
  serves: string[];
  artifact: StackArtifact;
  parameters: Record<string, string>;
  /** True on the region's first stack, the one that holds the repository (its outputs name it). */
  holdsRepository: boolean;
}

/**
 * How many targets a stack holds. The template body sent inline is at most 51,200 bytes
 * (TEMPLATE_BODY_LIMIT); measured as YAML with the longest values the config and stage 1 allow (target
 * names of 20 characters, name prefixes of 32, 63-character buckets, 64-character role names) and every
 * target in a wave of its own (a rule each, the most a target can cost), test/targets/fleet-source.test.ts:
 * - a further stack costs about 2,450 bytes per target over about 4,500: 18 targets measured 48,564
 *   bytes; a 19th would leave about 200. So TARGETS_PER_STACK = 18.
 * - the first stack adds the repository, whose policy may list execution roles up to ECR's 10,240
 *   characters (185 roles of 51 characters, about 12,900 bytes of YAML): 12 targets measured 47,458
 *   bytes; 13 would leave about 1,300. So TARGETS_IN_FIRST_STACK = 12.
 * 200 targets of a region are then 12 stacks (12 + 11 x 18 = 210 places).
 * Resources stay far below "Maximum number of resources that you can declare in your CloudFormation
 * template: 500 resources" (CloudFormation User Guide, "Understand CloudFormation quotas"): a target
 * costs two (its role and policy) and at most one rule; 18 targets make at most 58. Fixed counts rather
 * than filling each stack to its measured size: a target, once in a stack, stays there (stackGroups).
 */
export const TARGETS_IN_FIRST_STACK = 12;
export const TARGETS_PER_STACK = 18;

/** "policyText ... Maximum length of 10240" (ECR API reference, SetRepositoryPolicy). */
export const REPOSITORY_POLICY_LIMIT = 10_240;

/** The stage-1 outputs account A's stack takes of each target (templates-src/acc-b-foundation.ts). */
export const STAGE_ONE_OUTPUTS = ['AccountId', 'SourceRoleName', 'PipelineRoleArn', 'EcsTaskExecutionRoleArn', 'ArtifactBucketName', 'ArtifactKeyArn'] as const;

/** A stack name is at most 128 characters (CloudFormation API reference, CreateStack, StackName). */
const STACK_NAME_LIMIT = 128;

function fleetTarget(t: ResolvedTarget, outputs: Record<string, string>): FleetTarget {
  const missing = STAGE_ONE_OUTPUTS.filter((o) => !outputs[o]);
  if (missing.length > 0) {
    throw new XacctError(
      'fleet-stage-one-output',
      `target ${t.name}: stage-1 stack ${t.target.stackName} in account ${t.target.accountId} (${t.region}) has no output ${missing.join(', ')}, which account A's stack needs: deploy that target's stage 1 (AccB-pipeline-1) first.`,
      EXIT.aws,
    );
  }
  if (outputs.AccountId !== t.target.accountId) {
    throw new XacctError('fleet-stage-one-output', `target ${t.name}: stage-1 output AccountId is ${outputs.AccountId}, but the config says account ${t.target.accountId}.`, EXIT.aws);
  }
  return {
    name: t.name,
    wave: t.wave,
    accountId: outputs.AccountId!,
    sourceRoleName: outputs.SourceRoleName!,
    pipelineRoleArn: outputs.PipelineRoleArn!,
    ecsTaskExecutionRoleArn: outputs.EcsTaskExecutionRoleArn!,
    artifactBucketName: outputs.ArtifactBucketName!,
    artifactKeyArn: outputs.ArtifactKeyArn!,
  };
}

/**
 * What a target's stage 1 will output, as far as the config knows before it exists: the account, the
 * source role name (derived from the name prefix, as stage 1 derives it) and the execution role (a
 * config value stage 1 passes through); the rest, names CloudFormation generates, are placeholders.
 * Enough for a plan: which stacks, which targets each serves, whether the repository policy fits.
 */
export function plannedStageOneOutputs(t: ResolvedTarget): Record<string, string> {
  const account = t.target.accountId;
  return {
    AccountId: account,
    SourceRoleName: `${t.namePrefix}${SOURCE_ROLE_SUFFIX}`,
    PipelineRoleArn: `arn:aws:iam::${account}:role/${t.target.stackName}-PipelineRole-PLANNED`,
    EcsTaskExecutionRoleArn: t.pipeline.ecsTaskExecutionRoleArn,
    ArtifactBucketName: 'planned-artifact-bucket',
    ArtifactKeyArn: `arn:aws:kms:${t.region}:${account}:key/00000000-0000-0000-0000-000000000000`,
  };
}

/** Characters IAM-style policies count: the JSON without white space. */
export const policyLength = (policy: PolicyDocument): number => JSON.stringify(policy).length;

/** `arn:aws:iam::444455556666:role/ecsTaskExecutionRole` -> `arn:aws:iam::*:role/ecsTaskExecutionRole`. */
const inAnyAccount = (arn: string): string => arn.replace(/^(arn:[^:]+:iam::)\d{12}(:)/, '$1*$2');

/**
 * Who may pull: the execution roles listed by ARN, the narrowest policy; when the list does not fit
 * ECR's limit, the organization's roles of those names (organizationRepositoryPolicy); without an
 * organization id, a refusal that names the limit, the size and the fix.
 */
export function fleetRepositoryPolicy(region: string, targets: FleetTarget[], organizationId: string | undefined): PolicyDocument {
  const roles = [...new Set(targets.map((t) => t.ecsTaskExecutionRoleArn))];
  const listed = repositoryPolicy(roles.length === 1 ? roles[0]! : roles);
  const size = policyLength(listed);
  if (size <= REPOSITORY_POLICY_LIMIT) return listed;
  if (organizationId === undefined) {
    throw usageError(
      'fleet-repository-policy',
      `the repository policy of account A in ${region} would list ${roles.length} execution roles in ${size} characters; ECR takes at most ${REPOSITORY_POLICY_LIMIT} (SetRepositoryPolicy). Set source.organizationId (o-...) in the config when the target accounts share an AWS Organization: the policy then lets that organization's roles of those names pull. Or serve fewer targets from the region: its targets share one repository.`,
    );
  }
  const org = organizationRepositoryPolicy(organizationId, [...new Set(roles.map(inAnyAccount))]);
  const orgSize = policyLength(org);
  if (orgSize > REPOSITORY_POLICY_LIMIT) {
    throw usageError(
      'fleet-repository-policy',
      `the repository policy of account A in ${region} names ${new Set(roles.map(inAnyAccount)).size} execution role names in ${orgSize} characters even with source.organizationId; ECR takes at most ${REPOSITORY_POLICY_LIMIT} (SetRepositoryPolicy). Give the targets' execution roles fewer distinct names.`,
    );
  }
  return org;
}

/** The first stack: source.stackName; then <source.stackName>-2, -3, ... */
export const stackNameOf = (base: string, index: number): string => (index === 0 ? base : `${base}-${index + 1}`);

function indexOfStack(base: string, name: string): number | undefined {
  if (name === base) return 0;
  const n = name.startsWith(`${base}-`) ? Number(name.slice(base.length + 1)) : Number.NaN;
  return Number.isInteger(n) && n >= 2 ? n - 1 : undefined;
}

const capacityOf = (index: number): number => (index === 0 ? TARGETS_IN_FIRST_STACK : TARGETS_PER_STACK);

/** A fleet stack of the region as deployed: its name and its Serves output split at the commas (none: no target). */
export interface DeployedFleetStack {
  stackName: string;
  serves: string[];
}

/**
 * The targets of each stack, by stack index. A target a deployed stack serves stays there (its source
 * role has a fixed name: moved to another stack, it would be created there while the first still holds
 * it, or deleted before it is created); a new target takes the first place free, in config order, stacks
 * filled to TARGETS_IN_FIRST_STACK and TARGETS_PER_STACK. Without deployed stacks (a plan, a first
 * deploy) that is config order. A stack left with no target is not returned, except the first.
 */
export function stackGroups<T extends { name: string }>(targets: T[], base: string, deployed: DeployedFleetStack[] = []): Array<{ index: number; targets: T[] }> {
  const order = new Map(targets.map((t, i) => [t.name, i]));
  const slots: T[][] = [[]];
  const placed = new Set<string>();
  for (const d of deployed) {
    const index = indexOfStack(base, d.stackName);
    if (index === undefined) continue;
    const kept = d.serves.filter((name) => order.has(name) && !placed.has(name)).slice(0, capacityOf(index));
    kept.forEach((name) => placed.add(name));
    slots[index] = kept.map((name) => targets[order.get(name)!]!);
  }
  for (const t of targets.filter((x) => !placed.has(x.name))) {
    let i = 0;
    while ((slots[i]?.length ?? 0) >= capacityOf(i)) i++;
    (slots[i] ??= []).push(t);
  }
  return [...slots.entries()]
    .map(([index, group]) => ({ index, targets: (group ?? []).sort((a, b) => order.get(a.name)! - order.get(b.name)!) }))
    .filter((g) => g.index === 0 || g.targets.length > 0);
}

/**
 * The stacks of account A in `region`, in deploy order; the first holds the repository, whose outputs
 * (RepositoryName, RepositoryUri) the targets' later steps read.
 */
export function fleetSourceStacks(
  region: string,
  served: ResolvedTarget[],
  stageOneOutputs: (t: ResolvedTarget) => Record<string, string>,
  /** The region's AccA-fleet stacks as deployed (their Serves outputs); none for a plan or a first deploy. */
  deployed: DeployedFleetStack[] = [],
): FleetSourceStack[] {
  const inRegion = served.filter((t) => t.region === region);
  if (inRegion.length === 0) throw new Error(`fleetSourceStacks: no target in ${region}`);
  const lead = inRegion[0]!;
  const targets = inRegion.map((t) => fleetTarget(t, stageOneOutputs(t)));
  const waves = [...new Set(targets.map((t) => t.wave))].sort((a, b) => a - b);
  const longest = waveTag(lead.pipeline.imageTag, waves[waves.length - 1]!);
  // An ECR tag is at most 128 characters (ECR API reference, ImageIdentifier: imageTag).
  if (longest.length > 128) throw usageError('fleet-wave-tag', `the tag of wave ${waves[waves.length - 1]} would be ${longest} (${longest.length} characters); ECR tags are at most 128: shorten pipeline.imageTag.`);
  const policy = fleetRepositoryPolicy(region, targets, lead.source.organizationId);
  const base = lead.source.stackName;
  const groups = stackGroups(targets, base, deployed);
  const last = stackNameOf(base, groups[groups.length - 1]!.index);
  if (last.length > STACK_NAME_LIMIT) throw usageError('fleet-stack-name', `source.stackName ${base} leaves no room for the suffix of stack ${last} of ${region}: stack names are at most ${STACK_NAME_LIMIT} characters.`);
  return groups.map(({ index, targets: group }) => {
    const holdsRepository = index === 0;
    const json = JSON.parse(JSON.stringify(buildAccAFleet({ targets: group, ...(holdsRepository ? { repository: { waves, policy } } : {}) })));
    const artifact = artifactOf(FLEET_TEMPLATE, json);
    const tooBig = sizeProblem(artifact);
    if (tooBig) throw new XacctError('fleet-template-size', `${stackNameOf(base, index)} in ${region}: ${tooBig}`, EXIT.internal);
    return {
      stackName: stackNameOf(base, index),
      serves: group.map((t) => t.name),
      artifact,
      holdsRepository,
      parameters: {
        RepositoryName: lead.pipeline.repositoryName,
        ImageTag: lead.pipeline.imageTag,
        ...(holdsRepository ? { KeepUntaggedImages: String(lead.pipeline.keepUntaggedImages) } : {}),
      },
    };
  });
}
