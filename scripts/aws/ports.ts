/**
 * The narrow interfaces the deploy engine and the publisher talk to, one set per account. scripts/aws/clients/
 * (one file per service, gathered by scripts/aws/clients.ts) implements them with the SDK v3 clients (the only
 * place that imports them); tests plug a stateful fake in behind those same clients.
 */

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export type Capability = 'CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM';

export interface StackSummary {
  stackId: string;
  name: string;
  status: string;
  statusReason?: string;
  parameters: Record<string, string>;
  outputs: Record<string, string>;
  tags: Record<string, string>;
  lastUpdated?: Date;
  /** DescribeStacks' EnableTerminationProtection: CloudFormation refuses DeleteStack while it is on. */
  terminationProtection?: boolean;
}

export interface ChangeSetRequest {
  stackName: string;
  changeSetName: string;
  type: 'CREATE' | 'UPDATE';
  templateBody: string;
  parameters: Record<string, string>;
  capabilities: Capability[];
  tags: Record<string, string>;
  description: string;
  /**
   * The same for every attempt of this request: an SDK retry after a lost answer then returns the
   * change set the first attempt made instead of failing on its name (CreateChangeSet ClientToken).
   */
  clientToken: string;
}

export interface ResourceChange {
  action: string;
  logicalId: string;
  resourceType: string;
  replacement?: string;
}

export interface ChangeSetState {
  id: string;
  status: string;
  executionStatus?: string;
  statusReason?: string;
  changes: ResourceChange[];
}

/** Why a change set failed, resource by resource (early validation: a name that exists already, ...). */
export interface ChangeSetFailure {
  logicalId: string;
  resourceType: string;
  /** NAME_CONFLICT_VALIDATION, ... */
  validation?: string;
  reason: string;
}

export interface StackEvent {
  eventId: string;
  timestamp: Date;
  logicalId: string;
  resourceType: string;
  status: string;
  reason?: string;
  physicalId?: string;
  /** The token of the request that started the event's operation (every event of an operation carries it). */
  clientRequestToken?: string;
}

export interface StackEventPage {
  events: StackEvent[];
  nextToken?: string;
}

/** A resource of a stack as ListStackResources reports it. */
export interface StackResource {
  logicalId: string;
  physicalId?: string;
  type: string;
  status: string;
}

export interface DriftDetection {
  /** DETECTION_IN_PROGRESS, DETECTION_COMPLETE or DETECTION_FAILED. */
  detectionStatus: string;
  /** DRIFTED, IN_SYNC, NOT_CHECKED or UNKNOWN, once the detection has ended. */
  stackDriftStatus?: string;
  reason?: string;
  driftedCount?: number;
}

export interface PropertyDrift {
  path: string;
  expected?: string;
  actual?: string;
  /** ADD, REMOVE or NOT_EQUAL. */
  difference: string;
}

/** A resource the latest drift detection found MODIFIED or DELETED. */
export interface ResourceDrift {
  logicalId: string;
  physicalId?: string;
  type: string;
  status: string;
  differences: PropertyDrift[];
}

/**
 * A stack of one account. When the config names a CloudFormation role for the account, every change set,
 * delete and rollback continuation made through this port runs with it (RoleARN).
 */
export interface CloudFormationPort {
  /** undefined when the stack does not exist (or was deleted). */
  describeStack(name: string): Promise<StackSummary | undefined>;
  createChangeSet(request: ChangeSetRequest): Promise<{ id: string; stackId: string }>;
  describeChangeSet(stackName: string, changeSetId: string): Promise<ChangeSetState>;
  /** `clientRequestToken`: the same for every attempt, so a retry cannot start a second operation. */
  executeChangeSet(stackName: string, changeSetId: string, clientRequestToken: string): Promise<void>;
  deleteChangeSet(stackName: string, changeSetId: string): Promise<void>;
  /** The failed events of a change set (DescribeEvents, failed only): what early validation found. */
  changeSetFailures(changeSetArn: string): Promise<ChangeSetFailure[]>;
  /**
   * `retainResources` only for a stack in DELETE_FAILED. `clientRequestToken`: the same for every attempt
   * of one delete, so an SDK retry after a lost answer is not a second request (API reference, DeleteStack
   * ClientRequestToken: "so that CloudFormation knows that you're not attempting to delete a stack with
   * the same name"), and the operation's events carry it.
   */
  deleteStack(name: string, retainResources: string[] | undefined, clientRequestToken: string): Promise<void>;
  /** `clientRequestToken`: as for deleteStack (API reference, ContinueUpdateRollback ClientRequestToken). */
  continueUpdateRollback(name: string, clientRequestToken: string): Promise<void>;
  /** One page of events, newest first. */
  stackEvents(name: string, nextToken?: string): Promise<StackEventPage>;
  /** Every resource of the stack (all pages). */
  stackResources(name: string): Promise<StackResource[]>;
  /** The template the stack runs, as it was submitted. */
  templateBody(name: string): Promise<string>;
  /** Starts drift detection; returns the detection id. */
  detectDrift(name: string): Promise<string>;
  driftDetection(detectionId: string): Promise<DriftDetection>;
  /** The MODIFIED and DELETED resources of the stack's latest drift detection. */
  resourceDrifts(name: string): Promise<ResourceDrift[]>;
}

export interface BusStatement {
  sid: string;
  principal: string;
  action: string;
  resource?: string;
}

export interface EventsPort {
  /** The statements of the bus policy ([] when the bus has none). */
  busPolicy(busName: string): Promise<BusStatement[]>;
  putPermission(busName: string, statementId: string, principalAccount: string): Promise<void>;
  removePermission(busName: string, statementId: string): Promise<void>;
  /** A rule of the default bus and its targets; undefined when there is no such rule. */
  rule(name: string): Promise<LiveRule | undefined>;
}

export interface ObjectHead {
  versionId?: string;
  metadata: Record<string, string>;
}

export interface S3Port {
  bucketVersioning(bucket: string): Promise<'Enabled' | 'Suspended' | 'Never'>;
  /** undefined when there is no such object. */
  headObject(bucket: string, key: string): Promise<ObjectHead | undefined>;
  putObject(bucket: string, key: string, body: Uint8Array, metadata: Record<string, string>, contentType: string): Promise<{ versionId?: string }>;
  /** Object versions and delete markers in the bucket (what keeps it from being deleted); undefined when there is no such bucket. */
  countObjectVersions(bucket: string): Promise<number | undefined>;
  /** The bucket policy; undefined when the bucket has none. */
  bucketPolicy(bucket: string): Promise<PolicyDocument | undefined>;
}

export interface ActionStateSummary {
  name: string;
  status?: string;
  lastStatusChange?: Date;
  /** The revision a source action last fetched (an image digest, an S3 object version). */
  revisionId?: string;
  error?: string;
  summary?: string;
}

export interface StageStateSummary {
  name: string;
  executionId?: string;
  /** InProgress, Succeeded, Failed, Stopped, Stopping, Cancelled, Skipped; absent when it never ran. */
  status?: string;
  actions: ActionStateSummary[];
}

export interface PipelineState {
  name: string;
  stages: StageStateSummary[];
}

/** One execution as ListPipelineExecutions summarises it. */
export interface ExecutionSummary {
  id: string;
  /** Cancelled, InProgress, Stopped, Stopping, Succeeded, Superseded, Failed. */
  status: string;
  startTime?: Date;
  /** CreatePipeline, StartPipelineExecution, CloudWatchEvent, ... */
  trigger?: string;
  /** The revision each source action read, by action name (an image digest, an object version). */
  sourceRevisions?: Record<string, string>;
}

/** One execution as GetPipelineExecution describes it. */
export interface ExecutionDetail {
  id: string;
  status: string;
  trigger?: string;
  /** QUEUED, SUPERSEDED or PARALLEL. */
  executionMode?: string;
  /** The revision of each source artifact, by name. */
  artifactRevisions: Record<string, string>;
}

export interface CodePipelinePort {
  /** undefined when there is no such pipeline. */
  pipelineState(name: string): Promise<PipelineState | undefined>;
  /** The newest execution; undefined when the pipeline has none (or does not exist). */
  latestExecution(name: string): Promise<ExecutionSummary | undefined>;
  /** The actions of one execution, as far as it got. */
  actionExecutions(pipeline: string, executionId: string): Promise<ActionExecution[]>;
  /** The newest executions, newest first, at most `max` (one page); [] when the pipeline does not exist. */
  recentExecutions(name: string, max: number): Promise<ExecutionSummary[]>;
  /** undefined when the pipeline or the execution does not exist. */
  execution(name: string, id: string): Promise<ExecutionDetail | undefined>;
}

/** The image a tag points to now. */
export interface TaggedImage {
  digest: string;
  pushedAt?: Date;
}

export interface EcrPort {
  /** Images in the repository (tagged or not); undefined when there is no such repository. */
  countImages(repositoryName: string): Promise<number | undefined>;
  /** The image `tag` points to; undefined when no image has that tag (the repository must exist). */
  imageOfTag(repositoryName: string, tag: string): Promise<TaggedImage | undefined>;
  /** The repository policy; undefined when the repository has none. */
  repositoryPolicy(repositoryName: string): Promise<PolicyDocument | undefined>;
  /**
   * Puts `tag` on the image with `digest` without pulling or pushing it: BatchGetImage's manifest sent
   * back with PutImage. `missing`: the repository holds no image with that digest; `unchanged`: the tag
   * is already on it (ECR refuses the PutImage with ImageAlreadyExistsException, nothing written).
   */
  retag(repositoryName: string, digest: string, tag: string): Promise<'tagged' | 'unchanged' | 'missing'>;
}

/** What an ECS service runs: its primary deployment's task definition and the images of its running tasks. */
export interface ServiceImages {
  taskDefinition: string;
  /** Each container's image as the task definition names it (`repo@sha256:...` or `repo:tag`). */
  images: Record<string, string>;
  /** Each container's image digests in the running tasks (DescribeTasks `imageDigest`), distinct. */
  runningDigests: Record<string, string[]>;
  /** The deployments in progress (rolloutState IN_PROGRESS). */
  deploymentsInProgress: number;
  /** deploymentConfiguration.deploymentCircuitBreaker of the same DescribeServices answer; undefined when it names none. */
  circuitBreaker?: { enable: boolean; rollback: boolean };
}

/** A service's deployments and whether ECS rolls back a deployment that fails (DescribeServices). */
export interface ServiceDeployments {
  deployments: Array<{ status: string; rolloutState?: string; taskDefinition: string }>;
  /** deploymentConfiguration.deploymentCircuitBreaker; undefined when DescribeServices names none. */
  circuitBreaker?: { enable: boolean; rollback: boolean };
}

export interface EcsPort {
  /** undefined when there is no such cluster or service. */
  serviceImages(cluster: string, service: string): Promise<ServiceImages | undefined>;
  /** undefined when there is no such cluster or service. */
  serviceDeployments(cluster: string, service: string): Promise<ServiceDeployments | undefined>;
  /** The names of the account's clusters in the region (every page). */
  clusterNames(): Promise<string[]>;
  /** The names of the services of a cluster (every page). */
  serviceNames(cluster: string): Promise<string[]>;
}

/** A CloudWatch alarm's state: OK, ALARM or INSUFFICIENT_DATA. */
export interface AlarmState {
  state: string;
  reason?: string;
}

export interface CloudWatchPort {
  /** The alarm's state (metric or composite alarm); undefined when there is no alarm of that name. */
  alarmState(alarmName: string): Promise<AlarmState | undefined>;
}

export interface StsPort {
  callerIdentity(): Promise<CallerIdentity>;
}

export interface PortfolioSummary {
  id: string;
  name: string;
  tags: Record<string, string>;
}

export interface ProductSummary {
  id: string;
  name: string;
  tags: Record<string, string>;
}

export type VersionGuidance = 'DEFAULT' | 'DEPRECATED';

/** A provisioning artifact: one version of a product. */
export interface VersionSummary {
  id: string;
  name: string;
  description: string;
  active: boolean;
  guidance: VersionGuidance;
}

export interface VersionRequest {
  name: string;
  description: string;
  /** An S3 URL Service Catalog loads the CloudFormation template from (it keeps its own copy). */
  templateUrl: string;
}

export interface PortfolioRequest {
  name: string;
  description: string;
  providerName: string;
  tags: Record<string, string>;
  /** The same token returns the portfolio the first request created. */
  idempotencyToken: string;
}

export interface ProductRequest {
  name: string;
  owner: string;
  description: string;
  distributor?: string;
  supportEmail?: string;
  supportUrl?: string;
  supportDescription?: string;
  tags: Record<string, string>;
  /** A product is created with its first version. */
  firstVersion: VersionRequest;
  idempotencyToken: string;
}

/** Whom a portfolio is shared with: DescribePortfolioShares' types (API_PortfolioShareDetail). */
export type PortfolioShareType = 'ACCOUNT' | 'ORGANIZATION' | 'ORGANIZATIONAL_UNIT' | 'ORGANIZATION_MEMBER_ACCOUNT';

export interface PortfolioShare {
  type: PortfolioShareType;
  /** An account id, an OU id (ou-...) or an organization id (o-...). */
  principalId: string;
  /** Imported by the recipient (always true for an organization node). */
  accepted: boolean;
}

/**
 * A share to create or delete: an account by AccountId (the recipient accepts it), or an organization
 * node (ORGANIZATION, ORGANIZATIONAL_UNIT, or a member ACCOUNT), shared asynchronously.
 */
export type ShareTarget = { kind: 'account'; accountId: string } | { kind: 'node'; type: 'ORGANIZATION' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT'; value: string };

export interface ShareStatus {
  status: 'NOT_STARTED' | 'IN_PROGRESS' | 'COMPLETED' | 'COMPLETED_WITH_ERRORS' | 'ERROR';
  /** What went wrong, per account or node. */
  errors: string[];
}

export interface ConstraintSummary {
  id: string;
  type: string;
  /** The constraint's parameters as JSON (for LAUNCH: RoleArn or LocalRoleName). */
  parameters: Record<string, unknown>;
}

/**
 * AWS Service Catalog, as an administrator of one account's catalog. Names are not unique there:
 * callers find portfolios and products by id or tag. Product search is eventually consistent.
 */
export interface ServiceCatalogPort {
  /** undefined when the account has no portfolio with this id. */
  describePortfolio(id: string): Promise<PortfolioSummary | undefined>;
  /** Every portfolio of the account (ids and names; tags come from describePortfolio). */
  listPortfolios(): Promise<Array<{ id: string; name: string }>>;
  createPortfolio(request: PortfolioRequest): Promise<PortfolioSummary>;
  /** Products of the account, or of one portfolio. Eventually consistent: a new product may be missing. */
  searchProducts(portfolioId?: string): Promise<Array<{ id: string; name: string }>>;
  /** undefined when the account has no product with this id. */
  describeProduct(id: string): Promise<ProductSummary | undefined>;
  createProduct(request: ProductRequest): Promise<{ product: ProductSummary; version: VersionSummary }>;
  listVersions(productId: string): Promise<VersionSummary[]>;
  createVersion(productId: string, version: VersionRequest, idempotencyToken: string): Promise<VersionSummary>;
  updateVersion(productId: string, versionId: string, change: { active?: boolean; guidance?: VersionGuidance }): Promise<void>;
  portfoliosOfProduct(productId: string): Promise<string[]>;
  associateProduct(productId: string, portfolioId: string): Promise<void>;
  /** ARNs of the IAM principals associated with the portfolio. */
  principals(portfolioId: string): Promise<string[]>;
  associatePrincipal(portfolioId: string, principalArn: string): Promise<void>;
  /** Accounts the portfolio is shared with. */
  sharedWith(portfolioId: string): Promise<string[]>;
  sharePortfolio(portfolioId: string, accountId: string): Promise<void>;
  /** Shares of one type (every page). */
  portfolioShares(portfolioId: string, type: PortfolioShareType): Promise<PortfolioShare[]>;
  /** The token to follow a share to an organization node (undefined for an account share). */
  createShare(portfolioId: string, target: ShareTarget): Promise<string | undefined>;
  deleteShare(portfolioId: string, target: ShareTarget): Promise<string | undefined>;
  shareStatus(token: string): Promise<ShareStatus>;
  /** The constraints of a product in a portfolio, with their parameters. */
  constraints(portfolioId: string, productId: string): Promise<ConstraintSummary[]>;
  createLaunchConstraint(portfolioId: string, productId: string, localRoleName: string, idempotencyToken: string): Promise<string>;
}

/** A policy document as AWS returns it, parsed. */
export type PolicyDocument = { Version?: string; Statement?: unknown } & Record<string, unknown>;

/** An IAM role as it is now: trust, inline policies, attached managed policies. */
export interface LiveRole {
  name: string;
  arn: string;
  /** The role's unique id (AROA...): a policy that shows it instead of the ARN names a deleted role. */
  roleId: string;
  trust: PolicyDocument;
  inline: Record<string, PolicyDocument>;
  attached: Array<{ name: string; arn: string }>;
}

export interface IamPort {
  /** undefined when there is no such role. */
  role(name: string): Promise<LiveRole | undefined>;
}

export interface KmsPort {
  /** The key policy (named "default"); undefined when there is no such key. */
  keyPolicy(keyId: string): Promise<PolicyDocument | undefined>;
}

/** An EventBridge rule on the default bus, with its targets. */
export interface LiveRule {
  name: string;
  arn: string;
  /** ENABLED, DISABLED, ... */
  state: string;
  pattern?: Record<string, unknown>;
  targets: Array<{ id: string; arn: string; roleArn?: string }>;
}

/** One action of one pipeline execution (ListActionExecutions). */
export interface ActionExecution {
  stage: string;
  action: string;
  /** InProgress, Abandoned, Succeeded, Failed. */
  status: string;
  error?: string;
  summary?: string;
  outputVariables?: Record<string, string>;
}

/** Everything the engine can do in one account. */
export interface AccountPorts {
  cloudFormation: CloudFormationPort;
  events: EventsPort;
  s3: S3Port;
  sts: StsPort;
  codePipeline: CodePipelinePort;
  ecr: EcrPort;
  ecs: EcsPort;
  cloudWatch: CloudWatchPort;
  serviceCatalog: ServiceCatalogPort;
  iam: IamPort;
  kms: KmsPort;
}

/** A stack set as DescribeStackSet reports it (what the StackSets engine compares with what it would send). */
export interface StackSetState {
  name: string;
  id: string;
  status: string;
  templateBody: string;
  parameters: Record<string, string>;
  capabilities: string[];
  permissionModel: 'SERVICE_MANAGED' | 'SELF_MANAGED';
  managedExecution: boolean;
}

/** OperationPreferences of a stack set operation (API reference, StackSetOperationPreferences). */
export interface StackSetPreferences {
  regionConcurrencyType?: 'SEQUENTIAL' | 'PARALLEL';
  regionOrder?: string[];
  maxConcurrentCount?: number;
  maxConcurrentPercentage?: number;
  failureToleranceCount?: number;
  failureTolerancePercentage?: number;
  concurrencyMode?: 'STRICT_FAILURE_TOLERANCE' | 'SOFT_FAILURE_TOLERANCE';
}

/**
 * Where an operation acts: accounts (self-managed), or organizational units narrowed to the accounts
 * named (service-managed: AccountFilterType INTERSECTION), in these regions.
 */
export interface StackSetTargets {
  accounts: string[];
  organizationalUnitIds?: string[];
  regions: string[];
}

export interface StackSetOperationRequest {
  name: string;
  targets: StackSetTargets;
  preferences: StackSetPreferences;
  /** The caller's id: a retried request with it is the same operation, not a second one. */
  operationId: string;
}

export interface StackInstanceState {
  account: string;
  region: string;
  /** CURRENT, OUTDATED or INOPERABLE. */
  status: string;
  /** PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED, INOPERABLE, SKIPPED_SUSPENDED_ACCOUNT. */
  detailedStatus?: string;
  reason?: string;
  stackId?: string;
  /** DescribeStackInstance only; ListStackInstances does not return them. */
  overrides?: Record<string, string>;
}

export interface StackSetOperationResult {
  account: string;
  region: string;
  /** PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED. */
  status: string;
  reason?: string;
}

/**
 * The stack sets of one administrator account (CloudFormation's StackSet operations). Built with the
 * CallAs the config names (SELF or DELEGATED_ADMIN), sent with every call of a service-managed set.
 */
export interface StackSetsPort {
  describeStackSet(name: string): Promise<StackSetState | undefined>;
  createStackSet(r: {
    name: string;
    templateBody: string;
    parameters: Record<string, string>;
    capabilities: Capability[];
    permissionModel: 'SERVICE_MANAGED' | 'SELF_MANAGED';
    /** Service-managed only: whether accounts joining the OUs get an instance on their own. */
    autoDeployment?: { enabled: boolean; retainStacksOnAccountRemoval: boolean };
    managedExecution: boolean;
  }): Promise<string>;
  /** Returns the operation id. */
  updateStackSet(r: StackSetOperationRequest & { templateBody: string; parameters: Record<string, string>; capabilities: Capability[] }): Promise<string>;
  createStackInstances(r: StackSetOperationRequest & { overrides: Record<string, string> }): Promise<string>;
  updateStackInstances(r: StackSetOperationRequest & { overrides: Record<string, string> }): Promise<string>;
  deleteStackInstances(r: StackSetOperationRequest & { retainStacks: boolean }): Promise<string>;
  deleteStackSet(name: string): Promise<void>;
  stackInstances(name: string): Promise<StackInstanceState[]>;
  stackInstance(name: string, account: string, region: string): Promise<StackInstanceState | undefined>;
  operation(name: string, operationId: string): Promise<{ status: string; action: string; reason?: string }>;
  operationResults(name: string, operationId: string): Promise<StackSetOperationResult[]>;
}
