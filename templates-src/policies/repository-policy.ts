/**
 * ECR repository policy in account A: account B's ECS task execution role may pull images, nothing
 * more (no uploads, no policy reads). The pipeline itself does not need it: its ECR source action runs
 * as account A's own source role.
 */
import { Ref } from '../intrinsics';
import { policyDocument, type PolicyDocument } from './policy-document';

export const PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] as const;

export function repositoryPolicy(): PolicyDocument {
  return policyDocument({
    Sid: 'TargetExecutionRolePullsImages',
    Effect: 'Allow',
    Principal: { AWS: Ref('EcsTaskExecutionRoleArn') },
    Action: [...PULL_ACTIONS],
  });
}
