/**
 * What account A's source role may do: the pipeline's ECR source action runs as this role. It reads the
 * image digest from the repository and writes the source artifact (imageDetail.json) into account B's
 * artifact bucket, encrypted with B's key. The same action lists are used on B's side (bucket and key
 * policies), so the two accounts grant exactly the same calls.
 */
import { GetAtt, Ref } from '../intrinsics';
import { arns } from './arns';
import { policyDocument, type PolicyDocument } from './policy-document';

export const SOURCE_ROLE_IMAGE_READ = ['ecr:DescribeImages'] as const;
export const SOURCE_ROLE_ARTIFACT_WRITE = ['s3:PutObject'] as const;
/** SSE-KMS uploads need a data key; Decrypt is what S3 asks for when it completes a multipart upload. */
export const SOURCE_ROLE_KEY_USE = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;

export function sourceRolePolicy(repositoryLogicalId: string): PolicyDocument {
  return policyDocument(
    {
      Sid: 'DescribeTrackedRepositoryImages',
      Effect: 'Allow',
      Action: [...SOURCE_ROLE_IMAGE_READ],
      Resource: GetAtt(repositoryLogicalId, 'Arn'),
    },
    {
      Sid: 'WriteSourceArtifactToTargetAccount',
      Effect: 'Allow',
      Action: [...SOURCE_ROLE_ARTIFACT_WRITE],
      Resource: arns.objectsByName('ArtifactBucketName'),
    },
    {
      Sid: 'EncryptWithTargetAccountKey',
      Effect: 'Allow',
      Action: [...SOURCE_ROLE_KEY_USE],
      Resource: Ref('ArtifactKeyArn'),
    },
  );
}

/** Only the pipeline role in account B may assume the source role. */
export function sourceRoleTrust(): PolicyDocument {
  return policyDocument({
    Sid: 'TargetPipelineRoleAssumes',
    Effect: 'Allow',
    Principal: { AWS: Ref('PipelineRoleArn') },
    Action: 'sts:AssumeRole',
  });
}
