/** IAM's port: a role with its trust, inline and attached policies. */
import {
  GetRoleCommand,
  GetRolePolicyCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { codeOf } from '../aws-errors';
import { readPolicyDocument } from '../../iam/policy';
import { paged } from '../paging';
import type { IamPort, PolicyDocument } from '../ports';

/** IAM answers policy documents URL-encoded (IAM API reference, GetRole and GetRolePolicy). */
const iamDocument = (text: string | undefined): PolicyDocument => (text ? readPolicyDocument<PolicyDocument>(text) : {});

/**
 * The SDK names IAM's NoSuchEntity error by its modelled shape, NoSuchEntityException (the code on the
 * wire stays NoSuchEntity): both are checked.
 */
const isNoSuchEntity = (e: unknown) => codeOf(e) === 'NoSuchEntityException' || codeOf(e) === 'NoSuchEntity';

export function iamPort(client: IAMClient): IamPort {
  return {
    // Every request through `page`: a throttled list page or policy read is retried alone (aws/paging.ts).
    role: paged<IamPort['role']>((page) => async (name) => {
      try {
        const role = (await page(() => client.send(new GetRoleCommand({ RoleName: name })))).Role;
        if (!role) return undefined;
        const names: string[] = [];
        let marker: string | undefined;
        do {
          const out = await page(() => client.send(new ListRolePoliciesCommand({ RoleName: name, ...(marker ? { Marker: marker } : {}) })));
          names.push(...(out.PolicyNames ?? []));
          marker = out.IsTruncated ? out.Marker : undefined;
        } while (marker);
        const inline: Record<string, PolicyDocument> = {};
        for (const policyName of names) inline[policyName] = iamDocument((await page(() => client.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName })))).PolicyDocument);
        const attached: Array<{ name: string; arn: string }> = [];
        do {
          const out = await page(() => client.send(new ListAttachedRolePoliciesCommand({ RoleName: name, ...(marker ? { Marker: marker } : {}) })));
          attached.push(...(out.AttachedPolicies ?? []).map((p) => ({ name: p.PolicyName ?? '', arn: p.PolicyArn ?? '' })));
          marker = out.IsTruncated ? out.Marker : undefined;
        } while (marker);
        return { name: role.RoleName ?? name, arn: role.Arn ?? '', roleId: role.RoleId ?? '', trust: iamDocument(role.AssumeRolePolicyDocument), inline, attached };
      } catch (e) {
        if (isNoSuchEntity(e)) return undefined;
        throw e;
      }
    }),
  };
}
