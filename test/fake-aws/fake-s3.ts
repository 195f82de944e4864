/**
 * A fake of the S3 calls the tool makes. Buckets are global by name and owned by one account; stacks of
 * the fake CloudFormation create them with the versioning their template declares.
 */
import { createHash } from 'node:crypto';
import { fault } from './fault';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type Versioning = 'Enabled' | 'Suspended' | undefined;

interface ObjectVersion {
  versionId: string;
  body: Uint8Array;
  metadata: Record<string, string>;
  contentType?: string;
}

interface Bucket {
  name: string;
  account: string;
  region: string;
  versioning: Versioning;
  objects: Map<string, ObjectVersion[]>;
  /** S3 actions the bucket's owner may not use here (a bucket policy with a Deny, set by a test). */
  denied: Set<string>;
  /** The bucket policy as AWS::S3::BucketPolicy (or a person in the console) put it. */
  policy?: Json;
  /** NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled: object events go to the default bus. */
  eventBridge: boolean;
}

export class FakeS3 {
  private readonly buckets = new Map<string, Bucket>();
  private versionCounter = 0;
  /** Set by FakeAws: an object created in a bucket with EventBridge notifications on. */
  onObjectCreated?: (bucket: { name: string; account: string; region: string }, key: string, version: { versionId?: string; size: number; etag: string; requester: string }) => void;

  createBucket(name: string, account: string, region: string, versioning: Versioning, eventBridge = false): void {
    if (this.buckets.has(name)) throw fault('BucketAlreadyExists', `The requested bucket name ${name} is not available.`, 409);
    this.buckets.set(name, { name, account, region, versioning, objects: new Map(), denied: new Set(), eventBridge });
  }

  deleteBucket(name: string): void {
    this.buckets.delete(name);
  }

  setVersioning(name: string, versioning: Versioning): void {
    this.mustBucket(name).versioning = versioning;
  }

  private mustBucket(name: string): Bucket {
    const b = this.buckets.get(name);
    if (!b) throw fault('NoSuchBucket', 'The specified bucket does not exist', 404);
    return b;
  }

  /** Only the owner may use a bucket here (bucket policies are the access proof's business). */
  private owned(name: string, account: string): Bucket {
    const b = this.mustBucket(name);
    if (b.account !== account) throw fault('AccessDenied', 'Access Denied', 403);
    return b;
  }

  GetBucketVersioning(input: Json, account: string): Json {
    const b = this.owned(input.Bucket, account);
    return b.versioning ? { Status: b.versioning } : {};
  }

  PutObject(input: Json, account: string): Json {
    const b = this.owned(input.Bucket, account);
    const body = input.Body instanceof Uint8Array ? input.Body : new TextEncoder().encode(String(input.Body ?? ''));
    const versionId = b.versioning === 'Enabled' ? `v${String(++this.versionCounter).padStart(8, '0')}` : 'null';
    const version: ObjectVersion = { versionId, body, metadata: { ...(input.Metadata ?? {}) }, ...(input.ContentType ? { contentType: input.ContentType } : {}) };
    const versions = b.objects.get(input.Key) ?? [];
    b.objects.set(input.Key, b.versioning === 'Enabled' ? [...versions, version] : [...versions.filter((v) => v.versionId !== 'null'), version]);
    const etag = `"${createHash('md5').update(body).digest('hex')}"`;
    if (b.eventBridge) this.onObjectCreated?.(b, input.Key, { ...(b.versioning ? { versionId } : {}), size: body.length, etag: etag.slice(1, -1), requester: account });
    // Never-versioned buckets return no VersionId; suspended ones return "null".
    return { ETag: etag, ...(b.versioning === undefined ? {} : { VersionId: versionId }) };
  }

  /** PutBucketPolicy (by a stack's AWS::S3::BucketPolicy, or a person in the console); undefined deletes it. */
  setBucketPolicy(bucket: string, policy: Json | undefined): void {
    const b = this.mustBucket(bucket);
    if (policy) b.policy = structuredClone(policy);
    else delete b.policy;
  }

  /** A copy of the bucket's policy (inspection). */
  bucketPolicy(bucket: string): Json | undefined {
    const policy = this.mustBucket(bucket).policy;
    return policy && structuredClone(policy);
  }

  allPolicies(): Json[] {
    return [...this.buckets.values()].flatMap((b) => (b.policy ? [b.policy] : []));
  }

  /**
   * GetBucketPolicy: the policy as a JSON string in the body; none: NoSuchBucketPolicy (404), "The bucket
   * policy does not exist" (S3 API reference, Error responses).
   */
  GetBucketPolicy(input: Json, account: string): Json {
    const b = this.owned(input.Bucket, account);
    if (!b.policy) throw fault('NoSuchBucketPolicy', 'The bucket policy does not exist', 404);
    return { Policy: JSON.stringify(b.policy) };
  }

  /** Denies the bucket's own account these actions (s3:GetObject, s3:ListBucket), as a bucket policy Deny would. */
  deny(bucket: string, actions: string[]): void {
    for (const a of actions) this.mustBucket(bucket).denied.add(a);
  }

  HeadObject(input: Json, account: string): Json {
    // HEAD responses have no body: a missing bucket is a bare 404, like a missing key.
    if (!this.buckets.has(input.Bucket)) throw fault('NotFound', 'Not Found', 404);
    const b = this.owned(input.Bucket, account);
    const latest = b.objects.get(input.Key)?.at(-1);
    // "If you don't have the s3:ListBucket permission, Amazon S3 returns an HTTP status code 403
    // Forbidden error" for a missing key; without s3:GetObject, 403 for any (S3 API reference, HeadObject).
    if (b.denied.has('s3:GetObject') || (!latest && b.denied.has('s3:ListBucket'))) throw fault('Forbidden', 'Forbidden', 403);
    if (!latest) throw fault('NotFound', 'Not Found', 404);
    return { ContentLength: latest.body.length, Metadata: latest.metadata, ...(b.versioning ? { VersionId: latest.versionId } : {}), ...(latest.contentType ? { ContentType: latest.contentType } : {}) };
  }

  /** All versions of all keys, latest last per key, paged by key and version markers as S3 does. */
  ListObjectVersions(input: Json, account: string): Json {
    const b = this.owned(input.Bucket, account);
    const all = [...b.objects.entries()]
      .sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0))
      .flatMap(([key, versions]) => [...versions].reverse().map((v, i) => ({ key, v, latest: i === 0 })));
    const start = input.KeyMarker ? all.findIndex((e) => e.key === input.KeyMarker && e.v.versionId === input.VersionIdMarker) + 1 : 0;
    const max = input.MaxKeys ?? 1000;
    const page = all.slice(start, start + max);
    const truncated = start + max < all.length;
    const last = page.at(-1);
    return {
      Name: b.name,
      IsTruncated: truncated,
      Versions: page.map((e) => ({ Key: e.key, VersionId: e.v.versionId, IsLatest: e.latest, Size: e.v.body.length })),
      ...(truncated && last ? { NextKeyMarker: last.key, NextVersionIdMarker: last.v.versionId } : {}),
    };
  }

  /** What S3 answers when a bucket that still holds object versions is deleted (CloudFormation reports it). */
  deleteRefusal(name: string): string | undefined {
    const b = this.buckets.get(name);
    if (!b || [...b.objects.values()].every((v) => v.length === 0)) return undefined;
    return 'Resource handler returned message: "The bucket you tried to delete is not empty. You must delete all versions in the bucket. (Service: S3, Status Code: 409)" (HandlerErrorCode: GeneralServiceException)';
  }

  /** The latest body of an object `account` may read; undefined when it is missing or not readable. */
  readableBody(bucket: string, key: string, account: string): Uint8Array | undefined {
    const b = this.buckets.get(bucket);
    if (!b || b.account !== account) return undefined;
    return b.objects.get(key)?.at(-1)?.body;
  }

  /** Bucket and key of an S3 URL (virtual-hosted or path style, with or without a region). */
  static parseUrl(url: string): { bucket: string; key: string } | undefined {
    const m =
      /^https:\/\/([a-z0-9.-]+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?\/(.+)$/.exec(url) ?? /^https:\/\/s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?\/([a-z0-9.-]+)\/(.+)$/.exec(url);
    return m ? { bucket: m[1], key: m[2].split('/').map(decodeURIComponent).join('/') } : undefined;
  }

  // ----- inspection -----
  objectExists(bucket: string, key: string): boolean {
    return (this.buckets.get(bucket)?.objects.get(key)?.length ?? 0) > 0;
  }

  /** The account that owns a bucket; undefined when there is none of that name. */
  ownerOf(bucket: string): string | undefined {
    return this.buckets.get(bucket)?.account;
  }

  versions(bucket: string, key: string): ObjectVersion[] {
    return this.mustBucket(bucket).objects.get(key) ?? [];
  }

  /** Puts an object directly (someone's upload, a pipeline artifact). */
  putObject(bucket: string, key: string, body: string | Uint8Array = 'x'): void {
    this.PutObject({ Bucket: bucket, Key: key, Body: body }, this.mustBucket(bucket).account);
  }

  bucketNames(account?: string): string[] {
    return [...this.buckets.values()].filter((b) => account === undefined || b.account === account).map((b) => b.name);
  }
}
