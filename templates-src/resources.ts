/**
 * The resource types the templates build, as cloudform-types' classes build them, without loading
 * cloudform-types' modules at run time. Its classes only set `Type` and `Properties` and chain the
 * resource attributes; loading the thirteen modules they come from was 15 ms of the start of every
 * command that renders a template (`generate`, `plan`, `--version`). The property types are still
 * cloudform-types' own (type-only imports), so the builders are checked as before, and
 * `make check-generated` holds the templates to what the classes built, character for character.
 */
import type { CreationPolicy, DeletionPolicy, ResourceBase, UpdatePolicy } from 'cloudform-types/types/resource';
import type { List, Value } from 'cloudform-types/types/dataTypes';
import type { PolicyProperties } from 'cloudform-types/types/iam/policy';
import type { RoleProperties } from 'cloudform-types/types/iam/role';
import type { AliasProperties } from 'cloudform-types/types/kms/alias';
import type { KeyProperties } from 'cloudform-types/types/kms/key';
import type { BucketProperties } from 'cloudform-types/types/s3/bucket';
import type { BucketPolicyProperties } from 'cloudform-types/types/s3/bucketPolicy';
import type { QueueProperties } from 'cloudform-types/types/sqs/queue';
import type { QueuePolicyProperties } from 'cloudform-types/types/sqs/queuePolicy';
import type { RuleProperties } from 'cloudform-types/types/events/rule';
import type { PipelineProperties } from 'cloudform-types/types/codePipeline/pipeline';
import type { RepositoryProperties } from 'cloudform-types/types/ecr/repository';

/**
 * cloudform-types' ResourceBase at run time: `Type`, then `Properties`, then each attribute in the order
 * it is set (the order the YAML shows). The attributes are `declare`d: a class field would be created
 * at construction, ahead of `Properties`, and move them in the output.
 */
class Resource<P extends object> implements ResourceBase<P> {
  declare Type: string;
  declare Properties: P;
  declare DependsOn?: Value<string> | List<string>;
  declare Metadata?: { [key: string]: unknown };
  declare CreationPolicy?: CreationPolicy;
  declare DeletionPolicy?: DeletionPolicy;
  declare UpdatePolicy?: UpdatePolicy;
  declare Condition?: Value<string>;

  protected constructor(type: string, properties: P) {
    this.Type = type;
    this.Properties = properties;
  }

  dependsOn(dependencies: Value<string> | List<string>): this {
    this.DependsOn = dependencies;
    return this;
  }

  metadata(metadata: { [key: string]: unknown }): this {
    this.Metadata = metadata;
    return this;
  }

  creationPolicy(policy: CreationPolicy): this {
    this.CreationPolicy = policy;
    return this;
  }

  deletionPolicy(policy: DeletionPolicy): this {
    this.DeletionPolicy = policy;
    return this;
  }

  updatePolicy(policy: UpdatePolicy): this {
    this.UpdatePolicy = policy;
    return this;
  }

  condition(condition: Value<string>): this {
    this.Condition = condition;
    return this;
  }
}

export class IamPolicy extends Resource<PolicyProperties> {
  constructor(properties: PolicyProperties) {
    super('AWS::IAM::Policy', properties);
  }
}

export class Role extends Resource<RoleProperties> {
  constructor(properties: RoleProperties) {
    super('AWS::IAM::Role', properties);
  }
}

export class Alias extends Resource<AliasProperties> {
  constructor(properties: AliasProperties) {
    super('AWS::KMS::Alias', properties);
  }
}

export class Key extends Resource<KeyProperties> {
  constructor(properties?: KeyProperties) {
    super('AWS::KMS::Key', properties || {});
  }
}

export class Bucket extends Resource<BucketProperties> {
  constructor(properties?: BucketProperties) {
    super('AWS::S3::Bucket', properties || {});
  }
}

export class BucketPolicy extends Resource<BucketPolicyProperties> {
  constructor(properties: BucketPolicyProperties) {
    super('AWS::S3::BucketPolicy', properties);
  }
}

export class Queue extends Resource<QueueProperties> {
  constructor(properties?: QueueProperties) {
    super('AWS::SQS::Queue', properties || {});
  }
}

export class QueuePolicy extends Resource<QueuePolicyProperties> {
  constructor(properties: QueuePolicyProperties) {
    super('AWS::SQS::QueuePolicy', properties);
  }
}

export class EventsRule extends Resource<RuleProperties> {
  constructor(properties?: RuleProperties) {
    super('AWS::Events::Rule', properties || {});
  }
}

export class Pipeline extends Resource<PipelineProperties> {
  constructor(properties: PipelineProperties) {
    super('AWS::CodePipeline::Pipeline', properties);
  }
}

export class Repository extends Resource<RepositoryProperties> {
  constructor(properties?: RepositoryProperties) {
    super('AWS::ECR::Repository', properties || {});
  }
}
