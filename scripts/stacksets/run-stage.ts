/**
 * One stage as one stack set: create or update the set, then, wave by wave, create the missing
 * instances and update the ones whose template or values changed; an unchanged instance is left alone
 * (a re-run with nothing changed writes nothing). Each operation is waited for, and each instance's
 * outcome read from the operation's results.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { StackSetsConfig } from '../config/stack-sets-config';
import type { Capability, StackInstanceState, StackSetsPort, StackSetTargets } from '../aws/ports';
import { pollUntil, type Clock } from '../deploy/clock';
import type { ResolvedTarget } from '../targets/resolve-targets';
import { operationPreferences, operationsAtOnce, waveTolerance } from './operation-preferences';
import { overridesFor, sameValues, stackSetParameters } from './stack-set-parameters';

export interface InstanceOutcome {
  status: 'succeeded' | 'unchanged' | 'failed' | 'skipped';
  /** A failed instance: its account, region and status reason; a skipped one: why. */
  reason?: string;
  stackId?: string;
}

export interface StageInput {
  stage: 1 | 2;
  setName: string;
  templateBody: string;
  capabilities: Capability[];
  /** The targets of this stage, and each one's parameter values. */
  targets: ResolvedTarget[];
  values: Map<string, Record<string, string>>;
  config: StackSetsConfig | undefined;
  admin: StackSetsPort;
  clock: Clock;
  log: (line: string) => void;
}

/** One StackSet write the stage made, in order (tests and the summary read them). */
export interface StageOperation {
  kind: 'CreateStackSet' | 'UpdateStackSet' | 'CreateStackInstances' | 'UpdateStackInstances';
  wave?: number;
  targets: string[];
  operationId?: string;
  status?: string;
}

/** DescribeStackSetOperation is polled at most once a second. */
export const OPERATION_POLL_MS = 1000;
const ENDED = new Set(['SUCCEEDED', 'FAILED', 'STOPPED']);

interface Work {
  kind: 'UpdateStackSet' | 'CreateStackInstances' | 'UpdateStackInstances';
  targets: ResolvedTarget[];
  overrides: Record<string, string>;
}

const at = (t: ResolvedTarget) => `${t.target.accountId}/${t.region}`;
const targetsOf = (ts: ResolvedTarget[], ous: string[] | undefined): StackSetTargets => ({
  accounts: [...new Set(ts.map((t) => t.target.accountId))],
  regions: [...new Set(ts.map((t) => t.region))],
  ...(ous?.length ? { organizationalUnitIds: ous } : {}),
});

export async function runStage(i: StageInput): Promise<{ outcomes: Map<string, InstanceOutcome>; operations: StageOperation[] }> {
  const outcomes = new Map<string, InstanceOutcome>();
  const operations: StageOperation[] = [];
  const ous = i.config?.permissionModel === 'SERVICE_MANAGED' ? i.config.organizationalUnitIds : undefined;
  const desired = stackSetParameters(i.targets.map((t) => i.values.get(t.name)!));
  const existing = await i.admin.describeStackSet(i.setName);
  let setParameters = desired;
  let setChanged = false;
  let managed = true;
  let instances: StackInstanceState[] = [];
  if (!existing) {
    const serviceManaged = i.config?.permissionModel === 'SERVICE_MANAGED';
    await i.admin.createStackSet({
      name: i.setName,
      templateBody: i.templateBody,
      parameters: desired,
      capabilities: i.capabilities,
      permissionModel: serviceManaged ? 'SERVICE_MANAGED' : 'SELF_MANAGED',
      // The config lists the targets, each with its own overrides: an account that joins an OU gets no
      // instance on its own (AutoDeployment would add one without overrides, and "StackSetOperationPreferences
      // don't apply to AutoDeployment": API reference, StackSetOperationPreferences).
      ...(serviceManaged ? { autoDeployment: { enabled: false, retainStacksOnAccountRemoval: true } } : {}),
      // One operation per set of overrides: managed execution runs those that do not conflict side by
      // side instead of answering OperationInProgressException (API reference, ManagedExecution).
      managedExecution: true,
    });
    operations.push({ kind: 'CreateStackSet', targets: [] });
    i.log(`stage ${i.stage}: created stack set ${i.setName}`);
  } else {
    managed = existing.managedExecution;
    setChanged = existing.templateBody !== i.templateBody || !isDeepStrictEqual(existing.parameters, desired);
    setParameters = setChanged ? desired : existing.parameters;
    instances = await i.admin.stackInstances(i.setName);
  }

  // What each target needs: an instance created, updated, or nothing.
  const byWave = new Map<number, { create: Work[]; update: Work[] }>();
  const need = new Map<string, { kind: 'create' | 'update'; overrides: Record<string, string> }>();
  for (const t of i.targets) {
    const v = i.values.get(t.name)!;
    const inst = instances.find((x) => `${x.account}/${x.region}` === at(t));
    if (!inst) {
      need.set(t.name, { kind: 'create', overrides: overridesFor(v, setParameters) });
      continue;
    }
    const previous = (await i.admin.stackInstance(i.setName, inst.account, inst.region))?.overrides ?? {};
    if (!setChanged && inst.status === 'CURRENT' && sameValues(v, setParameters, previous)) {
      outcomes.set(t.name, { status: 'unchanged', ...(inst.stackId ? { stackId: inst.stackId } : {}) });
      continue;
    }
    need.set(t.name, { kind: 'update', overrides: overridesFor(v, setParameters, previous) });
  }

  // A changed template or set parameters: UpdateStackSet first (instances created later get the new
  // template), on the existing instances of the earliest wave that has any; later waves' instances stay
  // OUTDATED until their wave's UpdateStackInstances (API reference, UpdateStackSet: "If you specify
  // accounts, you must also specify the Regions ... stack instances not specified remain OUTDATED", unsure of
  // that wording). Their overrides are sent again only if they differ.
  const waves = [...new Set(i.targets.map((t) => t.wave))].sort((a, b) => a - b);
  let gate: Work | undefined;
  if (setChanged) {
    const firstWave = waves.find((w) => i.targets.some((t) => t.wave === w && need.get(t.name)?.kind === 'update'));
    const covered = i.targets.filter((t) => t.wave === firstWave && need.get(t.name)?.kind === 'update');
    gate = { kind: 'UpdateStackSet', targets: covered, overrides: {} };
    for (const t of covered) {
      const inst = instances.find((x) => `${x.account}/${x.region}` === at(t))!;
      const previous = (await i.admin.stackInstance(i.setName, inst.account, inst.region))?.overrides ?? {};
      if (sameValues(i.values.get(t.name)!, setParameters, previous)) need.delete(t.name);
    }
  }
  for (const w of waves) {
    const groups = { create: new Map<string, Work>(), update: new Map<string, Work>() };
    for (const t of i.targets.filter((x) => x.wave === w)) {
      const n = need.get(t.name);
      if (!n) continue;
      const key = `${t.region}\n${JSON.stringify(Object.entries(n.overrides).sort())}`;
      const g = groups[n.kind];
      if (!g.has(key)) g.set(key, { kind: n.kind === 'create' ? 'CreateStackInstances' : 'UpdateStackInstances', targets: [], overrides: n.overrides });
      g.get(key)!.targets.push(t);
    }
    byWave.set(w, { create: [...groups.create.values()], update: [...groups.update.values()] });
  }

  const prefs = operationPreferences(i.config);
  const submit = async (work: Work, wave?: number): Promise<void> => {
    const operationId = randomUUID();
    const request = { name: i.setName, targets: targetsOf(work.targets, ous), preferences: prefs, operationId };
    const record: StageOperation = { kind: work.kind, ...(wave !== undefined ? { wave } : {}), targets: work.targets.map((t) => t.name), operationId };
    operations.push(record);
    if (work.kind === 'UpdateStackSet') {
      await i.admin.updateStackSet({ ...request, templateBody: i.templateBody, parameters: setParameters, capabilities: i.capabilities });
    } else if (work.kind === 'CreateStackInstances') {
      await i.admin.createStackInstances({ ...request, overrides: work.overrides });
    } else {
      await i.admin.updateStackInstances({ ...request, overrides: work.overrides });
    }
    i.log(`stage ${i.stage}: ${work.kind} ${operationId} for ${record.targets.join(', ') || 'no instance'}`);
    const ended = await pollUntil(i.clock, OPERATION_POLL_MS, async () => {
      const o = await i.admin.operation(i.setName, operationId);
      return ENDED.has(o.status) ? o : undefined;
    });
    record.status = ended.status;
    const results = await i.admin.operationResults(i.setName, operationId);
    for (const t of work.targets) {
      const r = results.find((x) => `${x.account}/${x.region}` === at(t));
      if (r?.status === 'SUCCEEDED') {
        // A target's first failure in the stage stands (a later operation on it does not hide it).
        if (outcomes.get(t.name)?.status !== 'failed') outcomes.set(t.name, { status: 'succeeded' });
      } else {
        outcomes.set(t.name, { status: 'failed', reason: `account ${t.target.accountId}, ${t.region}: ${r?.status ?? ended.status}${r?.reason ? `: ${r.reason}` : ended.reason ? `: ${ended.reason}` : ''}` });
      }
    }
  };

  if (gate) await submit(gate);
  let stopped: string | undefined;
  for (const w of waves) {
    const inWave = i.targets.filter((t) => t.wave === w);
    if (stopped) {
      for (const t of inWave) if (!outcomes.has(t.name)) outcomes.set(t.name, { status: 'skipped', reason: stopped });
      continue;
    }
    const { create, update } = byWave.get(w)!;
    const work = [...create, ...update];
    // At most `operationsAtOnce` in flight; the rest start as earlier ones end.
    const queue = [...work];
    const lanes = Array.from({ length: Math.min(queue.length, operationsAtOnce(i.config, work.length, managed)) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await submit(next, w);
    });
    await Promise.all(lanes);
    const failed = inWave.filter((t) => outcomes.get(t.name)?.status === 'failed').length;
    if (failed > waveTolerance(i.config, inWave.length)) stopped = `wave ${w} had ${failed} failed target${failed === 1 ? '' : 's'}, over its failure tolerance: later waves were not started`;
  }

  // Each instance's stack id, for reading its outputs in its account.
  const after = await i.admin.stackInstances(i.setName);
  for (const t of i.targets) {
    const o = outcomes.get(t.name);
    const inst = after.find((x) => `${x.account}/${x.region}` === at(t));
    if (o && inst?.stackId && o.status !== 'failed' && o.status !== 'skipped') o.stackId = inst.stackId;
  }
  return { outcomes, operations };
}
