/**
 * CloudFormation StackSets of one administrator account and region, answering the StackSet operations
 * of the CloudFormation API (awsQuery, through wire/ like the rest of CloudFormation). Stack instances
 * are real stacks in the target accounts' FakeCloudFormation (so DescribeStacks there returns their
 * outputs); operations run on the fake clock (stackset-operations.ts). Behaviour and sources:
 * fake-aws.md, "StackSets".
 */
import type { FakeCloudFormation } from './fake-cloudformation';
import type { FakeOrganization } from './fake-organization';
import { fault } from './fault';
import { preferencesOf, stepOperation, type InstanceResult, type InstanceWork, type Operation } from './stackset-operations';
import type { VirtualClock } from './virtual-clock';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The StackSet commands of the CloudFormation API this fake answers (FakeAws routes them here). */
export const STACKSET_COMMANDS = new Set([
  'CreateStackSet',
  'DescribeStackSet',
  'UpdateStackSet',
  'DeleteStackSet',
  'CreateStackInstances',
  'UpdateStackInstances',
  'DeleteStackInstances',
  'ListStackInstances',
  'DescribeStackInstance',
  'DescribeStackSetOperation',
  'ListStackSetOperationResults',
]);

interface Instance {
  account: string;
  region: string;
  ou?: string;
  overrides: Record<string, string>;
  /** CURRENT, OUTDATED or INOPERABLE (API reference, StackInstanceSummary Status). */
  status: 'CURRENT' | 'OUTDATED' | 'INOPERABLE';
  detailed: string;
  reason?: string;
  stackName: string;
  stackId?: string;
  lastOperationId?: string;
}

interface StackSet {
  name: string;
  id: string;
  status: 'ACTIVE' | 'DELETED';
  templateBody: string;
  parameters: Record<string, string>;
  capabilities: string[];
  permissionModel: 'SERVICE_MANAGED' | 'SELF_MANAGED';
  autoDeployment?: { Enabled: boolean; RetainStacksOnAccountRemoval?: boolean };
  managedExecution: boolean;
  instances: Map<string, Instance>;
  operations: Operation[];
}

/** Lists arrive as arrays; an empty one as '' (the SDK serializes empty lists as `Name=`). */
const list = <T = string>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
const params = (v: unknown): Record<string, string> => Object.fromEntries(list<Json>(v).map((p) => [p.ParameterKey, p.ParameterValue ?? '']));
const key = (account: string, region: string) => `${account}/${region}`;
const open = (op: Operation) => op.status === 'RUNNING' || op.status === 'QUEUED';

export class FakeStackSets {
  private readonly sets: StackSet[] = [];
  private counter = 0;
  /** Calls that change something: how many answered OperationInProgressException (a test reads it). */
  conflicts = 0;

  constructor(
    readonly account: string,
    readonly region: string,
    private readonly clock: VirtualClock,
    private readonly org: FakeOrganization,
    private readonly cfnOf: (account: string, region: string) => FakeCloudFormation,
  ) {}

  private nextId(prefix: string): string {
    this.counter++;
    return `${prefix}${String(this.counter).padStart(8, '0')}-${this.account.slice(-4)}`;
  }

  // ----- the clock ------------------------------------------------------------------------------

  /** Operations progress to now: instances step until nothing changes, and queued operations start. */
  tick(): void {
    const now = this.clock.now();
    for (const set of this.sets) {
      for (let guard = 0; guard < 10_000; guard++) {
        let changed = false;
        for (const op of set.operations.filter((o) => o.status === 'RUNNING')) changed = stepOperation(op, this.work(set), now) || changed;
        changed = this.startQueued(set) || changed;
        if (!changed) break;
      }
    }
  }

  /**
   * Managed execution: "StackSets performs non-conflicting operations concurrently and queues
   * conflicting operations. After conflicting operations finish, StackSets starts queued operations in
   * request order." (API reference, ManagedExecution). Conflicting here: sharing an instance.
   */
  private startQueued(set: StackSet): boolean {
    let changed = false;
    for (const op of set.operations.filter((o) => o.status === 'QUEUED')) {
      const earlier = set.operations.filter((o) => o !== op && open(o) && set.operations.indexOf(o) < set.operations.indexOf(op));
      const conflicts = earlier.some((o) => [...o.results.keys()].some((k) => op.results.has(k)));
      if (conflicts) continue;
      op.status = 'RUNNING';
      changed = true;
    }
    return changed;
  }

  private work(set: StackSet): InstanceWork {
    return {
      cfn: this.cfnOf,
      stackOf: (account, region) => {
        const inst = set.instances.get(key(account, region))!;
        const cfn = this.cfnOf(account, region);
        const live = cfn.stack(inst.stackName);
        return {
          stackName: inst.stackName,
          exists: !!live && live.status !== 'REVIEW_IN_PROGRESS' && live.status !== 'DELETE_COMPLETE',
          templateBody: set.templateBody,
          parameters: { ...set.parameters, ...inst.overrides },
          capabilities: set.capabilities,
        };
      },
      ended: (op, r) => this.instanceEnded(set, op, r),
    };
  }

  private instanceEnded(set: StackSet, op: Operation, r: InstanceResult): void {
    const k = key(r.account, r.region);
    const inst = set.instances.get(k);
    if (!inst) return;
    if (op.action === 'DELETE' && r.status === 'SUCCEEDED') {
      set.instances.delete(k);
      return;
    }
    inst.detailed = r.status;
    inst.lastOperationId = op.id;
    if (r.status === 'SUCCEEDED') {
      inst.status = 'CURRENT';
      delete inst.reason;
      inst.stackId = this.cfnOf(r.account, r.region).DescribeStacks({ StackName: inst.stackName }).Stacks[0].StackId;
    } else {
      inst.status = 'OUTDATED';
      if (r.reason) inst.reason = r.reason;
    }
  }

  // ----- lookups and checks -----------------------------------------------------------------------

  private mustFind(name: string | undefined): StackSet {
    const set = this.sets.find((s) => (s.name === name || s.id === name) && s.status === 'ACTIVE');
    if (!set) throw fault('StackSetNotFoundException', `StackSet ${name} not found`, 404);
    return set;
  }

  /** Service-managed stack sets are administered by the management account or, with CallAs DELEGATED_ADMIN, a delegated administrator. */
  private checkCaller(set: Pick<StackSet, 'permissionModel'>, input: Json): void {
    if (set.permissionModel !== 'SERVICE_MANAGED') return;
    if (!this.org.mayAdminister(this.account, input.CallAs)) {
      // The answer a member account that is not a delegated administrator gets (wording: unsure).
      throw fault('ValidationError', `Account ${this.account} should have '${input.CallAs === 'DELEGATED_ADMIN' ? 'Delegated Admin' : 'management account'}' permission to perform this operation`);
    }
  }

  /** "One operation at a time per stack set" unless managed execution is on (API reference, ManagedExecution). */
  private checkIdle(set: StackSet): void {
    if (set.managedExecution || !set.operations.some(open)) return;
    this.conflicts++;
    throw fault('OperationInProgressException', 'Another Operation on StackSet is in progress', 409);
  }

  /** The accounts DeploymentTargets (or the legacy Accounts) name, with the OU each came from. */
  private targetsOf(set: StackSet, input: Json, forUpdate: boolean): Array<{ account: string; ou?: string }> {
    const dt: Json = input.DeploymentTargets ?? {};
    const accounts = list(dt.Accounts).length > 0 ? list(dt.Accounts) : list(input.Accounts);
    const ous = list(dt.OrganizationalUnitIds);
    if (set.permissionModel === 'SELF_MANAGED') {
      if (ous.length > 0) throw fault('ValidationError', 'OrganizationalUnitIds are not supported for SELF_MANAGED StackSets'); // wording: unsure
      return accounts.map((account) => ({ account }));
    }
    // Service-managed: OUs (every account in them but the management account), narrowed by
    // AccountFilterType INTERSECTION to the accounts named (API reference, DeploymentTargets).
    if (ous.length === 0 && !(forUpdate && accounts.length > 0)) throw fault('ValidationError', 'OrganizationalUnitIds are required for SERVICE_MANAGED StackSets'); // wording: unsure
    let inOus = this.org.accountsIn(ous).filter((a) => a !== this.org.managementAccount);
    if (dt.AccountFilterType === 'INTERSECTION') inOus = inOus.filter((a) => accounts.includes(a));
    else if (dt.AccountFilterType === 'DIFFERENCE') inOus = inOus.filter((a) => !accounts.includes(a));
    else if (dt.AccountFilterType === 'UNION') inOus = [...new Set([...inOus, ...accounts])];
    else if (ous.length === 0) inOus = accounts;
    return inOus.map((account) => ({ account, ...(this.org.ouOfAccount(account) ? { ou: this.org.ouOfAccount(account)! } : {}) }));
  }

  /** A new operation over the named instances: running at once, or queued behind others (managed execution). */
  private startOperation(set: StackSet, action: Operation['action'], input: Json, instances: Array<{ account: string; region: string; ou?: string }>, extra: Partial<Operation> = {}): Json {
    // OperationId: "the unique identifier for this StackSet operation ... If you don't specify an operation
    // ID, the SDK generates one automatically" (API reference, CreateStackInstances OperationId): a retry
    // with the same id is the same operation (OperationIdAlreadyExistsException otherwise: unsure which).
    const id = input.OperationId ?? this.nextId('op-');
    const again = set.operations.find((o) => o.id === id);
    if (again) return { OperationId: again.id };
    this.checkIdle(set);
    const op: Operation = {
      id,
      action,
      status: set.operations.some(open) ? 'QUEUED' : 'RUNNING',
      preferences: preferencesOf(input.OperationPreferences),
      preferencesJson: input.OperationPreferences ?? {},
      createdAt: this.clock.now(),
      results: new Map(instances.map((i) => [key(i.account, i.region), { account: i.account, region: i.region, ...(i.ou ? { ou: i.ou } : {}), status: 'PENDING' as const }])),
      stoppedRegions: new Set(),
      ...extra,
    };
    set.operations.push(op);
    for (const i of instances) {
      const inst = set.instances.get(key(i.account, i.region));
      if (inst && action !== 'DELETE') {
        inst.status = 'OUTDATED';
        inst.detailed = 'PENDING';
      }
    }
    // The first instances start at the request (the operation is RUNNING when it is answered).
    this.tick();
    return { OperationId: op.id };
  }

  // ----- the API --------------------------------------------------------------------------------

  CreateStackSet(input: Json): Json {
    const permissionModel = input.PermissionModel === 'SERVICE_MANAGED' ? 'SERVICE_MANAGED' : 'SELF_MANAGED';
    if (this.sets.some((s) => s.name === input.StackSetName && s.status === 'ACTIVE')) throw fault('NameAlreadyExistsException', `StackSet ${input.StackSetName} already exists`, 409);
    if (!input.TemplateBody) throw fault('ValidationError', 'TemplateBody or TemplateURL must be specified'); // wording: unsure
    const auto = input.AutoDeployment;
    // Service-managed stack sets take AutoDeployment (unsure whether AWS refuses its absence: the fake
    // does, as the task of deploying to an organization requires choosing it); self-managed ones may not.
    if (permissionModel === 'SERVICE_MANAGED' && !auto) throw fault('ValidationError', 'AutoDeployment must be specified for SERVICE_MANAGED StackSets');
    if (permissionModel === 'SELF_MANAGED' && auto) throw fault('ValidationError', 'AutoDeployment is only supported for SERVICE_MANAGED StackSets');
    this.checkCaller({ permissionModel }, input);
    const set: StackSet = {
      name: input.StackSetName,
      id: `${input.StackSetName}:${this.nextId('')}`,
      status: 'ACTIVE',
      templateBody: input.TemplateBody,
      parameters: params(input.Parameters),
      capabilities: list(input.Capabilities),
      permissionModel,
      ...(auto ? { autoDeployment: { Enabled: auto.Enabled === 'true', ...(auto.RetainStacksOnAccountRemoval !== undefined ? { RetainStacksOnAccountRemoval: auto.RetainStacksOnAccountRemoval === 'true' } : {}) } } : {}),
      managedExecution: input.ManagedExecution?.Active === 'true',
      instances: new Map(),
      operations: [],
    };
    this.sets.push(set);
    return { StackSetId: set.id };
  }

  DescribeStackSet(input: Json): Json {
    this.tick();
    const set = this.mustFind(input.StackSetName);
    return {
      StackSet: {
        StackSetName: set.name,
        StackSetId: set.id,
        StackSetARN: `arn:aws:cloudformation:${this.region}:${this.account}:stackset/${set.id}`,
        Status: set.status,
        TemplateBody: set.templateBody,
        Parameters: Object.entries(set.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
        Capabilities: set.capabilities,
        PermissionModel: set.permissionModel,
        ...(set.autoDeployment ? { AutoDeployment: set.autoDeployment } : {}),
        ManagedExecution: { Active: set.managedExecution },
        OrganizationalUnitIds: [...new Set([...set.instances.values()].flatMap((i) => (i.ou ? [i.ou] : [])))],
      },
    };
  }

  UpdateStackSet(input: Json): Json {
    this.tick();
    const set = this.mustFind(input.StackSetName);
    this.checkCaller(set, input);
    this.checkIdle(set);
    if (input.ManagedExecution?.Active !== undefined) set.managedExecution = input.ManagedExecution.Active === 'true';
    if (input.TemplateBody) set.templateBody = input.TemplateBody;
    // UsePreviousTemplate / Parameters: given parameters replace the stack set's (UsePreviousValue keeps one).
    if (input.Parameters !== undefined) {
      const previous = set.parameters;
      set.parameters = Object.fromEntries(list<Json>(input.Parameters).map((p) => [p.ParameterKey, p.UsePreviousValue === 'true' ? previous[p.ParameterKey] ?? '' : p.ParameterValue ?? '']));
    }
    if (input.Capabilities !== undefined) set.capabilities = list(input.Capabilities);
    // "If you specify accounts/Regions, only those stack instances are updated ... the rest stay OUTDATED"
    // (API reference, UpdateStackSet Accounts/DeploymentTargets and Regions); without them, every instance.
    const regions = list(input.Regions);
    const named = input.DeploymentTargets || list(input.Accounts).length > 0 ? this.targetsOf(set, input, true).map((t) => t.account) : undefined;
    const chosen = [...set.instances.values()].filter((i) => (!named || named.includes(i.account)) && (regions.length === 0 || regions.includes(i.region)));
    for (const i of set.instances.values()) if (!chosen.includes(i)) i.status = 'OUTDATED';
    return this.startOperation(set, 'UPDATE', input, chosen);
  }

  DeleteStackSet(input: Json): Json {
    this.tick();
    const set = this.mustFind(input.StackSetName);
    this.checkCaller(set, input);
    if (set.instances.size > 0) throw fault('StackSetNotEmptyException', `StackSet ${set.name} is not empty`, 409);
    this.checkIdle(set);
    set.status = 'DELETED';
    return {};
  }

  CreateStackInstances(input: Json): Json {
    this.tick();
    const set = this.mustFind(input.StackSetName);
    this.checkCaller(set, input);
    const regions = list(input.Regions);
    if (regions.length === 0) throw fault('ValidationError', 'Regions must be specified'); // wording: unsure
    const overrides = params(input.ParameterOverrides);
    const targets = this.targetsOf(set, input, false).flatMap((t) => regions.map((region) => ({ ...t, region })));
    this.checkIdle(set);
    for (const t of targets) {
      const k = key(t.account, t.region);
      const existing = set.instances.get(k);
      // Creating an instance that exists updates its overrides (unsure: AWS may refuse; the engine never does it).
      set.instances.set(k, existing ? { ...existing, overrides: { ...existing.overrides, ...overrides } } : {
        account: t.account,
        region: t.region,
        ...(t.ou ? { ou: t.ou } : {}),
        overrides,
        status: 'OUTDATED',
        detailed: 'PENDING',
        stackName: `StackSet-${set.name}-${this.nextId('')}`,
      });
    }
    return this.startOperation(set, 'CREATE', input, targets);
  }

  UpdateStackInstances(input: Json): Json {
    this.tick();
    const set = this.mustFind(input.StackSetName);
    this.checkCaller(set, input);
    const regions = list(input.Regions);
    const targets = this.targetsOf(set, input, true).flatMap((t) => regions.map((region) => ({ ...t, region })));
    for (const t of targets) {
      if (!set.instances.has(key(t.account, t.region))) throw fault('StackInstanceNotFoundException', `StackInstance ${t.account}/${t.region} of StackSet ${set.name} not found`, 404);
    }
    this.checkIdle(set);
    // "You can only override the parameter values that are specified in the stack set"; overrides given
    // replace the instance's, and a parameter left out keeps its previous override (API reference,
    // UpdateStackInstances ParameterOverrides).
    if (input.ParameterOverrides !== undefined) {
      const given = params(input.ParameterOverrides);
      for (const name of Object.keys(given)) {
        if (!(name in set.parameters)) throw fault('ValidationError', `Parameter ${name} is not specified in the StackSet`); // wording: unsure
      }
      for (const t of targets) {
        const inst = set.instances.get(key(t.account, t.region))!;
        inst.overrides = { ...inst.overrides, ...given };
      }
    }
    return this.startOperation(set, 'UPDATE', input, targets);
  }

  DeleteStackInstances(input: Json): Json {
    this.tick();
    const set = this.mustFind(input.StackSetName);
    this.checkCaller(set, input);
    const regions = list(input.Regions);
    const targets = this.targetsOf(set, input, true)
      .flatMap((t) => regions.map((region) => ({ ...t, region })))
      .filter((t) => set.instances.has(key(t.account, t.region)));
    this.checkIdle(set);
    return this.startOperation(set, 'DELETE', input, targets, { retainStacks: input.RetainStacks === 'true' });
  }

  ListStackInstances(input: Json): Json {
    this.tick();
    const set = this.mustFind(input.StackSetName);
    const all = [...set.instances.values()].filter(
      (i) => (!input.StackInstanceAccount || i.account === input.StackInstanceAccount) && (!input.StackInstanceRegion || i.region === input.StackInstanceRegion),
    );
    const size = Number(input.MaxResults ?? 100);
    const start = Number(input.NextToken ?? 0);
    const page = all.slice(start, start + size);
    return {
      Summaries: page.map((i) => ({
        StackSetId: set.id,
        Region: i.region,
        Account: i.account,
        ...(i.stackId ? { StackId: i.stackId } : {}),
        Status: i.status,
        ...(i.reason ? { StatusReason: i.reason } : {}),
        StackInstanceStatus: { DetailedStatus: i.detailed },
        ...(i.ou ? { OrganizationalUnitId: i.ou } : {}),
        ...(i.lastOperationId ? { LastOperationId: i.lastOperationId } : {}),
      })),
      ...(start + size < all.length ? { NextToken: String(start + size) } : {}),
    };
  }

  DescribeStackInstance(input: Json): Json {
    this.tick();
    const set = this.mustFind(input.StackSetName);
    const i = set.instances.get(key(input.StackInstanceAccount, input.StackInstanceRegion));
    if (!i) throw fault('StackInstanceNotFoundException', `StackInstance ${input.StackInstanceAccount}/${input.StackInstanceRegion} of StackSet ${set.name} not found`, 404);
    return {
      StackInstance: {
        StackSetId: set.id,
        Region: i.region,
        Account: i.account,
        ...(i.stackId ? { StackId: i.stackId } : {}),
        ParameterOverrides: Object.entries(i.overrides).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
        Status: i.status,
        StackInstanceStatus: { DetailedStatus: i.detailed },
        ...(i.reason ? { StatusReason: i.reason } : {}),
        ...(i.ou ? { OrganizationalUnitId: i.ou } : {}),
      },
    };
  }

  private operation(input: Json): { set: StackSet; op: Operation } {
    this.tick();
    const set = this.mustFind(input.StackSetName);
    const op = set.operations.find((o) => o.id === input.OperationId);
    if (!op) throw fault('OperationNotFoundException', `Operation ${input.OperationId} not found`, 404);
    return { set, op };
  }

  DescribeStackSetOperation(input: Json): Json {
    const { set, op } = this.operation(input);
    return {
      StackSetOperation: {
        OperationId: op.id,
        StackSetId: set.id,
        Action: op.action,
        Status: op.status,
        OperationPreferences: op.preferencesJson,
        ...(op.retainStacks !== undefined ? { RetainStacks: op.retainStacks } : {}),
        CreationTimestamp: new Date(op.createdAt),
        ...(op.endedAt !== undefined ? { EndTimestamp: new Date(op.endedAt) } : {}),
        ...(op.statusReason ? { StatusReason: op.statusReason } : {}),
      },
    };
  }

  ListStackSetOperationResults(input: Json): Json {
    const { op } = this.operation(input);
    const all = [...op.results.values()];
    const size = Number(input.MaxResults ?? 100);
    const start = Number(input.NextToken ?? 0);
    return {
      Summaries: all.slice(start, start + size).map((r) => ({
        Account: r.account,
        Region: r.region,
        Status: r.status,
        ...(r.reason ? { StatusReason: r.reason } : {}),
        ...(r.ou ? { OrganizationalUnitId: r.ou } : {}),
      })),
      ...(start + size < all.length ? { NextToken: String(start + size) } : {}),
    };
  }

  /** The name and id a stack set's ARN is made of (`stackset/<name>:<id>`); id "*" when there is no such set. */
  arnParts(nameOrId: string): { name: string; id: string } {
    const set = this.sets.find((s) => (s.name === nameOrId || s.id === nameOrId) && s.status === 'ACTIVE');
    if (!set) return { name: nameOrId, id: '*' };
    return { name: set.name, id: set.id.slice(set.name.length + 1) };
  }

  // ----- controls -------------------------------------------------------------------------------

  /** The operations of a stack set, oldest first (tests read their preferences and results). */
  operationsOf(name: string): Operation[] {
    this.tick();
    return this.sets.find((s) => s.name === name)?.operations ?? [];
  }

  /** An instance's stack name in its account (tests read its outputs there). */
  instanceStack(name: string, account: string, region: string): string | undefined {
    return this.sets.find((s) => s.name === name && s.status === 'ACTIVE')?.instances.get(key(account, region))?.stackName;
  }

}
