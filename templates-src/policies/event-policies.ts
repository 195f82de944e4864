/**
 * Roles EventBridge uses: in account A to forward push events to account B's default bus, in account B
 * to start the pipeline. Each may do one action on one resource. And the event patterns of the rules.
 */
import type { Value } from '../intrinsics';
import { grant } from '../permissions/grant';
import { arns } from './arns';
import { policyDocument, type PolicyDocument } from './policy-document';

/** The default bus of the target account parameter, or (a fleet's rule group) the buses it forwards to. */
export function forwardToTargetBusPolicy(buses: Value<string> | Array<Value<string>> = arns.defaultBus('TargetAccountId')): PolicyDocument {
  return policyDocument(grant({ sid: 'ForwardToTargetDefaultBus', rows: ['forward/put-events'], resource: buses }));
}

export function startPipelinePolicy(pipelineLogicalId: string): PolicyDocument {
  return policyDocument(grant({ sid: 'StartThisPipeline', rows: ['trigger/start-pipeline'], resource: arns.pipeline(pipelineLogicalId) }));
}

/** The ECR push event both rules match; B's rule adds `account` because its bus accepts A's events. */
export function ecrPushPattern(repositoryName: unknown, imageTag: unknown, account?: unknown): Record<string, unknown> {
  return {
    source: ['aws.ecr'],
    'detail-type': ['ECR Image Action'],
    ...(account !== undefined ? { account: [account] } : {}),
    detail: {
      'action-type': ['PUSH'],
      result: ['SUCCESS'],
      'repository-name': [repositoryName],
      'image-tag': [imageTag],
    },
  };
}

/**
 * A new version of one object in a bucket with EventBridge notifications on: CodePipeline's change
 * detection for an S3 source ("Connecting to Amazon S3 source actions with a source enabled for
 * events", https://docs.aws.amazon.com/codepipeline/latest/userguide/create-S3-source-events.html).
 * Fields as S3 sends them ("EventBridge event message structure",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html): `detail.bucket.name`,
 * `detail.object.key`, and `account`, "The 12-digit AWS account ID of the bucket owner": named because
 * this bus also accepts account A's events.
 */
export function objectCreatedPattern(bucketName: unknown, objectKey: unknown, account: unknown): Record<string, unknown> {
  return {
    source: ['aws.s3'],
    'detail-type': ['Object Created'],
    account: [account],
    detail: {
      bucket: { name: [bucketName] },
      object: { key: [objectKey] },
    },
  };
}
