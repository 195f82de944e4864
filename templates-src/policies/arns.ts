/**
 * ARNs built from parameters and pseudo parameters. `${AWS::Partition}` everywhere: a hard-coded
 * `arn:aws:` breaks the templates in the China and GovCloud partitions.
 */
import { Sub } from '../intrinsics';

/** The role account A creates for the pipeline's ECR source action. B derives its name from NamePrefix. */
export const SOURCE_ROLE_NAME = '${NamePrefix}-ecr-source';

export const arns = {
  accountRoot: (accountParam: string) => Sub(`arn:\${AWS::Partition}:iam::\${${accountParam}}:root`),
  thisAccountRoot: () => Sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root'),
  role: (accountParam: string, nameExpr: string) => Sub(`arn:\${AWS::Partition}:iam::\${${accountParam}}:role/${nameExpr}`),
  bucketByName: (bucketNameParam: string) => Sub(`arn:\${AWS::Partition}:s3:::\${${bucketNameParam}}`),
  objectsByName: (bucketNameParam: string) => Sub(`arn:\${AWS::Partition}:s3:::\${${bucketNameParam}}/*`),
  bucket: (bucketLogicalId: string) => Sub(`arn:\${AWS::Partition}:s3:::\${${bucketLogicalId}}`),
  objects: (bucketLogicalId: string) => Sub(`arn:\${AWS::Partition}:s3:::\${${bucketLogicalId}}/*`),
  defaultBus: (accountParam: string) => Sub(`arn:\${AWS::Partition}:events:\${AWS::Region}:\${${accountParam}}:event-bus/default`),
  ecsService: () => Sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:service/${EcsClusterName}/${EcsServiceName}'),
  ecsTaskDefinitions: () => Sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/*'),
  pipeline: (pipelineLogicalId: string) =>
    Sub(`arn:\${AWS::Partition}:codepipeline:\${AWS::Region}:\${AWS::AccountId}:\${${pipelineLogicalId}}`),
};
