/**
 * Bucket policies of account B. Both buckets refuse plain HTTP on the bucket *and* its objects (the
 * original templates only covered objects); the artifact bucket also refuses uploads not encrypted
 * with KMS and lets account A's source role write the source artifact, nothing else.
 */
import BucketPolicy from 'cloudform-types/types/s3/bucketPolicy';
import { GetAtt, Join, Ref } from '../intrinsics';
import { grant } from '../permissions/grant';
import { arns } from './arns';
import { isSourceRole } from './principal-conditions';
import { policyDocument, type PolicyDocument, type Statement } from './policy-document';

/**
 * Deny every S3 request that does not arrive over TLS, on the bucket and on its objects. Written with
 * GetAtt and Join, the form AWS Control Tower's proactive control CT.S3.PR.8 recognises.
 */
export function denyInsecureTransport(bucketLogicalId: string): Statement {
  const bucketArn = GetAtt(bucketLogicalId, 'Arn');
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn, Join('', [bucketArn, '/*'])],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

export function artifactBucketPolicy(bucketLogicalId: string): PolicyDocument {
  return policyDocument(
    denyInsecureTransport(bucketLogicalId),
    {
      Sid: 'DenyUploadsNotEncryptedWithKms',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: arns.objects(bucketLogicalId),
      Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    },
    // The same row as the source role's own policy: PutObject and PutObjectAcl (row ecr-source/write-artifact).
    grant({
      sid: 'SourceRoleWritesSourceArtifact',
      rows: ['ecr-source/write-artifact'],
      principal: { AWS: arns.accountRoot('SourceAccountId') },
      resource: arns.objects(bucketLogicalId),
      who: isSourceRole(),
    }),
  );
}

export function sourceBucketPolicy(bucketLogicalId: string): PolicyDocument {
  return policyDocument(denyInsecureTransport(bucketLogicalId));
}

export const bucketPolicyResource = (bucketLogicalId: string, document: PolicyDocument): BucketPolicy =>
  new BucketPolicy({ Bucket: Ref(bucketLogicalId), PolicyDocument: document });
