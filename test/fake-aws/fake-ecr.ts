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
}

export class FakeEcr {
  private readonly repositories = new Map<string, Image[]>();
  /** ListImages page size (AWS: up to 1000, default 100). */
  pageSize = 100;

  constructor(
    readonly account: string,
    readonly region: string,
  ) {}

  createRepository(name: string): void {
    this.repositories.set(name, []);
  }

  deleteRepository(name: string): void {
    this.repositories.delete(name);
  }

  /** Pushes an image with a tag; the tag moves to it from any older image (which stays, untagged). */
  pushImage(repository: string, tag: string, content = `${repository}:${tag}:${Date.now()}`): string {
    const images = this.mustRepository(repository);
    const digest = `sha256:${createHash('sha256').update(content).digest('hex')}`;
    for (const i of images) i.tags = i.tags.filter((t) => t !== tag);
    const same = images.find((i) => i.digest === digest);
    if (same) same.tags.push(tag);
    else images.push({ digest, tags: [tag] });
    return digest;
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
