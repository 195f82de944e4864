/**
 * What account A's source role may do: the pipeline's ECR source action runs as this role. It reads the
 * image digest from the repository and writes the source artifact (imageDetail.json) into account B's
 * artifact bucket, encrypted with B's key. B's bucket and key policies grant the same rows
 * (templates-src/permissions/action-permissions.ts), so the two accounts allow exactly the same calls.
 */
import { GetAtt, Ref, type Value } from '../intrinsics';
import { grant } from '../permissions/grant';
import { arns } from './arns';
import { policyDocument, type PolicyDocument } from './policy-document';

/** What one source role reaches: the repository, and its own target's artifact objects and key. */
export interface SourceRoleScope {
  repositoryArn: Value<string>;
  artifactObjects: Value<string>;
  artifactKeyArn: Value<string>;
}

/** The single template's scope: the repository it creates and the parameters stack B's outputs fill. */
const parameterScope = (repositoryLogicalId: string): SourceRoleScope => ({
  repositoryArn: GetAtt(repositoryLogicalId, 'Arn'),
  artifactObjects: arns.objectsByName('ArtifactBucketName'),
  artifactKeyArn: Ref('ArtifactKeyArn'),
});

export function sourceRolePolicy(repositoryLogicalId: string, scope: SourceRoleScope = parameterScope(repositoryLogicalId)): PolicyDocument {
  return policyDocument(
    grant({ sid: 'DescribeTrackedRepositoryImages', rows: ['ecr-source/describe-images'], resource: scope.repositoryArn }),
    // s3:PutObjectAcl: a cross-account action writes its artifact with an ACL (row ecr-source/write-artifact).
    grant({ sid: 'WriteSourceArtifactToTargetAccount', rows: ['ecr-source/write-artifact'], resource: scope.artifactObjects }),
    grant({ sid: 'EncryptWithTargetAccountKey', rows: ['ecr-source/encrypt-artifact'], resource: scope.artifactKeyArn }),
  );
}

/** Only the pipeline role in account B may assume the source role. */
export function sourceRoleTrust(pipelineRoleArn: Value<string> = Ref('PipelineRoleArn')): PolicyDocument {
  return policyDocument(grant({ sid: 'TargetPipelineRoleAssumes', rows: ['ecr-source/assume-source-role'], principal: { AWS: pipelineRoleArn } }));
}
