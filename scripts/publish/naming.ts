/**
 * Names, keys, tags and tokens of what is published, derived from the templates' content so that a
 * second run finds the same things: content-addressed S3 keys, version names `<package version>-<label>-
 * <hash8>`, version descriptions that carry the full template hash, and idempotency tokens that are a
 * hash of the request (the same request again returns what the first one created).
 */
import { createHash } from 'node:crypto';
import { partitionFacts } from '../config/regions';

export const PUBLISH_TAG = {
  catalog: 'xacct:catalog',
  product: 'xacct:product',
} as const;

/** S3 object metadata with the template hash: an object at the key holds this content. */
export const TEMPLATE_HASH_METADATA = 'xacct-template-sha256';

export const templateKey = (prefix: string, template: string, hash: string) => `${prefix}/${template}-${hash}.yaml`;

/** The virtual-hosted S3 URL Service Catalog loads the template from (the bucket is in `region`). */
export function templateUrl(bucket: string, region: string, key: string): string {
  const suffix = partitionFacts(region).dnsSuffix;
  return `https://${bucket}.s3.${region}.${suffix}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

export const versionName = (packageVersion: string, label: string, hash: string) => `${packageVersion}-${label}-${hash.slice(0, 8)}`;

export interface VersionOrigin {
  template: string;
  hash: string;
  key: string;
  bucket: string;
  commit?: string;
}

/** The description a version is created with: the template, its full hash and where it came from. */
export function versionDescription(o: VersionOrigin, guidance: string): string {
  return `${guidance} Template ${o.template} sha256:${o.hash} (s3://${o.bucket}/${o.key})${o.commit ? `, commit ${o.commit}` : ''}.`;
}

/** The template hash a version's description carries; undefined for versions made by other means. */
export const hashOfDescription = (description: string): string | undefined => /\bsha256:([0-9a-f]{16})\b/.exec(description)?.[1];

/** A deterministic token: a hash of what is asked for, so a repeated request is recognised as one. */
export function idempotencyToken(kind: string, account: string, request: unknown): string {
  return `xacct-${createHash('sha256').update(JSON.stringify({ kind, account, request })).digest('hex').slice(0, 40)}`;
}
