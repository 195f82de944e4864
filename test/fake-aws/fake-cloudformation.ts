/**
 * A stateful fake of the CloudFormation API for one account and region. Stack operations move through
 * AWS's statuses on the virtual clock; each resource reports its own events; failures roll back. See
 * fake-aws.md for the behaviour and the controls tests use.
 */
import { isDeepStrictEqual } from 'node:util';
import { parsedTemplate } from './parsed-templates';
import { fault } from './fault';
import { pageOf } from './paging';
import { FakeDriftDetector, type DriftMark } from './fake-drift';
import { condition, evaluate, references, type EvalContext } from './intrinsics';
import { physicalResource, type PhysicalResource } from './resource-model';
import type { VirtualClock } from './virtual-clock';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface FakeStackEvent {
  ClientRequestToken?: string;
  EventId: string;
  StackId: string;
  StackName: string;
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
  ResourceStatus: string;
  ResourceStatusReason?: string;
  Timestamp: Date;
}

interface Deployed {
  template: Json;
  body: string;
  parameters: Record<string, string>;
  tags: Record<string, string>;
  resources: Record<string, PhysicalResource & { type: string }>;
  outputs: Record<string, string>;
}

interface ChangeSet {
  id: string;
  name: string;
  clientToken?: string;
  type: 'CREATE' | 'UPDATE';
  status: string;
  executionStatus: string;
  statusReason?: string;
  readyAt: number;
  next: Omit<Deployed, 'resources' | 'outputs'>;
  changes: Array<{ Action: string; LogicalResourceId: string; ResourceType: string; Replacement?: string }>;
  /** Early-validation failures: the OperationEvents DescribeEvents returns for this change set. */
  validationEvents?: Json[];
  /** The RoleARN the change set was created with: the stack's role once it is executed. */
  roleArn?: string;
}

interface FakeStack {
  stackId: string;
  name: string;
  status: string;
  /** The service role CloudFormation uses for the stack's operations (the last RoleARN given). */
  roleArn?: string;
  statusReason?: string;
  deployed?: Deployed;
  /** What the running create or update is making of the stack (its resources exist as it goes). */
  inProgress?: Omit<Deployed, 'outputs'>;
  /** Resources changed outside CloudFormation (editResource): their properties as they are now. */
  edited?: Record<string, Json>;
  events: FakeStackEvent[];
  changeSets: ChangeSet[];
  /** Scheduled transitions of the running operation. */
  schedule: Array<{ at: number; apply: () => void }>;
  /** Statuses DescribeStacks still returns right after an execute (stale reads). */
  staleStatus?: { status: string; reads: number };
  creationTime: Date;
  lastUpdatedTime?: Date;
  disableRollback?: boolean;
  /** Stack-level tags and parameters: those of the last operation attempted, kept after a failed create. */
  tags: Record<string, string>;
  parameters: Record<string, string>;
  /** ClientRequestToken of the running (or last) operation: its events carry it. */
  operationToken?: string;
  /** Every ClientRequestToken an ExecuteChangeSet on this stack was accepted with. */
  executeTokens?: Set<string>;
  /** Every ClientRequestToken a DeleteStack or ContinueUpdateRollback on this stack was accepted with. */
  requestTokens?: Set<string>;
  /** EnableTerminationProtection: DeleteStack is refused while it is on. */
  terminationProtection?: boolean;
  /** The change set whose execution is the running operation: its ExecutionStatus follows the operation's end. */
  executing?: ChangeSet;
}

export interface CloudFormationHooks {
  /** A resource created by a stack (buckets appear in the fake S3). */
  resourceCreated(type: string, physical: PhysicalResource, properties: Json): void;
  /** A resource a stack update changed in place, with its new properties (a pipeline's stages, a rule's targets, a policy). */
  resourceUpdated?(type: string, physical: PhysicalResource, properties: Json): void;
  resourceDeleted(type: string, physical: PhysicalResource): void;
  /** Why a resource cannot be deleted now (a bucket with objects, a repository with images), if it cannot. */
  deleteRefusal?(type: string, physical: PhysicalResource): string | undefined;
  /** Whether a resource of this type and name exists already, outside any stack's knowledge (early validation). */
  resourceExists?(type: string, physicalName: string): boolean;
}

/** The property that gives each type a custom name (only such names can clash with existing resources). */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::ECR::Repository': 'RepositoryName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Events::Rule': 'Name',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::CodePipeline::Pipeline': 'Name',
};

/**
 * Early validation of a change set (CloudFormation, November 2025: "pre-deployment validation"): a new
 * resource whose custom name already exists fails the change set with this reason, and the resource is
 * named only in the change set's events (DescribeEvents with FailedEvents). Texts as rain PR #744 shows
 * them from AWS: "Validation: NAME_CONFLICT_VALIDATION, Reason: Resource of type 'AWS::S3::Bucket' with
 * identifier 'x' already exists."
 */
export const EARLY_VALIDATION_REASON =
  'The following hook(s)/validation failed: [AWS::EarlyValidation::ResourceExistenceCheck]. To troubleshoot Early Validation errors, use the DescribeEvents API for detailed failure information.';

/** A stack as its resources are now, for the fake's other services (the pipeline's access checks). */
export interface LiveStack {
  name: string;
  account: string;
  region: string;
  partition: string;
  template: Json;
  parameters: Record<string, string>;
  resources: Record<string, PhysicalResource & { type: string }>;
  outputs: Record<string, string>;
  /** The resource's properties, resolved; a resource changed by hand (editResource) as changed. */
  properties(logicalId: string): Json;
}

export interface FailureSpec {
  stack: string;
  logicalId: string;
  reason: string;
  /** Which operation fails: create (default), update or delete. */
  on?: 'create' | 'update' | 'delete';
  /** The rollback fails too (ROLLBACK_FAILED / UPDATE_ROLLBACK_FAILED). */
  rollbackFails?: boolean;
  /** Fail only this many times (default: every time). */
  times?: number;
  /**
   * Resources of the same operation that were being worked on in parallel when this one failed (AWS runs
   * independent resources at once): they report `<ACTION>_FAILED` "Resource update cancelled" (or
   * "Resource creation cancelled") and are rolled back with the rest.
   */
  alongside?: string[];
}

const IAM = /^AWS::IAM::/;

/** The statuses drift detection accepts (CloudFormation user guide, drift detection). */
const DRIFT_STATUSES = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_FAILED']);

/**
 * A resource changes when its declaration changes, a parameter it refers to gets another value, or its
 * resolved properties differ (a condition of an `Fn::If` in it turned).
 */
function resourceChanged(before: Json, after: Json, oldParams: Record<string, string>, newParams: Record<string, string>, resolved?: [unknown, unknown]): boolean {
  if (!isDeepStrictEqual(before, after)) return true;
  if (resolved && !isDeepStrictEqual(resolved[0], resolved[1])) return true;
  return [...references(after)].some((name) => name in newParams && oldParams[name] !== newParams[name]);
}

export class FakeCloudFormation {
  private readonly stacks: FakeStack[] = [];
  private counter = 0;
  readonly failures: FailureSpec[] = [];
  /**
   * CloudFormation Hooks that refuse change sets of a stack: the change set FAILS with "The following
   * hook(s)/validation failed: [<hook>]" and one failed hook event per resource (DescribeEvents),
   * HOOK_COMPLETE_FAILED with the hook's reason (OperationEvent fields of the 2025 DescribeEvents API).
   */
  readonly hookRefusals: Array<{ stack: string; hook: string; logicalId: string; reason: string; times?: number }> = [];
  /** Simulated length of one stack operation (virtual time: short, so the suite polls less; AWS takes minutes). */
  operationMs = 20_000;
  /** How long a change set takes to be computed. */
  changeSetMs = 3_000;
  /** DescribeStackEvents page size (AWS: 100). */
  eventPageSize = 100;
  /** DescribeStacks returns the previous status this many times right after an execute. */
  staleReadsAfterExecute = 0;
  /**
   * What a repeated ExecuteChangeSet with an accepted ClientRequestToken gets: success (the fake's default),
   * or one of the errors AWS might send instead (unsure which: fake-aws.md).
   */
  repeatedExecuteAnswer: 'success' | 'TokenAlreadyExistsException' | 'ChangeSetNotFound' = 'success';
  /** The execution status the next change sets settle in instead of AVAILABLE (OBSOLETE, UNAVAILABLE). (control) */
  settledExecutionStatus: string[] = [];
  /** Counts changes of what the stacks hold (operations ended, resources edited by hand): caches key on it. */
  version = 0;
  /** Parameters DescribeStacks masks as '*****', as it does for NoEcho parameters (CloudFormation user guide, NoEcho). */
  readonly maskedParameters = new Set<string>();
  /** Drift detection (DetectStackDrift and its results); `drift.detectionMs` is how long one takes. */
  readonly drift: FakeDriftDetector;

  constructor(
    readonly account: string,
    readonly region: string,
    private readonly clock: VirtualClock,
    private readonly hooks: CloudFormationHooks,
    readonly partition = 'aws',
  ) {
    this.drift = new FakeDriftDetector(region, account);
  }

  // ----- state machine -------------------------------------------------------------------------

  /** Applies every scheduled transition that is due. Called before each request. */
  tick(): void {
    for (const s of this.stacks) {
      s.schedule.sort((a, b) => a.at - b.at);
      while (s.schedule.length > 0 && s.schedule[0].at <= this.clock.now()) s.schedule.shift()!.apply();
    }
  }

  private nextId(prefix: string): string {
    this.counter++;
    return `${prefix}${String(this.counter).padStart(6, '0')}`;
  }

  private event(s: FakeStack, at: number, logicalId: string, type: string, status: string, reason?: string, physicalId?: string): void {
    s.events.push({
      // Unique across accounts and regions, like AWS's event ids.
      EventId: this.nextId(`${this.account}-${this.region}-ev-`),
      StackId: s.stackId,
      StackName: s.name,
      LogicalResourceId: logicalId,
      ResourceType: type,
      ResourceStatus: status,
      Timestamp: new Date(at),
      ...(reason ? { ResourceStatusReason: reason } : {}),
      ...(physicalId ? { PhysicalResourceId: physicalId } : {}),
      ...(s.operationToken ? { ClientRequestToken: s.operationToken } : {}),
    });
  }

  private stackEvent(s: FakeStack, at: number, status: string, reason?: string): void {
    s.status = status;
    s.statusReason = reason;
    this.event(s, at, s.name, 'AWS::CloudFormation::Stack', status, reason, s.stackId);
    // The executed change set's ExecutionStatus follows the operation to its end: EXECUTE_COMPLETE when
    // it succeeded, EXECUTE_FAILED when it failed or rolled back.
    if (s.executing && !status.endsWith('_IN_PROGRESS')) {
      s.executing.executionStatus = status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE' ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED';
      s.executing = undefined;
    }
  }

  private failureFor(stack: string, logicalId: string, on: 'create' | 'update' | 'delete'): FailureSpec | undefined {
    const f = this.failures.find((x) => x.stack === stack && x.logicalId === logicalId && (x.on ?? 'create') === on && (x.times === undefined || x.times > 0));
    if (f && f.times !== undefined) f.times--;
    return f;
  }

  private find(nameOrId: string, includeDeleted = false): FakeStack | undefined {
    const live = this.stacks.filter((s) => s.status !== 'DELETE_COMPLETE');
    return live.find((s) => s.name === nameOrId || s.stackId === nameOrId) ?? (includeDeleted ? this.stacks.find((s) => s.stackId === nameOrId) : undefined);
  }

  private mustFind(nameOrId: string, form: 'describe' | 'other'): FakeStack {
    this.tick();
    const s = this.find(nameOrId, true);
    if (!s || (s.status === 'DELETE_COMPLETE' && s.stackId !== nameOrId)) {
      throw fault('ValidationError', form === 'describe' ? `Stack with id ${nameOrId} does not exist` : `Stack [${nameOrId}] does not exist`);
    }
    return s;
  }

  private pseudo(s: FakeStack): Record<string, string> {
    return {
      'AWS::AccountId': this.account,
      'AWS::Region': this.region,
      'AWS::Partition': this.partition,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': s.name,
      'AWS::StackId': s.stackId,
    };
  }

  /**
   * Physical ids for every resource of a template (name properties may use parameters). A resource whose
   * `Condition` is false is not created ("resources ... are created only if the condition evaluates to
   * true", CloudFormation user guide, Conditions section).
   */
  private place(s: FakeStack, template: Json, parameters: Record<string, string>): Deployed['resources'] {
    const ctx: EvalContext = { parameters, pseudo: this.pseudo(s), resources: {}, conditions: template.Conditions ?? {} };
    const out: Deployed['resources'] = {};
    for (const [id, r] of Object.entries<Json>(template.Resources ?? {})) {
      if (r.Condition !== undefined && !condition(r.Condition, ctx)) continue;
      const names: Json = {};
      for (const p of ['RoleName', 'BucketName', 'AliasName', 'RepositoryName', 'Name', 'QueueName']) {
        if (r.Properties?.[p] !== undefined) names[p] = evaluate(r.Properties[p], ctx);
      }
      out[id] = { type: r.Type, ...physicalResource(r.Type, id, names, { account: this.account, region: this.region, partition: this.partition, stackName: s.name, stackId: s.stackId }) };
    }
    return out;
  }

  private outputsOf(s: FakeStack, d: Omit<Deployed, 'outputs'>): Record<string, string> {
    const ctx: EvalContext = { parameters: d.parameters, pseudo: this.pseudo(s), resources: d.resources, conditions: d.template.Conditions ?? {} };
    const out: Record<string, string> = {};
    for (const [k, o] of Object.entries<Json>(d.template.Outputs ?? {})) {
      if (o.Condition !== undefined && !condition(o.Condition, ctx)) continue;
      out[k] = String(evaluate(o.Value, ctx));
    }
    return out;
  }

  /** Whether an update changes a resource that exists: its declaration, a parameter it names, or what it resolves to. */
  private changed(s: FakeStack, before: Omit<Deployed, 'outputs'>, after: Omit<Deployed, 'outputs'>, logicalId: string): boolean {
    const resolved = (d: Omit<Deployed, 'outputs'>): Json | undefined => {
      try {
        return this.resourceProperties(s, d, logicalId);
      } catch {
        return undefined; // a reference the fake cannot resolve: the declaration decides
      }
    };
    return resourceChanged(before.template.Resources[logicalId], after.template.Resources[logicalId], before.parameters, after.parameters, [resolved(before), resolved(after)]);
  }

  private resourceProperties(s: FakeStack, d: Omit<Deployed, 'outputs'>, logicalId: string): Json {
    const ctx: EvalContext = { parameters: d.parameters, pseudo: this.pseudo(s), resources: d.resources, conditions: d.template.Conditions ?? {} };
    return (evaluate(d.template.Resources[logicalId].Properties ?? {}, ctx) as Json) ?? {};
  }

  /** Schedules an operation: resources one after another, then the end status (or a rollback). */
  private run(s: FakeStack, kind: 'create' | 'update' | 'delete', next: Omit<Deployed, 'resources' | 'outputs'> | undefined, retain: string[] = []): void {
    if (kind === 'delete') return this.runDelete(s, retain);
    const t0 = this.clock.now();
    const previous = s.deployed;
    const prefix = kind === 'create' ? 'CREATE' : 'UPDATE';
    this.stackEvent(s, t0, `${prefix}_IN_PROGRESS`, 'User Initiated');
    if (kind !== 'create') s.lastUpdatedTime = new Date(t0);
    if (next) {
      s.tags = next.tags;
      s.parameters = next.parameters;
    }
    const oldResources = previous?.resources ?? {};
    const newResources = next ? this.place(s, next.template, next.parameters) : {};
    if (next) {
      s.inProgress = { ...next, resources: newResources };
      this.version++;
    }
    const work: Array<{ id: string; type: string; action: 'CREATE' | 'UPDATE'; physical: PhysicalResource }> = [];
    for (const [id, r] of Object.entries(newResources)) {
      if (!(id in oldResources)) work.push({ id, type: r.type, action: 'CREATE', physical: r });
      else if (this.changed(s, previous!, { ...next!, resources: newResources }, id)) {
        work.push({ id, type: r.type, action: 'UPDATE', physical: oldResources[id] ?? r });
      }
    }
    const removed = kind === 'update' ? Object.entries(oldResources).filter(([id]) => !(id in newResources)) : [];
    const step = Math.max(1, Math.floor(this.operationMs / (work.length + removed.length + 2)));
    let at = t0;
    const done: Array<(typeof work)[number] & { cancelled?: boolean }> = [];
    let failed: { id: string; type: string; reason: string; spec: FailureSpec } | undefined;
    for (const w of work) {
      at += step;
      const when = at;
      const spec = this.failureFor(s.name, w.id, kind);
      s.schedule.push({
        at: when,
        apply: () => {
          if (failed) return;
          this.event(s, when, w.id, w.type, `${w.action}_IN_PROGRESS`, undefined, w.physical.ref);
          if (spec) {
            failed = { id: w.id, type: w.type, reason: spec.reason, spec };
            // Siblings in flight are cancelled, each with its own failed event, after the resource that failed.
            const cancelled = work.filter((x) => spec.alongside?.includes(x.id) && x !== w && !done.includes(x));
            for (const c of cancelled) this.event(s, when, c.id, c.type, `${c.action}_IN_PROGRESS`, undefined, c.physical.ref);
            this.event(s, when + Math.floor(step / 2), w.id, w.type, `${w.action}_FAILED`, spec.reason, w.physical.ref);
            for (const c of cancelled) {
              this.event(s, when + Math.floor(step / 2), c.id, c.type, `${c.action}_FAILED`, c.action === 'CREATE' ? 'Resource creation cancelled' : 'Resource update cancelled', c.physical.ref);
              done.push({ ...c, cancelled: true });
            }
            this.fail(s, kind, when + Math.floor(step / 2), failed, done, previous, step);
            return;
          }
          this.event(s, when + Math.floor(step / 2), w.id, w.type, `${w.action}_COMPLETE`, undefined, w.physical.ref);
          done.push(w);
          const properties = this.resourceProperties(s, { ...next!, resources: newResources }, w.id);
          if (w.action === 'CREATE') this.hooks.resourceCreated(w.type, w.physical, properties);
          else this.hooks.resourceUpdated?.(w.type, w.physical, properties);
          // CloudFormation writes the whole resource again: a change made by hand is gone.
          if (s.edited) delete s.edited[w.id];
        },
      });
    }
    at += step;
    const endAt = at;
    s.schedule.push({
      at: endAt,
      apply: () => {
        if (failed) return;
        const deployed = { ...next!, resources: newResources };
        s.deployed = { ...deployed, outputs: this.outputsOf(s, deployed) };
        s.inProgress = undefined;
        this.version++;
        if (kind === 'update') {
          this.stackEvent(s, endAt, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
          for (const [id, r] of removed) {
            this.event(s, endAt + 1, id, r.type, 'DELETE_COMPLETE', undefined, r.ref);
            this.hooks.resourceDeleted(r.type, r);
          }
          s.schedule.push({ at: endAt + step, apply: () => this.stackEvent(s, endAt + step, 'UPDATE_COMPLETE') });
        } else {
          this.stackEvent(s, endAt, 'CREATE_COMPLETE');
        }
      },
    });
  }

  /**
   * Deletes resources in reverse order. A resource with DeletionPolicy Retain, or named in RetainResources,
   * is skipped (DELETE_SKIPPED) and stays where it is; one that fails (a failure spec, or a bucket with objects
   * and a repository with images as the hooks say) reports DELETE_FAILED and stays while the others go on,
   * and the stack ends DELETE_FAILED naming them.
   */
  private runDelete(s: FakeStack, retain: string[]): void {
    const t0 = this.clock.now();
    this.stackEvent(s, t0, 'DELETE_IN_PROGRESS', 'User Initiated');
    s.lastUpdatedTime = new Date(t0);
    const resources = s.deployed?.resources ?? {};
    const declared: Record<string, Json> = s.deployed?.template.Resources ?? {};
    // Skipped resources stay listed (DELETE_SKIPPED) until the stack is gone; they are not deleted again.
    const skipped = this.resourceStatuses(s);
    const work = Object.entries(resources)
      .filter(([id]) => skipped[id] !== 'DELETE_SKIPPED')
      .reverse();
    const step = Math.max(1, Math.floor(this.operationMs / (work.length + 2)));
    const failed: string[] = [];
    work.forEach(([id, r], i) => {
      const when = t0 + step * (i + 1);
      const spec = this.failureFor(s.name, id, 'delete');
      s.schedule.push({
        at: when,
        apply: () => {
          if (retain.includes(id) || declared[id]?.DeletionPolicy === 'Retain') {
            this.event(s, when, id, r.type, 'DELETE_SKIPPED', undefined, r.ref);
            return;
          }
          this.event(s, when, id, r.type, 'DELETE_IN_PROGRESS', undefined, r.ref);
          const refusal = spec?.reason ?? this.hooks.deleteRefusal?.(r.type, r);
          if (refusal) {
            failed.push(id);
            this.event(s, when + Math.floor(step / 2), id, r.type, 'DELETE_FAILED', refusal, r.ref);
            return;
          }
          this.event(s, when + Math.floor(step / 2), id, r.type, 'DELETE_COMPLETE', undefined, r.ref);
          delete resources[id];
          this.hooks.resourceDeleted(r.type, r);
        },
      });
    });
    const endAt = t0 + step * (work.length + 1);
    s.schedule.push({
      at: endAt,
      apply: () => {
        if (failed.length > 0) {
          this.stackEvent(s, endAt, 'DELETE_FAILED', `The following resource(s) failed to delete: [${failed.join(', ')}]. `);
          return;
        }
        this.stackEvent(s, endAt, 'DELETE_COMPLETE');
        s.deployed = undefined;
        this.version++;
      },
    });
  }

  private fail(
    s: FakeStack,
    kind: 'create' | 'update',
    at: number,
    failed: { id: string; type: string; reason: string; spec: FailureSpec },
    done: Array<{ id: string; type: string; action: 'CREATE' | 'UPDATE'; physical: PhysicalResource; cancelled?: boolean }>,
    previous: Deployed | undefined,
    step: number,
  ): void {
    const rollbackFails = failed.spec.rollbackFails === true;
    if (kind === 'create' && s.disableRollback) {
      this.stackEvent(s, at + 1, 'CREATE_FAILED', `The following resource(s) failed to create: [${failed.id}]. `);
      return;
    }
    // Create: "The following resource(s) failed to create: [X]. Rollback requested by user." (GitHub id
    // 729121635). Update: "The following resource(s) failed to update: [X]. " (the user guide's "Monitor the
    // progress of a stack update" example; a real StackStatusReason in serverless/serverless#1745).
    this.stackEvent(
      s,
      at + 1,
      kind === 'create' ? 'ROLLBACK_IN_PROGRESS' : 'UPDATE_ROLLBACK_IN_PROGRESS',
      kind === 'create' ? `The following resource(s) failed to create: [${failed.id}]. Rollback requested by user.` : `The following resource(s) failed to update: [${failed.id}]. `,
    );
    let t = at + 1;
    for (const d of [...done].reverse()) {
      t += step;
      const when = t;
      s.schedule.push({
        at: when,
        apply: () => {
          this.event(s, when, d.id, d.type, kind === 'create' ? 'DELETE_COMPLETE' : 'UPDATE_COMPLETE', undefined, d.physical.ref);
          // The services see the rollback: what the update created goes, what it changed is changed back
          // (a cancelled resource never reached them).
          if (d.cancelled) return;
          if (kind === 'create' || d.action === 'CREATE') this.hooks.resourceDeleted(d.type, d.physical);
          else if (previous) this.hooks.resourceUpdated?.(d.type, d.physical, this.resourceProperties(s, previous, d.id));
        },
      });
    }
    t += step;
    const endAt = t;
    s.schedule.push({
      at: endAt,
      apply: () => {
        s.inProgress = undefined;
        this.version++;
        if (kind === 'create') {
          this.stackEvent(s, endAt, rollbackFails ? 'ROLLBACK_FAILED' : 'ROLLBACK_COMPLETE', rollbackFails ? `The following resource(s) failed to delete: [${failed.id}]. ` : undefined);
          s.deployed = undefined;
        } else if (rollbackFails) {
          this.stackEvent(s, endAt, 'UPDATE_ROLLBACK_FAILED', `The following resource(s) failed to update: [${failed.id}]. `);
        } else {
          this.stackEvent(s, endAt, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
          s.schedule.push({ at: endAt + step, apply: () => this.stackEvent(s, endAt + step, 'UPDATE_ROLLBACK_COMPLETE') });
          s.deployed = previous;
          s.tags = previous?.tags ?? s.tags;
          s.parameters = previous?.parameters ?? s.parameters;
        }
      },
    });
  }

  // ----- request validation ----------------------------------------------------------------------

  private parseTemplate(body: string | undefined): Json {
    if (!body) throw fault('ValidationError', 'Either Template URL or Template Body must be specified.');
    // "TemplateBody … Maximum length of 51200" (API reference, CreateChangeSet); the message is the
    // AWS request validator's form (unsure of the exact value excerpt AWS prints).
    if (Buffer.byteLength(body, 'utf8') > 51_200) {
      throw fault('ValidationError', "1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to 51200");
    }
    let t: Json;
    try {
      t = parsedTemplate(body) as Json;
    } catch (e) {
      throw fault('ValidationError', `Template format error: ${(e as Error).message.split('\n')[0]}`);
    }
    if (!t || typeof t !== 'object' || !t.Resources) throw fault('ValidationError', 'Template format error: At least one Resources member must be defined.');
    const known = new Set([...Object.keys(t.Parameters ?? {}), ...Object.keys(t.Resources), 'AWS::AccountId', 'AWS::Region', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::StackName', 'AWS::StackId', 'AWS::NoValue', 'AWS::NotificationARNs']);
    const unresolved = [...references({ r: t.Resources, o: t.Outputs ?? {} })].filter((n) => !known.has(n));
    if (unresolved.length > 0) throw fault('ValidationError', `Template format error: Unresolved resource dependencies [${unresolved.join(', ')}] in the Resources block of the template`);
    return t;
  }

  /** Parameters as CloudFormation checks them: unknown, missing, AllowedPattern, defaults applied. */
  private parameters(t: Json, given: Array<{ ParameterKey?: string; ParameterValue?: string; UsePreviousValue?: boolean }> | undefined, previous?: Record<string, string>): Record<string, string> {
    const declared: Record<string, Json> = t.Parameters ?? {};
    const values: Record<string, string> = {};
    const unknown: string[] = [];
    for (const p of given ?? []) {
      const key = p.ParameterKey ?? '';
      if (!(key in declared)) unknown.push(key);
      else values[key] = p.UsePreviousValue ? (previous?.[key] ?? '') : (p.ParameterValue ?? '');
    }
    if (unknown.length > 0) throw fault('ValidationError', `Parameters: [${unknown.join(', ')}] do not exist in the template`);
    const missing = Object.keys(declared).filter((k) => values[k] === undefined && declared[k].Default === undefined);
    if (missing.length > 0) throw fault('ValidationError', `Parameters: [${missing.join(', ')}] must have values`);
    for (const [k, d] of Object.entries(declared)) {
      const v = values[k] ?? String(d.Default);
      if (d.AllowedPattern && !new RegExp(`^(?:${d.AllowedPattern})$`).test(v)) {
        throw fault('ValidationError', `Parameter '${k}' must match pattern ${d.AllowedPattern}`);
      }
      values[k] = v;
    }
    return values;
  }

  /**
   * "If you have IAM resources with custom names, you must specify CAPABILITY_NAMED_IAM" (the custom-name
   * properties of AWS::IAM::Group, InstanceProfile, ManagedPolicy, Role and User); other IAM resources
   * need CAPABILITY_IAM (CloudFormation API reference, CreateStack/CreateChangeSet, Capabilities).
   */
  private checkCapabilities(t: Json, capabilities: string[] | undefined): void {
    const iam = Object.values<Json>(t.Resources).filter((r) => IAM.test(r.Type));
    if (iam.length === 0) return;
    const names = ['GroupName', 'InstanceProfileName', 'ManagedPolicyName', 'RoleName', 'UserName'];
    const named = iam.some((r) => names.some((n) => r.Properties?.[n] !== undefined));
    const has = new Set(capabilities ?? []);
    if (named && !has.has('CAPABILITY_NAMED_IAM')) throw fault('InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_NAMED_IAM]');
    if (!named && !has.has('CAPABILITY_IAM') && !has.has('CAPABILITY_NAMED_IAM')) throw fault('InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_IAM]');
  }

  private assertUpdatable(s: FakeStack): void {
    if (s.status.endsWith('_IN_PROGRESS') || ['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'UPDATE_ROLLBACK_FAILED', 'DELETE_FAILED', 'CREATE_FAILED', 'REVIEW_IN_PROGRESS'].includes(s.status)) {
      throw fault('ValidationError', `Stack:${s.stackId} is in ${s.status} state and can not be updated.`);
    }
  }

  /**
   * A RoleARN must name a role of the stack's own account: otherwise CloudFormation cannot assume it and
   * answers `ValidationError` "Role <arn> is invalid or cannot be assumed" (the message Terraform's AWS
   * provider retries on, hashicorp/terraform-provider-aws resource_aws_cloudformation_stack.go).
   */
  private checkRole(roleArn: unknown): string | undefined {
    if (roleArn === undefined) return undefined;
    const account = /^arn:[^:]+:iam::(\d{12}):role\/.+$/.exec(String(roleArn))?.[1];
    if (account !== this.account) throw fault('ValidationError', `Role ${String(roleArn)} is invalid or cannot be assumed`);
    return String(roleArn);
  }

  // ----- API ---------------------------------------------------------------------------------------

  CreateChangeSet(input: Json): Json {
    this.tick();
    const type: 'CREATE' | 'UPDATE' = input.ChangeSetType ?? 'UPDATE';
    let s = this.find(input.StackName);
    // "Specify this token if you plan to retry requests so that CloudFormation knows that you're not
    // attempting to create another change set with the same name" (API reference, CreateChangeSet
    // ClientToken): the retry gets the first answer; the same name without it is AlreadyExistsException.
    const sameName = s?.changeSets.find((c) => c.name === input.ChangeSetName);
    if (s && sameName) {
      if (input.ClientToken && sameName.clientToken === input.ClientToken) return { Id: sameName.id, StackId: s.stackId };
      // The wording AWS gives when the token differs (seen in landing-zone-accelerator issues #342, #392, #442).
      if (input.ClientToken) throw fault('AlreadyExistsException', `ChangeSet ${input.ChangeSetName} cannot be created due to a mismatch with existing attribute ClientToken`);
      throw fault('AlreadyExistsException', `ChangeSet [${input.ChangeSetName}] already exists`);
    }
    const template = this.parseTemplate(input.TemplateBody);
    const roleArn = this.checkRole(input.RoleARN);
    if (type === 'CREATE') {
      // A ValidationError, not AlreadyExistsException: LocalStack's CloudFormation provider raises it so (its
      // change-set tests are validated against AWS), and the ECS CLI and SAM CLI see this same message from AWS.
      if (s && s.status !== 'REVIEW_IN_PROGRESS') throw fault('ValidationError', `Stack [${input.StackName}] already exists and cannot be created again with the changeSet [${input.ChangeSetName}].`);
    } else {
      // A stack that only waits for its first change set does not exist for an UPDATE change set
      // (aws-cdk issues #7340 and #6674 quote AWS's "Stack [X] does not exist" for it).
      if (!s || s.status === 'REVIEW_IN_PROGRESS') throw fault('ValidationError', `Stack [${input.StackName}] does not exist`);
      this.assertUpdatable(s);
    }
    const parameters = this.parameters(template, input.Parameters, s?.deployed?.parameters);
    this.checkCapabilities(template, input.Capabilities);
    if (!s) {
      s = {
        stackId: `arn:${this.partition}:cloudformation:${this.region}:${this.account}:stack/${input.StackName}/${this.nextId('id-')}`,
        name: input.StackName,
        status: 'REVIEW_IN_PROGRESS',
        events: [],
        changeSets: [],
        schedule: [],
        creationTime: new Date(this.clock.now()),
        // No tags yet: the change set's tags reach the stack only when it is executed (LocalStack
        // snapshot test_stack_description_lifecycle, validated against AWS).
        tags: {},
        parameters: {},
      };
      this.stacks.push(s);
      this.stackEvent(s, this.clock.now(), 'REVIEW_IN_PROGRESS', 'User Initiated');
    }
    const tags = Object.fromEntries((input.Tags ?? []).map((t: Json) => [t.Key, t.Value]));
    const previous = s.deployed;
    const placed = this.place(s, template, parameters);
    const changes: ChangeSet['changes'] = [];
    for (const [id, r] of Object.entries(placed)) {
      if (!previous?.resources[id]) changes.push({ Action: 'Add', LogicalResourceId: id, ResourceType: r.type });
      else if (this.changed(s, previous, { template, body: input.TemplateBody, parameters, tags, resources: placed }, id)) {
        changes.push({ Action: 'Modify', LogicalResourceId: id, ResourceType: r.type, Replacement: 'False' });
      }
    }
    for (const [id, r] of Object.entries(previous?.resources ?? {})) {
      if (!(id in placed)) changes.push({ Action: 'Remove', LogicalResourceId: id, ResourceType: r.type });
    }
    const unchanged = previous !== undefined && isDeepStrictEqual(previous.template, template) && isDeepStrictEqual(previous.parameters, parameters) && isDeepStrictEqual(previous.tags, tags);
    const id = `arn:${this.partition}:cloudformation:${this.region}:${this.account}:changeSet/${input.ChangeSetName}/${this.nextId('cs-')}`;
    const clashes = changes.filter((c) => {
      const nameProperty = NAME_PROPERTY[c.ResourceType];
      return c.Action === 'Add' && nameProperty && template.Resources[c.LogicalResourceId].Properties?.[nameProperty] !== undefined && this.hooks.resourceExists?.(c.ResourceType, placed[c.LogicalResourceId].ref);
    });
    const validationEvents = clashes.map((c) => ({
      EventId: this.nextId('validation-'),
      StackId: s!.stackId,
      EventType: 'VALIDATION_ERROR',
      LogicalResourceId: c.LogicalResourceId,
      ResourceType: c.ResourceType,
      Timestamp: new Date(this.clock.now()),
      ValidationFailureMode: 'FAIL',
      ValidationName: 'NAME_CONFLICT_VALIDATION',
      ValidationStatus: 'FAILED',
      ValidationStatusReason: `Resource of type '${c.ResourceType}' with identifier '${placed[c.LogicalResourceId].ref}' already exists.`,
      ValidationPath: `/Resources/${c.LogicalResourceId}`,
    }));
    const refusal = this.hookRefusals.find((h) => h.stack === input.StackName && (h.times === undefined || h.times > 0));
    if (refusal && refusal.times !== undefined) refusal.times--;
    const hookEvents = refusal
      ? [
          {
            EventId: this.nextId('hook-'),
            StackId: s.stackId,
            EventType: 'HOOK_INVOCATION_ERROR',
            LogicalResourceId: refusal.logicalId,
            ResourceType: template.Resources[refusal.logicalId]?.Type ?? 'AWS::CloudFormation::Stack',
            Timestamp: new Date(this.clock.now()),
            HookType: refusal.hook,
            HookStatus: 'HOOK_COMPLETE_FAILED',
            HookStatusReason: refusal.reason,
            HookInvocationPoint: 'PRE_PROVISION',
            HookFailureMode: 'FAIL',
          },
        ]
      : [];
    s.changeSets.push({
      id,
      name: input.ChangeSetName,
      ...(input.ClientToken ? { clientToken: input.ClientToken } : {}),
      type,
      status: 'CREATE_PENDING',
      executionStatus: 'UNAVAILABLE',
      readyAt: this.clock.now() + this.changeSetMs,
      next: { template, body: input.TemplateBody, parameters, tags },
      changes: unchanged ? [] : changes,
      ...(unchanged ? { statusReason: "The submitted information didn't contain changes. Submit different information to create a change set." } : {}),
      ...(validationEvents.length > 0 ? { statusReason: EARLY_VALIDATION_REASON, validationEvents } : {}),
      ...(refusal ? { statusReason: `The following hook(s)/validation failed: [${refusal.hook}]`, validationEvents: [...validationEvents, ...hookEvents] } : {}),
      ...(roleArn ? { roleArn } : {}),
    });
    return { Id: id, StackId: s.stackId };
  }

  private changeSet(input: Json): { s: FakeStack; cs: ChangeSet } {
    const s = this.mustFind(input.StackName ?? '', 'other');
    const cs = s.changeSets.find((c) => c.id === input.ChangeSetName || c.name === input.ChangeSetName);
    // On the wire ChangeSetNotFound, HTTP 404 (the SDK model's awsQueryError trait; LocalStack snapshot
    // test_deleted_changeset); the SDK names it ChangeSetNotFoundException.
    if (!cs) throw fault('ChangeSetNotFound', `ChangeSet [${input.ChangeSetName}] does not exist`, 404);
    if (cs.status === 'CREATE_PENDING' && this.clock.now() >= cs.readyAt) {
      if (cs.statusReason) {
        cs.status = 'FAILED';
      } else {
        cs.status = 'CREATE_COMPLETE';
        cs.executionStatus = this.settledExecutionStatus.shift() ?? 'AVAILABLE';
      }
    }
    return { s, cs };
  }

  DescribeChangeSet(input: Json): Json {
    const { s, cs } = this.changeSet(input);
    return {
      ChangeSetId: cs.id,
      ChangeSetName: cs.name,
      StackId: s.stackId,
      StackName: s.name,
      Status: cs.status,
      ExecutionStatus: cs.executionStatus,
      ...(cs.status === 'FAILED' ? { StatusReason: cs.statusReason } : {}),
      Changes: cs.changes.map((c) => ({ Type: 'Resource', ResourceChange: c })),
    };
  }

  ExecuteChangeSet(input: Json): Json {
    // "Specify this token if you plan to retry requests so that CloudFormation knows that you're not
    // attempting to execute a change set to update a stack with the same name" (API reference,
    // ExecuteChangeSet ClientRequestToken): a retry with the token of an accepted execute is that execute.
    const byToken = input.ClientRequestToken ? this.find(input.StackName ?? '') : undefined;
    if (byToken?.executeTokens?.has(input.ClientRequestToken)) {
      if (this.repeatedExecuteAnswer === 'TokenAlreadyExistsException') throw fault('TokenAlreadyExistsException', `Another ExecuteChangeSet request with the client request token ${input.ClientRequestToken} is in progress or has completed`);
      if (this.repeatedExecuteAnswer === 'ChangeSetNotFound') throw fault('ChangeSetNotFound', `ChangeSet [${input.ChangeSetName}] does not exist`, 404);
      return {};
    }
    const { s, cs } = this.changeSet(input);
    if (cs.status !== 'CREATE_COMPLETE' || cs.executionStatus !== 'AVAILABLE') {
      // On the wire InvalidChangeSetStatus (the SDK model's awsQueryError trait), named InvalidChangeSetStatusException by the SDK.
      throw fault('InvalidChangeSetStatus', `ChangeSet [${cs.id}] cannot be executed in its current status of [${cs.status}]`);
    }
    if (cs.type === 'UPDATE') this.assertUpdatable(s);
    const before = s.status;
    // "When you execute a change set, CloudFormation deletes all other change sets associated with the
    // stack" (API reference, ExecuteChangeSet): the executed one stays, EXECUTE_IN_PROGRESS until the
    // operation ends (LocalStack snapshot test_changesets::test_name_conflicts, validated against AWS:
    // an executed change set described by id reads EXECUTE_COMPLETE).
    s.changeSets = [cs];
    cs.executionStatus = 'EXECUTE_IN_PROGRESS';
    s.executing = cs;
    s.operationToken = input.ClientRequestToken;
    if (cs.roleArn) s.roleArn = cs.roleArn;
    if (input.ClientRequestToken) (s.executeTokens ??= new Set()).add(input.ClientRequestToken);
    this.run(s, cs.type === 'CREATE' ? 'create' : 'update', cs.next);
    if (this.staleReadsAfterExecute > 0) s.staleStatus = { status: before, reads: this.staleReadsAfterExecute };
    return {};
  }

  /**
   * The events of an operation or a change set (the 2025 DescribeEvents API). Here: a change set's
   * early-validation failures, all of which are failed events. "One of ChangeSetName, OperationId or
   * StackName must be specified" (cloudformation-cli issue #1116).
   */
  DescribeEvents(input: Json): Json {
    if (!input.ChangeSetName && !input.StackName && !input.OperationId) throw fault('ValidationError', 'One of ChangeSetName, OperationId or StackName must be specified');
    if (!input.ChangeSetName) return { OperationEvents: [] };
    const stack = this.stacks.find((x) => x.changeSets.some((c) => c.id === input.ChangeSetName) || (x.name === input.StackName && x.changeSets.some((c) => c.name === input.ChangeSetName)));
    const cs = stack?.changeSets.find((c) => c.id === input.ChangeSetName || c.name === input.ChangeSetName);
    if (!cs) throw fault('ChangeSetNotFound', `ChangeSet [${input.ChangeSetName}] does not exist`, 404);
    return { OperationEvents: cs.validationEvents ?? [] };
  }

  /**
   * Deleting a change set that is not there (deleted, or removed by the execution of another) on an existing stack succeeds:
   * the API lists no not-found error for DeleteChangeSet, and ministack PR #1625 measured it on AWS.
   */
  DeleteChangeSet(input: Json): Json {
    const s = this.mustFind(input.StackName ?? '', 'other');
    s.changeSets = s.changeSets.filter((c) => c.id !== input.ChangeSetName && c.name !== input.ChangeSetName);
    return {};
  }

  UpdateStack(input: Json): Json {
    const roleArn = this.checkRole(input.RoleARN);
    const s = this.mustFind(input.StackName, 'other');
    if (roleArn) s.roleArn = roleArn;
    this.assertUpdatable(s);
    const template = this.parseTemplate(input.TemplateBody);
    const parameters = this.parameters(template, input.Parameters, s.deployed?.parameters);
    this.checkCapabilities(template, input.Capabilities);
    const tags = Object.fromEntries((input.Tags ?? []).map((t: Json) => [t.Key, t.Value]));
    if (s.deployed && isDeepStrictEqual(s.deployed.template, template) && isDeepStrictEqual(s.deployed.parameters, parameters) && isDeepStrictEqual(s.deployed.tags, tags)) {
      throw fault('ValidationError', 'No updates are to be performed.');
    }
    s.operationToken = input.ClientRequestToken;
    this.run(s, 'update', { template, body: input.TemplateBody, parameters, tags });
    return { StackId: s.stackId };
  }

  DeleteStack(input: Json): Json {
    this.tick();
    const roleArn = this.checkRole(input.RoleARN);
    const s = this.find(input.StackName);
    if (!s) return {};
    // A repeated token is the request already accepted, answered again and not carried out twice: "Specify
    // this token if you plan to retry requests so that CloudFormation knows that you're not attempting to
    // delete a stack with the same name" (API reference, DeleteStack ClientRequestToken). What AWS
    // answers the retry: unsure; success is the reading the sentence gives.
    if (this.repeatedRequest(s, input.ClientRequestToken)) return {};
    // "You can't delete a stack that has termination protection enabled" (user guide, "Protect a stack from
    // being deleted"); the answer, ValidationError "Stack [<name>] cannot be deleted while
    // TerminationProtection is enabled", as aws-nuke matches it exactly (GitHub ids 35064630860,
    // 14990513803) and cloud-custodian by code and text (GitHub id 655446292).
    if (s.terminationProtection) throw fault('ValidationError', `Stack [${s.name}] cannot be deleted while TerminationProtection is enabled`);
    if (roleArn) s.roleArn = roleArn;
    if (s.status === 'DELETE_IN_PROGRESS') return {};
    if (s.status.endsWith('_IN_PROGRESS') && s.status !== 'REVIEW_IN_PROGRESS') {
      throw fault('ValidationError', `Stack [${s.name}] cannot be deleted while in status ${s.status}`);
    }
    const retain: string[] = input.RetainResources ?? [];
    s.operationToken = input.ClientRequestToken;
    this.acceptToken(s, input.ClientRequestToken);
    if (retain.length > 0) {
      if (s.status !== 'DELETE_FAILED') throw fault('ValidationError', `Invalid operation on stack [${s.stackId}]: resources can be retained only when the stack is in DELETE_FAILED state`);
      const statuses = this.resourceStatuses(s);
      const invalid = retain.filter((id) => statuses[id] === undefined || statuses[id] === 'DELETE_COMPLETE');
      if (invalid.length > 0) throw fault('ValidationError', 'The specified resources to retain must be in a valid state. Do not specify resources that are in the DELETE_COMPLETE state.');
    }
    this.run(s, 'delete', undefined, retain);
    return {};
  }

  ContinueUpdateRollback(input: Json): Json {
    const roleArn = this.checkRole(input.RoleARN);
    const s = this.mustFind(input.StackName, 'other');
    // The same as for DeleteStack (API reference, ContinueUpdateRollback ClientRequestToken: "so that
    // CloudFormation knows that you're not attempting to continue the rollback to a stack with the same name").
    if (this.repeatedRequest(s, input.ClientRequestToken)) return {};
    if (roleArn) s.roleArn = roleArn;
    if (s.status !== 'UPDATE_ROLLBACK_FAILED') {
      throw fault('ValidationError', `Stack [${s.stackId}] is in ${s.status} state and can not continue update rollback`);
    }
    const t = this.clock.now();
    s.operationToken = input.ClientRequestToken;
    this.acceptToken(s, input.ClientRequestToken);
    this.stackEvent(s, t, 'UPDATE_ROLLBACK_IN_PROGRESS', 'User Initiated');
    s.schedule.push({ at: t + this.operationMs / 2, apply: () => this.stackEvent(s, t + this.operationMs / 2, 'UPDATE_ROLLBACK_COMPLETE') });
    return {};
  }

  private repeatedRequest(s: FakeStack, token: string | undefined): boolean {
    return token !== undefined && (s.requestTokens?.has(token) ?? false);
  }

  private acceptToken(s: FakeStack, token: string | undefined): void {
    if (token) (s.requestTokens ??= new Set()).add(token);
  }

  DescribeStacks(input: Json): Json {
    const s = this.mustFind(input.StackName, 'describe');
    let status = s.status;
    if (s.staleStatus && s.staleStatus.reads > 0) {
      s.staleStatus.reads--;
      status = s.staleStatus.status;
    }
    const d = s.deployed;
    return {
      Stacks: [
        {
          StackId: s.stackId,
          StackName: s.name,
          StackStatus: status,
          ...(s.statusReason ? { StackStatusReason: s.statusReason } : {}),
          CreationTime: s.creationTime,
          ...(s.lastUpdatedTime ? { LastUpdatedTime: s.lastUpdatedTime } : {}),
          Parameters: Object.entries(s.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue: this.maskedParameters.has(ParameterKey) ? '*****' : ParameterValue })),
          ...(d && s.status !== 'ROLLBACK_COMPLETE' ? { Outputs: Object.entries(d.outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })) } : {}),
          Tags: Object.entries(s.tags).map(([Key, Value]) => ({ Key, Value })),
          // DescribeStacks: "EnableTerminationProtection: Whether termination protection is enabled for the stack" (API reference, Stack).
          EnableTerminationProtection: s.terminationProtection === true,
        },
      ],
    };
  }

  DescribeStackEvents(input: Json): Json {
    const s = this.mustFind(input.StackName, 'other');
    const newestFirst = [...s.events].reverse();
    const { items, next } = pageOf(newestFirst, input.NextToken, this.eventPageSize);
    return { StackEvents: items, ...(next ? { NextToken: next } : {}) };
  }

  ListStackResources(input: Json): Json {
    const s = this.mustFind(input.StackName, 'other');
    const statuses = this.resourceStatuses(s);
    const summaries = Object.entries(s.deployed?.resources ?? {}).map(([id, r]) => ({
      LogicalResourceId: id,
      PhysicalResourceId: r.ref,
      ResourceType: r.type,
      ResourceStatus: statuses[id] ?? 'CREATE_COMPLETE',
      LastUpdatedTimestamp: s.lastUpdatedTime ?? s.creationTime,
    }));
    const { items, next } = pageOf(summaries, input.NextToken, this.eventPageSize);
    return { StackResourceSummaries: items, ...(next ? { NextToken: next } : {}) };
  }

  DetectStackDrift(input: Json): Json {
    const s = this.mustFind(input.StackName, 'other');
    // "You can perform drift detection on stacks with the following statuses: CREATE_COMPLETE,
    // UPDATE_COMPLETE, UPDATE_ROLLBACK_COMPLETE, and UPDATE_ROLLBACK_FAILED" (CloudFormation user guide,
    // "Detect unmanaged configuration changes to stacks and resources"). The message wording: unsure.
    if (!DRIFT_STATUSES.has(s.status) || !s.deployed) {
      throw fault('ValidationError', `Drift detection cannot be performed on stack [${s.stackId}] in ${s.status} state`);
    }
    return { StackDriftDetectionId: this.drift.start({ stackId: s.stackId, name: s.name, resources: s.deployed.resources }, this.clock.now()) };
  }

  DescribeStackDriftDetectionStatus(input: Json): Json {
    this.tick();
    return this.drift.status(input.StackDriftDetectionId, this.clock.now());
  }

  DescribeStackResourceDrifts(input: Json): Json {
    const s = this.mustFind(input.StackName, 'other');
    return this.drift.resourceDrifts(s.stackId, this.clock.now(), input.StackResourceDriftStatusFilters, input.NextToken, this.eventPageSize);
  }

  GetTemplate(input: Json): Json {
    const s = this.mustFind(input.StackName, 'other');
    // A stack waiting for its first change set has "no template or resources" (API reference,
    // CreateChangeSet ChangeSetType), and "If the template doesn't exist, a ValidationError is returned"
    // (GetTemplate). The wording is the fake's (unsure); GetTemplateSummary's refusal there is recorded
    // as "GetTemplateSummary cannot be called on REVIEW_IN_PROGRESS stacks." (moto #4424, LocalStack PR 13126).
    if (s.status === 'REVIEW_IN_PROGRESS') throw fault('ValidationError', `GetTemplate cannot be called on REVIEW_IN_PROGRESS stacks: stack [${s.name}] has no template yet.`);
    return { TemplateBody: s.deployed?.body ?? '' };
  }

  /** Each resource's latest status, from its events. */
  private resourceStatuses(s: FakeStack): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of s.events) if (e.LogicalResourceId !== s.name) out[e.LogicalResourceId] = e.ResourceStatus;
    return out;
  }

  // ----- inspection for tests ---------------------------------------------------------------------

  /** Marks a resource as changed or deleted outside CloudFormation; the next drift detection finds it. */
  driftResource(stack: string, logicalId: string, mark: DriftMark): void {
    this.drift.mark(stack, logicalId, mark);
  }

  /** Replaces the body GetTemplate returns (a stack updated outside the tool). (control) */
  replaceTemplateBody(name: string, body: string): void {
    const s = this.find(name);
    if (!s?.deployed) throw new Error(`no deployed stack ${name}`);
    s.deployed.body = body;
  }

  /** Turns termination protection on or off, as UpdateTerminationProtection does (someone protected the stack by hand). */
  setTerminationProtection(name: string, on: boolean): void {
    const s = this.find(name);
    if (!s) throw new Error(`no stack ${name}`);
    s.terminationProtection = on;
  }

  /** Replaces a stack's tags (a stack deployed by an older version of the tool, or retagged by hand). */
  setTags(name: string, tags: Record<string, string>): void {
    const s = this.find(name);
    if (!s) throw new Error(`no stack ${name}`);
    s.tags = { ...tags };
    if (s.deployed) s.deployed.tags = { ...tags };
  }

  stack(name: string): { status: string; outputs: Record<string, string>; parameters: Record<string, string>; tags: Record<string, string>; template?: Json; events: FakeStackEvent[]; roleArn?: string } | undefined {
    this.tick();
    const s = this.find(name);
    if (!s) return undefined;
    return { status: s.status, outputs: s.deployed?.outputs ?? {}, parameters: s.parameters, tags: s.tags, template: s.deployed?.template, events: s.events, ...(s.roleArn ? { roleArn: s.roleArn } : {}) };
  }

  /**
   * The name and id a stack's ARN is made of (`stack/<name>/<id>`), by name or ARN; id "*" when no such
   * stack exists (what an operation that creates it, or fails on it, is authorized on).
   */
  arnParts(nameOrId: string): { name: string; id: string } {
    const s = this.find(nameOrId, true);
    const m = /:stack\/([^/]+)\/(.+)$/.exec(s?.stackId ?? nameOrId);
    return m ? { name: m[1]!, id: m[2]! } : { name: nameOrId, id: '*' };
  }

  /**
   * The stacks as their resources are now: while an operation runs, what it makes of the stack (the
   * fake does not tell the resources it has created yet from those it will: an approximation).
   */
  liveStacks(): LiveStack[] {
    this.tick();
    return this.stacks
      .filter((s) => s.status !== 'DELETE_COMPLETE' && (s.inProgress ?? s.deployed))
      .map((s) => {
        const d = s.inProgress ?? s.deployed!;
        return {
          name: s.name,
          account: this.account,
          region: this.region,
          partition: this.partition,
          template: d.template,
          parameters: d.parameters,
          resources: d.resources,
          outputs: s.deployed?.outputs ?? {},
          properties: (id: string) => s.edited?.[id] ?? this.resourceProperties(s, d, id),
        };
      });
  }

  /**
   * Changes a resource outside CloudFormation (a policy statement removed by hand in the console): the
   * stack's template stays as it was; what the services see (liveStacks) is the edited resource.
   */
  editResource(stack: string, logicalId: string, edit: (properties: Json) => void): void {
    const s = this.find(stack);
    const d = s?.inProgress ?? s?.deployed;
    if (!s || !d?.resources[logicalId]) throw new Error(`no resource ${logicalId} in stack ${stack}`);
    const properties = structuredClone(s.edited?.[logicalId] ?? this.resourceProperties(s, d, logicalId));
    edit(properties);
    s.edited = { ...s.edited, [logicalId]: properties };
    this.version++;
  }

  /** Changes an output of a deployed stack (a stack someone edited, or a bad value to check against). */
  setOutput(name: string, key: string, value: string): void {
    const d = this.find(name)?.deployed;
    if (!d) throw new Error(`no deployed stack ${name}`);
    d.outputs[key] = value;
  }

  stackNames(): string[] {
    this.tick();
    return this.stacks.filter((s) => s.status !== 'DELETE_COMPLETE').map((s) => s.name);
  }

  /**
   * Puts a stack in a state directly (stacks left in bad states by others, or busy with another run).
   * `settlesTo` ends a busy status after `afterMs` of simulated time.
   */
  seedStack(name: string, status: string, tags: Record<string, string> = {}, template: Json = { Resources: {} }, settlesTo?: { status: string; afterMs: number }): void {
    const s: FakeStack = {
      stackId: `arn:${this.partition}:cloudformation:${this.region}:${this.account}:stack/${name}/${this.nextId('id-')}`,
      name,
      status,
      events: [],
      changeSets: [],
      schedule: [],
      creationTime: new Date(this.clock.now()),
      deployed: { template, body: '', parameters: {}, tags, resources: {}, outputs: {} },
      tags,
      parameters: {},
    };
    this.stacks.push(s);
    this.event(s, this.clock.now(), name, 'AWS::CloudFormation::Stack', status, undefined, s.stackId);
    if (settlesTo) {
      const at = this.clock.now() + settlesTo.afterMs;
      s.schedule.push({ at, apply: () => this.stackEvent(s, at, settlesTo.status) });
    }
  }
}
