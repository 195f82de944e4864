/**
 * What an access-denied message says, once read: who was refused, which IAM action, on what, and which
 * kind of policy AWS blames. Every form xacct reads is listed in `MessageForm`; the formats and where
 * each comes from are in test/explain/fixtures (one source per sample).
 */

/**
 * The policy type a message blames, in AWS's words: `identity` ("no identity-based policy allows"),
 * `resource` (resource-based policy, role trust policy), `scp`, `rcp`, `boundary` (permissions
 * boundary), `session` (session policy), `vpce` (VPC endpoint policy), `unknown` (the message does not
 * say, as for STS AssumeRole).
 */
export type DeniedBy =
  | 'identity'
  | 'resource'
  | 'scp'
  | 'rcp'
  | 'boundary'
  | 'session'
  | 'vpce'
  /** S3 Block Public Access ("because public access control lists (ACLs) are blocked by the BlockPublicAcls block public access setting"). */
  | 'block-public-access'
  /** S3 Object Ownership "bucket owner enforced": ACLs disabled (AccessControlListNotSupported). */
  | 'object-ownership'
  | 'unknown';

export type MessageForm =
  /** `User: <caller> is not authorized to perform: <action> [on resource: <resource>] [because ...]` (IAM User Guide). */
  | 'not-authorized'
  /** CodePipeline action errors: "The provided role does not have sufficient permissions to access ECS", "... the Amazon S3 bucket named ...". */
  | 'codepipeline-permissions'
  /** CodePipeline: "Unable to access the artifact with Amazon S3 object key '...' located in the Amazon S3 artifact bucket '...'". */
  | 'codepipeline-artifact'
  /** ECS stopped reason: CannotPullContainerError ... 403 Forbidden, with the registry but no principal. */
  | 'image-pull-forbidden'
  /** An EventBridge dead-letter message's ERROR_CODE (FAILED_TO_ASSUME_ROLE, NO_PERMISSIONS, ...). */
  | 'eventbridge-dead-letter'
  /** A bare "Access Denied" (S3 across organizations, HEAD requests): no principal, action or reason. */
  | 'generic-access-denied'
  /** CloudFormation could not read a template from S3 (TemplateURL): not a pipeline call. */
  | 'cloudformation-template'
  /** CloudFormation: "Encountered a permissions error performing a tagging operation". */
  | 'cloudformation-tagging'
  /** S3: "An error occurred (AccessControlListNotSupported) when calling the PutObject operation: The bucket does not allow ACLs". */
  | 's3-acls-disabled';

export interface CallerRef {
  /** As written in the message. */
  text: string;
  kind: 'assumed-role' | 'role' | 'user' | 'root' | 'service' | 'other';
  partition?: string;
  /** Only when the message holds 12 digits (public samples often redact it). */
  account?: string;
  roleName?: string;
  session?: string;
  userName?: string;
}

export interface ResourceRef {
  /** As written in the message (without S3's quotes). */
  text: string;
  /** `iam-words`: IAM's `role NAME` form; `unreadable`: truncated or mangled. */
  kind: 'arn' | 'iam-words' | 'wildcard' | 'unreadable';
  arn?: string;
  /** For `iam-words`: the IAM resource type and name. */
  iamType?: string;
  iamName?: string;
  /** The message was cut inside it: `arn` holds only what is whole (an S3 object's bucket and folders, then `*`). */
  cut?: boolean;
}

export interface ParsedMessage {
  form: MessageForm;
  /** The message as read: wrappers kept, whitespace and escapes normalized. */
  text: string;
  caller?: CallerRef;
  /** The IAM action (`s3:PutObject`), service prefix in lower case. */
  action?: string;
  resource?: ResourceRef;
  decision?: 'implicit' | 'explicit';
  /** The policy-type phrase as written ("service control policy"). */
  policyType?: string;
  /** What the phrase means; undefined when the message names no policy type. */
  deniedBy?: DeniedBy;
  /** The denying policy's ARN (AWS adds it for SCPs, RCPs, boundaries, session and identity policies since 2025). */
  policyArn?: string;
  /** "... transitively through a service control policy". */
  via?: string;
  /** A reason that is no policy ("because this bucket has blocked upload requests ..."). */
  otherReason?: string;
  /** The API call of an SDK or CLI wrapper: "when calling the PutObject operation". */
  operation?: string;
  /** CodePipeline's "access ECS" / "access CodeDeploy". */
  service?: string;
  bucket?: string;
  objectKey?: string;
  /** An image reference of a pull failure: registry account and region, repository, tag or digest. */
  image?: { account: string; region: string; repository: string; reference?: string };
  deadLetter?: { code: string; ruleArn?: string; targetArn?: string };
  connectionArn?: string;
  /** The message was cut off by the service or by whoever copied it. */
  truncated?: boolean;
  /** The request set a public canned ACL (`--acl public-read`, `x-amz-acl: public-read`), as the copied command shows. */
  publicAcl?: string;
}
