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
}

export function signerOf(headers: Record<string, string>): Signer | undefined {
  const authorization = Object.entries(headers).find(([h]) => h.toLowerCase() === 'authorization')?.[1];
  const m = authorization && /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization);
  return m ? { accessKeyId: m[1], region: m[2], service: m[3] } : undefined;
}
