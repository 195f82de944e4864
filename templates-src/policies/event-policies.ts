/**
 * Roles EventBridge uses: in account A to forward push events to account B's default bus, in account B
 * to start the pipeline. Each may do one action on one resource.
 */
import { arns } from './arns';
import { policyDocument, type PolicyDocument } from './policy-document';

export function forwardToTargetBusPolicy(): PolicyDocument {
  return policyDocument({
    Sid: 'ForwardToTargetDefaultBus',
    Effect: 'Allow',
    Action: 'events:PutEvents',
    Resource: arns.defaultBus('TargetAccountId'),
  });
}

export function startPipelinePolicy(pipelineLogicalId: string): PolicyDocument {
  return policyDocument({
    Sid: 'StartThisPipeline',
    Effect: 'Allow',
    Action: 'codepipeline:StartPipelineExecution',
    Resource: arns.pipeline(pipelineLogicalId),
  });
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
