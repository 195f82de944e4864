/**
 * ECR repository policy in account A: account B's ECS task execution role may pull images, nothing
 * more (no uploads, no policy reads). The pipeline itself does not need it: its ECR source action runs
 * as account A's own source role.
 */
import { Ref } from '../intrinsics';
import { grant } from '../permissions/grant';
import { policyDocument, type PolicyDocument, type PrincipalValue } from './policy-document';

/** The execution roles that pull: the single template's parameter, or every target's role of a fleet. */
export function repositoryPolicy(executionRoles: PrincipalValue = Ref('EcsTaskExecutionRoleArn')): PolicyDocument {
  return policyDocument(grant({ sid: 'TargetExecutionRolePullsImages', rows: ['pull/pull-image'], principal: { AWS: executionRoles } }));
}

/**
 * A fleet whose execution roles no longer fit the policy when listed (an ECR repository policy is at most
 * 10,240 characters: "policyText ... Maximum length of 10240", ECR API reference, SetRepositoryPolicy):
 * principals of the organization (`aws:PrincipalOrgID`, "Compare the identifier of the organization in
 * AWS Organizations to which the requesting principal belongs", IAM global condition context keys)
 * whose ARN has one of the execution roles' names in any account (`aws:PrincipalArn` with the account
 * as `*`; "For IAM roles, the request context returns the ARN of the role, not the ARN of the user that
 * assumed the role", IAM global condition context keys, aws:PrincipalArn). Wider than the listed roles:
 * a role of that name in another account of the organization pulls too; narrower than the organization
 * alone. Unsure: ECR's own policy examples name accounts or roles; `Principal: *` with
 * `aws:PrincipalOrgID` on a repository policy is what public configurations use (for example
 * cyber-dojo/dashboard, deployment/terraform/ecr.tf), and AWS evaluates global condition keys in
 * every resource policy.
 */
export function organizationRepositoryPolicy(organizationId: string, executionRolePatterns: string[]): PolicyDocument {
  return policyDocument(
    grant({
      sid: 'OrganizationExecutionRolesPullImages',
      rows: ['pull/pull-image'],
      principal: { AWS: '*' },
      who: { StringEquals: { 'aws:PrincipalOrgID': organizationId }, ArnLike: { 'aws:PrincipalArn': executionRolePatterns } },
    }),
  );
}
