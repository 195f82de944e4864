/**
 * What account A's source role may do: the pipeline's ECR source action runs as this role. It reads the
 * image digest from the repository and writes the source artifact (imageDetail.json) into account B's
 * artifact bucket, encrypted with B's key. B's bucket and key policies grant the same rows
 * (templates-src/permissions/action-permissions.ts), so the two accounts allow exactly the same calls.
 */
import { GetAtt, Ref } from '../intrinsics';
import { grant } from '../permissions/grant';
import { arns } from './arns';
import { policyDocument, type PolicyDocument } from './policy-document';

export function sourceRolePolicy(repositoryLogicalId: string): PolicyDocument {
  return policyDocument(
    grant({ sid: 'DescribeTrackedRepositoryImages', rows: ['ecr-source/describe-images'], resource: GetAtt(repositoryLogicalId, 'Arn') }),
    // s3:PutObjectAcl: a cross-account action writes its artifact with an ACL (row ecr-source/write-artifact).
    grant({ sid: 'WriteSourceArtifactToTargetAccount', rows: ['ecr-source/write-artifact'], resource: arns.objectsByName('ArtifactBucketName') }),
    grant({ sid: 'EncryptWithTargetAccountKey', rows: ['ecr-source/encrypt-artifact'], resource: Ref('ArtifactKeyArn') }),
  );
}

/** Only the pipeline role in account B may assume the source role. */
export function sourceRoleTrust(): PolicyDocument {
  return policyDocument(grant({ sid: 'TargetPipelineRoleAssumes', rows: ['ecr-source/assume-source-role'], principal: { AWS: Ref('PipelineRoleArn') } }));
}
