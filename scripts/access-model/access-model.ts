/**
 * The resolved deployment as IAM sees it: who can make calls (principals with their identity policies)
 * and what they call (resources with their resource policies: trust, key, bucket, repository, queue and
 * event bus policies). Everything the templates hold is read from the resolved templates; what lies
 * outside them (the ECS roles, the key administrator, other principals, other resources) is added here
 * by name. Keys are `<account>:<name>`, the names the flow and the probes use.
 */
import type { TemplateName } from '../../templates-src';
import { eventBusPolicyStatement } from '../../templates-src/policies/event-bus-permission';
import type { ResolvedDeployment } from './resolve-deployment';
import type { ResolvedTemplate } from './resolve-template';
import { ADMINISTRATOR_ACCESS, ECS_TASK_EXECUTION_POLICY } from './outside-policies';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export type AccountKey = 'A' | 'B' | 'C';

export interface NamedPolicy {
  /** How the report names the policy, e.g. `AccA-pipeline SourceRole trust policy`. */
  label: string;
  /** Policies from the generated templates (and the put-permission call) are checked for extra grants. */
  ours: boolean;
  document: { Version: string; Statement: Json[] };
}

export interface Principal {
  key: string;
  account: AccountKey;
  /** For people: `the pipeline role (PipelineRole)`. */
  description: string;
  /** A role ARN, or a service principal (`events.amazonaws.com`). */
  arn: string;
  service: boolean;
  identityPolicies: NamedPolicy[];
}

export interface Resource {
  key: string;
  account: AccountKey;
  description: string;
  arn: string;
  policy?: NamedPolicy;
}

export interface AccessModel {
  deployment: ResolvedDeployment;
  accountIds: Record<AccountKey, string>;
  principals: Map<string, Principal>;
  resources: Map<string, Resource>;
  /** Every policy the templates and the put-permission call create. */
  ourPolicies: NamedPolicy[];
}

/** What each of the templates' roles is, for people. */
const ROLE_DESCRIPTIONS: Record<string, string> = {
  SourceRole: 'the source role',
  ForwardingRole: 'the forwarding role',
  PipelineRole: 'the pipeline role',
  TriggerRole: 'the trigger role',
};

const RESOURCE_KINDS: Record<string, string> = {
  'AWS::IAM::Role': 'role',
  'AWS::KMS::Key': 'key',
  'AWS::S3::Bucket': 'bucket',
  'AWS::ECR::Repository': 'repository',
  'AWS::SQS::Queue': 'queue',
  'AWS::Events::Rule': 'rule',
  'AWS::CodePipeline::Pipeline': 'pipeline',
};

/** The stack each account's resources are read from: stack B in its final (stage 2) form. */
const STACKS: Array<[AccountKey, TemplateName]> = [
  ['A', 'AccA-pipeline'],
  ['B', 'AccB-pipeline-2'],
];

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** What follows the last '/' of an ARN or path (a role's name, a task's id). */
export const lastSegment = (arnOrPath: string) => arnOrPath.slice(arnOrPath.lastIndexOf('/') + 1);

export function buildAccessModel(deployment: ResolvedDeployment): AccessModel {
  const { accounts, partition: p, region: r } = deployment.example;
  const principals = new Map<string, Principal>();
  const resources = new Map<string, Resource>();
  const ourPolicies: NamedPolicy[] = [];
  const policy = (label: string, document: Json, ours = true): NamedPolicy => {
    const named = { label, ours, document };
    if (ours) ourPolicies.push(named);
    return named;
  };
  const addPrincipal = (x: Principal) => principals.set(x.key, x);
  const addResource = (x: Resource) => resources.set(x.key, x);
  const role = (account: AccountKey, name: string) => `arn:${p}:iam::${accounts[account]}:role/${name}`;

  for (const [account, name] of STACKS) {
    const t: ResolvedTemplate = deployment.templates[name];
    const entries = Object.entries(t.resources);
    const identity = new Map<string, NamedPolicy[]>();
    for (const [id, res] of entries.filter(([, x]) => x.Type === 'AWS::IAM::Policy')) {
      const named = policy(`${name} ${id}`, res.Properties.PolicyDocument);
      for (const roleName of asList(res.Properties.Roles) as string[]) identity.set(roleName, [...(identity.get(roleName) ?? []), named]);
    }
    for (const [id, res] of entries) {
      const physical = t.physical[id];
      const kind = RESOURCE_KINDS[res.Type];
      if (!kind) continue;
      const arn = res.Type === 'AWS::CodePipeline::Pipeline' ? `arn:${p}:codepipeline:${r}:${accounts[account]}:${physical.ref}` : physical.attributes.Arn;
      const resource: Resource = { key: `${account}:${id}`, account, description: `${kind} ${physical.attributes.QueueName ?? physical.ref} (${id})`, arn };
      const props = res.Properties;
      if (res.Type === 'AWS::IAM::Role') {
        resource.policy = policy(`${name} ${id} trust policy`, props.AssumeRolePolicyDocument);
        const inline = asList(props.Policies).map((x: Json) => policy(`${name} ${id} ${x.PolicyName}`, x.PolicyDocument));
        addPrincipal({
          key: `${account}:${id}`,
          account,
          description: `${ROLE_DESCRIPTIONS[id] ?? 'role'} (${id})`,
          arn,
          service: false,
          identityPolicies: [...inline, ...(identity.get(physical.ref) ?? [])],
        });
      } else if (res.Type === 'AWS::KMS::Key') {
        resource.policy = policy(`${name} ${id} key policy`, props.KeyPolicy);
      } else if (res.Type === 'AWS::ECR::Repository' && props.RepositoryPolicyText) {
        resource.policy = policy(`${name} ${id} repository policy`, props.RepositoryPolicyText);
      } else if (res.Type === 'AWS::S3::Bucket') {
        const bucketPolicy = entries.find(([, x]) => x.Type === 'AWS::S3::BucketPolicy' && x.Properties.Bucket === physical.ref);
        if (bucketPolicy) resource.policy = policy(`${name} ${bucketPolicy[0]}`, bucketPolicy[1].Properties.PolicyDocument);
      } else if (res.Type === 'AWS::SQS::Queue') {
        const queuePolicy = entries.find(([, x]) => x.Type === 'AWS::SQS::QueuePolicy' && asList(x.Properties.Queues).includes(physical.ref));
        if (queuePolicy) resource.policy = policy(`${name} ${queuePolicy[0]}`, queuePolicy[1].Properties.PolicyDocument);
      }
      addResource(resource);
    }
  }

  // Account B's default event bus, with the statement the put-permission call adds.
  const busArn = `arn:${p}:events:${r}:${accounts.B}:event-bus/default`;
  addResource({
    key: 'B:default-bus',
    account: 'B',
    description: 'the default event bus',
    arn: busArn,
    ...(deployment.busPermission
      ? {
          policy: policy('B default event bus policy (put-permission)', {
            Version: '2012-10-17',
            Statement: [eventBusPolicyStatement(deployment.busPermission, busArn, p)],
          }),
        }
      : {}),
  });

  // What stack B's parameters name: the ECS service, its roles, the key administrator.
  const b = deployment.templates['AccB-pipeline-2'].parameters;
  const executionRole = String(b.EcsTaskExecutionRoleArn);
  addPrincipal({
    key: 'B:TaskExecutionRole',
    account: 'B',
    description: `the ECS task execution role (${lastSegment(executionRole)})`,
    arn: executionRole,
    service: false,
    identityPolicies: [policy(ECS_TASK_EXECUTION_POLICY.label, ECS_TASK_EXECUTION_POLICY.document, false)],
  });
  addResource({ key: 'B:TaskExecutionRole', account: 'B', description: `role ${lastSegment(executionRole)} (EcsTaskExecutionRoleArn)`, arn: executionRole });
  addResource({ key: 'B:TaskRole', account: 'B', description: `role ${lastSegment(String(b.EcsTaskRoleArn))} (EcsTaskRoleArn)`, arn: String(b.EcsTaskRoleArn) });
  addPrincipal({
    key: 'B:KeyAdministrator',
    account: 'B',
    description: `the key administrator (${lastSegment(String(b.KeyAdministratorArn))})`,
    arn: String(b.KeyAdministratorArn),
    service: false,
    identityPolicies: [],
  });
  const ecs = `arn:${p}:ecs:${r}:${accounts.B}`;
  addResource({ key: 'B:EcsCluster', account: 'B', description: `cluster ${b.EcsClusterName}`, arn: `${ecs}:cluster/${b.EcsClusterName}` });
  addResource({ key: 'B:EcsService', account: 'B', description: `service ${b.EcsServiceName} in cluster ${b.EcsClusterName}`, arn: `${ecs}:service/${b.EcsClusterName}/${b.EcsServiceName}` });
  addResource({ key: 'B:TaskDefinition', account: 'B', description: `task definition ${b.EcsServiceName}:7`, arn: `${ecs}:task-definition/${b.EcsServiceName}:7` });

  // Everybody else: administrators of each account, a third account, AWS services acting for an account.
  for (const account of ['A', 'B', 'C'] as const) {
    addPrincipal({
      key: `${account}:Administrator`,
      account,
      description: 'an administrator',
      arn: role(account, 'Administrator'),
      service: false,
      identityPolicies: [policy(ADMINISTRATOR_ACCESS.label, ADMINISTRATOR_ACCESS.document, false)],
    });
    for (const service of ['events.amazonaws.com', 'codepipeline.amazonaws.com']) {
      addPrincipal({ key: `${account}:${service}`, account, description: `${service} acting for account ${account}`, arn: service, service: true, identityPolicies: [] });
    }
    addResource({ key: `${account}:*`, account, description: 'every resource ("*")', arn: '*' });
  }
  // The log group CodePipeline creates for the Commands action (digest releases): its ARN, the form
  // CloudWatch Logs checks most logs:CreateLogGroup calls on (AccessDenied texts end ":log-stream:"),
  // and a stream of it (stream names are the service's: this one is made up).
  const logGroup = `arn:${p}:logs:${r}:${accounts.B}:log-group:/aws/codepipeline/${deployment.templates['AccB-pipeline-2'].physical.Pipeline.ref}`;
  addResource({ key: 'B:CommandsLogGroup', account: 'B', description: 'the Commands action\'s log group', arn: logGroup });
  addResource({ key: 'B:CommandsLogGroupAsStream', account: 'B', description: 'the Commands action\'s log group (as CreateLogGroup is checked)', arn: `${logGroup}:log-stream:` });
  addResource({ key: 'B:CommandsLogStream', account: 'B', description: 'a stream of the Commands action\'s log group', arn: `${logGroup}:log-stream:PinDigest/4d1c2b3a` });
  // The deploy stage's rollback alarm (CloudWatch's alarm resource type). A deployment without one keeps
  // the key, named by a name no alarm can have, so that the call reading it is simply not allowed.
  const alarm = String(deployment.templates['AccB-pipeline-2'].parameters.RollbackAlarmName ?? '') || '(none: RollbackAlarmName is empty)';
  addResource({ key: 'B:RollbackAlarm', account: 'B', description: 'the rollback alarm of the deploy stage', arn: `arn:${p}:cloudwatch:${r}:${accounts.B}:alarm:${alarm}` });
  const pipelineRoleName = deployment.templates['AccB-pipeline-2'].physical.PipelineRole.ref;
  addPrincipal({
    key: 'C:PipelineRoleTwin',
    account: 'C',
    description: `a role named like the pipeline role (${pipelineRoleName})`,
    arn: role('C', pipelineRoleName),
    service: false,
    identityPolicies: [policy(ADMINISTRATOR_ACCESS.label, ADMINISTRATOR_ACCESS.document, false)],
  });

  // Resources next to ours that the pipeline must not reach.
  const others: Array<[string, AccountKey, string, string]> = [
    ['A:OtherRole', 'A', 'another role', role('A', 'another-role')],
    ['B:OtherRole', 'B', 'another role', role('B', 'another-role')],
    ['A:OtherRepository', 'A', 'another repository', `arn:${p}:ecr:${r}:${accounts.A}:repository/billing-api`],
    ['A:OtherRule', 'A', 'another rule', `arn:${p}:events:${r}:${accounts.A}:rule/another-rule`],
    ['B:OtherBucket', 'B', 'another bucket', `arn:${p}:s3:::orders-api-target-another-bucket`],
    ['B:OtherKey', 'B', 'another key', `arn:${p}:kms:${r}:${accounts.B}:key/0f0f0f0f-1111-2222-3333-444444444444`],
    ['B:OtherService', 'B', `another service in cluster ${b.EcsClusterName}`, `${ecs}:service/${b.EcsClusterName}/billing-api`],
    ['B:OtherCluster', 'B', 'another cluster', `${ecs}:cluster/billing`],
    ['B:OtherClusterTask', 'B', 'a task of another cluster', `${ecs}:task/billing/0f1e2d3c4b5a69788796a5b4c3d2e1f0`],
    ['B:OtherClusterInstance', 'B', 'a container instance of another cluster', `${ecs}:container-instance/billing/8796a5b4c3d2e1f00f1e2d3c4b5a6978`],
    ['B:OtherPipeline', 'B', 'another pipeline', `arn:${p}:codepipeline:${r}:${accounts.B}:billing-api-pipeline`],
    ['B:OtherBus', 'B', 'a custom event bus', `arn:${p}:events:${r}:${accounts.B}:event-bus/billing`],
    ['B:OtherLogGroup', 'B', 'another pipeline\'s log group', `arn:${p}:logs:${r}:${accounts.B}:log-group:/aws/codepipeline/billing-api-pipeline`],
    ['B:OtherLogStream', 'B', 'a stream of another pipeline\'s log group', `arn:${p}:logs:${r}:${accounts.B}:log-group:/aws/codepipeline/billing-api-pipeline:log-stream:Build/0a1b2c3d`],
    ['C:default-bus', 'C', 'the default event bus', `arn:${p}:events:${r}:${accounts.C}:event-bus/default`],
  ];
  for (const [key, account, description, arn] of others) addResource({ key, account, description, arn });

  return { deployment, accountIds: accounts, principals, resources, ourPolicies };
}

/**
 * A resource by key. `<key>/<path>` names an object inside a bucket (`B:ArtifactBucket/some/key`): same
 * bucket policy, object ARN.
 */
export function resourceOf(model: AccessModel, key: string): Resource {
  const slash = key.indexOf('/');
  const base = model.resources.get(slash < 0 ? key : key.slice(0, slash));
  if (!base) throw new Error(`the access model has no resource ${key}`);
  if (slash < 0) return base;
  const path = key.slice(slash + 1);
  return { ...base, key, description: `object ${path} in ${base.description}`, arn: `${base.arn}/${path}` };
}

export function principalOf(model: AccessModel, key: string): Principal {
  const found = model.principals.get(key);
  if (!found) throw new Error(`the access model has no principal ${key}`);
  return found;
}
