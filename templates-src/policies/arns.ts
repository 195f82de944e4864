/**
 * ARNs built from parameters and pseudo parameters. `${AWS::Partition}` everywhere: a hard-coded
 * `arn:aws:` breaks the templates in the China and GovCloud partitions.
 */
import { Sub } from '../intrinsics';

/**
 * The name of the role account A creates for the pipeline's ECR source action, derived from NamePrefix
 * on both sides: stack B trusts it (key and bucket policies) and assumes it (pipeline role, ECR action)
 * by this name, and stack A's SourceRoleName parameter only accepts names of this form.
 */
export const SOURCE_ROLE_SUFFIX = '-ecr-source';
export const SOURCE_ROLE_NAME = `\${NamePrefix}${SOURCE_ROLE_SUFFIX}`;

/**
 * The pipeline's name, derived from NamePrefix: the Commands action logs to `/aws/codepipeline/<pipeline
 * name>` (Commands action reference, "Service role policy permissions"), so stage 1 can grant that log
 * group before stage 2 creates the pipeline, whose first execution starts on creation.
 */
export const PIPELINE_SUFFIX = '-pipeline';
export const PIPELINE_NAME = `\${NamePrefix}${PIPELINE_SUFFIX}`;

export const arns = {
  accountRoot: (accountParam: string) => Sub(`arn:\${AWS::Partition}:iam::\${${accountParam}}:root`),
  thisAccountRoot: () => Sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root'),
  role: (accountParam: string, nameExpr: string) => Sub(`arn:\${AWS::Partition}:iam::\${${accountParam}}:role/${nameExpr}`),
  /** Account A's source role, as stack B names it (stack A creates it later, under this name). */
  sourceRole: () => arns.role('SourceAccountId', SOURCE_ROLE_NAME),
  bucketByName: (bucketNameParam: string) => Sub(`arn:\${AWS::Partition}:s3:::\${${bucketNameParam}}`),
  objectsByName: (bucketNameParam: string) => Sub(`arn:\${AWS::Partition}:s3:::\${${bucketNameParam}}/*`),
  bucket: (bucketLogicalId: string) => Sub(`arn:\${AWS::Partition}:s3:::\${${bucketLogicalId}}`),
  objects: (bucketLogicalId: string) => Sub(`arn:\${AWS::Partition}:s3:::\${${bucketLogicalId}}/*`),
  defaultBus: (accountParam: string) => Sub(`arn:\${AWS::Partition}:events:\${AWS::Region}:\${${accountParam}}:event-bus/default`),
  /** The default bus of an account known when the template is built (a fleet's target), in this region. */
  defaultBusOf: (accountId: string) => Sub(`arn:\${AWS::Partition}:events:\${AWS::Region}:${accountId}:event-bus/default`),
  /** The objects of a bucket known when the template is built. */
  objectsOf: (bucketName: string) => Sub(`arn:\${AWS::Partition}:s3:::${bucketName}/*`),
  /** This account's repository named by the RepositoryName parameter (a fleet stack that does not create it). */
  repositoryByName: () => Sub('arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/${RepositoryName}'),
  ecsCluster: () => Sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:cluster/${EcsClusterName}'),
  ecsService: () => Sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:service/${EcsClusterName}/${EcsServiceName}'),
  /** The short form of a service created before the long ARN format (no cluster name). */
  ecsServiceShort: () => Sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:service/${EcsServiceName}'),
  ecsTaskDefinitions: () => Sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/*'),
  /** The log group CodePipeline creates for a Commands action: `/aws/codepipeline/<pipeline name>`. */
  pipelineLogGroup: () => Sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/codepipeline/${PIPELINE_NAME}`),
  pipelineLogStreams: () => Sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/codepipeline/${PIPELINE_NAME}:*`),
  /** The deploy stage's rollback alarm, in this account and region (CloudWatch resource type alarm). */
  rollbackAlarm: () => Sub('arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:${RollbackAlarmName}'),
  pipeline: (pipelineLogicalId: string) =>
    Sub(`arn:\${AWS::Partition}:codepipeline:\${AWS::Region}:\${AWS::AccountId}:\${${pipelineLogicalId}}`),
};
