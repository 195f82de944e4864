/**
 * The fake AWS world the tests run against: several accounts, each with CloudFormation, EventBridge
 * (bus policies and rules), CodePipeline (executions that run), ECR, ECS, Service Catalog and STS per
 * region, S3 buckets by name, credentials mapped to accounts, what AWS does on its own time (event
 * deliveries, pipeline actions, deployments: `advance`, `settle`), and fault controls (throttling,
 * expired credentials, failing resources). It sits under the real SDK: `requestHandler` is an HTTP
 * request handler the clients are built with (the product's own client factory takes it), so the code
 * under test runs the SDK's serializers, signing, retries, error parsing and credential providers, and
 * the fake answers each request in its service's wire protocol (wire/). Behaviour: fake-aws.md. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeCloudFormation } from './fake-cloudformation';
import { FakeCodePipeline } from './fake-codepipeline';
import { FakeEcr } from './fake-ecr';
import { FakeCloudWatch } from './fake-cloudwatch';
import { FakeEventBridge } from './fake-eventbridge';
import { FakeIam } from './fake-iam';
import { FakeKms } from './fake-kms';
import { showDeletedPrincipal } from './principal-ids';
import { FakeS3 } from './fake-s3';
import { FakeEcs } from './fake-ecs';
import { Background } from './background';
import { DeployedAccess } from './deployed-access';
import { EventRouter, type Delivery } from './event-routing';
import { imagePuller } from './image-pull';
import { runAction, type ActionWorld } from './pipeline-actions';
import { PipelineExecutor } from './pipeline-executor';
import { stackResourceHooks } from './stack-resources';
import { FakeServiceCatalog } from './fake-service-catalog';
import { FakeOrganization } from './fake-organization';
import { FakeStackSets, STACKSET_COMMANDS } from './fake-stacksets';
import { fault, LostAnswer, type FakeAwsError } from './fault';
import { IdentityPolicies, type PolicyDocumentLike } from './iam/identity-policies';
import type { AuthorizationState } from './iam/authorization-table';
import { FakeHttpHandler, type WireDispatcher } from './wire/fake-http-handler';
import { JSON_SERVICES } from './wire/protocols';
import type { Signer } from './wire/signed-request';
import { VirtualClock } from './virtual-clock';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Service = 'cloudformation' | 'eventbridge' | 's3' | 'sts' | 'codepipeline' | 'ecr' | 'ecs' | 'servicecatalog' | 'iam' | 'kms' | 'cloudwatch';

interface Identity {
  account: string;
  arn: string;
  userId: string;
}

export interface CallRecord {
  service: Service;
  command: string;
  account: string;
  region: string;
  at: number;
  error?: string;
  /** The page asked for: the request's NextToken, nextToken, PageToken, Marker or KeyMarker (absent for a first page). */
  pageToken?: string;
}

interface FaultRule {
  service?: Service;
  command?: string;
  remaining: number;
  /** undefined: the service's throttling error. */
  error?: { code: string; message: string; status: number };
  /** The call is carried out, then its answer is lost (a reset connection). */
  afterwards?: boolean;
}

/** SigV4 signing names of the services the fake speaks, and what the fake calls them. */
const SIGNING_NAMES: Record<string, Service> = {
  cloudformation: 'cloudformation',
  events: 'eventbridge',
  s3: 's3',
  sts: 'sts',
  codepipeline: 'codepipeline',
  ecr: 'ecr',
  ecs: 'ecs',
  servicecatalog: 'servicecatalog',
  iam: 'iam',
  kms: 'kms',
  monitoring: 'cloudwatch',
};

/** The service of one account and region, made on first use. */
function perRegion<T>(services: Map<string, T>, account: string, region: string, make: () => T): T {
  const k = `${account}/${region}`;
  const existing = services.get(k);
  if (existing) return existing;
  const made = make();
  services.set(k, made);
  return made;
}

export class FakeAws implements WireDispatcher {
  readonly clock: VirtualClock;
  readonly s3 = new FakeS3();
  readonly calls: CallRecord[] = [];
  private readonly identities = new Map<string, Identity>();
  private readonly expired = new Set<string>();
  private readonly expiresAt = new Map<string, number>();
  /** Called before each request is answered (tests use it to press Ctrl-C at a chosen call). */
  onCall?: (record: CallRecord) => void;
  private readonly roles = new Map<string, { trusted: Set<string>; mfaCode?: string }>();
  private readonly faults: FaultRule[] = [];
  private readonly cfn = new Map<string, FakeCloudFormation>();
  private readonly stackSetAdmins = new Map<string, FakeStackSets>();
  /** The organization the accounts are in (a test control): OUs, management account, delegated administrators. */
  readonly organization = new FakeOrganization();
  private readonly events = new Map<string, FakeEventBridge>();
  private readonly pipelines = new Map<string, FakeCodePipeline>();
  private readonly registries = new Map<string, FakeEcr>();
  private readonly catalogs = new Map<string, FakeServiceCatalog>();
  private readonly iams = new Map<string, FakeIam>();
  private readonly kmses = new Map<string, FakeKms>();
  private readonly clusters = new Map<string, FakeEcs>();
  private readonly watches = new Map<string, FakeCloudWatch>();
  /** Work AWS does on its own time (event deliveries, pipeline actions, ECS deployments). */
  readonly background: Background;
  /** The deployed stacks' policies, as the access proof models them: what the pipeline's calls may do. */
  readonly access = new DeployedAccess(this);
  private readonly events_: EventRouter;
  private readonly profiles: Record<string, string> = {};
  private keyCounter = 0;
  /** The HTTP request handler SDK clients are built with to talk to this fake. */
  readonly requestHandler = new FakeHttpHandler(this);
  /** Identity policies enforced for chosen callers, and every decision made (iam/identity-policies.ts). */
  readonly identityPolicies = new IdentityPolicies();

  constructor(
    readonly accounts: string[],
    clock = new VirtualClock(),
  ) {
    this.clock = clock;
    this.background = new Background(clock);
    this.events_ = new EventRouter({
      background: this.background,
      access: this.access,
      eventBridge: (a, r) => this.eventBridge(a, r),
      codePipeline: (a, r) => this.codePipeline(a, r),
      now: () => this.clock.now(),
    });
    // "Object Created" (S3 user guide, "EventBridge event message structure", its example): `account` is
    // the bucket owner, `resources` the bucket's ARN; detail: version, bucket.name, object key, size, etag
    // (no quotes), version-id (a versioned bucket's; in a suspended one "null": unsure), sequencer,
    // request-id, requester (the caller's account), reason PutObject. source-ip-address is left out.
    let sequence = 0;
    this.s3.onObjectCreated = (bucket, key, version) =>
      this.events_.emit(bucket.account, bucket.region, {
        'detail-type': 'Object Created',
        source: 'aws.s3',
        resources: [`arn:aws:s3:::${bucket.name}`],
        detail: {
          version: '0',
          bucket: { name: bucket.name },
          object: { key, size: version.size, etag: version.etag, ...(version.versionId ? { 'version-id': version.versionId } : {}), sequencer: (++sequence).toString(16).toUpperCase().padStart(18, '0') },
          'request-id': `FAKE${String(sequence).padStart(12, '0')}`,
          requester: version.requester,
          reason: 'PutObject',
        },
      });
  }

  // ----- accounts, credentials and roles -------------------------------------------------------

  /** A user in `account` with fresh credentials; returns its access key id. */
  addUser(account: string, name = 'deployer'): string {
    const key = `AKIAFAKE${String(++this.keyCounter).padStart(12, '0')}`;
    this.identities.set(key, { account, arn: `arn:aws:iam::${account}:user/${name}`, userId: `AIDA${this.keyCounter}` });
    return key;
  }

  /** A named profile (in the credentials file written by writeCredentialsFile) for a user of `account`. */
  addProfile(profile: string, account: string): string {
    const key = this.addUser(account, profile);
    this.profiles[profile] = key;
    return key;
  }

  /**
   * A role that principals of the `trusted` accounts may assume; with `mfaCode`, only with that code from
   * an MFA device (a trust policy with aws:MultiFactorAuthPresent).
   */
  addRole(arn: string, trusted: string[], options: { mfaCode?: string } = {}): void {
    this.roles.set(arn, { trusted: new Set(trusted), ...(options.mfaCode ? { mfaCode: options.mfaCode } : {}) });
  }

  /**
   * From now on every request signed with `accessKeyId` must be allowed by `policy` (an IAM identity
   * policy document), as AWS evaluates it; a denied one answers AWS's AccessDenied for its protocol.
   * Callers without an enforced policy may do anything (the fake's default).
   */
  enforceIdentityPolicy(accessKeyId: string, policy: PolicyDocumentLike): void {
    this.identityPolicies.enforce(accessKeyId, policy);
  }

  expire(accessKeyId: string): void {
    this.expired.add(accessKeyId);
  }

  /** The credentials expire at a moment of simulated time (mid-run). */
  expireAt(accessKeyId: string, at: number): void {
    this.expiresAt.set(accessKeyId, at);
  }

  profileKey(profile: string): string {
    return this.profiles[profile];
  }

  /** Writes the profiles to a shared credentials file and an empty config file; returns the env to set. */
  writeCredentialsFile(): Record<string, string> {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-fake-aws-'));
    const credentials = Object.entries(this.profiles)
      .map(([p, key]) => `[${p}]\naws_access_key_id = ${key}\naws_secret_access_key = fake-secret-${key}\n`)
      .join('\n');
    writeFileSync(join(dir, 'credentials'), credentials);
    writeFileSync(join(dir, 'config'), '');
    return { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config') };
  }

  // ----- services per account and region --------------------------------------------------------

  cloudFormation(account: string, region = 'eu-west-1'): FakeCloudFormation {
    return perRegion(this.cfn, account, region, () => new FakeCloudFormation(account, region, this.clock, stackResourceHooks(this, account, region)));
  }

  /** The stack sets administered from `account` in `region` (their instances are stacks in the target accounts). */
  stackSets(account: string, region = 'eu-west-1'): FakeStackSets {
    return perRegion(this.stackSetAdmins, account, region, () => new FakeStackSets(account, region, this.clock, this.organization, (a, r) => this.cloudFormation(a, r)));
  }

  /** IAM is global: one per account. */
  iam(account: string): FakeIam {
    return perRegion(this.iams, account, 'global', () => new FakeIam(account));
  }

  kms(account: string, region = 'eu-west-1'): FakeKms {
    return perRegion(this.kmses, account, region, () => new FakeKms(account, region));
  }

  /**
   * A role goes (its stack deletes it, or a person does): every policy that named it by ARN now shows its
   * unique id instead (principal-ids.ts), in every account — trust policies, key, bucket and repository
   * policies.
   */
  deleteRole(account: string, name: string): void {
    const role = this.iam(account).deleteRole(name);
    if (!role) return;
    const policies = [
      ...[...this.iams.values()].flatMap((i) => i.roleNames().map((n) => i.role(n)!.trust)),
      ...[...this.kmses.values()].flatMap((k) => k.allKeys()),
      ...[...this.registries.values()].flatMap((e) => e.allPolicies()),
      ...this.s3.allPolicies(),
    ];
    for (const p of policies) showDeletedPrincipal(p, role.arn, role.roleId);
  }

  eventBridge(account: string, region = 'eu-west-1'): FakeEventBridge {
    return perRegion(this.events, account, region, () => new FakeEventBridge(account, region));
  }

  codePipeline(account: string, region = 'eu-west-1'): FakeCodePipeline {
    return perRegion(this.pipelines, account, region, () => {
      const pipelines = new FakeCodePipeline(account, region, this.clock);
      const world: ActionWorld = {
        account,
        region,
        ecr: (a) => this.ecr(a, region),
        s3: this.s3,
        ecs: this.ecs(account, region),
        denial: (source, calls) => this.access.firstDenial({ source, target: account, region }, calls),
      };
      const executor = new PipelineExecutor(pipelines, this.background, (p, e, _stage, action) => runAction(world, p, e, action), () => this.clock.now());
      pipelines.starter = (name, start) => executor.start(name, start);
      return pipelines;
    });
  }

  ecr(account: string, region = 'eu-west-1'): FakeEcr {
    return perRegion(this.registries, account, region, () => {
      const ecr = new FakeEcr(account, region, () => this.clock.now());
      ecr.onPush = (push) =>
        this.events_.emit(account, region, {
          'detail-type': 'ECR Image Action',
          source: 'aws.ecr',
          resources: [],
          detail: { result: 'SUCCESS', 'repository-name': push.repository, 'image-digest': push.digest, 'action-type': 'PUSH', 'image-tag': push.tag },
        });
      return ecr;
    });
  }

  /** ECS of one account and region: clusters and services exist before the pipeline (`createService`). */
  /** CloudWatch alarms of one account and region (tests make them and set their state). */
  cloudWatch(account: string, region = 'eu-west-1'): FakeCloudWatch {
    return perRegion(this.watches, account, region, () => new FakeCloudWatch(account, region, () => this.clock.now()));
  }

  ecs(account: string, region = 'eu-west-1'): FakeEcs {
    return perRegion(this.clusters, account, region, () => new FakeEcs(account, region, () => this.clock.now(), this.background, imagePuller(this, account, region)));
  }

  /** Lets `ms` of simulated time pass: event deliveries, pipeline actions and ECS deployments happen at their moments. */
  advance(ms: number): Promise<void> {
    return this.background.advance(ms);
  }

  /** Lets time pass until every event is delivered and every execution and deployment has ended. */
  settle(): Promise<void> {
    return this.background.settle();
  }

  /** What the event rules did with each event (delivered, started an execution, refused). */
  get deliveries(): Delivery[] {
    return this.events_.deliveries;
  }

  serviceCatalog(account: string, region = 'eu-west-1'): FakeServiceCatalog {
    return perRegion(this.catalogs, account, region, () =>
      new FakeServiceCatalog(account, region, this.clock, (url, caller) => {
        const where = FakeS3.parseUrl(url);
        const body = where && this.s3.readableBody(where.bucket, where.key, caller);
        return body && new TextDecoder().decode(body);
      }, 'aws', (name) => this.iam(account).role(name) !== undefined),
    );
  }

  // ----- faults ---------------------------------------------------------------------------------

  /**
   * AWS's clock against the machine's (control): `skewMs` ahead (negative: behind). Requests signed
   * further off than the service allows are refused; answers carry AWS's time in `Date`.
   */
  clockSkewMs = 0;
  /** Answers come through a cache on the way (control): they carry `Age`, so the SDK does not correct its clock from them. */
  answersThroughCache = false;

  answerHeaders(): Record<string, string> {
    return { date: new Date(Date.now() + this.clockSkewMs).toUTCString(), ...(this.answersThroughCache ? { age: '0' } : {}) };
  }

  /** The next `count` calls (of a service and command, if given) answer "Rate exceeded". */
  throttle(count: number, service?: Service, command?: string): void {
    this.faults.push({ remaining: count, ...(service ? { service } : {}), ...(command ? { command } : {}) });
  }

  /** The next `count` calls of `service` `command` fail with this error (and change nothing). */
  fail(count: number, service: Service, command: string, code: string, message: string, status = 500): void {
    this.faults.push({ remaining: count, service, command, error: { code, message, status } });
  }

  /** The next `count` calls of `service` `command` are carried out, but their answers are lost (the SDK retries). */
  loseAnswers(count: number, service: Service, command: string): void {
    this.faults.push({ remaining: count, service, command, afterwards: true });
  }

  // ----- dispatch -------------------------------------------------------------------------------

  private identityOf(accessKeyId: string): Identity {
    const identity = this.identities.get(accessKeyId);
    if (!identity) throw fault('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    return identity;
  }

  /** One request as the wire layer decoded it: the caller is the access key id its signature names. */
  async dispatch(signingName: string, command: string, input: Json, caller: Signer): Promise<Json> {
    const service = SIGNING_NAMES[signingName];
    if (!service) throw fault('UnknownService', `the fake does not implement ${signingName}`, 400);
    // What AWS did on its own time until now (deliveries, executions, deployments) happens first.
    await this.background.runDue();
    const key = caller.accessKeyId;
    const identity = this.identityOf(key);
    const region = caller.region;
    const page = pageTokenOf(input);
    const record: CallRecord = { service, command, account: identity.account, region, at: this.clock.now(), ...(page ? { pageToken: page } : {}) };
    this.calls.push(record);
    this.onCall?.(record);
    // The JSON-protocol services name these errors ...Exception, the query-protocol ones not (wire/protocols.ts).
    const json = JSON_SERVICES.has(signingName);
    try {
      const skewed = signatureTimeFault(service, json, caller.signedAt, Date.now() + this.clockSkewMs);
      if (skewed) throw skewed;
      if (this.expired.has(key) || (this.expiresAt.get(key) ?? Infinity) <= this.clock.now()) {
        // S3: ExpiredToken, 400, "The provided token has expired." (S3 error responses); the others 403.
        throw service === 's3' ? fault('ExpiredToken', 'The provided token has expired.', 400) : fault(json ? 'ExpiredTokenException' : 'ExpiredToken', 'The security token included in the request is expired', 403);
      }
      const matches = (t: FaultRule) => t.remaining > 0 && (!t.service || t.service === service) && (!t.command || t.command === command);
      const rule = this.faults.find((t) => matches(t) && !t.afterwards);
      if (rule) {
        rule.remaining--;
        // S3 slows callers down with SlowDown, 503 "Please reduce your request rate." (S3 error responses).
        throw rule.error ? fault(rule.error.code, rule.error.message, rule.error.status) : service === 's3' ? fault('SlowDown', 'Please reduce your request rate.', 503) : fault(json ? 'ThrottlingException' : 'Throttling', 'Rate exceeded', 400);
      }
      if (this.identityPolicies.enforced(key)) {
        await this.identityPolicies.authorize({ accessKeyId: key, account: identity.account, arn: identity.arn }, signingName, command, input, this.authorizationState(identity.account, region));
      }
      // The StackSet operations are CloudFormation's API, answered by the stack sets of the caller's account and region.
      const stackSets = service === 'cloudformation' && STACKSET_COMMANDS.has(command);
      const handler = (stackSets ? this.stackSets(identity.account, region) : this.handlerOf(service, identity, region)) as Record<string, ((i: Json, a: string, callerArn: string) => Json) | undefined>;
      const operation = handler[command];
      if (typeof operation !== 'function' || !/^[A-Z]/.test(command)) throw fault('InvalidAction', `the fake ${service} does not implement ${command}`, 400);
      const result = operation.call(handler, input, identity.account, identity.arn) ?? {};
      const lose = this.faults.find((t) => matches(t) && t.afterwards);
      if (lose) {
        lose.remaining--;
        throw new LostAnswer(command);
      }
      return result;
    } catch (e) {
      record.error = (e as Error).name;
      throw e;
    }
  }

  /** What authorizing a request of `account` needs to know of the fake's state. */
  private authorizationState(account: string, region: string): AuthorizationState {
    const tagsOf = <T extends { id: string; tags: Record<string, string> }>(list: T[], id: string) => list.find((x) => x.id === id)?.tags ?? {};
    return {
      partition: region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws',
      region,
      account,
      stack: (nameOrId) => this.cloudFormation(account, region).arnParts(nameOrId),
      stackSet: (nameOrId) => this.stackSets(account, region).arnParts(nameOrId),
      portfolioTags: (id) => tagsOf(this.serviceCatalog(account, region).portfolioList(), id),
      productTags: (id) => tagsOf(this.serviceCatalog(account, region).productList(), id),
      objectExists: (bucket, key) => this.s3.objectExists(bucket, key),
      bucketOwner: (bucket) => this.s3.ownerOf(bucket),
      keyPolicy: (keyId) => {
        try {
          return this.kms(account, region).keyPolicy(keyId);
        } catch {
          return undefined;
        }
      },
    };
  }

  private handlerOf(service: Service, identity: Identity, region: string): object {
    switch (service) {
      case 'cloudformation':
        return this.cloudFormation(identity.account, region);
      case 'eventbridge':
        return this.eventBridge(identity.account, region);
      case 'servicecatalog':
        return this.serviceCatalog(identity.account, region);
      case 's3':
        return this.s3;
      case 'sts':
        return { GetCallerIdentity: (i: Json) => this.sts('GetCallerIdentity', i, identity), AssumeRole: (i: Json) => this.sts('AssumeRole', i, identity) };
      case 'codepipeline':
        return this.codePipeline(identity.account, region);
      case 'ecr':
        return this.ecr(identity.account, region);
      case 'iam':
        return this.iam(identity.account);
      case 'kms':
        return this.kms(identity.account, region);
      case 'ecs':
        return this.ecs(identity.account, region);
      case 'cloudwatch':
        return this.cloudWatch(identity.account, region);
    }
  }

  private sts(command: string, input: Json, identity: Identity): Json {
    if (command === 'GetCallerIdentity') return { Account: identity.account, Arn: identity.arn, UserId: identity.userId };
    const role = this.roles.get(input.RoleArn);
    const roleAccount = /^arn:aws[\w-]*:iam::(\d{12}):role\//.exec(input.RoleArn ?? '')?.[1];
    if (!role || !roleAccount || !role.trusted.has(identity.account) || (role.mfaCode && !input.TokenCode)) {
      throw fault('AccessDenied', `User: ${identity.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`, 403);
    }
    // STS's answer to a wrong one-time code (unsure of the exact wording; the code is AccessDenied).
    if (role.mfaCode && input.TokenCode !== role.mfaCode) throw fault('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ', 403);
    const key = `ASIAFAKE${String(++this.keyCounter).padStart(12, '0')}`;
    const roleName = input.RoleArn.split('/').pop();
    this.identities.set(key, { account: roleAccount, arn: `arn:aws:sts::${roleAccount}:assumed-role/${roleName}/${input.RoleSessionName}`, userId: `AROA${this.keyCounter}:${input.RoleSessionName}` });
    return {
      Credentials: { AccessKeyId: key, SecretAccessKey: `fake-secret-${key}`, SessionToken: `fake-token-${key}`, Expiration: new Date(Date.now() + 3600_000) /* against the clock the SDK reads */ },
      AssumedRoleUser: { Arn: `arn:aws:sts::${roleAccount}:assumed-role/${roleName}/${input.RoleSessionName}`, AssumedRoleId: `AROA${this.keyCounter}` },
    };
  }

  // ----- counting -------------------------------------------------------------------------------

  /** Calls that change something (everything but Describe*, Get*, Head*, List*, Search*, Detect* and AssumeRole). */
  writes(): CallRecord[] {
    return this.calls.filter((c) => !/^(Describe|Get|Head|List|Search|Detect|AssumeRole)/.test(c.command));
  }

  callsOf(command: string): CallRecord[] {
    return this.calls.filter((c) => c.command === command);
  }
}

/** The continuation token a paged request carries, in any of the services' spellings. */
function pageTokenOf(input: Json): string | undefined {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return undefined;
  const i = input as Record<string, unknown>;
  const token = i.NextToken ?? i.nextToken ?? i.PageToken ?? i.Marker ?? i.KeyMarker;
  return typeof token === 'string' && token !== '' ? token : undefined;
}

/** `YYYYMMDD'T'HHMMSS'Z'`, the SigV4 time format AWS quotes in its answers. */
const amzDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');

/**
 * A request signed too far from AWS's time is refused before it is carried out. SigV4: "In most cases, a
 * request must reach AWS within five minutes of the time stamp in the request. Otherwise, AWS denies the
 * request" (IAM user guide, reference_aws-signing.html, "Protect against potential replay attacks").
 * STS allows 15 minutes: "Signature expired: 20220127T001427Z is now earlier than 20220127T014428Z
 * (20220127T015928Z - 15 min.)" for GetCallerIdentity (aws-cli #6676). The query services answer
 * `SignatureDoesNotMatch` (403) with that text (convox/rack #235: "- 5 min."), the JSON services
 * `InvalidSignatureException` "Signature expired: ..." (aws-sdk-js #527; its status, 400 here: unsure).
 * S3 answers `RequestTimeTooSkewed` 403 "The difference between the request time and the current time is
 * too large." (S3 error responses), allowing 15 minutes (unsure: the S3 page gives no window; 15 as STS).
 * A request signed ahead of AWS's time: "Signature not yet current: <t> is still later than <limit>
 * (<now> + 5 min.)" (wording: unsure, after the expired form).
 */
function signatureTimeFault(service: Service, json: boolean, signedAt: number | undefined, awsNow: number): FakeAwsError | undefined {
  if (signedAt === undefined) return undefined;
  const windowMin = service === 'sts' || service === 's3' ? 15 : 5;
  const windowMs = windowMin * 60_000;
  if (Math.abs(signedAt - awsNow) <= windowMs) return undefined;
  if (service === 's3') return fault('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', 403);
  const text =
    signedAt < awsNow
      ? `Signature expired: ${amzDate(signedAt)} is now earlier than ${amzDate(awsNow - windowMs)} (${amzDate(awsNow)} - ${windowMin} min.)`
      : `Signature not yet current: ${amzDate(signedAt)} is still later than ${amzDate(awsNow + windowMs)} (${amzDate(awsNow)} + ${windowMin} min.)`;
  return json ? fault('InvalidSignatureException', text, 400) : fault('SignatureDoesNotMatch', text, 403);
}
