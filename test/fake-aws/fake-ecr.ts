/**
 * A fake of the ECR calls the tool makes, for one account and region: repositories appear when a stack of
 * the fake CloudFormation creates them (with their lifecycle policy) and go when it deletes them; tests
 * push images (`pushImage`), which emits ECR's push event, and run the lifecycle policy
 * (`applyLifecyclePolicy`). Behaviour: fake-aws.md.
 */
import { createHash } from 'node:crypto';
import { fault } from './fault';
import { pageOf } from './paging';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Image {
  digest: string;
  tags: string[];
  pushedAt: Date;
  size: number;
  /** The image manifest BatchGetImage returns; made up from the digest (the fake pushes no layers). */
  manifest: string;
}

const MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';
const manifestOf = (digest: string) => JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST_TYPE, config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 1024, digest: `sha256:${createHash('sha256').update(`config:${digest}`).digest('hex')}` }, layers: [] });

/** What ECR reports of a push ("Amazon ECR events and EventBridge", event ECR Image Action). */
export interface PushEvent {
  repository: string;
  digest: string;
  tag: string;
}

/** A lifecycle rule's tag selection: every prefix, and every pattern, matched by one of the image's tags. */
function taggedAsSelected(tags: string[], sel: Json): boolean {
  const prefixes: string[] = sel.tagPrefixList ?? [];
  const patterns: RegExp[] = (sel.tagPatternList ?? []).map((p: string) => new RegExp(`^${p.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`));
  if (tags.length === 0 || (prefixes.length === 0 && patterns.length === 0)) return false;
  return prefixes.every((p) => tags.some((t) => t.startsWith(p))) && patterns.every((r) => tags.some((t) => r.test(t)));
}

export class FakeEcr {
  private readonly repositories = new Map<string, Image[]>();
  /** Repository policies (RepositoryPolicyText), by repository. */
  private readonly policies = new Map<string, Json>();
  private readonly lifecyclePolicies = new Map<string, Json>();
  /** ImageTagMutability and its exclusion filters, by repository, as the stack declared them. */
  private readonly mutability = new Map<string, { mode: string; exclusions: string[] }>();
  private pushes = 0;
  /** ListImages page size (AWS: up to 1000, default 100). */
  pageSize = 100;
  /** Set by FakeAws: where push events go (account A's default bus). */
  onPush?: (event: PushEvent) => void;

  constructor(
    readonly account: string,
    readonly region: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A repository as an AWS::ECR::Repository declares it: its RepositoryPolicyText and its
   * LifecyclePolicy.LifecyclePolicyText.
   */
  createRepository(name: string, properties: Json = {}): void {
    this.repositories.set(name, []);
    this.setRepositoryProperties(name, properties);
  }

  /** A stack update changed the repository (its repository or lifecycle policy). */
  setRepositoryProperties(name: string, properties: Json): void {
    this.setRepositoryPolicy(name, properties.RepositoryPolicyText);
    this.mutability.set(name, {
      mode: properties.ImageTagMutability ?? 'MUTABLE',
      exclusions: (properties.ImageTagMutabilityExclusionFilters ?? []).map((f: Json) => String(f.ImageTagMutabilityExclusionFilterValue)),
    });
    const text = properties.LifecyclePolicy?.LifecyclePolicyText;
    if (text) this.lifecyclePolicies.set(name, JSON.parse(text));
    else this.lifecyclePolicies.delete(name);
  }

  deleteRepository(name: string): void {
    this.repositories.delete(name);
    this.policies.delete(name);
    this.lifecyclePolicies.delete(name);
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

  /**
   * Pushes an image with a tag; the tag moves to it from any older image (which stays, untagged). ECR
   * then emits its push event: "detail": {"result": "SUCCESS", "repository-name", "image-digest",
   * "action-type": "PUSH", "image-tag"} (ECR user guide, "Amazon ECR events and EventBridge").
   */
  pushImage(repository: string, tag: string, content = `${repository}:${tag}:${++this.pushes}:${Math.random()}`, at = new Date(this.now())): string {
    const images = this.mustRepository(repository);
    const digest = `sha256:${createHash('sha256').update(content).digest('hex')}`;
    for (const i of images) i.tags = i.tags.filter((t) => t !== tag);
    const same = images.find((i) => i.digest === digest);
    if (same) same.tags.push(tag);
    else images.push({ digest, tags: [tag], pushedAt: at, size: 1024 * (images.length + 1), manifest: manifestOf(digest) });
    this.onPush?.({ repository, digest, tag });
    return digest;
  }

  /**
   * BatchGetImage: each image asked for with its manifest; an id that matches nothing is a `failures`
   * entry with failureCode ImageNotFound, "Requested image not found" (ECR API reference, BatchGetImage
   * and ImageFailure), not an exception.
   */
  BatchGetImage(input: Json): Json {
    const images = this.mustRepository(input.repositoryName);
    const found: Json[] = [];
    const failures: Json[] = [];
    for (const id of (input.imageIds ?? []) as Json[]) {
      const image = images.find((i) => (id.imageDigest ? i.digest === id.imageDigest : i.tags.includes(id.imageTag)));
      if (!image) failures.push({ imageId: id, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' });
      else found.push({ registryId: this.account, repositoryName: input.repositoryName, imageId: { imageDigest: image.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) }, imageManifest: image.manifest, imageManifestMediaType: MANIFEST_TYPE });
    }
    return { images: found, failures };
  }

  /**
   * PutImage with the manifest of an image the repository holds and a tag: the ECR user guide's
   * "Retagging an image" (the same image, a new tag; no layer moves). The tag moves to it from any other
   * image, unless tags are immutable and the tag is not excluded: ImageTagAlreadyExistsException ("The
   * specified image is tagged with a tag that already exists. The repository is configured for tag
   * immutability", PutImage errors). The tag already on this image: ImageAlreadyExistsException, "The
   * specified image has already been pushed, and there were no changes to the manifest or image tag
   * after the last push". `imageDigest` that is not the manifest's: ImageDigestDoesNotMatchException.
   * A manifest of no image held would be a new image: the fake has no use for it and refuses it alike.
   * Then, as for any push, ECR's push event (action-type PUSH, the tag, the digest).
   */
  PutImage(input: Json): Json {
    const images = this.mustRepository(input.repositoryName);
    const image = images.find((i) => i.manifest === input.imageManifest);
    if (!image || (input.imageDigest && input.imageDigest !== image.digest)) {
      throw fault('ImageDigestDoesNotMatchException', `The specified digest ${input.imageDigest ?? ''} does not match the digest of the manifest`);
    }
    const tag: string = input.imageTag;
    if (image.tags.includes(tag)) {
      throw fault('ImageAlreadyExistsException', `Image with digest '${image.digest}' and tag '${tag}' already exists in the repository with name '${input.repositoryName}' in registry with id '${this.account}'`);
    }
    const holder = images.find((i) => i.tags.includes(tag));
    const m = this.mutability.get(input.repositoryName) ?? { mode: 'MUTABLE', exclusions: [] };
    const excluded = m.exclusions.some((p) => new RegExp(`^${p.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(tag));
    if (holder && m.mode.startsWith('IMMUTABLE') && !(m.mode === 'IMMUTABLE_WITH_EXCLUSION' && excluded)) {
      throw fault('ImageTagAlreadyExistsException', `The image tag '${tag}' already exists in the '${input.repositoryName}' repository and cannot be overwritten because the tag is immutable.`);
    }
    if (holder) holder.tags = holder.tags.filter((t) => t !== tag);
    image.tags.push(tag);
    this.onPush?.({ repository: input.repositoryName, digest: image.digest, tag });
    return { image: { registryId: this.account, repositoryName: input.repositoryName, imageId: { imageDigest: image.digest, imageTag: tag }, imageManifest: image.manifest, imageManifestMediaType: MANIFEST_TYPE } };
  }

  /** The image a tag points to now (undefined: none), for the fake's own pipeline and tests. */
  imageOfTag(repository: string, tag: string): Image | undefined {
    return this.repositories.get(repository)?.find((i) => i.tags.includes(tag));
  }

  /** The image with this digest (tagged or not); undefined when the repository does not hold it. */
  imageByDigest(repository: string, digest: string): Image | undefined {
    return this.repositories.get(repository)?.find((i) => i.digest === digest);
  }

  /** Whether the repository exists. */
  hasRepository(name: string): boolean {
    return this.repositories.has(name);
  }

  /**
   * What ECR does when it applies the repository's lifecycle policy (it "expires affected images within
   * 24 hours"; tests choose the moment). ECR user guide, "Lifecycle policies": rules are applied in
   * priority order and "an image is expired by exactly one or zero rules"; "an image that matches the
   * tagging requirements of a rule cannot be expired by a rule with a lower priority"; "with countType =
   * imageCountMoreThan, images are sorted from youngest to oldest based on pushed_at_time and then all
   * images greater than the specified count are expired"; "with countType = sinceImagePushed, all images
   * whose pushed_at_time is older than the specified number of days based on countNumber are expired".
   * Tag selection: "When multiple tag prefixes are specified on a single rule, images must match all
   * listed tag prefixes" (lifecycle policy examples, "Filtering on multiple tags in a single rule"); the
   * same for tagPatternList, whose `*` matches any characters ("only images with all specified tags are
   * selected", Lifecycle policy properties). The worked examples "Filtering on multiple rules" A and B
   * come out as the guide says (a lower-priority rule counts the images a higher one claimed, and expires
   * none of them). The archive storage class, sinceImagePulled and transitions are not modelled.
   * Returns the digests it expired.
   */
  applyLifecyclePolicy(repository: string): string[] {
    const images = this.mustRepository(repository);
    const rules = [...((this.lifecyclePolicies.get(repository)?.rules ?? []) as Json[])].sort((a, b) => a.rulePriority - b.rulePriority);
    const claimed = new Set<Image>();
    const expired = new Set<Image>();
    for (const rule of rules) {
      const sel = rule.selection ?? {};
      const matches = images.filter((i) => (sel.tagStatus === 'untagged' ? i.tags.length === 0 : sel.tagStatus === 'tagged' ? taggedAsSelected(i.tags, sel) : true));
      // Pushes at the same moment: the later push is the younger.
      const youngestFirst = [...matches].sort((a, b) => b.pushedAt.getTime() - a.pushedAt.getTime() || images.indexOf(b) - images.indexOf(a));
      const selected =
        sel.countType === 'imageCountMoreThan'
          ? youngestFirst.slice(Number(sel.countNumber))
          : sel.countType === 'sinceImagePushed'
            ? youngestFirst.filter((i) => this.now() - i.pushedAt.getTime() > Number(sel.countNumber) * 86_400_000)
            : [];
      if ((rule.action?.type ?? 'expire') === 'expire') for (const i of selected) if (!claimed.has(i)) expired.add(i);
      for (const i of matches) claimed.add(i);
    }
    this.repositories.set(repository, images.filter((i) => !expired.has(i)));
    return [...expired].map((i) => i.digest);
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
    const { items, next } = pageOf(ids, input.nextToken, input.maxResults ?? this.pageSize);
    return { imageIds: items, ...(next ? { nextToken: next } : {}) };
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
