/**
 * AccA-fleet: account A's stack in a region that serves several targets. Each target's values (its
 * account, pipeline role, execution role, artifact bucket and key: its stage-1 stack outputs) are
 * written into the template when it is built; only what the targets share is a parameter
 * (RepositoryName, ImageTag, KeepUntaggedImages). Per-target parameters cannot carry a fleet: "Maximum
 * number of parameters that you can declare in your CloudFormation template: 200 parameters"
 * (CloudFormation User Guide, "Understand CloudFormation quotas"), and a target needs six.
 *
 * A region's targets may need several such stacks (scripts/deploy/fleet-source.ts splits them). The
 * first holds the repository; every stack holds its targets' source roles, its forwarding rules and
 * their roles, and a dead-letter queue of its own, so each stack can be updated on its own and none
 * imports another's outputs. The policies are the single template's builders (templates-src/policies),
 * given each target's values instead of parameters.
 */
import type Template from 'cloudform-types/types/template';
import EventsRule from 'cloudform-types/types/events/rule';
import Queue from 'cloudform-types/types/sqs/queue';
import QueuePolicy from 'cloudform-types/types/sqs/queuePolicy';
import { keepUntaggedImages, sourceRepository } from './acc-a-pipeline';
import { GetAtt, Ref, Sub, type Value } from './intrinsics';
import { imageTag, repositoryName } from './parameters';
import { arns } from './policies/arns';
import { ecrPushPattern, forwardToTargetBusPolicy } from './policies/event-policies';
import { grant } from './permissions/grant';
import { policyDocument, type PolicyDocument } from './policies/policy-document';
import { roleWithPolicy } from './policies/role-resources';
import { sourceRolePolicy, sourceRoleTrust } from './policies/source-role-policy';
import { eventBridgeTrust } from './policies/trust-policies';
import { waveTag } from './wave-tag';

export const FLEET_TEMPLATE = 'AccA-fleet';

/**
 * "Targets per rule: 5" (EventBridge User Guide, "Amazon EventBridge quotas"; not adjustable), so a
 * wave's targets are forwarded by rules of at most five buses each.
 */
export const RULE_TARGET_LIMIT = 5;

/** One target as account A's stack serves it: its stage-1 stack outputs, read at deploy time. */
export interface FleetTarget {
  /** The target's name in the config: its logical ids and its rule target id derive from it. */
  name: string;
  wave: number;
  /** Stage-1 output AccountId. */
  accountId: string;
  /** Stage-1 output SourceRoleName: the name account B's key and bucket policies trust. */
  sourceRoleName: string;
  /** Stage-1 output PipelineRoleArn: the only principal that may assume the target's source role. */
  pipelineRoleArn: string;
  /** Stage-1 output EcsTaskExecutionRoleArn: pulls the images. */
  ecsTaskExecutionRoleArn: string;
  /** Stage-1 output ArtifactBucketName. */
  artifactBucketName: string;
  /** Stage-1 output ArtifactKeyArn. */
  artifactKeyArn: string;
}

/** The first stack of a region: the repository, the wave tags that move, and its policy. */
export interface FleetRepository {
  /** Every wave of the region's targets, whichever stack holds them: their tags must stay mutable. */
  waves: number[];
  policy: PolicyDocument;
}

export interface FleetStackSpec {
  /** The targets whose source roles and forwarding rules this stack holds, in config order. */
  targets: FleetTarget[];
  /** Present on the region's first stack only. */
  repository?: FleetRepository;
}

/**
 * `us-prod-2` -> `UsProd2`: a logical id is alphanumeric. Derived from the name alone, so adding or
 * removing another target leaves a target's resources where they are (no replacement).
 */
export const logicalIdOf = (targetName: string): string =>
  targetName
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

const REPOSITORY = 'Repository';
const DEAD_LETTER_QUEUE = 'ForwardingDeadLetterQueue';

export const fleetIds = {
  sourceRole: (t: string) => `SourceRole${logicalIdOf(t)}`,
  sourceRolePolicy: (t: string) => `SourceRolePolicy${logicalIdOf(t)}`,
  forwardingRule: (group: string) => `ForwardingRule${group}`,
  forwardingRole: 'ForwardingRole',
  forwardingRolePolicy: 'ForwardingRolePolicy',
};

/** A rule and the targets whose buses it forwards to: one wave's, at most RULE_TARGET_LIMIT. */
export interface RuleGroup {
  /** `Wave2Group1`: the wave and the group's place in it, in config order. */
  id: string;
  wave: number;
  targets: FleetTarget[];
}

export function ruleGroups(targets: FleetTarget[]): RuleGroup[] {
  const waves = [...new Set(targets.map((t) => t.wave))].sort((a, b) => a - b);
  return waves.flatMap((wave) => {
    const inWave = targets.filter((t) => t.wave === wave);
    const groups: RuleGroup[] = [];
    for (let i = 0; i < inWave.length; i += RULE_TARGET_LIMIT) {
      groups.push({ id: `Wave${wave}Group${groups.length + 1}`, wave, targets: inWave.slice(i, i + RULE_TARGET_LIMIT) });
    }
    return groups;
  });
}

/** The tag a wave's pipelines watch, with the tag as the ImageTag parameter. */
const tagOfWave = (wave: number): Value<string> => (wave <= 1 ? Ref('ImageTag') : Sub(waveTag('${ImageTag}', wave)));

/**
 * The tags that move and must stay mutable: the pushed tag, and every later wave's tag by one wildcard.
 * A repository takes at most five filters ("imageTagMutabilityExclusionFilters ... Maximum number of 5
 * items", ECR API reference, PutImageTagMutability) and waves go to 100, so `<tag>-wave*` covers them
 * all (a filter value may hold `*`: "Pattern: ^[0-9a-zA-Z._*-]{1,128}$", ECR API reference,
 * ImageTagMutabilityExclusionFilter).
 */
export function trackedTagFilters(waves: number[]): Array<Value<string>> {
  return [Ref('ImageTag'), ...(waves.some((w) => w > 1) ? [Sub('${ImageTag}-wave*')] : [])];
}

function sourceRoles(targets: FleetTarget[], repositoryArn: Value<string>): Template['Resources'] {
  return Object.assign(
    {},
    ...targets.map((t) =>
      roleWithPolicy({
        roleId: fleetIds.sourceRole(t.name),
        policyId: fleetIds.sourceRolePolicy(t.name),
        // Agreed with account B in advance: its key and bucket policies trust this name.
        roleName: t.sourceRoleName,
        description: `Runs the ECR source action of the pipeline of target ${t.name} (account ${t.accountId})`,
        trust: sourceRoleTrust(t.pipelineRoleArn),
        policyName: 'ecr-source-action',
        // This target's bucket and key only: one target's pipeline cannot write into another's.
        permissions: sourceRolePolicy(REPOSITORY, { repositoryArn, artifactObjects: arns.objectsOf(t.artifactBucketName), artifactKeyArn: t.artifactKeyArn }),
      }),
    ),
  );
}

/**
 * One forwarding role per stack, allowed to put events on the buses of this stack's targets only; its
 * inline policy lists at most TARGETS_PER_STACK buses (about 80 characters each), far below "Role
 * policies: aggregate inline policy size 10,240 characters" (IAM User Guide, "IAM and AWS STS quotas").
 * One role rather than one per rule: a rule group costs one resource, and the stack fits more targets.
 */
function forwarding(groups: RuleGroup[], repository: Value<string>): Template['Resources'] {
  const targets = groups.flatMap((g) => g.targets);
  const resources: NonNullable<Template['Resources']> = roleWithPolicy({
    roleId: fleetIds.forwardingRole,
    policyId: fleetIds.forwardingRolePolicy,
    description: `Forwards ECR pushes to the default buses of ${targets.length} targets, each rule its wave's tag`,
    trust: eventBridgeTrust('forward/assume-forwarding-role'),
    policyName: 'forward-to-target-buses',
    permissions: forwardToTargetBusPolicy(targets.map((t) => arns.defaultBusOf(t.accountId))),
  });
  for (const g of groups) {
    resources[fleetIds.forwardingRule(g.id)] = new EventsRule({
      Description: Sub(`Forwards pushes of \${RepositoryName}:${waveTag('${ImageTag}', g.wave)} to ${g.targets.map((t) => t.name).join(', ')}`),
      State: 'ENABLED',
      EventPattern: ecrPushPattern(repository, tagOfWave(g.wave)),
      Targets: g.targets.map((t) => ({
        // Unique within the rule, and stable: the target's name.
        Id: t.name,
        Arn: arns.defaultBusOf(t.accountId),
        RoleArn: GetAtt(fleetIds.forwardingRole, 'Arn'),
        // Undeliverable events (after EventBridge's default 24 hours of retries) are kept here.
        DeadLetterConfig: { Arn: GetAtt(DEAD_LETTER_QUEUE, 'Arn') },
      })),
    });
  }
  return resources;
}

/** The stack's own dead-letter queue: its rules may send to it, nothing else. */
function deadLetters(groups: RuleGroup[]): Template['Resources'] {
  return {
    [DEAD_LETTER_QUEUE]: new Queue({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 }),
    [`${DEAD_LETTER_QUEUE}Policy`]: new QueuePolicy({
      Queues: [Ref(DEAD_LETTER_QUEUE)],
      PolicyDocument: policyDocument(
        grant({
          sid: 'ForwardingRuleDeadLetters',
          rows: ['forward/dead-letter'],
          principal: { Service: 'events.amazonaws.com' },
          resource: GetAtt(DEAD_LETTER_QUEUE, 'Arn'),
          values: { 'forwarding-rule': groups.map((g) => GetAtt(fleetIds.forwardingRule(g.id), 'Arn')) },
        }),
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 'sqs:*',
          Resource: GetAtt(DEAD_LETTER_QUEUE, 'Arn'),
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ),
    }),
  };
}

/** Account A's template for `spec.targets` of one region; the first stack adds the repository. */
export function buildAccAFleet(spec: FleetStackSpec): Template {
  const ids = new Map<string, string>();
  for (const t of spec.targets) {
    const id = logicalIdOf(t.name);
    const other = ids.get(id);
    if (other !== undefined) throw new Error(`targets ${other} and ${t.name} would share the logical id ${id} in account A's stack: rename one of them`);
    ids.set(id, t.name);
  }
  const repo = spec.repository;
  const groups = ruleGroups(spec.targets);
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    // A template description is at most 1,024 bytes (CloudFormation User Guide, "Template format"): the
    // targets are counted here and named in each role's description.
    Description: repo
      ? `Cross-account container pipeline, account A (source) for several targets: the ECR repository, and for ${spec.targets.length} targets the roles their pipelines assume and the rules that forward pushes to their accounts.`
      : `Cross-account container pipeline, account A (source), more targets of the repository RepositoryName: for ${spec.targets.length} targets the roles their pipelines assume and the rules that forward pushes to their accounts.`,
    Parameters: {
      RepositoryName: repositoryName(repo ? 'Name of the ECR repository this stack creates in account A; developers push to it.' : 'Name of the ECR repository the first stack of this region creates in account A.'),
      ImageTag: imageTag(),
      ...(repo ? { KeepUntaggedImages: keepUntaggedImages() } : {}),
    },
    Resources: {
      ...(repo ? { [REPOSITORY]: sourceRepository(trackedTagFilters(repo.waves), repo.policy) } : {}),
      ...sourceRoles(spec.targets, repo ? GetAtt(REPOSITORY, 'Arn') : arns.repositoryByName()),
      // A first stack whose targets have all gone keeps the repository alone.
      ...(groups.length > 0 ? { ...forwarding(groups, repo ? Ref(REPOSITORY) : Ref('RepositoryName')), ...deadLetters(groups) } : {}),
    },
    Outputs: {
      ...(repo
        ? {
            RepositoryName: { Description: 'Name of the ECR repository (stack B stage 2 parameter RepositoryName).', Value: Ref(REPOSITORY) },
            RepositoryUri: { Description: 'URI of the ECR repository, for docker push and imagedefinitions.json.', Value: GetAtt(REPOSITORY, 'RepositoryUri') },
            RepositoryArn: { Description: 'ARN of the ECR repository.', Value: GetAtt(REPOSITORY, 'Arn') },
          }
        : {}),
      // Read by the next deploy, so that a target stays in the stack that holds its role. None when the
      // stack serves nobody (an empty output value: unsure whether CloudFormation takes it).
      ...(spec.targets.length > 0
        ? { Serves: { Description: 'The targets whose source roles and rules this stack holds, comma-separated.', Value: spec.targets.map((t) => t.name).join(',') } }
        : {}),
    },
  };
}
