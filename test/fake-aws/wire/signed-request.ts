/**
 * Who sent a request and to which service and region, read as AWS reads it: from the SigV4
 * `Authorization` header, `AWS4-HMAC-SHA256 Credential=<access key id>/<date>/<region>/<service>/aws4_request, ...`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-auth-methods.html). The fake does not
 * check signatures: credentials map to accounts by access key id, as STS and IAM do.
 */
export interface Signer {
  accessKeyId: string;
  region: string;
  /** The SigV4 signing name: cloudformation, sts, events, codepipeline, ecr, servicecatalog, s3, iam, kms, ecs. */
  service: string;
  /** The signing time, from `X-Amz-Date` (`YYYYMMDD'T'HHMMSS'Z'`), in ms; absent when the header is. */
  signedAt?: number;
}

export function signerOf(headers: Record<string, string>): Signer | undefined {
  const authorization = Object.entries(headers).find(([h]) => h.toLowerCase() === 'authorization')?.[1];
  const m = authorization && /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization);
  if (!m) return undefined;
  const date = Object.entries(headers).find(([h]) => h.toLowerCase() === 'x-amz-date')?.[1];
  const t = date && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
  const signedAt = t ? Date.UTC(+t[1], +t[2] - 1, +t[3], +t[4], +t[5], +t[6]) : undefined;
  return { accessKeyId: m[1], region: m[2], service: m[3], ...(signedAt !== undefined ? { signedAt } : {}) };
}
