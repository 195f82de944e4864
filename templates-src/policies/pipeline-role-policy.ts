/**
 * The pipeline service role in account B: exactly what the S3 source action, the artifact store and the
 * ECS standard deploy action need (CodePipeline user guide, per-action service role permissions).
 * Stage 2 adds one statement, kept in its own policy resource so that the stage-1 role is untouched:
 * assuming account A's source role, that role and no other.
 */
import { GetAtt, If, NoValue, Ref } from '../intrinsics';
import { arns } from './arns';
import { PIPELINE_ROLE_KEY_USE } from './key-policy';
import { policyDocument, type PolicyDocument } from './policy-document';

export const ARTIFACT_OBJECT_ACCESS = ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'] as const;
export const SOURCE_OBJECT_READ = ['s3:GetObject', 's3:GetObjectVersion'] as const;
/** CodePipeline checks where a bucket is, who owns it and that it is versioned. */
export const BUCKET_READ = ['s3:GetBucketAcl', 's3:GetBucketLocation', 's3:GetBucketVersioning'] as const;

/** ECS actions of the standard deploy action that accept resource-level permissions. */
export const ECS_SERVICE_ACTIONS = ['ecs:DescribeServices', 'ecs:UpdateService'] as const;
/** The service's task definition family is not known to the template: scoped to this account and region. */
export const ECS_TASK_DEFINITION_ACTIONS = ['ecs:RegisterTaskDefinition'] as const;
/** DescribeTaskDefinition has no resource type in IAM: it can only be granted on "*". */
export const ECS_UNSCOPED_ACTIONS = ['ecs:DescribeTaskDefinition'] as const;

export const HAS_TASK_ROLE = 'HasTaskRole';

export function pipelineRolePolicy(artifactBucket: string, sourceBucket: string, key: string): PolicyDocument {
  return policyDocument(
    {
      Sid: 'ReadWriteArtifacts',
      Effect: 'Allow',
      Action: [...ARTIFACT_OBJECT_ACCESS],
      Resource: arns.objects(artifactBucket),
    },
    {
      Sid: 'ReadSourceDefinitions',
      Effect: 'Allow',
      Action: [...SOURCE_OBJECT_READ],
      Resource: arns.objects(sourceBucket),
    },
    {
      Sid: 'InspectBuckets',
      Effect: 'Allow',
      Action: [...BUCKET_READ],
      Resource: [arns.bucket(artifactBucket), arns.bucket(sourceBucket)],
    },
    {
      Sid: 'UseArtifactKey',
      Effect: 'Allow',
      Action: [...PIPELINE_ROLE_KEY_USE],
      Resource: GetAtt(key, 'Arn'),
    },
    {
      Sid: 'DeployToService',
      Effect: 'Allow',
      Action: [...ECS_SERVICE_ACTIONS],
      Resource: arns.ecsService(),
    },
    {
      Sid: 'RegisterTaskDefinitions',
      Effect: 'Allow',
      Action: [...ECS_TASK_DEFINITION_ACTIONS],
      Resource: arns.ecsTaskDefinitions(),
    },
    {
      Sid: 'TagRegisteredTaskDefinitions',
      Effect: 'Allow',
      Action: 'ecs:TagResource',
      Resource: arns.ecsTaskDefinitions(),
      Condition: { StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } },
    },
    {
      Sid: 'ReadTaskDefinitions',
      Effect: 'Allow',
      Action: [...ECS_UNSCOPED_ACTIONS],
      Resource: '*',
    },
    {
      Sid: 'PassTaskRolesToEcs',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: [Ref('EcsTaskExecutionRoleArn'), If(HAS_TASK_ROLE, Ref('EcsTaskRoleArn'), NoValue)],
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    },
  );
}

/** Stage 2: the ECR source action runs as account A's source role. */
export function assumeSourceRolePolicy(): PolicyDocument {
  return policyDocument({
    Sid: 'AssumeSourceRoleInSourceAccount',
    Effect: 'Allow',
    Action: 'sts:AssumeRole',
    Resource: arns.role('SourceAccountId', '${CrossAccountRoleName}'),
  });
}

