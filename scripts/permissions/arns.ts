/**
 * The ARNs and ARN patterns of what a deployment owns, in one account. Formats are the Service
 * Authorization Reference's resource types (references.ts, SAR), e.g. stack
 * `arn:${Partition}:cloudformation:${Region}:${Account}:stack/${StackName}/${Id}`; a test holds each
 * pattern to iam-data's copy of that reference.
 */
import { API } from './references';
import { NAME_MAX_LENGTH } from '../access-model/name-properties';
import type { AccountKey } from './policy-types';
import type { CatalogScope, PermissionScope } from './scope';

/** The random suffix CloudFormation appends to a generated name, with its dash (13 characters, see API.generatedNameExample). */
const SUFFIX_ROOM = 14;

/**
 * The pattern of the names CloudFormation generates for a stack's resources that have no custom name:
 * `<stack name>-<logical id>-<random>`, cut to the type's maximum length (API.cloudFormationNameType).
 * How CloudFormation shortens a name too long for the type is unsure (the public record shows the
 * logical id cut first), so the pattern keeps only what survives any cut: the stack name when it fits,
 * else its first characters. `lower`: S3 bucket names are lower-case.
 */
export function generatedNamePattern(stackName: string, maxLength: number, o: { logicalId?: string; lower?: boolean } = {}): string {
  const room = maxLength - SUFFIX_ROOM;
  let pattern: string;
  if (stackName.length + 1 > room) pattern = `${stackName.slice(0, room)}*`;
  else if (o.logicalId === undefined) pattern = `${stackName}-*`;
  else {
    const full = `${stackName}-${o.logicalId}`;
    pattern = full.length <= room ? `${full}-*` : `${full.slice(0, room)}*`;
  }
  return o.lower ? pattern.toLowerCase() : pattern;
}

/** The start of the stage-1 instance stacks' names, before the id StackSets adds. */
export const stageOneInstancePrefix = (deployment: string): string => `StackSet-${deployment}-AccB-pipeline-1-`;

/** Buckets of a stage-1 instance: the instance's stack name (its id unknown) as far as a generated bucket name keeps it. */
function instanceBucketPattern(deployment: string): string {
  const room = NAME_LIMITS.bucket - SUFFIX_ROOM;
  return `${stageOneInstancePrefix(deployment).slice(0, room)}*`.toLowerCase();
}

/** Maximum name lengths of the types whose names CloudFormation generates here (each service's own limit). */
export const NAME_LIMITS = {
  bucket: NAME_MAX_LENGTH['AWS::S3::Bucket']!,
  role: NAME_MAX_LENGTH['AWS::IAM::Role']!,
  queue: NAME_MAX_LENGTH['AWS::SQS::Queue']!,
  rule: NAME_MAX_LENGTH['AWS::Events::Rule']!,
  pipeline: NAME_MAX_LENGTH['AWS::CodePipeline::Pipeline']!,
} as const;

/** ARN builders for one account of a deployment. */
export function deploymentArns(scope: PermissionScope, account: AccountKey) {
  const { partition: p, region: r } = scope;
  const a = scope[account].accountId;
  const stack = scope[account].stackName;
  const generated = (max: number, o: { logicalId?: string; lower?: boolean } = {}) => generatedNamePattern(stack, max, o);
  return {
    accountId: a,
    stackName: stack,
    /** The stack under any id: "a wild card at the end of the stack name" (API.cloudFormationIam). */
    stack: `arn:${p}:cloudformation:${r}:${a}:stack/${stack}/*`,
    /**
     * The deployment's stacks in this account: the stack, and in account A of a fleet its numbered
     * fleet stacks `<stack>-2` to `<stack>-99` (`?` matches one character: IAM has no digit class;
     * 99 stacks serve thousands of targets in a region, fleet-source.ts puts up to 25 in each).
     */
    stacks: [
      `arn:${p}:cloudformation:${r}:${a}:stack/${stack}/*`,
      ...(scope.fleetSourceStacks && account === 'source' ? [`arn:${p}:cloudformation:${r}:${a}:stack/${stack}-?/*`, `arn:${p}:cloudformation:${r}:${a}:stack/${stack}-??/*`] : []),
    ],
    /** Another stack of the account by name, under any id (the bootstrap stack). */
    bootstrapStack: (name: string) => `arn:${p}:cloudformation:${r}:${a}:stack/${name}/*`,
    /**
     * The two stage stack sets the StackSets engine names `<deployment>-AccB-pipeline-1` and `-2`, under any
     * id (resource type stackset: `stackset/${StackSetName}:${Id}`).
     */
    stackSets: `arn:${p}:cloudformation:${r}:${a}:stackset/${scope.deployment}-AccB-pipeline-*:*`,
    /**
     * The StackSets engine's stage-1 instance in this account: StackSets names it `StackSet-<set>-<id>`
     * (test/fake-aws/fake-aws.md, StackSets), the set being `<deployment>-AccB-pipeline-1`.
     */
    stageOneInstance: `arn:${p}:cloudformation:${r}:${a}:stack/${stageOneInstancePrefix(scope.deployment)}*/*`,
    /** The instance stacks of both stage stack sets in this account (`StackSet-<deployment>-AccB-pipeline-1-<id>` and `-2-<id>`). */
    stackSetInstances: `arn:${p}:cloudformation:${r}:${a}:stack/StackSet-${scope.deployment}-AccB-pipeline-*/*`,
    /** The buckets that instance creates: their generated names start with its stack name, lower-case, cut to what survives (generatedNamePattern). */
    stageOneInstanceBuckets: `arn:${p}:s3:::${instanceBucketPattern(scope.deployment)}`,
    stageOneInstanceObjects: `arn:${p}:s3:::${instanceBucketPattern(scope.deployment)}/${scope.imageDefinitionsObjectKey}`,
    /** Change sets xacct makes are named `xacct-<template hash>-<time>`; their names carry no stack name. */
    changeSets: `arn:${p}:cloudformation:${r}:${a}:changeSet/xacct-*/*`,
    /** Buckets the stack creates (generated, lower-case names). */
    stackBuckets: `arn:${p}:s3:::${generated(NAME_LIMITS.bucket, { lower: true })}`,
    imageDefinitions: `arn:${p}:s3:::${generated(NAME_LIMITS.bucket, { lower: true })}/${scope.imageDefinitionsObjectKey}`,
    stackBucketObjects: `arn:${p}:s3:::${generated(NAME_LIMITS.bucket, { lower: true })}/*`,
    defaultBus: `arn:${p}:events:${r}:${a}:event-bus/default`,
    /** Pipelines (and their stages) the stack creates. */
    pipelines: `arn:${p}:codepipeline:${r}:${a}:${generated(NAME_LIMITS.pipeline)}`,
    /** A pipeline by its name (stage 2 names it `<NamePrefix>-pipeline`). */
    pipelineNamed: (name: string) => `arn:${p}:codepipeline:${r}:${a}:${name}`,
    repository: `arn:${p}:ecr:${r}:${a}:repository/${scope.repositoryName}`,
    repositoryNamed: (name: string) => `arn:${p}:ecr:${r}:${a}:repository/${name}`,
    stackRepositories: `arn:${p}:ecr:${r}:${a}:repository/${generated(256, { lower: true })}`,
    role: (name: string) => `arn:${p}:iam::${a}:role/${name}`,
    /** Roles the stack creates without a custom name; with `logicalId`, only that resource's. */
    stackRoles: (logicalId?: string) => `arn:${p}:iam::${a}:role/${generated(NAME_LIMITS.role, logicalId === undefined ? {} : { logicalId })}`,
    stackQueues: `arn:${p}:sqs:${r}:${a}:${generated(NAME_LIMITS.queue)}`,
    stackRules: `arn:${p}:events:${r}:${a}:rule/${generated(NAME_LIMITS.rule)}`,
    keys: `arn:${p}:kms:${r}:${a}:key/*`,
    ecsCluster: `arn:${p}:ecs:${r}:${a}:cluster/${scope.ecsCluster}`,
    ecsService: `arn:${p}:ecs:${r}:${a}:service/${scope.ecsCluster}/${scope.ecsService}`,
    /** The pre-2021 short format of the same service, `service/<name>` (ECS developer guide, service-arn-migration). */
    ecsServiceShort: `arn:${p}:ecs:${r}:${a}:service/${scope.ecsService}`,
    /** Container instances of the cluster (ListTasks is scoped to them). */
    ecsContainerInstances: `arn:${p}:ecs:${r}:${a}:container-instance/${scope.ecsCluster}/*`,
    /** Tasks of the cluster: task ids are random. */
    ecsTasks: `arn:${p}:ecs:${r}:${a}:task/${scope.ecsCluster}/*`,
    /** A CloudWatch alarm by name (resource type alarm). */
    alarm: (name: string) => `arn:${p}:cloudwatch:${r}:${a}:alarm:${name}`,
    alias: (name: string) => `arn:${p}:kms:${r}:${a}:${name}`,
    catalogBucket: (c: CatalogScope) => `arn:${p}:s3:::${c.bucket}`,
    catalogTemplates: (c: CatalogScope) => `arn:${p}:s3:::${c.bucket}/${c.keyPrefix}/*`,
    /** Service Catalog ARNs use the service name `catalog`. */
    portfolio: (id: string) => `arn:${p}:catalog:${r}:${a}:portfolio/${id}`,
    product: (id: string) => `arn:${p}:catalog:${r}:${a}:product/${id}`,
  };
}

export type DeploymentArns = ReturnType<typeof deploymentArns>;

/** The sources of the generated-name patterns, for the statements that use them. */
export const GENERATED_NAME_SOURCES = [API.cloudFormationNameType, API.generatedNameExample];
