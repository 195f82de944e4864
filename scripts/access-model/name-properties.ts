/**
 * The property that carries each resource type's custom name, for the types these templates use
 * (CloudFormation user guide, "Name type": "If you specify a name, you can't perform updates that
 * require replacement of this resource"; each property per the type's own reference page).
 */
export const NAME_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::ECR::Repository': 'RepositoryName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::Events::Rule': 'Name',
  'AWS::CodePipeline::Pipeline': 'Name',
  'AWS::KMS::Alias': 'AliasName',
};

/**
 * The longest name CloudFormation may generate for each type: the service's own name limit. A generated
 * name longer than that is cut, so only a name of the full length can have a shortened stack name or
 * logical id.
 */
export const NAME_MAX_LENGTH: Readonly<Record<string, number>> = {
  /** S3: bucket names are 3 to 63 characters. */
  'AWS::S3::Bucket': 63,
  /** IAM: role names up to 64 characters. */
  'AWS::IAM::Role': 64,
  /** SQS: queue names up to 80 characters. */
  'AWS::SQS::Queue': 80,
  /** EventBridge: rule names up to 64 characters. */
  'AWS::Events::Rule': 64,
  /** CodePipeline: pipeline names up to 100 characters. */
  'AWS::CodePipeline::Pipeline': 100,
  /** ECR: repository names up to 256 characters. */
  'AWS::ECR::Repository': 256,
};
