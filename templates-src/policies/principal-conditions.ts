/**
 * Conditions that name a role by `aws:PrincipalArn` in a resource policy whose Principal is the role's
 * account. A Principal that names a role must exist and be visible to KMS when the key policy is saved
 * ("The principals in the key policy must exist and be visible to KMS. When you create a new Amazon Web
 * Services principal, you might need to enforce a delay before including the new principal in a key
 * policy because the new principal might not be immediately visible to KMS.", KMS API reference,
 * CreateKey, https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html), and IAM stores a
 * role named as Principal by its unique id ("When you save the policy, AWS transforms the ARN to a
 * unique principal ID.", IAM user guide, Principal element,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
 * A condition value is a string compared when a request is made, not a principal resolved when the
 * policy is saved: the role may be created after the policy, or be visible to KMS only seconds later.
 */
import { GetAtt } from '../intrinsics';
import { arns } from './arns';
import type { Condition } from './policy-document';

/** Account A's source role, which stack A creates after stack B. */
export const isSourceRole = (): Condition => ({ ArnEquals: { 'aws:PrincipalArn': arns.sourceRole() } });

/** The pipeline role, created in the same stack as the key whose policy names it. */
export const isPipelineRole = (pipelineRoleLogicalId: string): Condition => ({
  ArnEquals: { 'aws:PrincipalArn': GetAtt(pipelineRoleLogicalId, 'Arn') },
});
