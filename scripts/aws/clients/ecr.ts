/** ECR's port: the repository's images and policy. */
import { DescribeImagesCommand, type ECRClient, GetRepositoryPolicyCommand, ListImagesCommand } from '@aws-sdk/client-ecr';
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
  };
}
