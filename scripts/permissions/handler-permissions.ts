/**
 * What CloudFormation's resource handlers call for each resource type the templates use: the `handlers`
 * section of each type's registry schema (create, read, update, delete; list is not used by stack
 * operations), verbatim from the copy cited beside it. The live schema of a type, for comparison:
 * `aws cloudformation describe-type --type RESOURCE --type-name <type> --query Schema --output text | jq .handlers`.
 * Names are kept as the schema spells them (IAM compares action names case-insensitively).
 */

export type HandlerName = 'create' | 'read' | 'update' | 'delete';

export interface HandlerPermissions {
  type: string;
  /** The schema file that was read: repository, path and commit. */
  source: string;
  handlers: Partial<Record<HandlerName, readonly string[]>>;
  /** Handlers the schema does not have (older resource types). */
  note?: string;
  /**
   * The schema's `tagging` section for a type whose resources take tags: CloudFormation passes the
   * stack's tags to every resource of such a type, and without these permissions the stack reports
   * "Unauthorized tagging operation" (then retries without tags, or fails). Absent: the type takes no tags.
   */
  tagging?: { permissions: readonly string[]; source?: string; unsure?: string };
}

/**
 * When the handler lists below were last compared with the registry schemas (see each `source`): the date
 * of reading, as the copies read do not show when they were committed. Read were the stored copies of
 * each type's schema in pulumi/pulumi-aws-native (aws-cloudformation-schema/) and aws-cloudformation/cfn-lint
 * (src/cfnlint/data/schemas/providers/us_east_1/); each `source` is the newest of them that has a `handlers`
 * section (the newer cfn-lint copies leave it out).
 */
export const HANDLERS_CHECKED = '2026-12-06';

const pulumi = (file: string, commit: string) => `https://github.com/pulumi/pulumi-aws-native/blob/${commit}/aws-cloudformation-schema/${file}`;
const cfnLint = (file: string, commit: string) => `https://github.com/aws-cloudformation/cfn-lint/blob/${commit}/src/cfnlint/data/schemas/providers/us_east_1/${file}`;

export const HANDLER_PERMISSIONS: readonly HandlerPermissions[] = [
  {
    type: 'AWS::KMS::Key',
    source: pulumi('aws-kms-key.json', '2d2b0f94fc897948eacde018696a9db2484f95b8'),
    tagging: { permissions: ['kms:TagResource', 'kms:UntagResource', 'kms:ListResourceTags'] },
    handlers: {
      create: ['kms:CreateKey', 'kms:EnableKeyRotation', 'kms:DisableKey', 'kms:TagResource', 'kms:PutKeyPolicy'],
      read: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'],
      update: [
        'kms:DescribeKey',
        'kms:DisableKey',
        'kms:DisableKeyRotation',
        'kms:EnableKey',
        'kms:EnableKeyRotation',
        'kms:PutKeyPolicy',
        'kms:TagResource',
        'kms:UntagResource',
        'kms:UpdateKeyDescription',
        'kms:ListResourceTags',
      ],
      delete: ['kms:DescribeKey', 'kms:ScheduleKeyDeletion'],
    },
  },
  {
    type: 'AWS::KMS::Alias',
    source: cfnLint('aws-kms-alias.json', '30ee387649538d91d260a22ec0fc1ae3781884bd'),
    handlers: { create: ['kms:CreateAlias'], read: ['kms:ListAliases'], update: ['kms:UpdateAlias'], delete: ['kms:DeleteAlias'] },
  },
  {
    type: 'AWS::S3::Bucket',
    source: pulumi('aws-s3-bucket.json', '01e4de1ab22ad1b59a63103c5f6cc80952869912'),
    tagging: { permissions: ['s3:PutBucketTagging', 's3:GetBucketTagging'] },
    handlers: {
      create: [
        's3:CreateBucket',
        's3:PutBucketTagging',
        's3:PutAnalyticsConfiguration',
        's3:PutEncryptionConfiguration',
        's3:PutBucketCORS',
        's3:PutInventoryConfiguration',
        's3:PutLifecycleConfiguration',
        's3:PutMetricsConfiguration',
        's3:PutBucketNotification',
        's3:PutBucketReplication',
        's3:PutBucketWebsite',
        's3:PutAccelerateConfiguration',
        's3:PutBucketPublicAccessBlock',
        's3:PutReplicationConfiguration',
        's3:PutObjectAcl',
        's3:PutBucketObjectLockConfiguration',
        's3:GetBucketAcl',
        's3:ListBucket',
        'iam:PassRole',
        's3:DeleteObject',
        's3:PutBucketLogging',
        's3:PutBucketVersioning',
        's3:PutObjectLockConfiguration',
        's3:PutBucketOwnershipControls',
        's3:PutIntelligentTieringConfiguration',
        's3:GetBucketMetadataTableConfiguration',
        's3:CreateBucketMetadataTableConfiguration',
        's3tables:CreateNamespace',
        's3tables:CreateTable',
        's3tables:CreateTableBucket',
        's3tables:GetTable',
        's3tables:PutTableEncryption',
        's3tables:PutTablePolicy',
        's3tables:GetTableMetadataLocation',
        's3tables:UpdateTableMetadataLocation',
      ],
      read: [
        's3:GetAccelerateConfiguration',
        's3:GetLifecycleConfiguration',
        's3:GetBucketPublicAccessBlock',
        's3:GetAnalyticsConfiguration',
        's3:GetBucketCORS',
        's3:GetEncryptionConfiguration',
        's3:GetInventoryConfiguration',
        's3:GetBucketLogging',
        's3:GetMetricsConfiguration',
        's3:GetBucketNotification',
        's3:GetBucketVersioning',
        's3:GetReplicationConfiguration',
        'S3:GetBucketWebsite',
        's3:GetBucketPublicAccessBlock',
        's3:GetBucketObjectLockConfiguration',
        's3:GetBucketTagging',
        's3:GetBucketOwnershipControls',
        's3:GetIntelligentTieringConfiguration',
        's3:GetBucketMetadataTableConfiguration',
        's3:ListBucket',
      ],
      update: [
        's3:PutBucketAcl',
        's3:PutBucketTagging',
        's3:PutAnalyticsConfiguration',
        's3:PutEncryptionConfiguration',
        's3:PutBucketCORS',
        's3:PutInventoryConfiguration',
        's3:PutLifecycleConfiguration',
        's3:PutMetricsConfiguration',
        's3:PutBucketNotification',
        's3:PutBucketReplication',
        's3:PutBucketWebsite',
        's3:PutAccelerateConfiguration',
        's3:GetBucketMetadataTableConfiguration',
        's3:DeleteBucketMetadataTableConfiguration',
        's3:CreateBucketMetadataTableConfiguration',
        's3:UpdateBucketMetadataJournalTableConfiguration',
        's3:UpdateBucketMetadataInventoryTableConfiguration',
        's3tables:CreateNamespace',
        's3tables:CreateTable',
        's3tables:CreateTableBucket',
        's3tables:GetTable',
        's3tables:PutTableEncryption',
        's3tables:PutTablePolicy',
        's3tables:GetTableMetadataLocation',
        's3tables:UpdateTableMetadataLocation',
        's3:PutBucketPublicAccessBlock',
        's3:PutReplicationConfiguration',
        's3:PutBucketOwnershipControls',
        's3:PutIntelligentTieringConfiguration',
        's3:DeleteBucketWebsite',
        's3:PutBucketLogging',
        's3:PutBucketVersioning',
        's3:PutObjectLockConfiguration',
        's3:PutBucketObjectLockConfiguration',
        's3:DeleteBucketAnalyticsConfiguration',
        's3:DeleteBucketCors',
        's3:DeleteBucketMetricsConfiguration',
        's3:DeleteBucketEncryption',
        's3:DeleteBucketLifecycle',
        's3:DeleteBucketReplication',
        'iam:PassRole',
        's3:ListBucket',
      ],
      delete: ['s3:DeleteBucket', 's3:ListBucket'],
    },
  },
  {
    type: 'AWS::S3::BucketPolicy',
    source: pulumi('aws-s3-bucketpolicy.json', '157c65b430f326a0d10054e92cc1ed0fefce83c7'),
    handlers: {
      read: ['s3:GetBucketPolicy'],
      create: ['s3:GetBucketPolicy', 's3:PutBucketPolicy'],
      update: ['s3:GetBucketPolicy', 's3:PutBucketPolicy'],
      delete: ['s3:GetBucketPolicy', 's3:DeleteBucketPolicy'],
    },
  },
  {
    type: 'AWS::IAM::Role',
    source: pulumi('aws-iam-role.json', '0c61db28c612841d62fd56bff23e762d412d75e6'),
    tagging: { permissions: ['iam:TagRole', 'iam:UntagRole'] },
    handlers: {
      create: ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:GetRole', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies', 'iam:GetRolePolicy'],
      read: ['iam:GetRole', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies', 'iam:GetRolePolicy'],
      update: [
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
        'iam:UpdateAssumeRolePolicy',
        'iam:DetachRolePolicy',
        'iam:AttachRolePolicy',
        'iam:DeleteRolePermissionsBoundary',
        'iam:PutRolePermissionsBoundary',
        'iam:DeleteRolePolicy',
        'iam:PutRolePolicy',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:GetRole',
        'iam:ListAttachedRolePolicies',
        'iam:ListRolePolicies',
        'iam:GetRolePolicy',
      ],
      delete: ['iam:DeleteRole', 'iam:DetachRolePolicy', 'iam:DeleteRolePolicy', 'iam:GetRole', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies'],
    },
  },
  {
    type: 'AWS::IAM::Policy',
    source: pulumi('aws-iam-policy.json', '5ad276d3c559bd734af5a13cc9cabc2125c9c26a'),
    note: 'the schema has create, update and delete handlers only',
    handlers: {
      create: ['iam:GetUserPolicy', 'iam:GetRolePolicy', 'iam:GetGroupPolicy', 'iam:PutUserPolicy', 'iam:PutRolePolicy', 'iam:PutGroupPolicy'],
      update: ['iam:PutUserPolicy', 'iam:PutRolePolicy', 'iam:PutGroupPolicy', 'iam:DeleteRolePolicy', 'iam:DeleteUserPolicy', 'iam:DeleteGroupPolicy'],
      delete: ['iam:DeleteRolePolicy', 'iam:DeleteUserPolicy', 'iam:DeleteGroupPolicy'],
    },
  },
  {
    type: 'AWS::ECR::Repository',
    source: pulumi('aws-ecr-repository.json', '54b61be5b006da7eaac6603ffc2f101de05e246c'),
    tagging: { permissions: ['ecr:TagResource', 'ecr:UntagResource'] },
    handlers: {
      create: ['ecr:CreateRepository', 'ecr:PutLifecyclePolicy', 'ecr:SetRepositoryPolicy', 'ecr:TagResource', 'kms:DescribeKey', 'kms:CreateGrant', 'kms:RetireGrant'],
      read: ['ecr:DescribeRepositories', 'ecr:GetLifecyclePolicy', 'ecr:GetRepositoryPolicy', 'ecr:ListTagsForResource'],
      update: [
        'ecr:DescribeRepositories',
        'ecr:PutLifecyclePolicy',
        'ecr:SetRepositoryPolicy',
        'ecr:ListTagsForResource',
        'ecr:TagResource',
        'ecr:UntagResource',
        'ecr:DeleteLifecyclePolicy',
        'ecr:DeleteRepositoryPolicy',
        'ecr:PutImageScanningConfiguration',
        'ecr:PutImageTagMutability',
        'kms:DescribeKey',
        'kms:CreateGrant',
        'kms:RetireGrant',
      ],
      delete: ['ecr:DeleteRepository', 'kms:RetireGrant'],
    },
  },
  {
    type: 'AWS::Events::Rule',
    source: pulumi('aws-events-rule.json', '0d8c3d7962616b03f1054aafdc761527e268a496'),
    tagging: {
      permissions: ['events:TagResource', 'events:UntagResource', 'events:ListTagsForResource'],
      // The Tags property and stack-tag propagation exist since August 2025; the schema cited above predates them,
      // and the stored cfn-lint copies (435da9f7eed45a3f78c1320589023c0d860572c5, 02c6d2484047250d906772d166f8194468ff1e46)
      // have only "tagging": { "taggable": false }.
      source: 'https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/358',
      unsure:
        'The registry schema of AWS::Events::Rule with its tagging section was not at hand; the three EventBridge tag actions are the ones its API tags rules with (TagResource, UntagResource, ListTagsForResource), and the stacks of service-cloud-voice/examples-from-doc #97 reported "Unauthorized tagging operation" for rules until events:TagResource was granted (#101). Compare: aws cloudformation describe-type --type RESOURCE --type-name AWS::Events::Rule --query Schema --output text | jq .tagging',
    },
    handlers: {
      read: ['iam:PassRole', 'events:DescribeRule', 'events:ListTargetsByRule'],
      create: ['iam:PassRole', 'events:DescribeRule', 'events:PutRule', 'events:PutTargets'],
      update: ['iam:PassRole', 'events:DescribeRule', 'events:PutRule', 'events:RemoveTargets', 'events:PutTargets'],
      delete: ['iam:PassRole', 'events:DescribeRule', 'events:DeleteRule', 'events:RemoveTargets', 'events:ListTargetsByRule'],
    },
  },
  {
    type: 'AWS::SQS::Queue',
    source: pulumi('aws-sqs-queue.json', '00f8ac71305bfae18b1579f1bf363c75849461a4'),
    tagging: { permissions: ['sqs:TagQueue', 'sqs:UntagQueue', 'sqs:ListQueueTags'] },
    handlers: {
      create: ['sqs:CreateQueue', 'sqs:GetQueueUrl', 'sqs:GetQueueAttributes', 'sqs:ListQueueTags', 'sqs:TagQueue'],
      read: ['sqs:GetQueueAttributes', 'sqs:ListQueueTags'],
      update: ['sqs:SetQueueAttributes', 'sqs:GetQueueAttributes', 'sqs:ListQueueTags', 'sqs:TagQueue', 'sqs:UntagQueue'],
      delete: ['sqs:DeleteQueue', 'sqs:GetQueueAttributes'],
    },
  },
  {
    type: 'AWS::SQS::QueuePolicy',
    source: pulumi('aws-sqs-queuepolicy.json', '6402a1b00a51ee9e092438f3a7d8ca362156482d'),
    note: 'the schema has create, update and delete handlers only',
    handlers: { create: ['sqs:SetQueueAttributes'], delete: ['sqs:SetQueueAttributes'], update: ['sqs:SetQueueAttributes'] },
  },
  {
    type: 'AWS::CodePipeline::Pipeline',
    source: pulumi('aws-codepipeline-pipeline.json', '7d38dfeb67a0526b683053b3b724fab52705042a'),
    tagging: { permissions: ['codepipeline:TagResource', 'codepipeline:UntagResource'] },
    handlers: {
      create: [
        'iam:GetRole',
        'iam:PassRole',
        'codepipeline:GetPipeline',
        'codepipeline:CreatePipeline',
        'codepipeline:DisableStageTransition',
        'codepipeline:GetPipelineState',
        'codepipeline:TagResource',
        'codestar-connections:PassConnection',
      ],
      read: ['codepipeline:GetPipeline', 'codepipeline:ListTagsForResource', 'codepipeline:GetPipelineState'],
      update: [
        'iam:GetRole',
        'iam:PassRole',
        'codepipeline:EnableStageTransition',
        'codepipeline:StartPipelineExecution',
        'codepipeline:GetPipeline',
        'codepipeline:UpdatePipeline',
        'codepipeline:GetPipelineState',
        'codepipeline:DisableStageTransition',
        'codepipeline:TagResource',
        'codepipeline:UntagResource',
        'codestar-connections:PassConnection',
      ],
      delete: ['codepipeline:GetPipeline', 'codepipeline:DeletePipeline'],
    },
  },
];

export const handlerPermissionsOf = (type: string): HandlerPermissions | undefined => HANDLER_PERMISSIONS.find((h) => h.type === type);

/** create ∪ read ∪ update ∪ delete of a type, and its tagging permissions, as the schema spells them. */
export const stackOperationPermissions = (h: HandlerPermissions): string[] => [
  ...new Set([...(['create', 'read', 'update', 'delete'] as const).flatMap((k) => h.handlers[k] ?? []), ...(h.tagging?.permissions ?? [])]),
];
