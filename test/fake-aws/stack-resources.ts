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
import type { FakeIam } from './fake-iam';
import type { FakeKms } from './fake-kms';
import type { FakeS3, Versioning } from './fake-s3';
import type { PhysicalResource } from './resource-model';
import type { VirtualClock } from './virtual-clock';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface StackResourceWorld {
  clock: VirtualClock;
  s3: FakeS3;
  ecr(account: string, region: string): FakeEcr;
  eventBridge(account: string, region: string): FakeEventBridge;
  codePipeline(account: string, region: string): FakeCodePipeline;
  iam(account: string): FakeIam;
  kms(account: string, region: string): FakeKms;
  /** A role goes, and the policies that named it show its unique id (FakeAws.deleteRole). */
  deleteRole(account: string, name: string): void;
}

export function stackResourceHooks(world: StackResourceWorld, account: string, region: string): CloudFormationHooks {
  /** Which roles each AWS::IAM::Policy resource put its policy on (to take it off when the resource goes). */
  const policyRoles = new Map<string, Array<{ role: string; policyName: string }>>();

  /**
   * What a created or updated resource puts into IAM and KMS: roles with their trust and inline
   * policies, AWS::IAM::Policy documents on their roles, keys with their key policies.
   */
  const identityResourceSettled = (type: string, physical: PhysicalResource, properties: Json, created: boolean): void => {
    const iam = world.iam(account);
    switch (type) {
      case 'AWS::IAM::Role': {
        const role = iam.role(physical.ref) ?? iam.createRole(physical.ref, properties.AssumeRolePolicyDocument ?? {}, { description: properties.Description, at: new Date(world.clock.now()) });
        if (!created) iam.updateTrust(physical.ref, properties.AssumeRolePolicyDocument ?? {});
        for (const p of properties.Policies ?? []) iam.putRolePolicy(role.name, p.PolicyName, p.PolicyDocument);
        break;
      }
      case 'AWS::IAM::Policy': {
        const roles: string[] = properties.Roles ?? [];
        for (const r of roles) if (iam.role(r)) iam.putRolePolicy(r, properties.PolicyName, properties.PolicyDocument);
        policyRoles.set(physical.ref, roles.map((role) => ({ role, policyName: properties.PolicyName })));
        break;
      }
      case 'AWS::KMS::Key':
        if (created) world.kms(account, region).createKey(physical.ref, physical.attributes.Arn, properties.KeyPolicy ?? {}, properties.Description, new Date(world.clock.now()));
        else world.kms(account, region).putKeyPolicy(physical.ref, properties.KeyPolicy ?? {});
        break;
    }
  };

  /** A stack deleted a role or a policy resource: IAM loses it. */
  const identityResourceDeleted = (type: string, physical: PhysicalResource): void => {
    if (type === 'AWS::IAM::Role') world.deleteRole(account, physical.ref);
    if (type === 'AWS::IAM::Policy') for (const r of policyRoles.get(physical.ref) ?? []) world.iam(account).deleteRolePolicy(r.role, r.policyName);
  };

  return {
    resourceCreated: (type, physical, properties) => {
      identityResourceSettled(type, physical, properties, true);
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
      identityResourceSettled(type, physical, properties, false);
      if (type === 'AWS::S3::BucketPolicy') world.s3.setBucketPolicy(properties.Bucket, properties.PolicyDocument);
      if (type === 'AWS::CodePipeline::Pipeline') world.codePipeline(account, region).updatePipeline(physical.ref, properties);
      if (type === 'AWS::ECR::Repository') world.ecr(account, region).setRepositoryProperties(physical.ref, properties);
      if (type === 'AWS::Events::Rule') world.eventBridge(account, region).putRule(physical.ref, properties);
    },
    resourceDeleted: (type, physical) => {
      identityResourceDeleted(type, physical);
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
