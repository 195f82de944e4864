/**
 * The deployment config: one YAML file (examples/deployment.yaml). Strict: unknown keys are errors,
 * every problem is reported at once with its path. Patterns are the templates' own (PATTERNS), so a
 * value the config accepts is one CloudFormation accepts.
 */
import { z } from './zod';
import { PATTERNS } from '../../templates-src/parameters';
import { mapping, text, wholeNumber } from './fields';
import { publishProblems, publishSchema } from './publish-schema';
import { isKnownRegion, partitionOf } from './regions';

/** The field builders below are shared with a fleet's targets (fleet-schema.ts). */
export const accountId = text('must be a string of 12 digits in quotes, for example "111122223333"', PATTERNS.accountId);
export const roleArn = (example: string, where = '') =>
  text(`must be an IAM role ARN${where}, for example arn:aws:iam::444455556666:role/${example} (role name: 1 to 64 characters)`, PATTERNS.roleArn);
const profileName = text('must name a profile of your AWS config files (~/.aws/config or ~/.aws/credentials)', undefined, { min: 1 });

/** How to get credentials for one account: exactly one of these forms. */
export const credentials = z.union(
  [
    z.strictObject({ profile: profileName }),
    z.strictObject({
      roleArn: roleArn('deployer'),
      /** Profile whose credentials assume the role; default: the default credential chain. */
      sourceProfile: profileName.optional(),
      // STS's own rule for ExternalId.
      externalId: text('must be 2 to 1224 letters, digits or _+=,.@:/-', /^[\w+=,.@:/-]{2,1224}$/).optional(),
      sessionName: text('must be 2 to 64 letters, digits or +=,.@_-', /^[\w+=,.@-]{2,64}$/).optional(),
    }),
    z.strictObject({
      defaultChain: z.literal(true, { error: 'must be true: the default credential chain (environment variables, AWS_PROFILE, the default profile, container or instance credentials)' }),
    }),
  ],
  { error: 'must be one of {profile: NAME}, {roleArn: ARN[, sourceProfile, externalId, sessionName]} or {defaultChain: true}' },
);

export const stackName = text('must be a stack name: 1 to 128 letters, digits and hyphens, starting with a letter', /^[A-Za-z][A-Za-z0-9-]{0,127}$/);

export const account = <E extends z.ZodRawShape = Record<never, never>>(which: string, extra?: E) =>
  mapping(
    {
      accountId,
      credentials,
      stackName,
      /**
       * Optional: the role CloudFormation uses to create, update and delete this account's stack (RoleARN
       * of change sets and deletes). With it the deploying credentials need no permissions on the stack's
       * resources (`xacct permissions --role cloudformation` prints what the role needs).
       */
      cloudFormationRoleArn: roleArn('orders-api-cloudformation', ' in this account').optional(),
      ...(extra as E),
    },
    `account ${which}`,
  );

/**
 * Optional: the AWS Organizations id of the organization the target accounts belong to. A fleet whose
 * execution roles no longer fit the repository policy when listed names them by organization instead
 * (docs/fleet.md). "The regex pattern for an organization ID string requires "o-" followed by from 10 to
 * 32 lowercase letters or digits" (AWS Organizations API reference, Organization).
 */
export const organizationId = text('must be an AWS Organizations id: o- and 10 to 32 lower-case letters or digits, for example o-a1b2c3d4e5', /^o-[a-z0-9]{10,32}$/);

/** Account A: an account, and the organization its targets share. */
export const sourceAccount = () => account('A (the source account: the ECR repository)', { organizationId: organizationId.optional() });

/** The pipeline settings, one shape for the single-target config and for a fleet's defaults and targets. */
export const PIPELINE_SHAPE = {
  namePrefix: text('must be 2 to 32 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen, for example orders-api', PATTERNS.namePrefix),
  repositoryName: text(
    'must be an ECR repository name of 2 to 256 characters: lower-case letters and digits in parts joined by . _ - or /, for example team/orders-api',
    PATTERNS.repositoryName,
    { min: 2, max: 256 },
  ),
  imageTag: text('must be a Docker tag: 1 to 128 letters, digits, _ . and -, not starting with . or -, for example latest', PATTERNS.imageTag).default('latest'),
  containerName: text('must be the container name of the task definition: 1 to 255 letters, digits, _ and -', /^[A-Za-z0-9_-]{1,255}$/),
  ecsCluster: text('must be an ECS cluster name: 1 to 255 letters, digits, _ and -', PATTERNS.ecsName),
  ecsService: text('must be an ECS service name: 1 to 255 letters, digits, _ and -', PATTERNS.ecsName),
  /** long: service/<cluster>/<service>; short: service/<service>, a service created before the long format and never migrated. */
  ecsServiceArnFormat: z.enum(['long', 'short'], { error: 'must be long (service/<cluster>/<service>) or short (service/<service>, a service created before 2021 and never migrated)' }).default('long'),
  ecsTaskExecutionRoleArn: roleArn('ecsTaskExecutionRole', ' in the target account'),
  ecsTaskRoleArn: roleArn('orders-api-task', ' in the target account').optional(),
  keyAdministratorArn: text(
    'must be an IAM role or user ARN in the target account, for example arn:aws:iam::444455556666:role/platform-admin',
    PATTERNS.iamPrincipalArn,
  ),
  artifactRetentionDays: wholeNumber(1, 3650, 'days').default(30),
  /**
   * Untagged images the repository keeps: the previous releases (each push of the tracked tag
   * untags the image before it). Ten: rollbacks to any of the last ten releases, and the running
   * image survives ten pushes that fail to deploy, for a few gigabytes of storage at most.
   */
  keepUntaggedImages: wholeNumber(1, 1000, 'untagged images, the previous releases').default(10),
  imageDefinitionsObjectKey: text(
    "must be an S3 object key of 1 to 1024 letters, digits and !_.*'()/-, for example imagedefinitions.zip",
    PATTERNS.s3ObjectKey,
  ).default('imagedefinitions.zip'),
  /** digest: each push deploys the image it pushed, by digest; tag: the article's repository:tag. */
  release: z.enum(['digest', 'tag'], { error: 'must be digest (each push deploys exactly the image it pushed) or tag (ECS runs whatever the tag points to)' }).default('digest'),
  /**
   * Optional: a CloudWatch alarm in the target account and region. After the deploy stage succeeds the
   * pipeline watches it and rolls the stage back when it goes into ALARM (stage condition, AccB-pipeline-2),
   * and `xacct promote` requires it OK in the wave before.
   */
  rollbackAlarmName: text("must be a CloudWatch alarm name: 1 to 255 characters, no control characters and no * or ?, for example orders-api-5xx", PATTERNS.alarmName).optional(),
};

/** Names a deployment: tags, the bus statement id. */
export const deploymentName = text('must be 2 to 48 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen, for example orders-api', /^[a-z][a-z0-9-]{0,46}[a-z0-9]$/);

export const regionField = z.string({ error: 'must be an AWS region the SDK knows, for example eu-west-1' }).refine(isKnownRegion);

/** Account A's permission on account B's default bus. */
export const eventBusSchema = mapping({ statementId: text('must be 1 to 64 letters, digits, - or _', /^[a-zA-Z0-9-_]{1,64}$/) }, 'event bus settings');

export const configSchema = z
  .strictObject({
    /** Names this deployment: tags, the bus statement id. */
    name: deploymentName,
    region: regionField,
    /** Account A: the ECR repository. */
    source: sourceAccount(),
    /** Account B: the pipeline and the ECS service. */
    target: account('B (the target account: the pipeline and the ECS service)'),
    pipeline: mapping(PIPELINE_SHAPE, 'the pipeline settings'),
    eventBus: eventBusSchema.optional(),
    /** Optional: how `xacct publish` puts the templates in AWS Service Catalog. */
    publish: publishSchema.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.source.accountId === c.target.accountId) {
      ctx.addIssue({ code: 'custom', path: ['target', 'accountId'], message: 'must differ from source.accountId: the pipeline spans two accounts' });
    }
    if (c.source.stackName === c.target.stackName) {
      // CloudFormation would accept it (two accounts), but each stack's outputs feed the other's
      // parameters and are told apart by stack name: one name for both would mix them up.
      ctx.addIssue({ code: 'custom', path: ['target', 'stackName'], message: `must differ from source.stackName (both are ${c.target.stackName}): each stack's outputs feed the other's parameters, told apart by stack name` });
    }
    for (const key of ['source', 'target'] as const) {
      const role = c[key].cloudFormationRoleArn;
      // CloudFormation takes a role of the stack's own account only.
      if (role !== undefined && new RegExp(PATTERNS.roleArn).test(role) && role.split(':')[4] !== c[key].accountId) {
        ctx.addIssue({ code: 'custom', path: [key, 'cloudFormationRoleArn'], message: `must be a role in the ${key} account ${c[key].accountId} (CloudFormation uses a role of the stack's own account)` });
      }
    }
    // An ARN names its partition (arn:PARTITION:...), and a region belongs to exactly one: a role ARN of
    // arn:aws: cannot be used in cn-north-1 (partition aws-cn). The partition of the region comes from the
    // SDK's partition data (regions.ts); the ARN's is its second field.
    if (isKnownRegion(c.region)) {
      const partition = partitionOf(c.region);
      for (const [path, arn] of configArns(c)) {
        const found = arn.split(':')[1];
        if (arn.startsWith('arn:') && found !== partition) {
          ctx.addIssue({ code: 'custom', path, message: `must be an ARN of partition ${partition}, the partition of region ${c.region} (arn:${partition}:...), not ${found}` });
        }
      }
    }
    const inTarget = (arn: string | undefined) => arn === undefined || arn.split(':')[4] === c.target.accountId;
    for (const field of ['ecsTaskExecutionRoleArn', 'ecsTaskRoleArn', 'keyAdministratorArn'] as const) {
      if (!inTarget(c.pipeline[field])) {
        ctx.addIssue({ code: 'custom', path: ['pipeline', field], message: `must be in the target account ${c.target.accountId}` });
      }
    }
    if (c.publish) {
      for (const issue of publishProblems(c.publish, { source: c.source.accountId, target: c.target.accountId })) ctx.addIssue({ code: 'custom', ...issue });
    }
  });

/** Every ARN the config holds, with its path. */
function configArns(c: {
  source: { credentials: object; cloudFormationRoleArn?: string };
  target: { credentials: object; cloudFormationRoleArn?: string };
  pipeline: { ecsTaskExecutionRoleArn: string; ecsTaskRoleArn?: string; keyAdministratorArn: string };
  publish?: { catalogs: Partial<Record<string, { principals: string[] } | undefined>> };
}): Array<[Array<string | number>, string]> {
  const found: Array<[Array<string | number>, string | undefined]> = [];
  for (const key of ['source', 'target'] as const) {
    found.push([[key, 'credentials', 'roleArn'], (c[key].credentials as { roleArn?: string }).roleArn]);
    found.push([[key, 'cloudFormationRoleArn'], c[key].cloudFormationRoleArn]);
  }
  for (const field of ['ecsTaskExecutionRoleArn', 'ecsTaskRoleArn', 'keyAdministratorArn'] as const) found.push([['pipeline', field], c.pipeline[field]]);
  for (const [catalog, entry] of Object.entries(c.publish?.catalogs ?? {})) {
    (entry?.principals ?? []).forEach((arn, i) => found.push([['publish', 'catalogs', catalog, 'principals', i], arn]));
  }
  return found.filter((f): f is [Array<string | number>, string] => typeof f[1] === 'string');
}

export type DeploymentConfig = z.infer<typeof configSchema> & {
  /**
   * Set on a fleet target's single-target config (never read from a file): its release wave, so the code
   * that takes one target's config (status, diff, doctor, destroy per target) expects the wave's tag.
   */
  readonly fleetWave?: number;
};
export type CredentialsConfig = DeploymentConfig['source']['credentials'];

/** The statement id of the bus permission for account A: fixed per deployment, so a repeat is an upsert. */
export const statementIdOf = (c: DeploymentConfig) => c.eventBus?.statementId ?? `xacct-${c.name}`;
