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

/**
 * Key administration, spelled out: the usual `kms:Create*`, `kms:Get*`, ... wildcards also match
 * CreateGrant (which hands out data use) and import or multi-Region actions this key never needs.
 */
export const KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
] as const;

/** What CodePipeline does with the artifact key as the pipeline role: read and write artifacts. */
export const PIPELINE_ROLE_KEY_USE = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'] as const;

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
      // Grants let a principal hand its key use to someone else: only AWS services may create one
      // (the shape AWS Control Tower's proactive control CT.KMS.PR.3 checks for).
      Sid: 'DenyGrantsNotForAwsResources',
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    },
  );
}
