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
