/**
 * Key policy of the artifact key in account B.
 *
 * Account B's root and the named administrator may *administer* the key (so it can never become
 * unmanageable) but not use it: data use is granted here, by name, only to the pipeline role and to
 * account A's source role. So no IAM policy in either account can widen who decrypts the artifacts.
 */
import { GetAtt, Ref } from '../intrinsics';
import { arns } from './arns';
import { isSourceRole } from './bucket-policies';
import { policyDocument, type PolicyDocument } from './policy-document';
import { SOURCE_ROLE_KEY_USE } from './source-role-policy';

export const KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:Create*',
  'kms:Delete*',
  'kms:Describe*',
  'kms:Disable*',
  'kms:Enable*',
  'kms:Get*',
  'kms:List*',
  'kms:Put*',
  'kms:Revoke*',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:Update*',
] as const;

/** What CodePipeline does with the artifact key as the pipeline role: read and write artifacts. */
export const PIPELINE_ROLE_KEY_USE = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'] as const;

export function artifactKeyPolicy(pipelineRoleLogicalId: string): PolicyDocument {
  return policyDocument(
    {
      Sid: 'AccountAdministersKey',
      Effect: 'Allow',
      Principal: { AWS: arns.thisAccountRoot() },
      Action: [...KEY_ADMIN_ACTIONS],
      Resource: '*',
    },
    {
      Sid: 'AdministratorAdministersKey',
      Effect: 'Allow',
      Principal: { AWS: Ref('KeyAdministratorArn') },
      Action: [...KEY_ADMIN_ACTIONS],
      Resource: '*',
    },
    {
      Sid: 'PipelineRoleUsesKey',
      Effect: 'Allow',
      Principal: { AWS: GetAtt(pipelineRoleLogicalId, 'Arn') },
      Action: [...PIPELINE_ROLE_KEY_USE],
      Resource: '*',
    },
    {
      Sid: 'SourceRoleUsesKey',
      Effect: 'Allow',
      Principal: { AWS: arns.accountRoot('SourceAccountId') },
      Action: [...SOURCE_ROLE_KEY_USE],
      Resource: '*',
      Condition: isSourceRole(),
    },
    {
      // Grants let a principal hand its key use to someone else: only AWS services may receive one.
      Sid: 'DenyGrantsNotForAwsResources',
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'false' } },
    },
  );
}
