/**
 * The pipeline's first hop is no call of the pipeline: someone in account A pushes an image. Their
 * permissions are their own IAM policies (same account: the repository policy need not allow it); the
 * templates only must not deny it. The actions are those AWS lists for a push ("IAM permissions for
 * pushing an image to an Amazon ECR private repository", Amazon ECR User Guide,
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html).
 */

export interface OutsideCall {
  id: string;
  step: string;
  /** Who makes it, for people. */
  who: string;
  actions: string[];
  /** The model resource it is made on. */
  resource: string;
  source: { title: string; url: string };
}

export const PUSH: OutsideCall = {
  id: 'developer-pushes-image',
  step: '0. A developer or CI pushes an image in account A',
  who: 'whoever pushes images in account A (a developer, a CI role)',
  actions: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage', 'ecr:BatchGetImage'],
  resource: 'A:Repository',
  source: { title: 'Amazon ECR User Guide: IAM permissions for pushing an image to an Amazon ECR private repository', url: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html' },
};
