/**
 * Key policy of the artifact key in account B.
 *
 * Account B's root and the named administrator may *administer* the key (so it can never become
 * unmanageable) but not use it: data use is granted here only to the pipeline role and to account A's
 * source role. So no IAM policy in either account can widen who decrypts the artifacts.
 *
 * Both users are named by `aws:PrincipalArn` under their account's root, never as a Principal: account
 * A's role does not exist when the key is created, and the pipeline role is created in the same stack,
 * so it may not be visible to KMS yet when the key policy is saved (KMS requires a Principal to exist
 * and be visible, principal-conditions.ts cites the page). A root Principal is always valid; the
 * condition then admits that one role, and the pipeline role's own IAM policy must allow the call too
 * (a key policy that names an account's root lets that account's IAM policies decide).
 */
import { Ref } from '../intrinsics';
import { grant } from '../permissions/grant';
import { arns } from './arns';
import { isPipelineRole, isSourceRole } from './principal-conditions';
import { policyDocument, type PolicyDocument } from './policy-document';

export function artifactKeyPolicy(pipelineRoleLogicalId: string): PolicyDocument {
  return policyDocument(
    grant({ sid: 'AccountAdministersKey', rows: ['key/account-administers'], principal: { AWS: arns.thisAccountRoot() }, resource: '*' }),
    grant({ sid: 'AdministratorAdministersKey', rows: ['key/administrator-administers'], principal: { AWS: Ref('KeyAdministratorArn') }, resource: '*' }),
    grant({
      sid: 'PipelineRoleUsesKey',
      rows: ['artifact-store/use-key', 'artifact-store/describe-key'],
      principal: { AWS: arns.thisAccountRoot() },
      resource: '*',
      who: isPipelineRole(pipelineRoleLogicalId),
    }),
    grant({
      sid: 'SourceRoleUsesKey',
      rows: ['ecr-source/encrypt-artifact'],
      principal: { AWS: arns.accountRoot('SourceAccountId') },
      resource: '*',
      who: isSourceRole(),
    }),
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
