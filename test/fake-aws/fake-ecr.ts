/**
 * A fake of the ECR calls the tool makes, for one account and region: repositories appear when a stack of
 * the fake CloudFormation creates them and go when it deletes them; tests push images (`pushImage`).
 * Behaviour: fake-aws.md.
 */
import { createHash } from 'node:crypto';
import { fault } from './fault';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Image {
  digest: string;
  tags: string[];
  pushedAt: Date;
  size: number;
}

export class FakeEcr {
  private readonly repositories = new Map<string, Image[]>();
  /** Repository policies (RepositoryPolicyText), by repository. */
  private readonly policies = new Map<string, Json>();
  /** ListImages page size (AWS: up to 1000, default 100). */
  pageSize = 100;

  constructor(
    readonly account: string,
    readonly region: string,
  ) {}

  createRepository(name: string, policy?: Json): void {
    this.repositories.set(name, []);
    this.setRepositoryPolicy(name, policy);
  }

  deleteRepository(name: string): void {
    this.repositories.delete(name);
    this.policies.delete(name);
  }

  /** SetRepositoryPolicy: by the stack, or by a person in the console; undefined removes it. */
  setRepositoryPolicy(name: string, policy: Json | undefined): void {
    if (policy) this.policies.set(name, structuredClone(typeof policy === 'string' ? JSON.parse(policy) : policy));
    else this.policies.delete(name);
  }

  allPolicies(): Json[] {
    return [...this.policies.values()];
  }

  /**
   * GetRepositoryPolicy. Without one: RepositoryPolicyNotFoundException, "Repository policy does not exist
   * for the repository with name 'x' in the registry with id 'n'" (ECR API reference, GetRepositoryPolicy
   * errors; the wording as moto and LocalStack reproduce it: unsure).
   */
  GetRepositoryPolicy(input: Json): Json {
    this.mustRepository(input.repositoryName);
    const policy = this.policies.get(input.repositoryName);
    if (!policy) throw fault('RepositoryPolicyNotFoundException', `Repository policy does not exist for the repository with name '${input.repositoryName}' in the registry with id '${this.account}'`);
    return { registryId: this.account, repositoryName: input.repositoryName, policyText: JSON.stringify(policy, null, 2) };
  }

  /** Pushes an image with a tag; the tag moves to it from any older image (which stays, untagged). */
  pushImage(repository: string, tag: string, content = `${repository}:${tag}:${Date.now()}:${Math.random()}`, at = new Date()): string {
    const images = this.mustRepository(repository);
    const digest = `sha256:${createHash('sha256').update(content).digest('hex')}`;
    for (const i of images) i.tags = i.tags.filter((t) => t !== tag);
    const same = images.find((i) => i.digest === digest);
    if (same) same.tags.push(tag);
    else images.push({ digest, tags: [tag], pushedAt: at, size: 1024 * (images.length + 1) });
    return digest;
  }

  /** The image a tag points to now (undefined: none), for the fake's own pipeline and tests. */
  imageOfTag(repository: string, tag: string): { digest: string } | undefined {
    return this.repositories.get(repository)?.find((i) => i.tags.includes(tag));
  }

  /**
   * DescribeImages by tag or digest. An id that matches nothing: ImageNotFoundException, "The image with
   * imageId {imageDigest:'null', imageTag:'latest'} does not exist within the repository with name 'x' in
   * the registry with id 'n'" (the text AWS returned, as quoted in public Terraform and CLI logs; the
   * `imageDigest:'null'` part when only a tag was asked for).
   */
  DescribeImages(input: Json): Json {
    const images = this.mustRepository(input.repositoryName);
    const ids: Json[] | undefined = input.imageIds;
    const found = ids ? images.filter((i) => ids.some((id) => (id.imageTag && i.tags.includes(id.imageTag)) || (id.imageDigest && i.digest === id.imageDigest))) : images;
    if (ids && found.length === 0) {
      const id = ids[0] ?? {};
      throw fault('ImageNotFoundException', `The image with imageId {imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'} does not exist within the repository with name '${input.repositoryName}' in the registry with id '${this.account}'`);
    }
    return {
      imageDetails: found.map((i) => ({
        registryId: this.account,
        repositoryName: input.repositoryName,
        imageDigest: i.digest,
        ...(i.tags.length > 0 ? { imageTags: [...i.tags] } : {}),
        imagePushedAt: i.pushedAt,
        imageSizeInBytes: i.size,
        imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      })),
    };
  }

  private mustRepository(name: string | undefined): Image[] {
    const r = this.repositories.get(name ?? '');
    if (!r) throw fault('RepositoryNotFoundException', `The repository with name '${name}' does not exist in the registry with id '${this.account}'`);
    return r;
  }

  /** One entry per tag, and one without a tag for each untagged image, as ECR lists them. */
  ListImages(input: Json): Json {
    const ids = this.mustRepository(input.repositoryName).flatMap((i) => (i.tags.length === 0 ? [{ imageDigest: i.digest }] : i.tags.map((imageTag) => ({ imageDigest: i.digest, imageTag }))));
    const start = input.nextToken ? Number(input.nextToken) : 0;
    const size = input.maxResults ?? this.pageSize;
    const next = start + size < ids.length ? String(start + size) : undefined;
    return { imageIds: ids.slice(start, start + size), ...(next ? { nextToken: next } : {}) };
  }

  /** What ECR answers when a repository that still holds images is deleted without --force. */
  deleteRefusal(name: string): string | undefined {
    const images = this.repositories.get(name);
    if (!images || images.length === 0) return undefined;
    return `Resource handler returned message: "The repository with name '${name}' in registry with id '${this.account}' cannot be deleted because it still contains images (Service: Ecr, Status Code: 400)" (HandlerErrorCode: GeneralServiceException)`;
  }

  // ----- inspection -----
  repositoryNames(): string[] {
    return [...this.repositories.keys()];
  }

  imageCount(repository: string): number {
    return this.mustRepository(repository).length;
  }
}
