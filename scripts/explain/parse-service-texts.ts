/**
 * Messages without the IAM sentence, which still say where to look: CodePipeline's action errors, ECS's
 * image pull failures, EventBridge's dead-letter error codes, S3's bare "Access Denied", CloudFormation's
 * template and tagging errors. Each pattern is a fixture in test/explain with the page or issue it
 * comes from.
 */
import type { ParsedMessage } from './message';

type Parsed = Partial<ParsedMessage>;

/** `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:tag|@digest]` in a pull error. */
const REGISTRY = /(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9._/-]+?)((?::\w[\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?)(?=[\s,;'":]|$)/;

export function imageOf(text: string): ParsedMessage['image'] | undefined {
  const m = REGISTRY.exec(text);
  if (!m) return undefined;
  const reference = m[4] ? m[4].replace(/^[:@]/, '') : undefined;
  return { account: m[1], region: m[2], repository: m[3].replace(/\/$/, ''), ...(reference ? { reference } : {}) };
}

/** The SDK or CLI wrapper's API name: `An error occurred (AccessDenied) when calling the PutObject operation`. */
export function operationOf(text: string): string | undefined {
  return /when calling the (\w+) operation/i.exec(text)?.[1] ?? /operation error \w+: (\w+)/i.exec(text)?.[1];
}

/** "Documented on the EventBridge User Guide's dead-letter page; these are the codes about permissions and targets." */
const DEAD_LETTER_CODES = ['FAILED_TO_ASSUME_ROLE', 'TRANSIENT_ASSUME_ROLE', 'NO_PERMISSIONS', 'CROSS_ACCOUNT_INGESTION_FAILED', 'NO_RESOURCE', 'THIRD_ACCOUNT_HOP_DETECTED'];

function deadLetter(text: string): Parsed | undefined {
  const code = new RegExp(`\\b(${DEAD_LETTER_CODES.join('|')})\\b`).exec(text)?.[1];
  if (!code) return undefined;
  const ruleArn = /arn:[\w-]+:events:[\w-]+:\d{12}:rule\/[\w.-]+(?:\/[\w.-]+)?/.exec(text)?.[0];
  const targetArn = /arn:[\w-]+:events:[\w-]+:\d{12}:event-bus\/[\w.-]+/.exec(text)?.[0];
  return { form: 'eventbridge-dead-letter', deadLetter: { code, ...(ruleArn ? { ruleArn } : {}), ...(targetArn ? { targetArn } : {}) } };
}

function codePipeline(text: string): Parsed | undefined {
  const artifact = /Unable to access the artifact with Amazon S3 object key '([^']*)' located in the Amazon S3 artifact bucket '([^']*)'/i.exec(text);
  if (artifact) return { form: 'codepipeline-artifact', objectKey: artifact[1], bucket: artifact[2] };
  const bucket = /permissions required to access the Amazon S3 bucket named (\S+?)\.?(?=\s|$)/i.exec(text);
  if (bucket) return { form: 'codepipeline-permissions', service: 'S3', bucket: bucket[1] };
  const connection = /Unable to use Connection: (arn:\S+?)\.?(?=\s|$)/i.exec(text);
  if (connection) return { form: 'codepipeline-permissions', service: 'CodeConnections', connectionArn: connection[1] };
  const service = /The provided role does not have sufficient permissions to access (\w[\w ]*?)(?=[.,"(]|$)/i.exec(text);
  if (service) return { form: 'codepipeline-permissions', service: service[1].trim() };
  const s3 = /Your access has been denied by S3, please make sure your request credentials have permission to (\w+) for (\S+)/i.exec(text);
  if (s3) return { form: 'codepipeline-permissions', service: 'S3', operation: s3[1], bucket: s3[2].split('/')[0] };
  return undefined;
}

function cloudFormation(text: string): Parsed | undefined {
  if (/TemplateURL must reference a valid S3 object|Template validation error: S3 error/i.test(text)) return { form: 'cloudformation-template' };
  if (/permissions error performing a tagging operation/i.test(text)) return { form: 'cloudformation-tagging' };
  return undefined;
}

function imagePull(text: string): Parsed | undefined {
  if (!/CannotPull(?:ECR)?ContainerError|pull image manifest|failed to resolve ref|pull access denied|can.t pull the image/i.test(text)) return undefined;
  const image = imageOf(text);
  return image ? { form: 'image-pull-forbidden', image } : undefined;
}

/** A public canned ACL in the copied command or request (`--acl public-read`, `x-amz-acl: public-read`). */
export function publicAclOf(text: string): string | undefined {
  return /(?:--acl[ =]|x-amz-acl:?\s*|ACL[=:]\s*["']?)(public-read-write|public-read|authenticated-read)\b/i.exec(text)?.[1];
}

const s3Target = (text: string) => /\bs3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(\S*))?/.exec(text);

/** S3 with ACLs disabled (Object Ownership "bucket owner enforced") refuses any ACL but the owner's: 400 AccessControlListNotSupported. */
function aclsDisabled(text: string): Parsed | undefined {
  if (!/AccessControlListNotSupported|The bucket does not allow ACLs/i.test(text)) return undefined;
  const operation = operationOf(text);
  const s3 = s3Target(text);
  return {
    form: 's3-acls-disabled',
    decision: 'explicit',
    deniedBy: 'object-ownership',
    ...(operation ? { operation } : {}),
    ...(s3 ? { bucket: s3[1], ...(s3[2] ? { objectKey: s3[2].replace(/[:,]$/, '') } : {}) } : {}),
  };
}

function generic(text: string): Parsed | undefined {
  // "Access Denied", "403 Forbidden", and a HEAD request's "(403) when calling the HeadObject operation: Forbidden".
  if (!/\bAccess ?Denied\b|\b403\b.{0,80}\bForbidden\b/i.test(text)) return undefined;
  const operation = operationOf(text);
  // SDKs and the CLI often say which object they were at: `s3://bucket/key`.
  const s3 = s3Target(text);
  const acl = publicAclOf(text);
  return {
    form: 'generic-access-denied',
    ...(acl ? { publicAcl: acl } : {}),
    ...(operation ? { operation } : {}),
    ...(s3 ? { bucket: s3[1], ...(s3[2] ? { objectKey: s3[2].replace(/[:,]$/, '') } : {}) } : {}),
  };
}

/** The first of these forms the text fits, most specific first. */
export function parseServiceText(text: string): Parsed | undefined {
  return codePipeline(text) ?? imagePull(text) ?? deadLetter(text) ?? cloudFormation(text) ?? aclsDisabled(text) ?? generic(text);
}
