/**
 * ECR repository policy in account A: account B's ECS task execution role may pull images, nothing
 * more (no uploads, no policy reads). The pipeline itself does not need it: its ECR source action runs
 * as account A's own source role.
 */
import { Ref } from '../intrinsics';
import { grant } from '../permissions/grant';
import { policyDocument, type PolicyDocument } from './policy-document';

export function repositoryPolicy(): PolicyDocument {
  return policyDocument(grant({ sid: 'TargetExecutionRolePullsImages', rows: ['pull/pull-image'], principal: { AWS: Ref('EcsTaskExecutionRoleArn') } }));
}
