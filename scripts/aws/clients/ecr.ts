/** ECR's port: the repository's images and policy, and a tag put on an image already pushed. */
import { BatchGetImageCommand, DescribeImagesCommand, type ECRClient, GetRepositoryPolicyCommand, ListImagesCommand, PutImageCommand } from '@aws-sdk/client-ecr';
import { codeOf } from '../aws-errors';
import { readPolicyDocument } from '../../iam/policy';
import { paged } from '../paging';
import type { EcrPort, PolicyDocument } from '../ports';

export function ecrPort(client: ECRClient): EcrPort {
  return {
    countImages: paged<EcrPort['countImages']>((page) => async (repositoryName) => {
      const digests = new Set<string>();
      let token: string | undefined;
      try {
        do {
          const out = await page(() => client.send(new ListImagesCommand({ repositoryName, ...(token ? { nextToken: token } : {}) })));
          for (const id of out.imageIds ?? []) digests.add(id.imageDigest ?? id.imageTag ?? '');
          token = out.nextToken;
        } while (token);
        return digests.size;
      } catch (e) {
        if (codeOf(e) === 'RepositoryNotFoundException') return undefined;
        throw e;
      }
    }),
    async repositoryPolicy(repositoryName) {
      try {
        const out = await client.send(new GetRepositoryPolicyCommand({ repositoryName }));
        return out.policyText ? readPolicyDocument<PolicyDocument>(out.policyText) : undefined;
      } catch (e) {
        if (codeOf(e) === 'RepositoryPolicyNotFoundException') return undefined;
        throw e;
      }
    },
    async imageOfTag(repositoryName, tag) {
      try {
        const out = await client.send(new DescribeImagesCommand({ repositoryName, imageIds: [{ imageTag: tag }] }));
        const image = out.imageDetails?.[0];
        return image?.imageDigest ? { digest: image.imageDigest, ...(image.imagePushedAt ? { pushedAt: image.imagePushedAt } : {}) } : undefined;
      } catch (e) {
        if (codeOf(e) === 'ImageNotFoundException') return undefined;
        throw e;
      }
    },
    /**
     * The ECR user guide's "Retagging an image" procedure: BatchGetImage returns the image's manifest, and
     * PutImage with that manifest and a new tag tags the same image (same digest) without a pull or a
     * push. A digest the repository does not hold is a `failures` entry of BatchGetImage (ImageNotFound),
     * not an exception (ECR API reference, BatchGetImage). PutImage of a tag the image already has:
     * ImageAlreadyExistsException, "The specified image has already been pushed, and there were no
     * changes to the manifest or image tag after the last push" (ECR API reference, PutImage errors).
     */
    async retag(repositoryName, digest, tag) {
      const got = await client.send(new BatchGetImageCommand({ repositoryName, imageIds: [{ imageDigest: digest }] }));
      const image = got.images?.find((i) => i.imageId?.imageDigest === digest) ?? got.images?.[0];
      if (!image?.imageManifest) return 'missing';
      try {
        await client.send(
          new PutImageCommand({
            repositoryName,
            imageManifest: image.imageManifest,
            ...(image.imageManifestMediaType ? { imageManifestMediaType: image.imageManifestMediaType } : {}),
            imageTag: tag,
            // The digest the manifest must hash to: ECR refuses a manifest that would make another image.
            imageDigest: digest,
          }),
        );
        return 'tagged';
      } catch (e) {
        if (codeOf(e) === 'ImageAlreadyExistsException') return 'unchanged';
        throw e;
      }
    },
  };
}
