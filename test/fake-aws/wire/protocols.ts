/**
 * Which wire protocol each service the fake speaks answers in, by SigV4 signing name: awsQuery
 * (query-protocol.ts), awsJson1_1 or awsJson1_0 (json-protocol.ts); S3 has its own (s3-protocol.ts). The
 * protocol also decides how common errors are named: the awsJson1_1 services end theirs in Exception
 * (AccessDeniedException, ThrottlingException, ExpiredTokenException), the query ones do not
 * (AccessDenied, Throttling, ExpiredToken), and neither does CloudWatch: it moved from awsQuery to
 * awsJson1_0 with the awsQueryCompatible trait, which keeps the Query API's codes in the
 * `x-amzn-query-error` header ("allows services to backward compatibly migrate from awsQuery to
 * awsJson1_0 without removing values defined in the awsQueryError trait", smithy-lang/smithy-rs#1872).
 */
export const QUERY_SERVICES = new Set(['cloudformation', 'sts', 'iam']);
export const JSON_SERVICES = new Set(['events', 'codepipeline', 'ecr', 'servicecatalog', 'kms', 'ecs', 'logs']);

/** How an awsJson1_0 service is called: its `X-Amz-Target` prefix, and whether it is awsQueryCompatible. */
export interface Json10Service {
  targetPrefix: string;
  queryCompatible: boolean;
}

/**
 * CloudWatch (`monitoring`): @aws-sdk/client-cloudwatch 3.1178's runtime config has `protocol:
 * AwsJson1_0Protocol`, `serviceTarget: "GraniteServiceVersion20100801"` and `awsQueryCompatible: true`.
 */
export const JSON_1_0_SERVICES: Record<string, Json10Service> = {
  monitoring: { targetPrefix: 'GraniteServiceVersion20100801', queryCompatible: true },
};
