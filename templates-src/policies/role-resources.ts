/**
 * A role and the policy that grants its permissions, as two resources. The permissions stay a
 * separate AWS::IAM::Policy so that resource policies (key, bucket) can name the role without a
 * dependency cycle, and so a later stage can add a policy without touching the role.
 */
import Role from 'cloudform-types/types/iam/role';
import IamPolicy from 'cloudform-types/types/iam/policy';
import type { Value } from 'cloudform-types/types/dataTypes';
import { Ref } from '../intrinsics';
import type { PolicyDocument } from './policy-document';

export interface RoleSpec {
  roleId: string;
  policyId: string;
  description: Value<string>;
  trust: PolicyDocument;
  policyName: string;
  permissions: PolicyDocument;
  /** Only for a role another account must trust by name before it exists. */
  roleName?: Value<string>;
}

export function roleWithPolicy(spec: RoleSpec): Record<string, Role | IamPolicy> {
  return {
    [spec.roleId]: new Role({
      ...(spec.roleName !== undefined ? { RoleName: spec.roleName } : {}),
      Description: spec.description,
      AssumeRolePolicyDocument: spec.trust,
    }),
    [spec.policyId]: new IamPolicy({ PolicyName: spec.policyName, Roles: [Ref(spec.roleId)], PolicyDocument: spec.permissions }),
  };
}
