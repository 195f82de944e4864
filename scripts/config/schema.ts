/**
 * The deployment config: one YAML file (examples/deployment.yaml). Strict: unknown keys are errors,
 * every problem is reported at once with its path. Patterns are the templates' own (PATTERNS), so a
 * value the config accepts is one CloudFormation accepts.
 */
import { z } from 'zod';
import { PATTERNS } from '../../templates-src/parameters';
import { publishProblems, publishSchema } from './publish-schema';
import { isKnownRegion } from './regions';

const pattern = (p: string, what: string) => z.string().regex(new RegExp(p), { message: `must be ${what}` });

const accountId = pattern(PATTERNS.accountId, 'a 12-digit AWS account id in quotes, for example "111122223333"');
const roleArn = pattern(PATTERNS.roleArn, 'an IAM role ARN, for example arn:aws:iam::444455556666:role/deployer');

/** How to get credentials for one account: exactly one of these forms. */
const credentials = z.union(
  [
    z.strictObject({ profile: z.string().min(1, { message: 'must name a profile of ~/.aws/config or ~/.aws/credentials' }) }),
    z.strictObject({
      roleArn,
      /** Profile whose credentials assume the role; default: the default credential chain. */
      sourceProfile: z.string().min(1).optional(),
      externalId: z.string().min(2).max(1224).optional(),
      sessionName: z.string().regex(/^[\w+=,.@-]{2,64}$/, { message: 'must be 2 to 64 letters, digits or +=,.@_-' }).optional(),
    }),
    z.strictObject({ defaultChain: z.literal(true) }),
  ],
  { error: () => 'must be one of {profile: NAME}, {roleArn: ARN[, sourceProfile, externalId, sessionName]} or {defaultChain: true}' },
);

const stackName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, { message: 'must be a stack name: up to 128 letters, digits and hyphens, starting with a letter' });

const account = z.strictObject({
  accountId,
  credentials,
  stackName,
});

export const configSchema = z
  .strictObject({
    /** Names this deployment: tags, the bus statement id. */
    name: z.string().regex(/^[a-z][a-z0-9-]{0,46}[a-z0-9]$/, {
      message: 'must be 2 to 48 lower-case letters, digits and hyphens, starting with a letter',
    }),
    region: z.string().refine(isKnownRegion, { message: 'must be an AWS region the SDK knows, for example eu-west-1' }),
    /** Account A: the ECR repository. */
    source: account,
    /** Account B: the pipeline and the ECS service. */
    target: account,
    pipeline: z.strictObject({
      namePrefix: pattern(PATTERNS.namePrefix, '2 to 32 lower-case letters, digits and hyphens, starting with a letter'),
      repositoryName: pattern(PATTERNS.repositoryName, 'an ECR repository name, for example team/orders-api').max(256),
      imageTag: pattern(PATTERNS.imageTag, 'a Docker tag, for example latest').default('latest'),
      containerName: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, { message: 'must be the container name of the task definition: letters, digits, _ and -' }),
      ecsCluster: pattern(PATTERNS.ecsName, 'an ECS cluster name'),
      ecsService: pattern(PATTERNS.ecsName, 'an ECS service name'),
      ecsTaskExecutionRoleArn: roleArn,
      ecsTaskRoleArn: roleArn.optional(),
      keyAdministratorArn: pattern(PATTERNS.iamPrincipalArn, 'an IAM role or user ARN in the target account'),
      artifactRetentionDays: z.number().int().min(1).max(3650).default(30),
      untaggedImageExpiryDays: z.number().int().min(1).max(3650).default(14),
      imageDefinitionsObjectKey: pattern(PATTERNS.s3ObjectKey, 'an S3 object key, for example imagedefinitions.zip').default('imagedefinitions.zip'),
    }),
    eventBus: z
      .strictObject({
        statementId: z.string().regex(/^[a-zA-Z0-9-_]{1,64}$/, { message: 'must be 1 to 64 letters, digits, - or _' }),
      })
      .optional(),
    /** Optional: how `xacct publish` puts the templates in AWS Service Catalog. */
    publish: publishSchema.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.source.accountId === c.target.accountId) {
      ctx.addIssue({ code: 'custom', path: ['target', 'accountId'], message: 'must differ from source.accountId: the pipeline spans two accounts' });
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

export type DeploymentConfig = z.infer<typeof configSchema>;
export type CredentialsConfig = DeploymentConfig['source']['credentials'];

/** The statement id of the bus permission for account A: fixed per deployment, so a repeat is an upsert. */
export const statementIdOf = (c: DeploymentConfig) => c.eventBus?.statementId ?? `xacct-${c.name}`;
