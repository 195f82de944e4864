/**
 * What CloudFormation needs to create, update and delete one account's stack: the union of the
 * create, read, update and delete handler permissions of every resource type in that account's
 * templates (handler-permissions.ts), minus what handler-exclusions.ts explains, each action scoped to
 * the resources of its kind that the templates declare: by name where they have one, by the prefix of
 * CloudFormation's generated names otherwise, on "*" only where IAM allows nothing else. Roles the
 * templates hand to a service are passed to that service only (iam:PassedToService).
 */
import { deploymentArns, GENERATED_NAME_SOURCES, type DeploymentArns } from './arns';
import { handlerPermissionsOf, stackOperationPermissions } from './handler-permissions';
import { renamed, unneeded } from './handler-exclusions';
import type { AccountKey, ExplainedPolicy } from './policy-types';
import { API, SAR } from './references';
import type { PermissionScope } from './scope';
import { sidOf, statementsOf, type Grant } from './statements';
import { customName, getAttTarget, templateResources, type TemplateResource } from './template-resources';

/** Handler actions IAM allows only on "*" (SAR: no resource type listed). A test holds this to iam-data. */
export const ANY_RESOURCE_ONLY = new Set(['kms:createkey', 'kms:listaliases', 'kms:listkeys', 's3:listallmybuckets']);

/** Which service each resource type hands its roles to, and where in its properties they are. */
const ROLE_PASSES: Record<string, { service: string; roles: (p: Record<string, unknown>) => unknown[] }> = {
  'AWS::Events::Rule': { service: 'events.amazonaws.com', roles: (p) => ((p.Targets as Array<{ RoleArn?: unknown }> | undefined) ?? []).map((t) => t.RoleArn) },
  'AWS::CodePipeline::Pipeline': { service: 'codepipeline.amazonaws.com', roles: (p) => [p.RoleArn] },
};

/** `s3:GetBucketWebsite` for `S3:GetBucketWebsite`: service prefixes are lower-case. */
const canonical = (action: string) => {
  const [service, name] = action.split(':');
  return `${service!.toLowerCase()}:${name}`;
};

interface Context {
  scope: PermissionScope;
  arns: DeploymentArns;
  resources: TemplateResource[];
  /** The custom names (undefined: generated) of the resources of each type, found once per type. */
  names: Map<string, Array<string | undefined>>;
}

function namesOfType(c: Context, type: string): Array<string | undefined> {
  let names = c.names.get(type);
  if (!names) c.names.set(type, (names = c.resources.filter((r) => r.type === type).map((r) => customName(r, c.scope))));
  return names;
}

/** ARNs (or patterns) of the account's resources of one type. */
function arnsOfType(c: Context, type: string, arnOf: (name: string) => string, generated: () => string): string[] {
  return [...new Set(namesOfType(c, type).map((n) => (n === undefined ? generated() : arnOf(n))))];
}

const roleArn = (c: Context, logicalId: string): string => {
  const r = c.resources.find((x) => x.logicalId === logicalId && x.type === 'AWS::IAM::Role');
  if (!r) throw new Error(`role ${logicalId} is not in the templates of this account`);
  const name = customName(r, c.scope);
  return name === undefined ? c.arns.stackRoles(logicalId) : c.arns.role(name);
};

function scopeOf(c: Context, action: string): Omit<Grant, 'action' | 'use' | 'sources'> & { sources: string[] } {
  const a = action.toLowerCase();
  const [service] = a.split(':');
  if (ANY_RESOURCE_ONLY.has(a)) {
    return { sid: sidOf('AnyResource', action), resources: ['*'], why: `${action} can only be granted on "*": the Service Authorization Reference lists no resource type for it`, sources: [SAR[service as keyof typeof SAR]] };
  }
  const stack = c.arns.stackName;
  switch (service) {
    case 'iam':
      return {
        sid: 'StackRoles',
        resources: arnsOfType(c, 'AWS::IAM::Role', c.arns.role, () => c.arns.stackRoles()),
        why: `the roles the templates of stack ${stack} declare: by name where they have one, else by the prefix of their generated names`,
        sources: [SAR.iam, ...GENERATED_NAME_SOURCES],
      };
    case 'kms':
      if (/^kms:(create|update|delete)alias$/.test(a)) {
        return {
          sid: 'KmsAliases',
          resources: [...arnsOfType(c, 'AWS::KMS::Alias', c.arns.alias, () => c.arns.alias('alias/*')), c.arns.keys],
          why: 'the key alias by name, and the keys it points at (alias actions are authorized on both)',
          sources: [SAR.kms],
        };
      }
      return {
        sid: 'KmsKeys',
        resources: [c.arns.keys],
        why: `the keys of account ${c.arns.accountId} in ${c.scope.region}: key ids are random, so IAM cannot tell the stack's key from others before it exists; its key policy decides who may use it`,
        sources: [SAR.kms],
      };
    case 's3':
      if (a === 's3:putobjectacl' || a === 's3:deleteobject') {
        return { sid: 'StackBucketObjects', resources: [c.arns.stackBucketObjects], why: `objects of the buckets stack ${stack} creates (generated names, lower-case stack-name prefix)`, sources: [SAR.s3, ...GENERATED_NAME_SOURCES] };
      }
      return {
        sid: 'StackBucketConfiguration',
        resources: arnsOfType(c, 'AWS::S3::Bucket', (n) => `arn:${c.scope.partition}:s3:::${n}`, () => c.arns.stackBuckets),
        why: `the buckets stack ${stack} creates, matched by the prefix CloudFormation gives their generated names (the stack name, lower-case)`,
        sources: [SAR.s3, ...GENERATED_NAME_SOURCES],
      };
    case 'ecr':
      return {
        sid: 'RepositoryConfiguration',
        resources: arnsOfType(c, 'AWS::ECR::Repository', c.arns.repositoryNamed, () => c.arns.stackRepositories),
        why: 'the ECR repository the template declares, by name',
        sources: [SAR.ecr],
      };
    case 'events':
      return { sid: 'StackRules', resources: [c.arns.stackRules], why: `the event rules stack ${stack} creates (generated names)`, sources: [SAR.events, ...GENERATED_NAME_SOURCES] };
    case 'sqs':
      return { sid: 'StackQueues', resources: [c.arns.stackQueues], why: `the queues stack ${stack} creates (generated names)`, sources: [SAR.sqs, ...GENERATED_NAME_SOURCES] };
    case 'codepipeline':
      if (/^codepipeline:(enable|disable)stagetransition$/.test(a)) {
        // Stage resource type: `<pipeline ARN>/<stage name>`.
        return {
          sid: 'StackPipelineStages',
          resources: arnsOfType(c, 'AWS::CodePipeline::Pipeline', (n) => `${c.arns.pipelineNamed(n)}/*`, () => c.arns.pipelines),
          why: `the stages of the pipeline stack ${stack} creates, by the pipeline's name`,
          sources: [SAR.codepipeline],
        };
      }
      return {
        sid: 'StackPipelineConfiguration',
        resources: arnsOfType(c, 'AWS::CodePipeline::Pipeline', c.arns.pipelineNamed, () => c.arns.pipelines),
        why: `the pipeline stack ${stack} creates, by name`,
        sources: [SAR.codepipeline],
      };
    default:
      throw new Error(`no scope for ${action}: add one to cloudformation-policy.ts`);
  }
}

/** iam:PassRole for each role a resource hands to a service, to that service only: a statement per service. */
function passRoleGrants(c: Context): Grant[] {
  const byService = new Map<string, { roles: Set<string>; uses: string[]; sources: Set<string> }>();
  for (const r of c.resources) {
    const pass = ROLE_PASSES[r.type];
    if (!pass) continue;
    for (const value of pass.roles(r.properties)) {
      const target = getAttTarget(value);
      if (!target) continue;
      const entry = byService.get(pass.service) ?? { roles: new Set<string>(), uses: [], sources: new Set<string>() };
      entry.roles.add(roleArn(c, target));
      entry.uses.push(`${r.type} ${r.logicalId} passes ${target}`);
      entry.sources.add(handlerPermissionsOf(r.type)!.source);
      byService.set(pass.service, entry);
    }
  }
  return [...byService.entries()].map(([service, e]) => ({
    sid: `PassStackRolesTo${service === 'events.amazonaws.com' ? 'EventBridge' : 'CodePipeline'}`,
    action: 'iam:PassRole',
    resources: [...e.roles].sort(),
    condition: { StringEquals: { 'iam:PassedToService': service } },
    why: `the roles the stack's resources hand to ${service}, and to no other service`,
    use: e.uses.join('; '),
    sources: [...e.sources, API.passRole],
  }));
}

export interface HandlerAction {
  /** As the first list that names it spells it (service prefix lower-case). */
  action: string;
  types: Set<string>;
  sources: Set<string>;
}

/** Every permission the handlers of the account's resource types list, after renames and exclusions, by lower-case name. */
export function handlerActions(account: AccountKey): Map<string, HandlerAction> {
  const resources = templateResources(account);
  const actions = new Map<string, HandlerAction>();
  for (const type of [...new Set(resources.map((r) => r.type))]) {
    const h = handlerPermissionsOf(type);
    if (!h) throw new Error(`no handler permissions for ${type}: add its schema's lists to handler-permissions.ts`);
    const properties = resources.filter((r) => r.type === type).map((r) => r.properties);
    for (const listed of stackOperationPermissions(h)) {
      if (unneeded(type, listed, properties)) continue;
      const rename = renamed(listed);
      const action = canonical(rename ? rename.action : listed);
      const entry = actions.get(action.toLowerCase()) ?? { action, types: new Set<string>(), sources: new Set<string>() };
      entry.types.add(type);
      entry.sources.add(h.source);
      // A permission only the tagging section lists cites where that section comes from.
      const tagOnly = h.tagging?.permissions.includes(listed) && !Object.values(h.handlers).some((l) => l?.includes(listed));
      if (tagOnly && h.tagging?.source) entry.sources.add(h.tagging.source);
      if (rename) entry.sources.add(rename.source);
      actions.set(action.toLowerCase(), entry);
    }
  }
  return actions;
}

export function cloudFormationPolicy(scope: PermissionScope, account: AccountKey): ExplainedPolicy {
  const c: Context = { scope, arns: deploymentArns(scope, account), resources: templateResources(account), names: new Map() };
  const grants: Grant[] = [];
  for (const [key, { action, types, sources }] of handlerActions(account)) {
    // Passing roles is granted per role and service (passRoleGrants), not as one wide grant.
    if (key === 'iam:passrole') continue;
    const s = scopeOf(c, action);
    grants.push({ ...s, action, use: [...types].join(', '), sources: [...s.sources, ...sources] });
  }
  const statements = statementsOf([...grants, ...passRoleGrants(c)]);
  return { deployment: scope.deployment, account, accountId: scope[account].accountId, role: 'cloudformation', statements };
}
