/**
 * The pages the permission table cites: AWS documentation first; where it is silent, the public record
 * of how aws-cdk handles the same action (its pull requests name the failure they fixed).
 */

export interface Page {
  url: string;
  title: string;
}

export const PAGES = {
  codepipelineServiceRole: {
    url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/how-to-custom-role.html',
    title: 'CodePipeline user guide: Manage the CodePipeline service role',
  },
  iamEventualConsistency: {
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency',
    title: 'IAM user guide: Changes that I make are not always immediately visible',
  },
  codepipelineAssumeAtCreate: {
    url: 'https://github.com/aws/aws-cdk/issues/22489',
    title: 'aws-cdk #22489: creating a pipeline fails with "is not authorized to perform AssumeRole on role" (InvalidStructureException)',
  },
  codepipelineCrossAccount: {
    url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html',
    title: 'CodePipeline user guide: Create a pipeline that uses resources from another AWS account',
  },
  s3SourceAction: {
    url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-S3.html',
    title: 'CodePipeline user guide: Amazon S3 source action reference',
  },
  s3SourceEvents: {
    url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/create-S3-source-events.html',
    title: 'CodePipeline user guide: Connecting to Amazon S3 source actions with a source enabled for events',
  },
  ecrSourceAction: {
    url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECR.html',
    title: 'CodePipeline user guide: Amazon ECR source action reference',
  },
  ecrSourceEventsTemplate: {
    url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/create-cwe-ecr-source-cfn.html',
    title: 'CodePipeline user guide: Create an EventBridge rule for an Amazon ECR source (CloudFormation template)',
  },
  ecsDeployAction: {
    url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECS.html',
    title: 'CodePipeline user guide: Amazon Elastic Container Service deploy action reference',
  },
  stageConditions: {
    url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/stage-conditions.html',
    title: 'CodePipeline user guide: Configure conditions for a stage',
  },
  cloudWatchAlarmRule: {
    url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/rule-reference-CloudWatchAlarm.html',
    title: 'CodePipeline user guide: CloudWatchAlarm rule reference',
  },
  cloudWatchActions: {
    url: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html',
    title: 'Service Authorization Reference: Actions, resources, and condition keys for Amazon CloudWatch',
  },
  commandsAction: {
    url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Commands.html',
    title: 'CodePipeline user guide: Commands action reference',
  },
  cdkCommandsAction: {
    url: 'https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-codepipeline-actions/lib/commands/commands-action.ts',
    title: 'aws-cdk: CommandsAction (the grants CDK gives the same action)',
  },
  cdkEcsDeployAction: {
    url: 'https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-codepipeline-actions/lib/ecs/deploy-action.ts',
    title: 'aws-cdk: EcsDeployAction (the grants CDK gives the same action)',
  },
  cdkPr14260: {
    url: 'https://github.com/aws/aws-cdk/pull/14260',
    title: "aws-cdk PR #14260: CodeCommit source action fails when it's cross-account",
  },
  cdkIssue13557: {
    url: 'https://github.com/aws/aws-cdk/issues/13557',
    title: 'aws-cdk issue #13557 (fixed by PR #13637): BitBucketSourceAction requires s3:PutObjectAcl permissions',
  },
  s3ObjectOwnership: {
    url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html',
    title: 'Amazon S3 user guide: Object Ownership troubleshooting',
  },
  s3KmsPermissions: {
    url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-UsingKMSEncryption.html',
    title: 'Amazon S3 user guide: Using server-side encryption with AWS KMS keys (Permissions)',
  },
  kmsDefaultKeyPolicy: {
    url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html',
    title: 'AWS KMS developer guide: Default key policy',
  },
  eventBridgeCrossAccount: {
    url: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html',
    title: 'EventBridge user guide: Sending and receiving events between AWS accounts',
  },
  eventBridgeConfusedDeputy: {
    url: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html',
    title: 'EventBridge user guide: Cross-service confused deputy prevention',
  },
  eventBridgeConditions: {
    url: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-conditions.html',
    title: 'EventBridge user guide: Using IAM policy conditions',
  },
  eventBridgeDeadLetterQueue: {
    url: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html',
    title: 'EventBridge user guide: Using dead-letter queues to process undelivered events',
  },
  ecrRepositoryPolicies: {
    url: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html',
    title: 'Amazon ECR user guide: Private repository policy examples',
  },
  ecsTaskExecutionRole: {
    url: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html',
    title: 'Amazon ECS developer guide: Amazon ECS task execution IAM role',
  },
  ecsTagOnCreate: {
    url: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html',
    title: 'Amazon ECS developer guide: Grant permission to tag resources on creation',
  },
} as const satisfies Record<string, Page>;

export type PageId = keyof typeof PAGES;
