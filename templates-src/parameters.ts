/**
 * Parameter definitions shared by the templates. Patterns are anchored and tested against real and
 * malformed values (test/parameters.test.ts): a pattern that rejects real input, like the original
 * KMS-ARN pattern without an account segment, fails a stack at its first deployment.
 */
import type Parameter from 'cloudform-types/types/parameter';
import { SOURCE_ROLE_SUFFIX } from './policies/arns';

/**
 * Every partition the config may name: aws, aws-cn, aws-us-gov, aws-eusc (European Sovereign Cloud), and
 * newer aws-* ones. Which partition goes with which region: the SDK's partition data (the config checks
 * that every ARN's partition is its region's).
 */
const PARTITION = 'aws(?:-[a-z]+)*';
/** Region names of every partition: eu-west-1, cn-north-1, us-gov-west-1, eusc-de-east-1, us-isob-east-1. */
const REGION = '[a-z]{2,4}(?:-[a-z]+)+-\\d';
const ACCOUNT = '\\d{12}';
const NAME_PREFIX = '[a-z][a-z0-9-]{0,30}[a-z0-9]';

export const PATTERNS = {
  accountId: `^${ACCOUNT}$`,
  /** Lower-case so that derived bucket-safe and alias names stay valid. */
  namePrefix: `^${NAME_PREFIX}$`,
  /** A symmetric key by id (UUID) or a multi-Region key (mrk-...). Aliases do not work across accounts. */
  kmsKeyArn: `^arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:key/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$`,
  roleArn: `^arn:${PARTITION}:iam::${ACCOUNT}:role/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}$`,
  /** An IAM role or user that administers the key. */
  iamPrincipalArn: `^arn:${PARTITION}:iam::${ACCOUNT}:(?:role|user)/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}$`,
  roleName: '^[\\w+=,.@-]{1,64}$',
  /**
   * Account A's source role: `<NamePrefix>-ecr-source`, the only name stack B's key, bucket and pipeline
   * role policies trust. Any other name would create a role the pipeline cannot use.
   */
  sourceRoleName: `^${NAME_PREFIX}${SOURCE_ROLE_SUFFIX}$`,
  bucketName: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
  /** ECR: lower-case path segments separated by '/', '.', '_' or '-'. */
  repositoryName: '^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$',
  /**
   * A CloudWatch alarm name: "must contain only UTF-8 characters, and can't contain ASCII control
   * characters", 1 to 255 characters (CloudWatch API reference, PutMetricAlarm AlarmName). Also without
   * `*` and `?`: the pipeline role is granted the alarm by ARN, where they would be IAM wildcards.
   */
  alarmName: '^[^\\x00-\\x1f\\x7f*?]{1,255}$',
  /** Docker tag grammar. */
  imageTag: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$',
  /** ECS cluster and service names. */
  ecsName: '^[A-Za-z0-9_-]{1,255}$',
  s3ObjectKey: '^[A-Za-z0-9!_.*\'()/-]{1,1024}$',
} as const;

type StringParameterSpec = {
  description: string;
  pattern: string;
  constraint: string;
  default?: string;
  minLength?: number;
  maxLength?: number;
};

export function stringParameter(spec: StringParameterSpec): Parameter {
  return {
    Type: 'String',
    Description: spec.description,
    ...(spec.default !== undefined ? { Default: spec.default } : {}),
    AllowedPattern: spec.pattern,
    ...(spec.minLength !== undefined ? { MinLength: spec.minLength } : {}),
    ...(spec.maxLength !== undefined ? { MaxLength: spec.maxLength } : {}),
    ConstraintDescription: spec.constraint,
  };
}

export const sourceAccountId = (): Parameter =>
  stringParameter({
    description: 'Id of account A, the source account that holds the ECR repository.',
    pattern: PATTERNS.accountId,
    constraint: 'must be a 12-digit AWS account id, for example 111122223333.',
  });

export const targetAccountId = (): Parameter =>
  stringParameter({
    description: 'Id of account B, the target account that runs the pipeline and the ECS service (stack B output AccountId).',
    pattern: PATTERNS.accountId,
    constraint: 'must be a 12-digit AWS account id, for example 444455556666.',
  });

export const namePrefix = (): Parameter =>
  stringParameter({
    description:
      'Short name of this pipeline, used to derive the names both accounts must agree on (the source role in account A, the key alias). Use the same value for every deployment of this pipeline.',
    pattern: PATTERNS.namePrefix,
    constraint: 'must be 2 to 32 characters: lower-case letters, digits and hyphens, starting with a letter, for example orders-api.',
  });

export const roleArn = (description: string, example: string): Parameter =>
  stringParameter({
    description,
    pattern: PATTERNS.roleArn,
    constraint: `must be an IAM role ARN, for example ${example}.`,
  });

export const repositoryName = (description: string): Parameter =>
  stringParameter({
    description,
    pattern: PATTERNS.repositoryName,
    minLength: 2,
    maxLength: 256,
    constraint: 'must be 2 to 256 characters: lower-case letters, digits and . _ - separators, with / between path segments, for example team/orders-api.',
  });

export const imageTag = (): Parameter =>
  stringParameter({
    description: 'The image tag that is deployed; pushes of this tag start the pipeline. It stays mutable, every other tag is immutable.',
    default: 'latest',
    pattern: PATTERNS.imageTag,
    constraint: 'must be a Docker tag: up to 128 letters, digits, _ . -, not starting with . or -, for example latest or release.',
  });

export const ecsName = (what: string, example: string): Parameter =>
  stringParameter({
    description: `Name of the existing ECS ${what} in account B that the pipeline deploys to.`,
    pattern: PATTERNS.ecsName,
    constraint: `must be 1 to 255 letters, digits, hyphens or underscores, for example ${example}.`,
  });
