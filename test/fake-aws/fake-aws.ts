/**
 * The fake AWS world the tests run against: several accounts, each with CloudFormation, EventBridge,
 * CodePipeline, ECR, Service Catalog and STS per region, S3 buckets by name, credentials mapped to accounts, and fault controls (throttling,
 * expired credentials, failing resources). It sits under the real SDK: `requestHandler` is an HTTP
 * request handler the clients are built with (the product's own client factory takes it), so the code
 * under test runs the SDK's serializers, signing, retries, error parsing and credential providers, and
 * the fake answers each request in its service's wire protocol (wire/). Behaviour: fake-aws.md.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeCloudFormation } from './fake-cloudformation';
import { FakeCodePipeline } from './fake-codepipeline';
import { FakeEcr } from './fake-ecr';
import { FakeEventBridge } from './fake-eventbridge';
import { FakeS3, type Versioning } from './fake-s3';
import { FakeServiceCatalog } from './fake-service-catalog';
import { fault, LostAnswer } from './fault';
import { IdentityPolicies, type PolicyDocumentLike } from './iam/identity-policies';
import type { AuthorizationState } from './iam/authorization-table';
import { FakeHttpHandler, type WireDispatcher } from './wire/fake-http-handler';
import type { Signer } from './wire/signed-request';
import { VirtualClock } from './virtual-clock';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Service = 'cloudformation' | 'eventbridge' | 's3' | 'sts' | 'codepipeline' | 'ecr' | 'servicecatalog';

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

const EXPIRED_CODE: Record<Service, string> = {
  cloudformation: 'ExpiredToken',
  sts: 'ExpiredToken',
  s3: 'ExpiredToken',
  eventbridge: 'ExpiredTokenException',
  codepipeline: 'ExpiredTokenException',
  ecr: 'ExpiredTokenException',
  servicecatalog: 'ExpiredTokenException',
};

/** The JSON-protocol services answer ThrottlingException, the query-protocol ones Throttling. */
const THROTTLED_CODE: Record<Service, string> = {
  cloudformation: 'Throttling',
  sts: 'Throttling',
  s3: 'Throttling',
  eventbridge: 'ThrottlingException',
  codepipeline: 'ThrottlingException',
  ecr: 'ThrottlingException',
  servicecatalog: 'ThrottlingException',
};

/** SigV4 signing names of the services the fake speaks, and what the fake calls them. */
const SIGNING_NAMES: Record<string, Service> = {
  cloudformation: 'cloudformation',
  events: 'eventbridge',
  s3: 's3',
  sts: 'sts',
  codepipeline: 'codepipeline',
  ecr: 'ecr',
  servicecatalog: 'servicecatalog',
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
  private readonly roles = new Map<string, { trusted: Set<string> }>();
  private readonly faults: FaultRule[] = [];
  private readonly cfn = new Map<string, FakeCloudFormation>();
  private readonly events = new Map<string, FakeEventBridge>();
  private readonly pipelines = new Map<string, FakeCodePipeline>();
  private readonly registries = new Map<string, FakeEcr>();
  private readonly catalogs = new Map<string, FakeServiceCatalog>();
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

  /** A role that principals of the `trusted` accounts may assume. */
  addRole(arn: string, trusted: string[]): void {
    this.roles.set(arn, { trusted: new Set(trusted) });
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
    const k = `${account}/${region}`;
    let f = this.cfn.get(k);
    if (!f) {
      f = new FakeCloudFormation(account, region, this.clock, {
        resourceCreated: (type, physical, properties) => {
          if (type === 'AWS::S3::Bucket') this.s3.createBucket(physical.ref, account, region, properties.VersioningConfiguration?.Status as Versioning);
          if (type === 'AWS::CodePipeline::Pipeline') this.codePipeline(account, region).createPipeline(physical.ref, properties);
          if (type === 'AWS::ECR::Repository') this.ecr(account, region).createRepository(physical.ref);
        },
        resourceDeleted: (type, physical) => {
          if (type === 'AWS::S3::Bucket') this.s3.deleteBucket(physical.ref);
          if (type === 'AWS::CodePipeline::Pipeline') this.codePipeline(account, region).deletePipeline(physical.ref);
          if (type === 'AWS::ECR::Repository') this.ecr(account, region).deleteRepository(physical.ref);
        },
        resourceExists: (type, name) =>
          type === 'AWS::ECR::Repository' ? this.ecr(account, region).repositoryNames().includes(name) : type === 'AWS::S3::Bucket' ? this.s3.bucketNames().includes(name) : false,
        deleteRefusal: (type, physical) =>
          type === 'AWS::S3::Bucket' ? this.s3.deleteRefusal(physical.ref) : type === 'AWS::ECR::Repository' ? this.ecr(account, region).deleteRefusal(physical.ref) : undefined,
      });
      this.cfn.set(k, f);
    }
    return f;
  }

  eventBridge(account: string, region = 'eu-west-1'): FakeEventBridge {
    const k = `${account}/${region}`;
    let f = this.events.get(k);
    if (!f) {
      f = new FakeEventBridge(account, region);
      this.events.set(k, f);
    }
    return f;
  }

  codePipeline(account: string, region = 'eu-west-1'): FakeCodePipeline {
    return perRegion(this.pipelines, account, region, () => new FakeCodePipeline(account, region, this.clock));
  }

  ecr(account: string, region = 'eu-west-1'): FakeEcr {
    return perRegion(this.registries, account, region, () => new FakeEcr(account, region));
  }

  serviceCatalog(account: string, region = 'eu-west-1'): FakeServiceCatalog {
    return perRegion(this.catalogs, account, region, () =>
      new FakeServiceCatalog(account, region, this.clock, (url, caller) => {
        const where = FakeS3.parseUrl(url);
        const body = where && this.s3.readableBody(where.bucket, where.key, caller);
        return body && new TextDecoder().decode(body);
      }),
    );
  }

  // ----- faults ---------------------------------------------------------------------------------

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
    const key = caller.accessKeyId;
    const identity = this.identityOf(key);
    const region = caller.region;
    const record: CallRecord = { service, command, account: identity.account, region, at: this.clock.now() };
    this.calls.push(record);
    this.onCall?.(record);
    try {
      if (this.expired.has(key) || (this.expiresAt.get(key) ?? Infinity) <= this.clock.now()) throw fault(EXPIRED_CODE[service], 'The security token included in the request is expired', 403);
      const matches = (t: FaultRule) => t.remaining > 0 && (!t.service || t.service === service) && (!t.command || t.command === command);
      const rule = this.faults.find((t) => matches(t) && !t.afterwards);
      if (rule) {
        rule.remaining--;
        throw rule.error ? fault(rule.error.code, rule.error.message, rule.error.status) : fault(THROTTLED_CODE[service], 'Rate exceeded', 400);
      }
      if (this.identityPolicies.enforced(key)) {
        await this.identityPolicies.authorize({ accessKeyId: key, account: identity.account, arn: identity.arn }, signingName, command, input, this.authorizationState(identity.account, region));
      }
      const handler = this.handlerOf(service, identity, region) as Record<string, ((i: Json, a: string) => Json) | undefined>;
      const operation = handler[command];
      if (typeof operation !== 'function' || !/^[A-Z]/.test(command)) throw fault('InvalidAction', `the fake ${service} does not implement ${command}`, 400);
      const result = operation.call(handler, input, identity.account) ?? {};
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
      portfolioTags: (id) => tagsOf(this.serviceCatalog(account, region).portfolioList(), id),
      productTags: (id) => tagsOf(this.serviceCatalog(account, region).productList(), id),
      objectExists: (bucket, key) => this.s3.objectExists(bucket, key),
      bucketOwner: (bucket) => this.s3.ownerOf(bucket),
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
    }
  }

  private sts(command: string, input: Json, identity: Identity): Json {
    if (command === 'GetCallerIdentity') return { Account: identity.account, Arn: identity.arn, UserId: identity.userId };
    const role = this.roles.get(input.RoleArn);
    const roleAccount = /^arn:aws[\w-]*:iam::(\d{12}):role\//.exec(input.RoleArn ?? '')?.[1];
    if (!role || !roleAccount || !role.trusted.has(identity.account)) {
      throw fault('AccessDenied', `User: ${identity.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`, 403);
    }
    const key = `ASIAFAKE${String(++this.keyCounter).padStart(12, '0')}`;
    const roleName = input.RoleArn.split('/').pop();
    this.identities.set(key, { account: roleAccount, arn: `arn:aws:sts::${roleAccount}:assumed-role/${roleName}/${input.RoleSessionName}`, userId: `AROA${this.keyCounter}:${input.RoleSessionName}` });
    return {
      Credentials: { AccessKeyId: key, SecretAccessKey: `fake-secret-${key}`, SessionToken: `fake-token-${key}`, Expiration: new Date(this.clock.now() + 3600_000) },
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
