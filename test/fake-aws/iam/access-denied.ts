/**
 * What AWS answers a request no identity policy allows, per protocol (research: access-denied-messages.md,
 * from the IAM user guide, troubleshoot_access-denied.html: "User: <arn> is not authorized to perform:
 * <action> on resource: <arn> because no identity-based policy allows the <action> action"):
 * - query protocol (CloudFormation, STS, IAM), and CloudWatch, whose awsJson1_0 answers keep the Query
 *   API's code in `x-amzn-query-error` (awsQueryCompatible): `AccessDenied`, HTTP 403 (unsure for
 *   CloudWatch on JSON: no recorded answer; the tool treats both spellings alike, aws-errors.ts);
 * - JSON protocol (EventBridge, CodePipeline, ECR, Service Catalog, KMS, ECS): `AccessDeniedException`,
 *   HTTP 400 (which services speak which: wire/protocols.ts);
 * - S3: `AccessDenied`, HTTP 403, the resource in double quotes; a HEAD answer has no body at all (the
 *   wire layer drops it), so the SDK sees a bare 403.
 * A request on "*" names no resource.
 */
import { fault, type FakeAwsError } from '../fault';
import { JSON_SERVICES } from '../wire/protocols';

export function accessDenied(service: string, principalArn: string, action: string, resource: string): FakeAwsError {
  const on = resource === '*' ? '' : ` on resource: ${service === 's3' ? `"${resource}"` : resource}`;
  const message = `User: ${principalArn} is not authorized to perform: ${action}${on} because no identity-based policy allows the ${action} action`;
  return JSON_SERVICES.has(service) ? fault('AccessDeniedException', message, 400) : fault('AccessDenied', message, 403);
}
