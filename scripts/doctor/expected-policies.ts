/**
 * What a deployed stack's template says its policies are: the template CloudFormation runs (GetTemplate),
 * resolved with the stack's parameters and the physical ids of its resources (ListStackResources). The
 * same resolver the access proof uses, fed with what AWS reports instead of example values.
 */
import type { LiveRule, PolicyDocument, StackResource } from '../aws/ports';
import { asList } from '../iam/policy';
import { resolveTemplate } from '../access-model/resolve-template';
import { loadTemplate } from '../yaml/cfn-yaml';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ExpectedRole {
  logicalId: string;
  name: string;
  trust: PolicyDocument;
  /** Inline policies by name: the role's own Policies and every AWS::IAM::Policy that names the role. */
  inline: Record<string, { policy: PolicyDocument; from: string }>;
}

/** A rule as the template declares it: what the live rule (DescribeRule, ListTargetsByRule) must be. */
export type ExpectedRule = Omit<LiveRule, 'arn'> & { logicalId: string };

export interface ExpectedPolicies {
  template: string;
  roles: ExpectedRole[];
  keys: Array<{ logicalId: string; keyId: string; policy: PolicyDocument }>;
  /** `bucketLogicalId`: the bucket the policy belongs to (the resource a request names). */
  bucketPolicies: Array<{ logicalId: string; bucket: string; bucketLogicalId?: string; policy: PolicyDocument }>;
  repositories: Array<{ logicalId: string; name: string; policy?: PolicyDocument }>;
  rules: ExpectedRule[];
}

export interface DeployedStack {
  stackId: string;
  name: string;
  accountId: string;
  region: string;
  /** The template name the stack runs (its xacct:template tag). */
  template: string;
  body: string;
  parameters: Record<string, string>;
  resources: StackResource[];
}

/** The physical id of each resource a stack reports, by logical id (what resolving with `known` takes). */
export const physicalIdsOf = (resources: StackResource[]): Record<string, string> =>
  Object.fromEntries(resources.flatMap((r) => (r.physicalId ? [[r.logicalId, r.physicalId]] : [])));

export function expectedPolicies(stack: DeployedStack): ExpectedPolicies {
  const partition = stack.stackId.split(':')[1] ?? 'aws';
  const known = physicalIdsOf(stack.resources);
  const resolved = resolveTemplate(loadTemplate(stack.body) as Json, { stackName: stack.name, accountId: stack.accountId, region: stack.region, partition }, stack.parameters, known);
  const entries = Object.entries(resolved.resources);
  const of = (type: string) => entries.filter(([, r]) => r.Type === type) as Array<[string, { Type: string; Properties: Json }]>;
  const roles: ExpectedRole[] = of('AWS::IAM::Role').map(([logicalId, r]) => {
    const name = resolved.physical[logicalId].ref;
    const inline: ExpectedRole['inline'] = {};
    for (const p of asList<Json>(r.Properties.Policies)) inline[p.PolicyName] = { policy: p.PolicyDocument, from: `${stack.template} ${logicalId}` };
    for (const [policyId, p] of of('AWS::IAM::Policy')) {
      if (asList<string>(p.Properties.Roles).includes(name)) inline[p.Properties.PolicyName] = { policy: p.Properties.PolicyDocument, from: `${stack.template} ${policyId}` };
    }
    return { logicalId, name, trust: r.Properties.AssumeRolePolicyDocument, inline };
  });
  return {
    template: stack.template,
    roles,
    keys: of('AWS::KMS::Key').map(([logicalId, r]) => ({ logicalId, keyId: resolved.physical[logicalId].ref, policy: r.Properties.KeyPolicy })),
    bucketPolicies: of('AWS::S3::BucketPolicy').map(([logicalId, r]) => {
      const bucket = String(r.Properties.Bucket);
      const bucketLogicalId = Object.keys(resolved.physical).find((id) => resolved.resources[id]?.Type === 'AWS::S3::Bucket' && resolved.physical[id].ref === bucket);
      return { logicalId, bucket, ...(bucketLogicalId ? { bucketLogicalId } : {}), policy: r.Properties.PolicyDocument };
    }),
    repositories: of('AWS::ECR::Repository').map(([logicalId, r]) => ({
      logicalId,
      name: resolved.physical[logicalId].ref,
      ...(r.Properties.RepositoryPolicyText ? { policy: typeof r.Properties.RepositoryPolicyText === 'string' ? JSON.parse(r.Properties.RepositoryPolicyText) : r.Properties.RepositoryPolicyText } : {}),
    })),
    rules: of('AWS::Events::Rule').map(([logicalId, r]) => ({
      logicalId,
      name: resolved.physical[logicalId].ref,
      state: r.Properties.State ?? 'ENABLED',
      ...(r.Properties.EventPattern ? { pattern: r.Properties.EventPattern } : {}),
      targets: asList<Json>(r.Properties.Targets).map((t) => ({ id: t.Id, arn: t.Arn, ...(t.RoleArn ? { roleArn: t.RoleArn } : {}) })),
    })),
  };
}
