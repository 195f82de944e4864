/**
 * What a stack's resources become in the fake's other services, as CloudFormation creates, updates and
 * deletes them: buckets in S3 (versioning, EventBridge notifications, bucket policy), repositories in ECR
 * (repository and lifecycle policies), rules on EventBridge buses, pipelines in CodePipeline, roles and
 * their policies in IAM, keys in KMS. "When you create a pipeline, it starts
 * running automatically" (CodePipeline user guide): a created pipeline starts an execution.
 */
import type { CloudFormationHooks } from './fake-cloudformation';
import type { FakeCodePipeline } from './fake-codepipeline';
import type { FakeEcr } from './fake-ecr';
import type { FakeEventBridge } from './fake-eventbridge';
import type { FakeS3, Versioning } from './fake-s3';
import type { PhysicalResource } from './resource-model';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface StackResourceWorld {
  s3: FakeS3;
  ecr(account: string, region: string): FakeEcr;
  eventBridge(account: string, region: string): FakeEventBridge;
  codePipeline(account: string, region: string): FakeCodePipeline;
  identityResourceSettled(account: string, region: string, type: string, physical: PhysicalResource, properties: Json, created: boolean): void;
  identityResourceDeleted(account: string, type: string, physical: PhysicalResource): void;
}

export function stackResourceHooks(world: StackResourceWorld, account: string, region: string): CloudFormationHooks {
  return {
    resourceCreated: (type, physical, properties) => {
      world.identityResourceSettled(account, region, type, physical, properties, true);
      if (type === 'AWS::S3::Bucket') {
        const eventBridge = properties.NotificationConfiguration?.EventBridgeConfiguration?.EventBridgeEnabled === true;
        world.s3.createBucket(physical.ref, account, region, properties.VersioningConfiguration?.Status as Versioning, eventBridge);
      }
      if (type === 'AWS::CodePipeline::Pipeline') {
        const pipelines = world.codePipeline(account, region);
        pipelines.createPipeline(physical.ref, properties);
        pipelines.starter?.(physical.ref, { trigger: 'CreatePipeline' });
      }
      if (type === 'AWS::ECR::Repository') world.ecr(account, region).createRepository(physical.ref, properties);
      if (type === 'AWS::Events::Rule') world.eventBridge(account, region).putRule(physical.ref, properties);
      if (type === 'AWS::S3::BucketPolicy') world.s3.setBucketPolicy(properties.Bucket, properties.PolicyDocument);
    },
    resourceUpdated: (type, physical, properties) => {
      world.identityResourceSettled(account, region, type, physical, properties, false);
      if (type === 'AWS::S3::BucketPolicy') world.s3.setBucketPolicy(properties.Bucket, properties.PolicyDocument);
      if (type === 'AWS::CodePipeline::Pipeline') world.codePipeline(account, region).updatePipeline(physical.ref, properties);
      if (type === 'AWS::ECR::Repository') world.ecr(account, region).setRepositoryProperties(physical.ref, properties);
      if (type === 'AWS::Events::Rule') world.eventBridge(account, region).putRule(physical.ref, properties);
    },
    resourceDeleted: (type, physical) => {
      world.identityResourceDeleted(account, type, physical);
      if (type === 'AWS::S3::Bucket') world.s3.deleteBucket(physical.ref);
      if (type === 'AWS::CodePipeline::Pipeline') world.codePipeline(account, region).deletePipeline(physical.ref);
      if (type === 'AWS::ECR::Repository') world.ecr(account, region).deleteRepository(physical.ref);
      if (type === 'AWS::Events::Rule') world.eventBridge(account, region).deleteRule(physical.ref);
    },
    resourceExists: (type, name) =>
      type === 'AWS::ECR::Repository' ? world.ecr(account, region).repositoryNames().includes(name) : type === 'AWS::S3::Bucket' ? world.s3.bucketNames().includes(name) : false,
    deleteRefusal: (type, physical) =>
      type === 'AWS::S3::Bucket' ? world.s3.deleteRefusal(physical.ref) : type === 'AWS::ECR::Repository' ? world.ecr(account, region).deleteRefusal(physical.ref) : undefined,
  };
}
