/**
 * Where the cloudformation policy departs from the handler lists, each with its reason:
 * - names in a list that are API operations, not IAM actions: the action that authorizes the operation
 *   is granted instead (the S3 API reference says which);
 * - permissions a handler needs only for a property the templates never set: left out while no resource
 *   of the type sets it (checked against the templates each time the policy is built).
 */
import { SAR } from './references';

const S3_API = 'https://docs.aws.amazon.com/AmazonS3/latest/API';

export interface Renamed {
  /** The name in the handler list: an API operation. */
  listed: string;
  /** The IAM action that authorizes it. */
  action: string;
  /** The page that says so, and its words. */
  source: string;
  quote: string;
}

export const RENAMED: readonly Renamed[] = [
  { listed: 's3:DeleteBucketCors', action: 's3:PutBucketCORS', source: `${S3_API}/API_DeleteBucketCors.html`, quote: 'To use this operation, you must have permission to perform the s3:PutBucketCORS action.' },
  { listed: 's3:DeleteBucketEncryption', action: 's3:PutEncryptionConfiguration', source: `${S3_API}/API_DeleteBucketEncryption.html`, quote: 'The s3:PutEncryptionConfiguration permission is required in a policy.' },
  { listed: 's3:DeleteBucketLifecycle', action: 's3:PutLifecycleConfiguration', source: `${S3_API}/API_DeleteBucketLifecycle.html`, quote: 'you must have the s3:PutLifecycleConfiguration permission' },
  { listed: 's3:DeleteBucketReplication', action: 's3:PutReplicationConfiguration', source: `${S3_API}/API_DeleteBucketReplication.html`, quote: 'permissions to perform the s3:PutReplicationConfiguration action' },
  { listed: 's3:DeleteBucketMetricsConfiguration', action: 's3:PutMetricsConfiguration', source: `${S3_API}/API_DeleteBucketMetricsConfiguration.html`, quote: 'The s3:PutMetricsConfiguration permission is required in a policy.' },
  { listed: 's3:DeleteBucketAnalyticsConfiguration', action: 's3:PutAnalyticsConfiguration', source: `${S3_API}/API_DeleteBucketAnalyticsConfiguration.html`, quote: 'permissions to perform the s3:PutAnalyticsConfiguration action' },
  { listed: 's3:PutBucketReplication', action: 's3:PutReplicationConfiguration', source: `${S3_API}/API_PutBucketReplication.html`, quote: 'you must have the s3:PutReplicationConfiguration permissions for the bucket' },
  {
    listed: 's3:PutObjectLockConfiguration',
    action: 's3:PutBucketObjectLockConfiguration',
    source: SAR.s3,
    quote: 's3:PutBucketObjectLockConfiguration: Grants permission to put Object Lock configuration on a specific bucket (the API reference names no action for PutObjectLockConfiguration)',
  },
];

type Properties = Record<string, unknown>;

export interface Unneeded {
  type: string;
  /** Listed permissions of the type (a trailing * matches a prefix, e.g. s3tables:*). */
  actions: readonly string[];
  /** Why the templates do not need them. */
  reason: string;
  /** Whether one resource of the type needs them after all (then they are granted). */
  needs: (properties: Properties) => boolean;
}

const stages = (p: Properties) => (p.Stages as Array<{ Actions?: Array<{ ActionTypeId?: { Provider?: string } }> }> | undefined) ?? [];

export const UNNEEDED: readonly Unneeded[] = [
  {
    type: 'AWS::S3::Bucket',
    actions: ['s3tables:*'],
    reason: 'S3 Tables are used only for a bucket MetadataTableConfiguration, which no template sets',
    needs: (p) => p.MetadataTableConfiguration !== undefined || p.MetadataConfiguration !== undefined,
  },
  {
    type: 'AWS::S3::Bucket',
    actions: ['iam:PassRole'],
    reason: 'a bucket passes a role only for ReplicationConfiguration, which no template sets',
    needs: (p) => p.ReplicationConfiguration !== undefined,
  },
  {
    type: 'AWS::IAM::Policy',
    actions: ['iam:GetUserPolicy', 'iam:PutUserPolicy', 'iam:DeleteUserPolicy', 'iam:GetGroupPolicy', 'iam:PutGroupPolicy', 'iam:DeleteGroupPolicy'],
    reason: 'the templates attach their policies to roles only (no Users or Groups)',
    needs: (p) => p.Users !== undefined || p.Groups !== undefined,
  },
  {
    type: 'AWS::ECR::Repository',
    actions: ['kms:DescribeKey', 'kms:CreateGrant', 'kms:RetireGrant'],
    reason: 'the repository is encrypted with AES256, not a KMS key',
    needs: (p) => (p.EncryptionConfiguration as { EncryptionType?: string } | undefined)?.EncryptionType === 'KMS',
  },
  {
    type: 'AWS::CodePipeline::Pipeline',
    actions: ['codestar-connections:PassConnection'],
    reason: 'the pipeline has no CodeStarSourceConnection action',
    needs: (p) => stages(p).some((s) => (s.Actions ?? []).some((a) => a.ActionTypeId?.Provider === 'CodeStarSourceConnection')),
  },
];

const matches = (pattern: string, action: string) =>
  pattern.endsWith('*') ? action.toLowerCase().startsWith(pattern.slice(0, -1).toLowerCase()) : pattern.toLowerCase() === action.toLowerCase();

/** The exclusion that leaves `action` of `type` out, given the properties of every resource of the type. */
export function unneeded(type: string, action: string, resources: Properties[]): Unneeded | undefined {
  return UNNEEDED.find((u) => u.type === type && u.actions.some((a) => matches(a, action)) && !resources.some((p) => u.needs(p)));
}

export const renamed = (listed: string): Renamed | undefined => RENAMED.find((r) => r.listed.toLowerCase() === listed.toLowerCase());
