/**
 * AccA-pipeline: stack A in account A. The repository, the role the pipeline's ECR source action runs
 * as, and the rule that forwards push events to account B's default bus. Every parameter but the
 * repository name and the tag comes from stack B's outputs.
 */
import type Template from 'cloudform-types/types/template';
import EventsRule from 'cloudform-types/types/events/rule';
import Queue from 'cloudform-types/types/sqs/queue';
import QueuePolicy from 'cloudform-types/types/sqs/queuePolicy';
import { repositoryWithExclusions } from './cfn-extensions';
import type Repository from 'cloudform-types/types/ecr/repository';
import { GetAtt, Ref, Sub, type Value } from './intrinsics';
import type Parameter from 'cloudform-types/types/parameter';
import { imageTag, repositoryName, roleArn, stringParameter, targetAccountId, PATTERNS } from './parameters';
import { arns } from './policies/arns';
import { ecrPushPattern, forwardToTargetBusPolicy } from './policies/event-policies';
import { grant } from './permissions/grant';
import { policyDocument, type PolicyDocument } from './policies/policy-document';
import { repositoryPolicy } from './policies/repository-policy';
import { roleWithPolicy } from './policies/role-resources';
import { sourceRolePolicy, sourceRoleTrust } from './policies/source-role-policy';
import { eventBridgeTrust } from './policies/trust-policies';
import { consoleInterface, type TemplateDefinition } from './template-types';

const A = {
  repository: 'Repository',
  sourceRole: 'SourceRole',
  sourceRolePolicy: 'SourceRolePolicy',
  forwardingRole: 'ForwardingRole',
  forwardingRolePolicy: 'ForwardingRolePolicy',
  forwardingRule: 'ForwardingRule',
  deadLetterQueue: 'ForwardingDeadLetterQueue',
  deadLetterQueuePolicy: 'ForwardingDeadLetterQueuePolicy',
} as const;

function parameters(): Template['Parameters'] {
  return {
    TargetAccountId: targetAccountId(),
    RepositoryName: repositoryName('Name of the ECR repository this stack creates in account A; developers push to it.'),
    ImageTag: imageTag(),
    SourceRoleName: stringParameter({
      description:
        'Name of the role the pipeline assumes in this account: stack B output SourceRoleName, <NamePrefix>-ecr-source. Stack B trusts no other name.',
      pattern: PATTERNS.sourceRoleName,
      constraint: 'must be <NamePrefix>-ecr-source with the NamePrefix of stack B (stack B output SourceRoleName), for example orders-api-ecr-source.',
    }),
    PipelineRoleArn: roleArn(
      'ARN of the pipeline service role in account B (stack B output PipelineRoleArn): the only principal that may assume the source role.',
      'arn:aws:iam::444455556666:role/orders-PipelineRole-1A2B3C4D5E6F',
    ),
    EcsTaskExecutionRoleArn: roleArn(
      'ECS task execution role in account B that pulls images from this repository (stack B output EcsTaskExecutionRoleArn).',
      'arn:aws:iam::444455556666:role/ecsTaskExecutionRole',
    ),
    ArtifactBucketName: stringParameter({
      description: 'Artifact bucket of the pipeline in account B (stack B output ArtifactBucketName).',
      pattern: PATTERNS.bucketName,
      constraint: 'must be an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens.',
    }),
    ArtifactKeyArn: stringParameter({
      description: 'ARN of the artifact key in account B (stack B output ArtifactKeyArn). A key ARN, not an alias: aliases do not work across accounts.',
      pattern: PATTERNS.kmsKeyArn,
      constraint: 'must be a KMS key ARN, for example arn:aws:kms:eu-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab.',
    }),
    KeepUntaggedImages: keepUntaggedImages(),
  };
}

/** How many untagged images the repository keeps: the single template's and a fleet's first stack's. */
export const keepUntaggedImages = (): Parameter => ({
  Type: 'Number',
  Description:
    'Untagged images the repository keeps, newest first; older ones are expired. Each push of the tracked tag leaves the previous image untagged: these are the releases a rollback returns to, and the image ECS still runs while a newer push deploys.',
  Default: 10,
  MinValue: 1,
  MaxValue: 1000,
  ConstraintDescription: 'must be a whole number from 1 to 1000 (ECR does not accept 0).',
});

const LABELS: Record<string, string> = {
  TargetAccountId: 'Target account id (account B)',
  RepositoryName: 'ECR repository name',
  ImageTag: 'Deployed image tag',
  SourceRoleName: 'Source role name',
  PipelineRoleArn: 'Pipeline role ARN in account B',
  EcsTaskExecutionRoleArn: 'ECS task execution role ARN in account B',
  ArtifactBucketName: 'Artifact bucket in account B',
  ArtifactKeyArn: 'Artifact key ARN in account B',
  KeepUntaggedImages: 'Untagged images kept (previous releases)',
};

/**
 * Keep the newest KeepUntaggedImages untagged images, expire the older ones; tagged images are never
 * touched. By count, not by age: once the tracked tag moves on, the image a service runs (digest
 * releases) and the releases a rollback returns to are untagged, and an age rule would expire them while
 * they run. "With countType = imageCountMoreThan, images are sorted from youngest to oldest based on
 * pushed_at_time and then all images greater than the specified count are expired" (ECR user guide,
 * "Lifecycle policies"); ECR knows nothing of what ECS runs (aws/containers-roadmap#1036, open).
 */
export function lifecyclePolicyText(): ReturnType<typeof Sub> {
  return Sub(
    JSON.stringify({
      rules: [
        {
          rulePriority: 1,
          description: 'Keep the newest untagged images: the previous releases',
          selection: { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: '${KeepUntaggedImages}' },
          action: { type: 'expire' },
        },
      ],
    }).replace('"${KeepUntaggedImages}"', '${KeepUntaggedImages}'),
  );
}

/**
 * The repository developers push to. Releases are immutable; only the tracked tags move (each a filter:
 * the tag, or a wildcard over the wave tags), which is what triggers the pipelines.
 */
export function sourceRepository(trackedTags: Array<Value<string>>, policy: PolicyDocument): Repository {
  return repositoryWithExclusions({
    RepositoryName: Ref('RepositoryName'),
    ImageScanningConfiguration: { ScanOnPush: true },
    EncryptionConfiguration: { EncryptionType: 'AES256' },
    ImageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
    ImageTagMutabilityExclusionFilters: trackedTags.map((tag) => ({ ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: tag })),
    LifecyclePolicy: { LifecyclePolicyText: lifecyclePolicyText() },
    RepositoryPolicyText: policy,
  });
}

function resources(): Template['Resources'] {
  return {
    [A.repository]: sourceRepository([Ref('ImageTag')], repositoryPolicy()),
    ...roleWithPolicy({
      roleId: A.sourceRole,
      policyId: A.sourceRolePolicy,
      // The name is agreed with account B in advance: B's key and bucket policies trust it by name.
      roleName: Ref('SourceRoleName'),
      description: Sub('Runs the ECR source action of the pipeline in account ${TargetAccountId}'),
      trust: sourceRoleTrust(),
      policyName: 'ecr-source-action',
      permissions: sourceRolePolicy(A.repository),
    }),
    ...roleWithPolicy({
      roleId: A.forwardingRole,
      policyId: A.forwardingRolePolicy,
      description: Sub('Forwards ECR push events to the default event bus of account ${TargetAccountId}'),
      trust: eventBridgeTrust('forward/assume-forwarding-role'),
      policyName: 'forward-to-target-bus',
      permissions: forwardToTargetBusPolicy(),
    }),
    [A.deadLetterQueue]: new Queue({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1209600,
    }),
    [A.deadLetterQueuePolicy]: new QueuePolicy({
      Queues: [Ref(A.deadLetterQueue)],
      PolicyDocument: policyDocument(
        grant({
          sid: 'ForwardingRuleDeadLetters',
          rows: ['forward/dead-letter'],
          principal: { Service: 'events.amazonaws.com' },
          resource: GetAtt(A.deadLetterQueue, 'Arn'),
          values: { 'forwarding-rule': GetAtt(A.forwardingRule, 'Arn') },
        }),
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 'sqs:*',
          Resource: GetAtt(A.deadLetterQueue, 'Arn'),
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ),
    }),
    [A.forwardingRule]: new EventsRule({
      Description: Sub('Forwards pushes of ${RepositoryName}:${ImageTag} to account ${TargetAccountId}'),
      State: 'ENABLED',
      EventPattern: ecrPushPattern(Ref(A.repository), Ref('ImageTag')),
      Targets: [
        {
          Id: 'TargetAccountDefaultBus',
          Arn: arns.defaultBus('TargetAccountId'),
          RoleArn: GetAtt(A.forwardingRole, 'Arn'),
          // Undeliverable events (after EventBridge's default 24 hours of retries) are kept here.
          DeadLetterConfig: { Arn: GetAtt(A.deadLetterQueue, 'Arn') },
        },
      ],
    }),
  };
}

function outputs(): Template['Outputs'] {
  return {
    CrossAccountRoleName: {
      Description: "Name of the source role (the article's name for it). Stack B derives the same name from NamePrefix; it takes no parameter for it.",
      Value: Ref(A.sourceRole),
    },
    CrossAccountRoleArn: { Description: 'ARN of the source role the pipeline assumes.', Value: GetAtt(A.sourceRole, 'Arn') },
    RepositoryName: { Description: 'Name of the ECR repository (stack B stage 2 parameter RepositoryName).', Value: Ref(A.repository) },
    RepositoryUri: { Description: 'URI of the ECR repository, for docker push and imagedefinitions.json.', Value: GetAtt(A.repository, 'RepositoryUri') },
    RepositoryArn: { Description: 'ARN of the ECR repository.', Value: GetAtt(A.repository, 'Arn') },
    ForwardingRuleArn: { Description: 'ARN of the rule that forwards push events to account B.', Value: GetAtt(A.forwardingRule, 'Arn') },
  };
}

export function buildAccAPipeline(): Template {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'Cross-account container pipeline, account A (source): the ECR repository, the role the pipeline in account B assumes to read it, and the rule that forwards image pushes to account B. Deploy after AccB-pipeline-1, with its outputs as parameters.',
    Metadata: consoleInterface(
      [
        { label: 'Repository', parameters: ['RepositoryName', 'ImageTag', 'KeepUntaggedImages'] },
        {
          label: 'Account B (from stack B outputs)',
          parameters: ['TargetAccountId', 'SourceRoleName', 'PipelineRoleArn', 'EcsTaskExecutionRoleArn', 'ArtifactBucketName', 'ArtifactKeyArn'],
        },
      ],
      LABELS,
    ),
    Parameters: parameters(),
    Resources: resources(),
    Outputs: outputs(),
  };
}

export const accAPipeline: TemplateDefinition = {
  name: 'AccA-pipeline',
  account: 'source',
  order: 2,
  build: buildAccAPipeline,
};
