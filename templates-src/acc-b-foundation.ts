/**
 * Account B's foundation: the key, the two buckets and the pipeline role, everything account A's stack
 * must reference. AccB-pipeline-1 is exactly this; AccB-pipeline-2 is this plus the pipeline, with the
 * same logical ids, so the update from stage 1 to stage 2 replaces nothing.
 *
 * The pipeline role's grants for stage 2's pipeline are here too: assuming account A's source role, and
 * (release by digest) the Commands action's log group, both named from NamePrefix. A policy attached
 * seconds before the pipeline is created may not apply yet (IAM is eventually consistent), and
 * CodePipeline checks the assume at creation and starts the first execution at once.
 */
import type Parameter from 'cloudform-types/types/parameter';
import type Resource from 'cloudform-types/types/resource';
import type Output from 'cloudform-types/types/output';
import type { Condition } from 'cloudform-types/types/dataTypes';
import IamPolicy from 'cloudform-types/types/iam/policy';
import Alias from 'cloudform-types/types/kms/alias';
import Bucket from 'cloudform-types/types/s3/bucket';
import { keyWithRotationPeriod, retained } from './cfn-extensions';
import { Equals, GetAtt, Not, Ref, Sub } from './intrinsics';
import { ecsName, namePrefix, roleArn, sourceAccountId, stringParameter, PATTERNS } from './parameters';
import { SOURCE_ROLE_NAME } from './policies/arns';
import { artifactBucketPolicy, bucketPolicyResource, sourceBucketPolicy } from './policies/bucket-policies';
import { artifactKeyPolicy } from './policies/key-policy';
import { assumeSourceRolePolicy, commandsLogsPolicy, HAS_TASK_ROLE, pipelineRolePolicy, SHORT_SERVICE_ARN } from './policies/pipeline-role-policy';
import { inDigestMode, releaseConditions, releaseParameter } from './release-mode';
import { roleWithPolicy } from './policies/role-resources';
import { codePipelineTrust } from './policies/trust-policies';
import type { ParameterGroup } from './template-types';

export const B = {
  key: 'ArtifactKey',
  keyAlias: 'ArtifactKeyAlias',
  artifactBucket: 'ArtifactBucket',
  artifactBucketPolicy: 'ArtifactBucketPolicy',
  sourceBucket: 'SourceBucket',
  sourceBucketPolicy: 'SourceBucketPolicy',
  pipelineRole: 'PipelineRole',
  pipelineRolePolicy: 'PipelineRolePolicy',
  assumeSourceRolePolicy: 'PipelineAssumeSourceRolePolicy',
  commandsLogsPolicy: 'PipelineCommandsLogsPolicy',
} as const;

export function foundationParameters(): Record<string, Parameter> {
  return {
    SourceAccountId: sourceAccountId(),
    NamePrefix: namePrefix(),
    EcsClusterName: ecsName('cluster', 'orders-cluster'),
    EcsServiceName: ecsName('service', 'orders-api'),
    EcsServiceArnFormat: {
      ...stringParameter({
        description:
          'ARN format of the ECS service: long (service/<cluster>/<service>, the default since 2021) or short (service/<service>, a service created before and never migrated). The pipeline role may update the service under this ARN only.',
        default: 'long',
        pattern: '^(?:long|short)$',
        constraint: 'must be long or short.',
      }),
      AllowedValues: ['long', 'short'],
    },
    EcsTaskExecutionRoleArn: roleArn(
      'Task execution role of the ECS service in account B: it pulls the image from account A, and the pipeline may pass it to ECS.',
      'arn:aws:iam::444455556666:role/ecsTaskExecutionRole',
    ),
    EcsTaskRoleArn: stringParameter({
      description: 'Task role of the ECS service in account B, which the pipeline may pass to ECS. Leave empty when the task definition has none.',
      default: '',
      pattern: `^$|${PATTERNS.roleArn}`,
      constraint: 'must be empty or an IAM role ARN, for example arn:aws:iam::444455556666:role/orders-api-task.',
    }),
    KeyAdministratorArn: stringParameter({
      description:
        'IAM role or user in account B that administers the artifact key (it cannot use the key for data). It must exist before the stack is created.',
      pattern: PATTERNS.iamPrincipalArn,
      constraint: 'must be an IAM role or user ARN, for example arn:aws:iam::444455556666:role/platform-admin.',
    }),
    ArtifactRetentionDays: {
      Type: 'Number',
      Description: 'Days after which pipeline artifacts (and their older versions) are deleted from the artifact bucket.',
      Default: 30,
      MinValue: 1,
      MaxValue: 3650,
      ConstraintDescription: 'must be a whole number of days from 1 to 3650.',
    },
    Release: releaseParameter(),
  };
}

export const foundationParameterGroups = (): ParameterGroup[] => [
  { label: 'Accounts and naming', parameters: ['SourceAccountId', 'NamePrefix'] },
  { label: 'ECS service in this account', parameters: ['EcsClusterName', 'EcsServiceName', 'EcsServiceArnFormat', 'EcsTaskExecutionRoleArn', 'EcsTaskRoleArn'] },
  { label: 'Artifact key and storage', parameters: ['KeyAdministratorArn', 'ArtifactRetentionDays'] },
  { label: 'Release', parameters: ['Release'] },
];

export const foundationParameterLabels: Record<string, string> = {
  SourceAccountId: 'Source account id (account A)',
  NamePrefix: 'Pipeline name prefix',
  EcsClusterName: 'ECS cluster name',
  EcsServiceName: 'ECS service name',
  EcsServiceArnFormat: 'ECS service ARN format (long or short)',
  EcsTaskExecutionRoleArn: 'ECS task execution role ARN',
  EcsTaskRoleArn: 'ECS task role ARN (optional)',
  KeyAdministratorArn: 'Key administrator ARN',
  ArtifactRetentionDays: 'Artifact retention (days)',
  Release: 'Release the pushed digest or the tag',
};

export function foundationConditions(): Record<string, Condition> {
  return { [HAS_TASK_ROLE]: Not(Equals(Ref('EcsTaskRoleArn'), '')), [SHORT_SERVICE_ARN]: Equals(Ref('EcsServiceArnFormat'), 'short'), ...releaseConditions() };
}

type Encryption = Bucket['Properties']['BucketEncryption'];
type Lifecycle = Bucket['Properties']['LifecycleConfiguration'];

const withKey = (keyLogicalId: string): Encryption => ({
  ServerSideEncryptionConfiguration: [
    {
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: GetAtt(keyLogicalId, 'Arn') },
      BucketKeyEnabled: true,
    },
  ],
});

/**
 * The source bucket is written by whoever uploads imagedefinitions.zip in account B, and the artifact key
 * grants data use to the two pipeline roles only: so S3-managed keys here. The file holds no secret.
 */
const withS3ManagedKey = (): Encryption => ({
  ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
});

/** Versioned, encrypted, private bucket: the settings both buckets share. */
function privateBucket(encryption: Encryption, lifecycleRules: Lifecycle): Bucket {
  return new Bucket({
    BucketEncryption: encryption,
    VersioningConfiguration: { Status: 'Enabled' },
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    },
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    LifecycleConfiguration: lifecycleRules,
    // Object events on the default bus: a new imagedefinitions.zip starts the pipeline (stage 2's rule
    // ImageDefinitionsTriggerRule), and every upload leaves a record, at no cost for AWS service events.
    NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
  });
}

export function foundationResources(): Record<string, Resource> {
  return {
    [B.key]: retained(
      keyWithRotationPeriod({
        Description: Sub('Encrypts the artifacts of pipeline ${NamePrefix}, which account ${SourceAccountId} writes to'),
        EnableKeyRotation: true,
        KeyPolicy: artifactKeyPolicy(B.pipelineRole),
      }),
    ),
    [B.keyAlias]: new Alias({ AliasName: Sub('alias/${NamePrefix}-artifacts'), TargetKeyId: Ref(B.key) }),
    [B.artifactBucket]: privateBucket(withKey(B.key), {
      Rules: [
        {
          Id: 'ExpireArtifacts',
          Status: 'Enabled',
          ExpirationInDays: Ref('ArtifactRetentionDays'),
          NoncurrentVersionExpiration: { NoncurrentDays: Ref('ArtifactRetentionDays') },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
      ],
    }),
    [B.artifactBucketPolicy]: bucketPolicyResource(B.artifactBucket, artifactBucketPolicy(B.artifactBucket)),
    [B.sourceBucket]: privateBucket(withS3ManagedKey(), {
      Rules: [
        {
          // Older versions of imagedefinitions.zip are only needed to re-run older executions.
          Id: 'ExpireOldDefinitions',
          Status: 'Enabled',
          NoncurrentVersionExpiration: { NoncurrentDays: Ref('ArtifactRetentionDays') },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
      ],
    }),
    [B.sourceBucketPolicy]: bucketPolicyResource(B.sourceBucket, sourceBucketPolicy(B.sourceBucket)),
    ...roleWithPolicy({
      roleId: B.pipelineRole,
      policyId: B.pipelineRolePolicy,
      description: Sub('Service role of pipeline ${NamePrefix}'),
      trust: codePipelineTrust(),
      policyName: 'pipeline-actions',
      permissions: pipelineRolePolicy(B.artifactBucket, B.sourceBucket, B.key),
    }),
    [B.assumeSourceRolePolicy]: new IamPolicy({ PolicyName: 'assume-source-role', Roles: [Ref(B.pipelineRole)], PolicyDocument: assumeSourceRolePolicy() }),
    [B.commandsLogsPolicy]: inDigestMode(new IamPolicy({ PolicyName: 'commands-action-logs', Roles: [Ref(B.pipelineRole)], PolicyDocument: commandsLogsPolicy() })),
  };
}

export function foundationOutputs(): Record<string, Output> {
  return {
    AccountId: { Description: 'Id of account B (stack A parameter TargetAccountId).', Value: Ref('AWS::AccountId') },
    ArtifactKeyArn: { Description: 'ARN of the artifact key (stack A parameter ArtifactKeyArn).', Value: GetAtt(B.key, 'Arn') },
    ArtifactBucketName: { Description: 'Name of the artifact bucket (stack A parameter ArtifactBucketName).', Value: Ref(B.artifactBucket) },
    ArtifactBucketArn: { Description: 'ARN of the artifact bucket.', Value: GetAtt(B.artifactBucket, 'Arn') },
    SourceBucketName: { Description: 'Name of the versioned bucket that holds imagedefinitions.zip.', Value: Ref(B.sourceBucket) },
    PipelineRoleArn: { Description: 'ARN of the pipeline service role (stack A parameter PipelineRoleArn).', Value: GetAtt(B.pipelineRole, 'Arn') },
    PipelineRoleName: { Description: 'Name of the pipeline service role: the StackSets engine attaches stage 2\'s policies to it from a stack of its own.', Value: Ref(B.pipelineRole) },
    SourceRoleName: {
      Description:
        'Name account A must give its source role (stack A parameter SourceRoleName), <NamePrefix>-ecr-source: the key, bucket and (stage 2) pipeline role policies trust this name.',
      Value: Sub(SOURCE_ROLE_NAME),
    },
    EcsTaskExecutionRoleArn: {
      Description: 'The ECS task execution role that may pull from account A (stack A parameter EcsTaskExecutionRoleArn).',
      Value: Ref('EcsTaskExecutionRoleArn'),
    },
  };
}
