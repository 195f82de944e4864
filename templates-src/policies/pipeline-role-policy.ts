/**
 * The pipeline service role in account B: what the S3 source action, the artifact store and the ECS
 * standard deploy action need, each statement granting rows of the permission table
 * (templates-src/permissions/action-permissions.ts, which cites the pages). Stage 2 adds one statement,
 * kept in its own policy resource so that the stage-1 role is untouched: assuming account A's source
 * role, that role and no other.
 */
import { GetAtt, If, NoValue, Ref } from '../intrinsics';
import { grant } from '../permissions/grant';
import { arns } from './arns';
import { policyDocument, type PolicyDocument } from './policy-document';

export const HAS_TASK_ROLE = 'HasTaskRole';
/**
 * The service has the short ARN `service/<name>`: services created before the long ARN format became the
 * default may keep it (ECS developer guide, "Migrate an Amazon ECS short service ARN to a long ARN").
 */
export const SHORT_SERVICE_ARN = 'ShortEcsServiceArn';

export function pipelineRolePolicy(artifactBucket: string, sourceBucket: string, key: string): PolicyDocument {
  return policyDocument(
    grant({ sid: 'ReadWriteArtifacts', rows: ['artifact-store/read-artifact', 'artifact-store/write-artifact'], resource: arns.objects(artifactBucket) }),
    grant({ sid: 'ReadSourceDefinitions', rows: ['s3-source/read-object'], resource: arns.objects(sourceBucket) }),
    grant({
      sid: 'InspectBuckets',
      rows: ['artifact-store/inspect-bucket', 's3-source/inspect-bucket'],
      resource: [arns.bucket(artifactBucket), arns.bucket(sourceBucket)],
    }),
    grant({ sid: 'UseArtifactKey', rows: ['artifact-store/use-key', 'artifact-store/describe-key'], resource: GetAtt(key, 'Arn') }),
    grant({ sid: 'DeployToService', rows: ['ecs-deploy/update-service'], resource: If(SHORT_SERVICE_ARN, arns.ecsServiceShort(), arns.ecsService()) }),
    grant({ sid: 'RegisterTaskDefinitions', rows: ['ecs-deploy/register-task-definition'], resource: arns.ecsTaskDefinitions() }),
    grant({ sid: 'TagRegisteredTaskDefinitions', rows: ['ecs-deploy/tag-task-definition'], resource: arns.ecsTaskDefinitions() }),
    // No resource type in IAM: "*" is the only resource it can be granted on.
    grant({ sid: 'ReadTaskDefinitions', rows: ['ecs-deploy/describe-task-definition'], resource: '*' }),
    // "*" narrowed to the service's cluster by ecs:cluster (row ecs-deploy/watch-tasks says why).
    grant({ sid: 'WatchServiceTasks', rows: ['ecs-deploy/watch-tasks'], resource: '*', values: { 'ecs-cluster': arns.ecsCluster() } }),
    grant({
      sid: 'PassTaskRolesToEcs',
      rows: ['ecs-deploy/pass-task-roles'],
      resource: [Ref('EcsTaskExecutionRoleArn'), If(HAS_TASK_ROLE, Ref('EcsTaskRoleArn'), NoValue)],
    }),
  );
}

/**
 * When releases are pinned by digest: the Commands action logs to the group CodePipeline creates under
 * the pipeline's name (derived from NamePrefix, so known in stage 1). Its own policy resource, present
 * only in that mode, so switching modes adds or removes it and leaves the pipeline role as it is.
 */
export function commandsLogsPolicy(): PolicyDocument {
  return policyDocument(
    grant({ sid: 'CreateCommandsActionLogGroup', rows: ['commands/create-log-group'], resource: [arns.pipelineLogGroup(), arns.pipelineLogStreams()] }),
    grant({ sid: 'WriteCommandsActionLogs', rows: ['commands/write-log-streams'], resource: arns.pipelineLogStreams() }),
  );
}

/**
 * Stage 2 with a rollback alarm: the deploy stage's CloudWatchAlarm rule runs as the pipeline role and
 * reads that alarm (row rollback/read-alarm), and no other.
 */
export function rollbackAlarmPolicy(): PolicyDocument {
  return policyDocument(grant({ sid: 'ReadRollbackAlarm', rows: ['rollback/read-alarm'], resource: arns.rollbackAlarm() }));
}

/** The ECR source action runs as account A's source role, whose name derives from NamePrefix. */
export function assumeSourceRolePolicy(): PolicyDocument {
  return policyDocument(grant({ sid: 'AssumeSourceRoleInSourceAccount', rows: ['ecr-source/assume-source-role'], resource: arns.sourceRole() }));
}
