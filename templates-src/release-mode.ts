/**
 * Parameter Release (digest or tag) and its condition, in both stages of stack B: stage 1 already holds
 * the digest mode's log grant for the Commands action (see acc-b-foundation.ts), so the parameter is a
 * foundation parameter. What the two modes do: pipeline-stages.ts.
 */
import type { ResourceBase } from 'cloudform-types/types/resource';
import type { Condition } from 'cloudform-types/types/dataTypes';
import type Parameter from 'cloudform-types/types/parameter';
import { Equals, Ref } from './intrinsics';
import { stringParameter } from './parameters';

export const DIGEST_RELEASE = 'DigestRelease';
export const RELEASE_MODES = ['digest', 'tag'] as const;

export const releaseParameter = (): Parameter => ({
  ...stringParameter({
    description:
      'How the pipeline names the image it deploys. digest: each push deploys exactly the image it pushed (imagedefinitions.json rewritten to repository@sha256:..., executions queued). tag: the image definitions as uploaded (repository:tag), ECS runs whatever the tag points to when it starts the deployment.',
    default: 'digest',
    pattern: `^(?:${RELEASE_MODES.join('|')})$`,
    constraint: 'must be digest or tag.',
  }),
  // A choice in the CloudFormation and Service Catalog consoles.
  AllowedValues: [...RELEASE_MODES],
});

export const releaseConditions = (): Record<string, Condition> => ({ [DIGEST_RELEASE]: Equals(Ref('Release'), 'digest') as unknown as Condition });

/** Only in digest mode: the resource that gives the pipeline role the Commands action's log group. */
export const inDigestMode = <R extends ResourceBase>(resource: R): R => resource.condition(DIGEST_RELEASE);
