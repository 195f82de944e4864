/**
 * Which wire protocol each service the fake speaks answers in, by SigV4 signing name: awsQuery
 * (query-protocol.ts; CloudWatch's `monitoring` too, the Query API the tool's own client sends:
 * scripts/aws/clients/cloudwatch.ts) or awsJson1_1 (json-protocol.ts); S3 has its own (s3-protocol.ts). The protocol
 * also decides how common errors are named: the JSON services end theirs in Exception
 * (AccessDeniedException, ThrottlingException, ExpiredTokenException), the query ones do not
 * (AccessDenied, Throttling, ExpiredToken).
 */
export const QUERY_SERVICES = new Set(['cloudformation', 'sts', 'iam', 'monitoring']);
export const JSON_SERVICES = new Set(['events', 'codepipeline', 'ecr', 'servicecatalog', 'kms', 'ecs', 'logs']);
