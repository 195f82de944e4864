/**
 * The resource of a message as the deployment knows it. By service: the artifact and source buckets
 * (and objects in them), the artifact key (the only key of the deployment: any key ARN of account B is
 * taken for it, and said so), the repository, account B's default event bus, the rules, the pipeline,
 * the queue, the roles, the ECS cluster, service, task definitions and tasks. Anything else in A or B is
 * "another resource" whose policy the templates do not hold.
 */
import { parseArn } from '../iam/arn';
import { lastSegment, resourceOf, type AccessModel, type AccountKey, type Resource } from '../access-model/access-model';
import type { MappedCaller } from './map-caller';
import type { ResourceRef } from './message';
import { displayDescription, findByName, type NameMatch } from './names';

export interface MappedResource {
  /** The model's resource; for another resource a stand-in with no known policy. */
  resource: Resource;
  /** A key of the model (`B:ArtifactBucket/<object key>` for an object); undefined when not ours. */
  key?: string;
  account?: AccountKey;
  /** `assumed`: recognised by kind alone (a key ARN of account B is taken for the artifact key). */
  matchedBy: NameMatch | 'assumed' | 'other';
  /** The ARN as the message wrote it. */
  arn: string;
  /** The real name of a resource whose model name is a stand-in (a bucket, a queue, a rule, the pipeline). */
  realName?: string;
  /** The ECS cluster of a task or container instance, for the ecs:cluster condition key. */
  cluster?: string;
}

const TYPE_BY_PREFIX: Array<[RegExp, string]> = [
  [/^role\//, 'AWS::IAM::Role'],
  [/^repository\//, 'AWS::ECR::Repository'],
  [/^rule\//, 'AWS::Events::Rule'],
];

function ours(model: AccessModel, key: string, arn: string, matchedBy: MappedResource['matchedBy'], realName?: string): MappedResource {
  const modelResource = resourceOf(model, key);
  const resource = { ...modelResource, description: displayDescription(model, key, modelResource.description, realName) };
  return { resource, key, account: resource.account, matchedBy, arn, ...(realName ? { realName } : {}) };
}

function other(arn: string, account: AccountKey | undefined): MappedResource {
  return {
    resource: { key: `${account ?? '?'}:other`, account: account ?? 'C', description: `${arn}, which is not part of the deployment`, arn },
    ...(account ? { account } : {}),
    matchedBy: 'other',
    arn,
  };
}

function accountKey(model: AccessModel, id: string): AccountKey | undefined {
  return (['A', 'B'] as const).find((k) => model.accountIds[k] === id);
}

function s3(model: AccessModel, arn: string, path: string): MappedResource {
  const slash = path.indexOf('/');
  const bucket = slash < 0 ? path : path.slice(0, slash);
  const found = findByName(model, 'AWS::S3::Bucket', 'B', bucket);
  if (!found) return other(arn, undefined);
  const key = slash < 0 ? found.resource.key : `${found.resource.key}/${path.slice(slash + 1)}`;
  return ours(model, key, arn, found.how, bucket);
}

function ecs(model: AccessModel, arn: string, resource: string): MappedResource {
  if (arn === resourceOf(model, 'B:EcsService').arn) return ours(model, 'B:EcsService', arn, 'name');
  if (arn === resourceOf(model, 'B:EcsCluster').arn) return ours(model, 'B:EcsCluster', arn, 'name');
  if (resource.startsWith('task-definition/')) return { ...ours(model, 'B:TaskDefinition', arn, 'name'), resource: { ...resourceOf(model, 'B:TaskDefinition'), arn } };
  const task = /^(task|container-instance)\/([^/]+)\/.+$/.exec(resource);
  if (task) {
    const { partition, region, account } = parseArn(arn)!;
    const cluster = `arn:${partition}:ecs:${region}:${account}:cluster/${task[2]}`;
    // The pipeline watches the tasks of its service's cluster ("*" with ecs:cluster); another cluster's are the proof's probes.
    const ownCluster = cluster === resourceOf(model, 'B:EcsCluster').arn;
    const key = ownCluster ? 'B:*' : task[1] === 'task' ? 'B:OtherClusterTask' : 'B:OtherClusterInstance';
    return { resource: { ...resourceOf(model, key), arn, description: `${task[1]} ${lastSegment(resource)} of cluster ${task[2]}` }, key, account: 'B', matchedBy: 'name', arn, cluster };
  }
  return other(arn, 'B');
}

/** A resource ARN (or IAM's `role NAME`, or `*`) onto the model; undefined when the message names none. */
export function mapResource(model: AccessModel, ref: ResourceRef | undefined, caller: MappedCaller | undefined): MappedResource | undefined {
  if (!ref) return undefined;
  const p = model.deployment.example.partition;
  if (ref.kind === 'wildcard') return caller ? ours(model, `${caller.account}:*`, '*', 'name') : undefined;
  if (ref.kind === 'iam-words') {
    if (ref.iamType !== 'role' || !ref.iamName || !caller || caller.account === 'C') return undefined;
    return mapResource(model, { text: ref.text, kind: 'arn', arn: `arn:${p}:iam::${model.accountIds[caller.account]}:role/${ref.iamName}` }, caller);
  }
  if (ref.kind !== 'arn' || !ref.arn) return undefined;
  const arn = ref.arn;
  const parts = parseArn(arn);
  if (!parts || parts.partition !== p) return other(arn, undefined);
  if (parts.service === 's3') return s3(model, arn, parts.resource);
  const account = accountKey(model, parts.account);
  if (!account) return other(arn, undefined);
  if (parts.region !== '' && parts.region !== model.deployment.example.region) return other(arn, account);

  for (const [re, type] of TYPE_BY_PREFIX) {
    if (!re.test(parts.resource)) continue;
    const name = type === 'AWS::ECR::Repository' ? parts.resource.slice('repository/'.length) : lastSegment(parts.resource);
    const found = findByName(model, type, account, name);
    if (found) return ours(model, found.resource.key, arn, found.how, name);
    if (type === 'AWS::IAM::Role') {
      // The ECS roles the config names (compared by name: an ARN may or may not carry the role's path).
      for (const key of ['B:TaskExecutionRole', 'B:TaskRole']) {
        const r = model.resources.get(key);
        if (r && r.arn && r.account === account && lastSegment(r.arn).toLowerCase() === name.toLowerCase()) return ours(model, key, arn, 'name');
      }
    }
    return other(arn, account);
  }
  switch (parts.service) {
    case 'kms':
      if (account === 'B' && /^(key\/|alias\/)/.test(parts.resource)) {
        const alias = model.deployment.templates['AccB-pipeline-2'].resources.ArtifactKeyAlias?.Properties.AliasName;
        if (parts.resource.startsWith('alias/')) return parts.resource === alias ? ours(model, 'B:ArtifactKey', arn, 'name') : other(arn, account);
        return ours(model, 'B:ArtifactKey', arn, 'assumed');
      }
      return other(arn, account);
    case 'events':
      return account === 'B' && parts.resource === 'event-bus/default' ? ours(model, 'B:default-bus', arn, 'name') : other(arn, account);
    case 'codepipeline': {
      const found = findByName(model, 'AWS::CodePipeline::Pipeline', account, parts.resource);
      return found ? ours(model, found.resource.key, arn, found.how, parts.resource) : other(arn, account);
    }
    case 'sqs': {
      const found = findByName(model, 'AWS::SQS::Queue', account, parts.resource);
      return found ? ours(model, found.resource.key, arn, found.how, parts.resource) : other(arn, account);
    }
    case 'ecs':
      return account === 'B' ? ecs(model, arn, parts.resource) : other(arn, account);
    case 'logs': {
      // The Commands action's log group is /aws/codepipeline/<pipeline name>; its streams are named by the service.
      const m = /^log-group:\/aws\/codepipeline\/([^:]+)(?::log-stream:(.*))?$/.exec(parts.resource);
      const found = m && account === 'B' ? findByName(model, 'AWS::CodePipeline::Pipeline', account, m[1]) : undefined;
      if (!m || !found) return other(arn, account);
      const key = m[2] === undefined ? 'B:CommandsLogGroup' : m[2] === '' ? 'B:CommandsLogGroupAsStream' : 'B:CommandsLogStream';
      const base = ours(model, key, arn, found.how);
      // The model's ARN stays (the templates' statements name the model's pipeline); the description is the real one.
      return { ...base, resource: { ...base.resource, description: m[2] ? `stream ${m[2]} of log group /aws/codepipeline/${m[1]}` : `log group /aws/codepipeline/${m[1]}` } };
    }
    default:
      return other(arn, account);
  }
}
