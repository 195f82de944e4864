/**
 * Every AWS API call xacct itself makes, with the IAM action that authorizes it, what it is scoped to,
 * which commands make it and the page that says so. The deployer policy is built from this table alone:
 * a new call in scripts/aws/clients/ needs one row here (a test fails until it has one).
 *
 * `operation` is `<client>:<Command>` as scripts/aws/clients/ sends it. An operation authorized by more than one
 * action, or used on two kinds of resource, has a row for each. Actions and their resource types are
 * the Service Authorization Reference's (SAR); where the API's name differs from the action's, the API
 * reference's sentence is cited.
 */
import type { ScopeKey } from './deployer-scopes';
import type { PermissionScope } from './scope';
import type { AccountKey } from './policy-types';
import { API, SAR } from './references';

export type Command = 'init' | 'plan' | 'diff' | 'deploy-sequence' | 'status' | 'status --drift' | 'destroy' | 'publish' | 'doctor' | 'promote';

/** In which accounts the call is made: both, one, or the accounts whose Service Catalog publish uses. */
export type CallAccounts = 'both' | AccountKey | 'catalog';

export interface CallRow {
  operation: string;
  /** The IAM action; absent when the call needs no permission. */
  action?: string;
  scope: ScopeKey;
  accounts: CallAccounts;
  commands: readonly Command[];
  source: string;
  /** When only part of the operation's uses need this action, or the call is made only sometimes. */
  note?: string;
  /** Where no source settles the row: why, and what was chosen. */
  unsure?: string;
  /**
   * An `any-resource` row's statement when it shares one with the other rows naming it (default: a
   * statement of its own), so that the deployer policy keeps within IAM's size limit for a role's
   * inline policies.
   */
  statement?: string;
  /** Whether the config makes this call at all (default: always). */
  when?: (scope: PermissionScope, account: AccountKey) => boolean;
}

const READS: readonly Command[] = ['plan', 'deploy-sequence', 'status', 'destroy', 'doctor'];
/** Only `xacct doctor` reads the live policies and rules of the chain. */
const DOCTOR: readonly Command[] = ['doctor'];
const withRole = (s: PermissionScope, a: AccountKey) => s[a].cloudFormationRoleArn !== undefined;
/**
 * Service Catalog's actions that take no resource type share one statement: one statement each would
 * take the target deployer of a config that publishes and shares past IAM's 10,240 characters for a
 * role's inline policies.
 */
const SERVICE_CATALOG_ANY = 'AnyResourceServiceCatalog';
const sharesWithFleet = (s: PermissionScope, a: AccountKey) => s.catalogs[a]?.sharesWithFleet === true;
const constrainsLaunch = (s: PermissionScope, a: AccountKey) => s.catalogs[a]?.constrainsLaunch === true;
const withAlarm = (s: PermissionScope) => s.rollbackAlarmName !== undefined;
/** Only a deployment released in waves tags images (promote): a single target's deployer never writes to the repository. */
const inWaves = (s: PermissionScope) => s.releasesInWaves === true;
const withoutPortfolioId = (s: PermissionScope, a: AccountKey) => s.catalogs[a]?.portfolioId === undefined;

const usesStackSets = (s: PermissionScope) => s.stackSets === true;
const STACK_SET_NOTE = 'with the StackSets engine (deploy-sequence --engine stacksets)';
/** The StackSet calls, each on the stage stack sets (CreateStackSet: "*" only, no stack set exists yet). */
const STACK_SET_CALLS: readonly CallRow[] = [
  { operation: 'CloudFormation:CreateStackSet', action: 'cloudformation:CreateStackSet', scope: 'any-resource', accounts: 'source', commands: ['deploy-sequence'], source: SAR.cloudformation, note: `${STACK_SET_NOTE}; the reference lists no resource type for this action: "*" only`, when: usesStackSets },
  ...(['DescribeStackSet', 'UpdateStackSet', 'CreateStackInstances', 'UpdateStackInstances', 'DeleteStackInstances', 'DeleteStackSet', 'ListStackInstances', 'DescribeStackInstance', 'DescribeStackSetOperation', 'ListStackSetOperationResults'] as const).map(
    (op): CallRow => ({ operation: `CloudFormation:${op}`, action: `cloudformation:${op}`, scope: 'stack-sets', accounts: 'source', commands: ['deploy-sequence'], source: SAR.cloudformation, note: STACK_SET_NOTE, when: usesStackSets }),
  ),
  // Account B, between the stages: the instances' stacks are read, and imagedefinitions.zip goes to the
  // stage-1 instance's source bucket. The teardown reads what the stage-1 instance holds and, when
  // StackSets could not delete it for a bucket with objects, deletes it keeping that bucket.
  ...(
    [
      ['CloudFormation:DescribeStacks', 'cloudformation:DescribeStacks', 'stack-set-instances', SAR.cloudformation, ['deploy-sequence', 'destroy']],
      ['S3:HeadObject', 's3:GetObject', 'stage-one-instance-objects', API.headObject, ['deploy-sequence']],
      ['S3:HeadObject', 's3:ListBucket', 'stage-one-instance-buckets', API.headObject, ['deploy-sequence']],
      ['S3:GetBucketVersioning', 's3:GetBucketVersioning', 'stage-one-instance-buckets', SAR.s3, ['deploy-sequence']],
      ['S3:PutObject', 's3:PutObject', 'stage-one-instance-objects', SAR.s3, ['deploy-sequence']],
      ['CloudFormation:ListStackResources', 'cloudformation:ListStackResources', 'stage-one-instance', SAR.cloudformation, ['destroy']],
      ['CloudFormation:GetTemplate', 'cloudformation:GetTemplate', 'stage-one-instance', SAR.cloudformation, ['destroy']],
      ['S3:ListObjectVersions', 's3:ListBucketVersions', 'stage-one-instance-buckets', API.listObjectVersions, ['destroy']],
      ['CloudFormation:DeleteStack', 'cloudformation:DeleteStack', 'stage-one-instance', SAR.cloudformation, ['destroy']],
    ] as const
  ).map(([operation, action, scope, source, commands]): CallRow => ({ operation, action, scope, accounts: 'target', commands, source, note: STACK_SET_NOTE, when: usesStackSets })),
];

export const DEPLOYER_CALLS: readonly CallRow[] = [
  // Who the credentials are: the first call of every command.
  { operation: 'STS:GetCallerIdentity', scope: 'none', accounts: 'both', commands: [...READS, 'diff', 'publish', 'promote'], source: API.getCallerIdentity, note: 'No permissions are required to perform this operation.' },

  // The stacks.
  { operation: 'CloudFormation:DescribeStacks', action: 'cloudformation:DescribeStacks', scope: 'stack', accounts: 'both', commands: [...READS, 'diff'], source: SAR.cloudformation },
  {
    operation: 'CloudFormation:DescribeStacks',
    action: 'cloudformation:DescribeStacks',
    scope: 'bootstrap-stack',
    accounts: 'both',
    commands: ['plan'],
    source: API.describeStacks,
    note: 'the bootstrap stack (<namePrefix>-xacct-bootstrap): its xacct:template-sha256 tag says whether bootstrap is due; a denied read says nothing',
  },
  { operation: 'CloudFormation:DescribeStackEvents', action: 'cloudformation:DescribeStackEvents', scope: 'stack', accounts: 'both', commands: ['deploy-sequence', 'destroy'], source: SAR.cloudformation },
  { operation: 'CloudFormation:CreateChangeSet', action: 'cloudformation:CreateChangeSet', scope: 'stack-changes', accounts: 'both', commands: ['deploy-sequence'], source: SAR.cloudformation },
  {
    operation: 'CloudFormation:CreateChangeSet',
    action: 'cloudformation:TagResource',
    scope: 'stack-tags',
    accounts: 'both',
    commands: ['deploy-sequence'],
    source: SAR.cloudformation,
    note: 'every change set carries the stack tags (xacct:deployment, xacct:template, xacct:template-sha256); a request that sets tags is also authorized as cloudformation:TagResource on the stack, with cloudformation:CreateAction naming the call (tag-on-create)',
    unsure:
      'the Service Authorization Reference lists no dependent action for CreateChangeSet, but gives TagResource the stack resource type and the condition key cloudformation:CreateAction ("Use to control which APIs IAM users can use to add or remove tags on a stack"), and AWS\'s managed policies grant TagResource and UntagResource for CreateChangeSet and ExecuteChangeSet; TagResource is granted for both. No UntagResource: xacct always sends the same three keys (a changed value is a TagResource), so it never removes a tag',
  },
  { operation: 'CloudFormation:DescribeChangeSet', action: 'cloudformation:DescribeChangeSet', scope: 'stack', accounts: 'both', commands: ['deploy-sequence'], source: SAR.cloudformation },
  { operation: 'CloudFormation:ExecuteChangeSet', action: 'cloudformation:ExecuteChangeSet', scope: 'stack', accounts: 'both', commands: ['deploy-sequence'], source: SAR.cloudformation },
  { operation: 'CloudFormation:DeleteChangeSet', action: 'cloudformation:DeleteChangeSet', scope: 'stack', accounts: 'both', commands: ['deploy-sequence'], source: SAR.cloudformation, note: 'a change set with nothing to change, or one declined or refused' },
  {
    operation: 'CloudFormation:DescribeEvents',
    action: 'cloudformation:DescribeEvents',
    scope: 'change-set-events',
    accounts: 'both',
    commands: ['deploy-sequence'],
    source: SAR.cloudformation,
    note: 'only after a change set failed',
    unsure: 'the SAR lists both changeset and stack resource types for DescribeEvents; which one AWS checks for a call by change set ARN is not documented, so both are granted',
  },
  { operation: 'CloudFormation:DeleteStack', action: 'cloudformation:DeleteStack', scope: 'stack-changes', accounts: 'both', commands: ['deploy-sequence', 'destroy'], source: SAR.cloudformation, note: 'deploy-sequence deletes a stack left ROLLBACK_COMPLETE, or the empty stack of a refused first change set' },
  { operation: 'CloudFormation:ContinueUpdateRollback', action: 'cloudformation:ContinueUpdateRollback', scope: 'stack-changes', accounts: 'both', commands: ['deploy-sequence'], source: SAR.cloudformation, note: 'with --continue-update-rollback only' },
  { operation: 'CloudFormation:ListStackResources', action: 'cloudformation:ListStackResources', scope: 'stack', accounts: 'both', commands: ['destroy', 'doctor'], source: SAR.cloudformation },
  {
    operation: 'CloudFormation:GetTemplate',
    action: 'cloudformation:GetTemplate',
    scope: 'stack',
    accounts: 'both',
    commands: [...READS, 'diff'],
    source: SAR.cloudformation,
    note: 'plan, deploy-sequence and status compare the deployed template with the one to deploy, as the aws-cdk CLI does before it skips a stack; diff compares it resource by resource; destroy and doctor read its DeletionPolicy and resources',
  },
  { operation: 'CloudFormation:DetectStackDrift', action: 'cloudformation:DetectStackDrift', scope: 'stack', accounts: 'both', commands: ['status --drift'], source: SAR.cloudformation },
  { operation: 'CloudFormation:DescribeStackDriftDetectionStatus', action: 'cloudformation:DescribeStackDriftDetectionStatus', scope: 'any-resource', accounts: 'both', commands: ['status --drift'], source: SAR.cloudformation },
  { operation: 'CloudFormation:DescribeStackResourceDrifts', action: 'cloudformation:DescribeStackResourceDrifts', scope: 'stack', accounts: 'both', commands: ['status --drift'], source: SAR.cloudformation },
  {
    operation: 'CloudFormation:CreateChangeSet',
    action: 'iam:PassRole',
    scope: 'cloudformation-role',
    accounts: 'both',
    commands: ['deploy-sequence', 'destroy'],
    source: API.cloudFormationServiceRole,
    note: 'every call that carries RoleARN (CreateChangeSet, DeleteStack, ContinueUpdateRollback) passes the role',
    when: withRole,
  },

  // Account B: the bus permission for account A, the image definitions, the pipeline.
  { operation: 'EventBridge:DescribeEventBus', action: 'events:DescribeEventBus', scope: 'default-bus', accounts: 'target', commands: READS, source: SAR.events },
  // One statement for the two (both write the bus policy): a statement each would take the target
  // deployer of a config that publishes and shares past IAM's 10,240 characters for a role's inline policies.
  { operation: 'EventBridge:PutPermission', action: 'events:PutPermission', scope: 'any-resource', accounts: 'target', commands: ['deploy-sequence'], source: SAR.events, statement: 'AnyResourceEventsPermission' },
  { operation: 'EventBridge:RemovePermission', action: 'events:RemovePermission', scope: 'any-resource', accounts: 'target', commands: ['destroy'], source: SAR.events, statement: 'AnyResourceEventsPermission' },
  { operation: 'S3:HeadObject', action: 's3:GetObject', scope: 'image-definitions', accounts: 'target', commands: ['plan', 'deploy-sequence', 'status'], source: API.headObject },
  {
    operation: 'S3:HeadObject',
    action: 's3:ListBucket',
    scope: 'stack-buckets',
    accounts: 'target',
    commands: ['plan', 'deploy-sequence', 'status'],
    source: API.headObject,
    note: 'for an object that does not exist yet S3 answers 404 only to a caller with s3:ListBucket, and 403 (no reason) to others',
  },
  { operation: 'S3:GetBucketVersioning', action: 's3:GetBucketVersioning', scope: 'stack-buckets', accounts: 'target', commands: ['deploy-sequence'], source: SAR.s3 },
  { operation: 'S3:PutObject', action: 's3:PutObject', scope: 'image-definitions', accounts: 'target', commands: ['deploy-sequence'], source: SAR.s3 },
  { operation: 'S3:ListObjectVersions', action: 's3:ListBucketVersions', scope: 'stack-buckets', accounts: 'target', commands: ['destroy'], source: API.listObjectVersions, note: 'counts what keeps a bucket from being deleted' },
  { operation: 'CodePipeline:GetPipelineState', action: 'codepipeline:GetPipelineState', scope: 'stack-pipelines', accounts: 'target', commands: ['status'], source: SAR.codepipeline },
  { operation: 'CodePipeline:ListPipelineExecutions', action: 'codepipeline:ListPipelineExecutions', scope: 'stack-pipelines', accounts: 'target', commands: ['deploy-sequence', 'status', 'doctor', 'promote'], source: SAR.codepipeline, note: 'the run ends with the pipeline\'s latest execution; status finds the execution that deployed what ECS runs; promote reads the digest the latest one released' },
  { operation: 'CodePipeline:GetPipelineExecution', action: 'codepipeline:GetPipelineExecution', scope: 'stack-pipelines', accounts: 'target', commands: ['status'], source: SAR.codepipeline, note: 'the source revisions of the execution that deployed what ECS runs' },

  // What the ECS service runs (status: the release).
  { operation: 'ECS:DescribeServices', action: 'ecs:DescribeServices', scope: 'ecs-service', accounts: 'target', commands: ['status', 'init', 'promote'], source: SAR.ecs },
  { operation: 'ECS:DescribeTaskDefinition', action: 'ecs:DescribeTaskDefinition', scope: 'any-resource', accounts: 'target', commands: ['status', 'init', 'promote'], source: SAR.ecs, note: 'the reference lists no resource type for this action: "*" only' },
  { operation: 'ECS:ListTasks', action: 'ecs:ListTasks', scope: 'ecs-task-list', accounts: 'target', commands: ['status', 'init', 'promote'], source: SAR.ecs },
  { operation: 'ECS:DescribeTasks', action: 'ecs:DescribeTasks', scope: 'ecs-tasks', accounts: 'target', commands: ['status', 'init', 'promote'], source: SAR.ecs },
  // Promote: the rollback alarm of a target of the wave before must be OK (clients/cloudwatch.ts).
  { operation: 'CloudWatch:DescribeAlarms', action: 'cloudwatch:DescribeAlarms', scope: 'rollback-alarm', accounts: 'target', commands: ['promote'], source: SAR.cloudwatch, when: withAlarm },
  {
    operation: 'ECS:ListClusters',
    action: 'ecs:ListClusters',
    scope: 'any-resource',
    statement: 'AnyResourceEcsLists',
    accounts: 'target',
    commands: ['init'],
    source: SAR.ecs,
    note: 'only when --cluster is not given: the only cluster of account B is the one the config names',
  },
  {
    operation: 'ECS:ListServices',
    action: 'ecs:ListServices',
    scope: 'any-resource',
    statement: 'AnyResourceEcsLists',
    accounts: 'target',
    commands: ['init'],
    source: SAR.ecs,
    note: 'only when --service is not given: the only service of the cluster is the one the config names',
  },
  { operation: 'CodePipeline:ListActionExecutions', action: 'codepipeline:ListActionExecutions', scope: 'stack-pipelines', accounts: 'target', commands: DOCTOR, source: SAR.codepipeline, note: 'the failed action of a failed execution' },

  // Account A: the repository's images (what keeps it from being deleted; whether the tracked tag has one).
  { operation: 'ECR:ListImages', action: 'ecr:ListImages', scope: 'repository', accounts: 'source', commands: ['destroy'], source: SAR.ecr },
  { operation: 'ECR:DescribeImages', action: 'ecr:DescribeImages', scope: 'repository', accounts: 'source', commands: ['plan', 'deploy-sequence', 'status', 'doctor', 'promote'], source: SAR.ecr, note: 'the image the tracked tag (promote: the wave tag) points to' },
  // Promote: the ECR user guide's retag of an image already pushed, its manifest sent back with a new tag.
  { operation: 'ECR:BatchGetImage', action: 'ecr:BatchGetImage', scope: 'repository', accounts: 'source', commands: ['promote'], source: SAR.ecr, note: 'the manifest of the digest promote tags', when: inWaves },
  { operation: 'ECR:PutImage', action: 'ecr:PutImage', scope: 'repository', accounts: 'source', commands: ['promote'], source: SAR.ecr, note: 'the wave tag on that manifest (no layer is uploaded)', when: inWaves },

  // Doctor: the live policies and rules of the chain, read and set against the deployed templates.
  { operation: 'IAM:GetRole', action: 'iam:GetRole', scope: 'stack-roles', accounts: 'both', commands: [...DOCTOR, 'status'], source: SAR.iam, note: 'status reads it in account A for a fleet (the source role each target\'s pipeline assumes)' },
  { operation: 'IAM:ListRolePolicies', action: 'iam:ListRolePolicies', scope: 'stack-roles', accounts: 'both', commands: DOCTOR, source: SAR.iam },
  { operation: 'IAM:GetRolePolicy', action: 'iam:GetRolePolicy', scope: 'stack-roles', accounts: 'both', commands: DOCTOR, source: SAR.iam },
  { operation: 'IAM:ListAttachedRolePolicies', action: 'iam:ListAttachedRolePolicies', scope: 'stack-roles', accounts: 'both', commands: DOCTOR, source: SAR.iam },
  { operation: 'KMS:GetKeyPolicy', action: 'kms:GetKeyPolicy', scope: 'stack-keys', accounts: 'target', commands: DOCTOR, source: SAR.kms },
  { operation: 'S3:GetBucketPolicy', action: 's3:GetBucketPolicy', scope: 'stack-buckets', accounts: 'target', commands: DOCTOR, source: SAR.s3 },
  { operation: 'ECR:GetRepositoryPolicy', action: 'ecr:GetRepositoryPolicy', scope: 'repository', accounts: 'source', commands: DOCTOR, source: SAR.ecr },
  { operation: 'EventBridge:DescribeRule', action: 'events:DescribeRule', scope: 'stack-rules', accounts: 'both', commands: DOCTOR, source: SAR.events },
  { operation: 'EventBridge:ListTargetsByRule', action: 'events:ListTargetsByRule', scope: 'stack-rules', accounts: 'both', commands: DOCTOR, source: SAR.events },

  // Publish: the template bucket and Service Catalog of each account that holds a product.
  { operation: 'S3:GetBucketVersioning', action: 's3:GetBucketVersioning', scope: 'catalog-bucket', accounts: 'catalog', commands: ['publish'], source: SAR.s3, note: 'tells a missing bucket from a missing object' },
  { operation: 'S3:HeadObject', action: 's3:GetObject', scope: 'catalog-templates', accounts: 'catalog', commands: ['publish'], source: API.headObject },
  { operation: 'S3:HeadObject', action: 's3:ListBucket', scope: 'catalog-bucket', accounts: 'catalog', commands: ['publish'], source: API.headObject, note: 'a template not uploaded yet answers 404 only with s3:ListBucket' },
  {
    operation: 'S3:PutObject',
    action: 's3:PutObject',
    scope: 'catalog-templates',
    accounts: 'catalog',
    commands: ['publish'],
    source: SAR.s3,
    unsure: 'whether Service Catalog reads the template URL with the caller\'s credentials is not documented; the caller may read these objects anyway (s3:GetObject above)',
  },
  { operation: 'ServiceCatalog:DescribePortfolio', action: 'servicecatalog:DescribePortfolio', scope: 'portfolios-read', accounts: 'catalog', commands: ['publish'], source: SAR.servicecatalog },
  { operation: 'ServiceCatalog:ListPortfolios', action: 'servicecatalog:ListPortfolios', scope: 'any-resource', accounts: 'catalog', commands: ['publish'], source: SAR.servicecatalog, when: withoutPortfolioId, statement: SERVICE_CATALOG_ANY },
  { operation: 'ServiceCatalog:CreatePortfolio', action: 'servicecatalog:CreatePortfolio', scope: 'new-portfolio', accounts: 'catalog', commands: ['publish'], source: SAR.servicecatalog, when: withoutPortfolioId },
  { operation: 'ServiceCatalog:ListPrincipalsForPortfolio', action: 'servicecatalog:ListPrincipalsForPortfolio', scope: 'catalog-portfolio', accounts: 'catalog', commands: ['publish'], source: SAR.servicecatalog },
  {
    operation: 'ServiceCatalog:AssociatePrincipalWithPortfolio',
    action: 'servicecatalog:AssociatePrincipalWithPortfolio',
    scope: 'catalog-portfolio',
    accounts: 'catalog',
    commands: ['publish'],
    source: SAR.servicecatalog,
    when: (s, a) => s.catalogs[a]?.associatesPrincipals === true,
  },
  { operation: 'ServiceCatalog:ListPortfolioAccess', action: 'servicecatalog:ListPortfolioAccess', scope: 'catalog-portfolio', accounts: 'catalog', commands: ['publish'], source: SAR.servicecatalog },
  {
    operation: 'ServiceCatalog:CreatePortfolioShare',
    action: 'servicecatalog:CreatePortfolioShare',
    scope: 'catalog-portfolio',
    accounts: 'catalog',
    commands: ['publish'],
    source: SAR.servicecatalog,
    when: (s, a) => s.catalogs[a]?.sharesPortfolio === true || s.catalogs[a]?.sharesWithFleet === true,
  },
  // publish.share: the target product's portfolio shared with the fleet (DescribePortfolioShares,
  // CreatePortfolioShare and DeletePortfolioShare take the Portfolio resource type in the SAR;
  // DescribePortfolioShareStatus takes none).
  { operation: 'ServiceCatalog:DescribePortfolioShares', action: 'servicecatalog:DescribePortfolioShares', scope: 'catalog-portfolio', accounts: 'catalog', commands: ['publish'], source: SAR.servicecatalog, when: sharesWithFleet },
  {
    operation: 'ServiceCatalog:DeletePortfolioShare',
    action: 'servicecatalog:DeletePortfolioShare',
    scope: 'catalog-portfolio',
    accounts: 'catalog',
    commands: ['publish'],
    source: SAR.servicecatalog,
    note: 'publish --prune-shares only',
    when: sharesWithFleet,
  },
  {
    operation: 'ServiceCatalog:DescribePortfolioShareStatus',
    action: 'servicecatalog:DescribePortfolioShareStatus',
    scope: 'any-resource',
    accounts: 'catalog',
    commands: ['publish'],
    source: SAR.servicecatalog,
    note: 'follows a share to an organization node (asynchronous) to its end',
    statement: SERVICE_CATALOG_ANY,
    when: sharesWithFleet,
  },
  // publish.launchRoleName: CreateConstraint takes the Product resource type; the two reads take none.
  { operation: 'ServiceCatalog:ListConstraintsForPortfolio', action: 'servicecatalog:ListConstraintsForPortfolio', scope: 'any-resource', accounts: 'catalog', commands: ['publish'], source: SAR.servicecatalog, when: constrainsLaunch, statement: SERVICE_CATALOG_ANY },
  { operation: 'ServiceCatalog:DescribeConstraint', action: 'servicecatalog:DescribeConstraint', scope: 'any-resource', accounts: 'catalog', commands: ['publish'], source: SAR.servicecatalog, when: constrainsLaunch, statement: SERVICE_CATALOG_ANY },
  { operation: 'ServiceCatalog:CreateConstraint', action: 'servicecatalog:CreateConstraint', scope: 'catalog-products', accounts: 'catalog', commands: ['publish'], source: SAR.servicecatalog, when: constrainsLaunch },
  { operation: 'ServiceCatalog:SearchProductsAsAdmin', action: 'servicecatalog:SearchProductsAsAdmin', scope: 'any-resource', accounts: 'catalog', commands: ['publish'], source: SAR.servicecatalog, statement: SERVICE_CATALOG_ANY },
  { operation: 'ServiceCatalog:DescribeProductAsAdmin', action: 'servicecatalog:DescribeProductAsAdmin', scope: 'products-read', accounts: 'catalog', commands: ['publish'], source: SAR.servicecatalog },
  { operation: 'ServiceCatalog:CreateProduct', action: 'servicecatalog:CreateProduct', scope: 'new-product', accounts: 'catalog', commands: ['publish'], source: SAR.servicecatalog },
  { operation: 'ServiceCatalog:ListProvisioningArtifacts', action: 'servicecatalog:ListProvisioningArtifacts', scope: 'catalog-products', accounts: 'catalog', commands: ['publish'], source: SAR.servicecatalog },
  { operation: 'ServiceCatalog:CreateProvisioningArtifact', action: 'servicecatalog:CreateProvisioningArtifact', scope: 'catalog-products', accounts: 'catalog', commands: ['publish'], source: SAR.servicecatalog },
  {
    operation: 'ServiceCatalog:UpdateProvisioningArtifact',
    action: 'servicecatalog:UpdateProvisioningArtifact',
    scope: 'catalog-products',
    accounts: 'catalog',
    commands: ['publish'],
    source: SAR.servicecatalog,
    note: 'publish --deprecate-older, and restoring a version deactivated by hand',
  },
  { operation: 'ServiceCatalog:ListPortfoliosForProduct', action: 'servicecatalog:ListPortfoliosForProduct', scope: 'catalog-products', accounts: 'catalog', commands: ['publish'], source: SAR.servicecatalog },
  { operation: 'ServiceCatalog:AssociateProductWithPortfolio', action: 'servicecatalog:AssociateProductWithPortfolio', scope: 'any-resource', accounts: 'catalog', commands: ['publish'], source: SAR.servicecatalog, statement: SERVICE_CATALOG_ANY },
  // The StackSets engine (scripts/stacksets/), from account A: only for a fleet that uses it (never a single-target config).
  ...STACK_SET_CALLS,
];

/** Whether `row` is a call made in `account` of this deployment. */
export function appliesTo(row: CallRow, scope: PermissionScope, account: AccountKey): boolean {
  const inAccount = row.accounts === 'both' || row.accounts === account || (row.accounts === 'catalog' && scope.catalogs[account] !== undefined);
  return inAccount && (row.when?.(scope, account) ?? true);
}
