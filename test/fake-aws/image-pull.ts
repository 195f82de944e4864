/**
 * How ECS in the fake resolves and pulls an image: from the fake ECR of the registry's account, as the
 * task execution role, which the repository policy must let in (the access proof's call
 * execution-role-pulls-image, evaluated against the deployed policies). Failures read as a stopped
 * task's reason, and ECR answers 403 Forbidden both when the role may not pull and when the image does
 * not exist:
 * - refused: "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to
 *   resolve ref <image>: pulling from host <registry> failed with status code [manifests <ref>]: 403
 *   Forbidden" (a stopped task during an ECS deploy action, aws/aws-cdk#29876);
 * - missing: "... failed to resolve ref <image>: unexpected status from HEAD request to
 *   https://<registry>/v2/<repository>/manifests/<tag>: 403 Forbidden" for a tag no image has
 *   (aws/aws-cdk-cli PR #1505, a real deployment with a nonexistent tag), ".../blobs/<digest>: 403
 *   Forbidden" for a digest the repository no longer holds (aws/containers-roadmap#2493: the tag had
 *   moved and the old digest was gone).
 * Which of the two forms AWS gives in which case is not settled (the agent's version may decide): the
 * tool must not read either as "permissions, not a missing image". An image of another registry (a
 * public one) is not checked: its digest is made up from its name.
 */
import { createHash } from 'node:crypto';
import { PIPELINE_FLOW } from '../../scripts/access-model/flow';
import type { DeployedAccess } from './deployed-access';
import type { ImagePuller } from './fake-ecs';
import type { FakeEcr } from './fake-ecr';

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9._/-]+?)(?::([A-Za-z0-9_.-]+))?(?:@(sha256:[0-9a-f]{64}))?$/;

export function imagePuller(world: { ecr(account: string, region: string): FakeEcr; access: DeployedAccess; accounts: string[] }, account: string, region: string, partition = 'aws'): ImagePuller {
  return async (image, executionRoleArn) => {
    const m = ECR_IMAGE.exec(image);
    if (!m || !world.accounts.includes(m[1])) return { digest: `sha256:${createHash('sha256').update(image).digest('hex')}` };
    const [, registry, registryRegion, repository, tag, digest] = m;
    const host = image.split('/')[0];
    const ref = digest ?? tag ?? 'latest';
    const placement = { source: registry, target: account, region };
    const role = executionRoleArn ? world.access.keyOf(placement, executionRoleArn) : undefined;
    const repo = world.access.keyOf(placement, `arn:${partition}:ecr:${registryRegion}:${registry}:repository/${repository}`);
    if (role === 'B:TaskExecutionRole' && repo === 'A:Repository') {
      const denied = await world.access.firstDenial(placement, [PIPELINE_FLOW.find((c) => c.id === 'execution-role-pulls-image')!]);
      if (denied) return { error: `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${image}: pulling from host ${host} failed with status code [manifests ${ref}]: 403 Forbidden` };
    }
    const ecr = world.ecr(registry, registryRegion);
    const found = ecr.hasRepository(repository) ? (digest ? ecr.imageByDigest(repository, digest) : ecr.imageOfTag(repository, tag ?? 'latest')) : undefined;
    if (!found) {
      const path = digest ? `blobs/${digest}` : `manifests/${tag ?? 'latest'}`;
      return { error: `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${image}: unexpected status from HEAD request to https://${host}/v2/${repository}/${path}: 403 Forbidden` };
    }
    return { digest: found.digest };
  };
}
