/**
 * How AWS authorizes each request the fake answers: the IAM action (the operation's own name unless the
 * API reference says otherwise), the resource type it is checked on and where the ARN's parts come from
 * in the request and the fake's state, and the request's condition keys. The ARN formats, the resource
 * types an action may be scoped to and which actions are "*"-only come from the Service Authorization
 * Reference through iam-data (iam-reference.ts), not from this file and not from the tool.
 *
 * Sources: the Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
 * (one page per service: list_awscloudformation.html, list_amazons3.html, ...); for operations whose
 * action has another name, the API reference page cited beside the row.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What the fake knows that a request's ARN or condition keys need. */
export interface AuthorizationState {
  partition: string;
  region: string;
  account: string;
  /** Name and id of a stack given by name or id; id "*" when there is no such stack yet (a CREATE change set). */
  stack(nameOrId: string): { name: string; id: string };
  /** Name and id of a stack set (its ARN is `stackset/<name>:<id>`); id "*" when there is none. */
  stackSet?(nameOrId: string): { name: string; id: string };
  portfolioTags(id: string): Record<string, string>;
  productTags(id: string): Record<string, string>;
  objectExists(bucket: string, key: string): boolean;
  /** The account that owns a bucket (the resource's account); undefined when there is no such bucket. */
  bucketOwner(bucket: string): string | undefined;
  /** A KMS key's key policy; undefined when there is no such key. */
  keyPolicy(keyId: string): Json | undefined;
}

/** One check AWS makes for a request. */
export interface Check {
  action: string;
  /** One of the action's resource types in the reference; omitted when the action has only one (or none). */
  resourceType?: string;
  /** Values of the ARN format's variables (Partition, Region and Account are filled in). */
  arn: Record<string, string>;
  context?: Record<string, string | string[]>;
  /** The account that owns the resource, when it is not the caller's. */
  resourceAccount?: string;
  /**
   * The resource's own policy, when AWS evaluates it with the caller's: a KMS key policy ("Unless the key
   * policy explicitly allows it, you cannot use IAM policies to allow access to a KMS key", KMS developer
   * guide, key policies).
   */
  resourcePolicy?: Json;
  /**
   * 'if-missing': made only when the object does not exist, and deciding only the answer's status
   * (S3 HeadObject: 404 with s3:ListBucket, 403 without).
   */
  when?: 'if-missing';
}

export interface Rule {
  /** The page that says which action authorizes the operation, when it is not `<service>:<Operation>`. */
  source?: string;
  checks(input: Json, state: AuthorizationState): Check[];
}

const S3_API = 'https://docs.aws.amazon.com/AmazonS3/latest/API';

const tagContext = (kind: 'RequestTag' | 'ResourceTag', tags: Record<string, string>): Record<string, string | string[]> => ({
  ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:${kind}/${k}`, v])),
  ...(kind === 'RequestTag' && Object.keys(tags).length > 0 ? { 'aws:TagKeys': Object.keys(tags) } : {}),
});
const requestTags = (input: Json): Record<string, string> => Object.fromEntries((input.Tags ?? []).map((t: Json) => [t.Key, t.Value]));

/** The role a RoleARN names, as iam:PassRole checks it. */
function passRole(roleArn: string, service: string): Check {
  const m = /^arn:[^:]+:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
  return {
    action: 'iam:PassRole',
    arn: { RoleNameWithPath: m ? m[2]! : roleArn },
    context: { 'iam:PassedToService': service },
    ...(m ? { resourceAccount: m[1]! } : {}),
  };
}

/**
 * CloudFormation: every operation on a stack is checked on the stack's ARN. One that carries RoleARN also
 * passes the role: "Before you specify a service role, ensure that you have permission to pass it
 * (iam:PassRole)" (CloudFormation user guide, using-iam-servicerole.html); the reference's operations table
 * lists iam:PassRole with iam:PassedToService cloudformation.amazonaws.com (list_cloudformation.html).
 */
function onStack(extraContext?: (input: Json) => Record<string, string | string[]>): Rule {
  return {
    checks: (input, state) => {
      const stack = state.stack(input.StackName ?? '');
      const roleContext: Record<string, string> = input.RoleARN ? { 'cloudformation:RoleArn': String(input.RoleARN) } : {};
      const checks: Check[] = [{ action: '', resourceType: 'stack', arn: { StackName: stack.name, Id: stack.id }, context: { ...roleContext, ...extraContext?.(input) } }];
      if (input.RoleARN) checks.push(passRole(input.RoleARN, 'cloudformation.amazonaws.com'));
      return checks;
    },
  };
}

/**
 * StackSets: every operation on a stack set is checked on the stack set's ARN (resource type stackset,
 * `arn:${Partition}:cloudformation:${Region}:${Account}:stackset/${StackSetName}:${Id}`); the ones that act
 * on instances carry the regions as cloudformation:TargetRegion (list_awscloudformation.html).
 */
function onStackSet(withRegions = false): Rule {
  return {
    checks: (input, state) => {
      const set = state.stackSet?.(input.StackSetName ?? '') ?? { name: input.StackSetName ?? '', id: '*' };
      const regions = Array.isArray(input.Regions) ? (input.Regions as string[]) : [];
      return [{ action: '', resourceType: 'stackset', arn: { StackSetName: set.name, Id: set.id }, ...(withRegions && regions.length > 0 ? { context: { 'cloudformation:TargetRegion': regions } } : {}) }];
    },
  };
}

/**
 * A request that sets stack tags is also authorized as cloudformation:TagResource on the stack, with
 * cloudformation:CreateAction naming the call: the reference gives TagResource the stack resource type and
 * that condition key ("Filters access by the name of a resource-mutating API action. Use to control which
 * APIs IAM users can use to add or remove tags on a stack", list_awscloudformation.html), and AWS's managed
 * policies grant it for CreateChangeSet and ExecuteChangeSet (SecretsManagerReadWrite, statement
 * CloudFormationTagOnCreate). Checked here on CreateChangeSet, the call whose request carries the tags.
 */
function withTagOnCreate(createAction: string, rule: Rule): Rule {
  return {
    checks: (input, state) => {
      const checks = rule.checks(input, state);
      const tags = requestTags(input);
      if (Object.keys(tags).length === 0) return checks;
      const stack = state.stack(input.StackName ?? '');
      return [
        ...checks,
        { action: 'cloudformation:TagResource', resourceType: 'stack', arn: { StackName: stack.name, Id: stack.id }, context: { 'cloudformation:CreateAction': createAction, ...tagContext('RequestTag', tags) } },
      ];
    },
  };
}

/** A change set ARN's parts: `arn:...:changeSet/<name>/<id>`. */
const changeSetParts = (arn: string) => {
  const m = /:changeSet\/([^/]+)\/(.+)$/.exec(arn);
  return m ? { ChangeSetName: m[1]!, Id: m[2]! } : undefined;
};

const portfolio = (id: (input: Json) => string): Rule => ({
  checks: (input, state) => [{ action: '', resourceType: 'Portfolio', arn: { PortfolioId: id(input) }, context: tagContext('ResourceTag', state.portfolioTags(id(input))) }],
});
const product = (id: (input: Json) => string): Rule => ({
  checks: (input, state) => [{ action: '', resourceType: 'Product', arn: { ProductId: id(input) }, context: tagContext('ResourceTag', state.productTags(id(input))) }],
});

/** Rules by signing name and operation. `action: ''` stands for `<service>:<Operation>`. */
export const AUTHORIZATION: Record<string, Record<string, Rule>> = {
  cloudformation: {
    CreateChangeSet: withTagOnCreate('CreateChangeSet', onStack((input) => ({ 'cloudformation:ChangeSetName': input.ChangeSetName, ...tagContext('RequestTag', requestTags(input)) }))),
    DescribeChangeSet: onStack(),
    ExecuteChangeSet: onStack(),
    DeleteChangeSet: onStack(),
    DeleteStack: onStack(),
    ContinueUpdateRollback: onStack(),
    UpdateStack: onStack(),
    DescribeStacks: onStack(),
    // "*"-only in the reference: a stack set that does not exist yet has no ARN.
    CreateStackSet: { checks: () => [{ action: '', arn: {} }] },
    DescribeStackSet: onStackSet(),
    UpdateStackSet: onStackSet(true),
    DeleteStackSet: onStackSet(),
    CreateStackInstances: onStackSet(true),
    UpdateStackInstances: onStackSet(true),
    DeleteStackInstances: onStackSet(true),
    ListStackInstances: onStackSet(),
    DescribeStackInstance: onStackSet(),
    DescribeStackSetOperation: onStackSet(),
    ListStackSetOperationResults: onStackSet(),
    DescribeStackEvents: onStack(),
    ListStackResources: onStack(),
    GetTemplate: onStack(),
    DetectStackDrift: onStack(),
    DescribeStackResourceDrifts: onStack(),
    // "*"-only in the reference: no resource.
    DescribeStackDriftDetectionStatus: { checks: () => [{ action: '', arn: {} }] },
    // By change set ARN: the change set resource type (the reference lists changeset and stack for it).
    DescribeEvents: {
      checks: (input, state) => {
        const cs = input.ChangeSetName ? changeSetParts(input.ChangeSetName) : undefined;
        if (cs) return [{ action: '', resourceType: 'changeset', arn: cs }];
        const stack = state.stack(input.StackName ?? '');
        return [{ action: '', resourceType: 'stack', arn: { StackName: stack.name, Id: stack.id } }];
      },
    },
  },
  sts: {
    // "No permissions are required to perform this operation." (STS API reference, GetCallerIdentity)
    GetCallerIdentity: { source: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html', checks: () => [] },
    AssumeRole: { checks: (input) => [{ action: '', arn: { RoleNameWithPath: String(input.RoleArn).split(':role/')[1] ?? '' } }] },
  },
  events: {
    DescribeEventBus: { checks: (input) => [{ action: '', resourceType: 'event-bus', arn: { EventBusName: input.Name ?? 'default' } }] },
    PutPermission: { checks: () => [{ action: '', arn: {} }] },
    RemovePermission: { checks: () => [{ action: '', arn: {} }] },
    DescribeRule: { checks: (input) => [{ action: '', resourceType: 'rule-on-default-event-bus', arn: { RuleName: input.Name } }] },
    ListTargetsByRule: { checks: (input) => [{ action: '', resourceType: 'rule-on-default-event-bus', arn: { RuleName: input.Rule } }] },
  },
  iam: {
    GetRole: { checks: (input) => [{ action: '', arn: { RoleNameWithPath: input.RoleName } }] },
    ListRolePolicies: { checks: (input) => [{ action: '', arn: { RoleNameWithPath: input.RoleName } }] },
    GetRolePolicy: { checks: (input) => [{ action: '', arn: { RoleNameWithPath: input.RoleName } }] },
    ListAttachedRolePolicies: { checks: (input) => [{ action: '', arn: { RoleNameWithPath: input.RoleName } }] },
  },
  ecs: {
    // Each service asked for, as cluster/service; the ecs:cluster condition key is the cluster's ARN.
    DescribeServices: { checks: (input, state) => ((input.services ?? []) as string[]).map((svc) => ({ action: '', arn: { ClusterName: clusterName(input.cluster), ServiceName: svc.split('/').pop()! }, context: clusterContext(input.cluster, state) })) },
    DescribeTaskDefinition: { checks: () => [{ action: '', arn: {} }] },
    // Both "*" only; ListServices carries the ecs:cluster condition key.
    ListClusters: { checks: () => [{ action: '', arn: {} }] },
    ListServices: { checks: (input, state) => [{ action: '', arn: {}, context: clusterContext(input.cluster, state) }] },
    // The reference scopes ListTasks to container instances; a call that names none is checked here on
    // any container instance of the cluster (unsure which ARN AWS uses then).
    ListTasks: { checks: (input, state) => [{ action: '', arn: { ClusterName: clusterName(input.cluster), ContainerInstanceId: '*' }, context: clusterContext(input.cluster, state) }] },
    DescribeTasks: { checks: (input, state) => ((input.tasks ?? []) as string[]).map((t) => ({ action: '', arn: { ClusterName: clusterName(input.cluster), TaskId: t.split('/').pop()! }, context: clusterContext(input.cluster, state) })) },
  },
  kms: {
    // By key ARN or id: the key resource type.
    GetKeyPolicy: {
      checks: (input, state) => {
        const keyId = String(input.KeyId).split('/').pop() ?? '';
        const policy = state.keyPolicy(keyId);
        return [{ action: '', arn: { KeyId: keyId }, ...(policy ? { resourcePolicy: policy } : {}) }];
      },
    },
  },
  s3: {
    HeadObject: {
      // "To use HEAD, you must have the s3:GetObject permission. ... If the object you request doesn't
      // exist ... If you don't have the s3:ListBucket permission, Amazon S3 returns an HTTP status code
      // 403 Forbidden error."
      source: `${S3_API}/API_HeadObject.html`,
      checks: (input, state) => {
        const owner = state.bucketOwner(input.Bucket);
        const account = owner ? { resourceAccount: owner } : {};
        const checks: Check[] = [{ action: 's3:GetObject', resourceType: 'object', arn: { BucketName: input.Bucket, ObjectName: input.Key }, ...account }];
        if (!state.objectExists(input.Bucket, input.Key)) checks.push({ action: 's3:ListBucket', resourceType: 'bucket', arn: { BucketName: input.Bucket }, when: 'if-missing', ...account });
        return checks;
      },
    },
    // "General purpose bucket permissions - To use this operation, you must have permissions to perform the s3:ListBucket action."
    HeadBucket: { source: `${S3_API}/API_HeadBucket.html`, checks: (input, state) => [{ action: 's3:ListBucket', resourceType: 'bucket', arn: { BucketName: input.Bucket }, ...owned(state, input.Bucket) }] },
    GetBucketVersioning: { checks: (input, state) => [{ action: '', resourceType: 'bucket', arn: { BucketName: input.Bucket }, ...owned(state, input.Bucket) }] },
    GetBucketPolicy: { checks: (input, state) => [{ action: '', resourceType: 'bucket', arn: { BucketName: input.Bucket }, ...owned(state, input.Bucket) }] },
    PutObject: { checks: (input, state) => [{ action: '', resourceType: 'object', arn: { BucketName: input.Bucket, ObjectName: input.Key }, ...owned(state, input.Bucket) }] },
    // "you must have permission to perform the s3:ListBucketVersions action. Be aware of the name difference."
    ListObjectVersions: { source: `${S3_API}/API_ListObjectVersions.html`, checks: (input, state) => [{ action: 's3:ListBucketVersions', resourceType: 'bucket', arn: { BucketName: input.Bucket }, ...owned(state, input.Bucket) }] },
  },
  codepipeline: {
    GetPipelineState: { checks: (input) => [{ action: '', arn: { PipelineName: input.name } }] },
    GetPipelineExecution: { checks: (input) => [{ action: '', arn: { PipelineName: input.pipelineName } }] },
    ListPipelineExecutions: { checks: (input) => [{ action: '', arn: { PipelineName: input.pipelineName } }] },
    ListActionExecutions: { checks: (input) => [{ action: '', arn: { PipelineName: input.pipelineName } }] },
  },
  ecr: {
    ListImages: { checks: (input) => [{ action: '', arn: { RepositoryName: input.repositoryName } }] },
    DescribeImages: { checks: (input) => [{ action: '', arn: { RepositoryName: input.repositoryName } }] },
    GetRepositoryPolicy: { checks: (input) => [{ action: '', arn: { RepositoryName: input.repositoryName } }] },
    BatchGetImage: { checks: (input) => [{ action: '', arn: { RepositoryName: input.repositoryName } }] },
    PutImage: { checks: (input) => [{ action: '', arn: { RepositoryName: input.repositoryName } }] },
  },
  // CloudWatch (signing name monitoring): DescribeAlarms on each alarm named (resource type alarm).
  monitoring: {
    DescribeAlarms: { source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html', checks: (input) => ((input.AlarmNames as string[] | undefined) ?? ['*']).map((name) => ({ action: 'cloudwatch:DescribeAlarms', arn: { AlarmName: name } })) },
  },
  servicecatalog: {
    // Creates name no id yet: checked on any portfolio or product of the account (unsure which ARN AWS
    // uses; the reference lists the type as required), with the request's tags.
    CreatePortfolio: { checks: (input) => [{ action: '', resourceType: 'Portfolio', arn: { PortfolioId: '*' }, context: tagContext('RequestTag', requestTags(input)) }] },
    CreateProduct: { checks: (input) => [{ action: '', resourceType: 'Product', arn: { ProductId: '*' }, context: tagContext('RequestTag', requestTags(input)) }] },
    DescribePortfolio: portfolio((i) => i.Id),
    ListPrincipalsForPortfolio: portfolio((i) => i.PortfolioId),
    AssociatePrincipalWithPortfolio: portfolio((i) => i.PortfolioId),
    ListPortfolioAccess: portfolio((i) => i.PortfolioId),
    CreatePortfolioShare: portfolio((i) => i.PortfolioId),
    DeletePortfolioShare: portfolio((i) => i.PortfolioId),
    DescribePortfolioShares: portfolio((i) => i.PortfolioId),
    CreateConstraint: product((i) => i.ProductId),
    // `*`-only in the Service Authorization Reference (no resource type).
    DescribePortfolioShareStatus: { checks: () => [{ action: '', arn: {} }] },
    ListConstraintsForPortfolio: { checks: () => [{ action: '', arn: {} }] },
    DescribeConstraint: { checks: () => [{ action: '', arn: {} }] },
    DescribeProductAsAdmin: product((i) => i.Id),
    ListProvisioningArtifacts: product((i) => i.ProductId),
    CreateProvisioningArtifact: product((i) => i.ProductId),
    UpdateProvisioningArtifact: product((i) => i.ProductId),
    ListPortfoliosForProduct: product((i) => i.ProductId),
    ListPortfolios: { checks: () => [{ action: '', arn: {} }] },
    SearchProductsAsAdmin: { checks: () => [{ action: '', arn: {} }] },
    AssociateProductWithPortfolio: { checks: () => [{ action: '', arn: {} }] },
  },
};

/** A cluster given by name or ARN (ECS takes either; default: the cluster named default). */
function clusterName(cluster: string | undefined): string {
  return String(cluster ?? 'default').split('/').pop()!;
}

function clusterContext(cluster: string | undefined, state: AuthorizationState): Record<string, string> {
  return { 'ecs:cluster': `arn:${state.partition}:ecs:${state.region}:${state.account}:cluster/${clusterName(cluster)}` };
}

function owned(state: AuthorizationState, bucket: string): { resourceAccount?: string } {
  const owner = state.bucketOwner(bucket);
  return owner ? { resourceAccount: owner } : {};
}

/** The checks of one request, with `<service>:<Operation>` filled in; undefined when the table has no rule. */
export function checksOf(service: string, operation: string, input: Json, state: AuthorizationState): Check[] | undefined {
  const rule = AUTHORIZATION[service]?.[operation];
  if (!rule) return undefined;
  return rule.checks(input, state).map((c) => ({ ...c, action: c.action || `${service}:${operation}` }));
}
