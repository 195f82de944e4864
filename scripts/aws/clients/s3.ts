/** S3's port: the source bucket's versioning and policy, and the objects the deploy sequence uploads and checks. */
import {
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { codeOf, statusOf } from '../aws-errors';
import { readPolicyDocument } from '../../iam/policy';
import { paged } from '../paging';
import type { PolicyDocument, S3Port } from '../ports';


/**
 * A HEAD answer has no body, so a 403 reaches the SDK without a name or a reason. What it means is in
 * the S3 API reference (HeadObject, Permissions): the caller may not s3:GetObject the object, or the
 * object does not exist and the caller may not s3:ListBucket the bucket ("If you don't have the
 * s3:ListBucket permission, Amazon S3 returns an HTTP status code 403 Forbidden error").
 */
function headForbidden(cause: unknown, bucket: string, key: string): Error {
  return Object.assign(
    new Error(
      `S3 answered HeadObject s3://${bucket}/${key} with 403 Forbidden and no reason (HEAD answers carry no body). Either these credentials may not s3:GetObject on object ${key} of bucket ${bucket}, or the object does not exist and they may not s3:ListBucket on bucket ${bucket} (S3 then answers 403 instead of 404). Check both permissions in the identity policy and the bucket policy.`,
    ),
    { name: 'AccessDenied', $metadata: (cause as { $metadata?: unknown }).$metadata, cause },
  );
}

/**
 * A HEAD answered 400 with no body. S3 answers an expired session token with ExpiredToken, HTTP 400
 * Bad Request (S3 API reference, Error responses: "ExpiredToken | The provided token has expired. | 400
 * Bad Request"; InvalidToken "The provided token is malformed or otherwise invalid" and
 * AuthorizationHeaderMalformed, a request signed for another region, are 400 too), and a
 * HEAD error carries only its status (HeadObject: "If the HEAD request generates an error, it returns a
 * generic code, such as 400 Bad Request, 403 Forbidden, 404 Not Found ... It's not possible to retrieve
 * the exact exception"). Which 400 it was cannot be told (unsure); the tool sends no SSE-C headers and
 * no conditions on HEAD, so the credentials are the likely cause, and the safer reading: the run stops
 * with the command that refreshes them (aws-errors / credential-errors: `HeadBadRequest`).
 */
function headBadRequest(cause: unknown, bucket: string, key: string): Error {
  return Object.assign(
    new Error(`S3 answered HeadObject s3://${bucket}/${key} with 400 Bad Request and no reason (HEAD answers carry no body); S3 answers an expired or invalid session token with 400`),
    { name: 'HeadBadRequest', $metadata: (cause as { $metadata?: unknown }).$metadata, cause },
  );
}

export function s3Port(client: S3Client): S3Port {
  return {
    async bucketVersioning(bucket) {
      const out = await client.send(new GetBucketVersioningCommand({ Bucket: bucket }));
      return out.Status === 'Enabled' ? 'Enabled' : out.Status === 'Suspended' ? 'Suspended' : 'Never';
    },
    async headObject(bucket, key) {
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { ...(out.VersionId ? { versionId: out.VersionId } : {}), metadata: out.Metadata ?? {} };
      } catch (e) {
        if (codeOf(e) === 'NotFound' || codeOf(e) === 'NoSuchKey') return undefined;
        if (statusOf(e) === 403) throw headForbidden(e, bucket, key);
        if (statusOf(e) === 400) throw headBadRequest(e, bucket, key);
        throw e;
      }
    },
    async putObject(bucket, key, body, metadata, contentType) {
      const out = await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, Metadata: metadata, ContentType: contentType }));
      return out.VersionId && out.VersionId !== 'null' ? { versionId: out.VersionId } : {};
    },
    async bucketPolicy(bucket) {
      try {
        const out = await client.send(new GetBucketPolicyCommand({ Bucket: bucket }));
        return out.Policy ? readPolicyDocument<PolicyDocument>(out.Policy) : undefined;
      } catch (e) {
        if (codeOf(e) === 'NoSuchBucketPolicy') return undefined;
        throw e;
      }
    },
    countObjectVersions: paged<S3Port['countObjectVersions']>((page) => async (bucket) => {
      let count = 0;
      let keyMarker: string | undefined;
      let versionMarker: string | undefined;
      try {
        for (;;) {
          const out = await page(() => client.send(new ListObjectVersionsCommand({ Bucket: bucket, ...(keyMarker ? { KeyMarker: keyMarker, VersionIdMarker: versionMarker } : {}) })));
          count += (out.Versions?.length ?? 0) + (out.DeleteMarkers?.length ?? 0);
          if (!out.IsTruncated) return count;
          keyMarker = out.NextKeyMarker;
          versionMarker = out.NextVersionIdMarker;
        }
      } catch (e) {
        if (codeOf(e) === 'NoSuchBucket') return undefined;
        throw e;
      }
    }),
  };
}
