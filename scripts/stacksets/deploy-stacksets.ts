/**
 * `deploy-sequence --engine stacksets`: the StackSets engine with account A's real update between its
 * stages. Who each account is first (account A, the stack sets' administrator, then each target's
 * account B), the StackSets plan shown and confirmed once, then: stage 1 as a stack set; between the
 * stages, the fleet runner's own steps for the targets whose stage 1 stands (account A's stacks of each
 * region, each target's bus permission, imagedefinitions.zip upload and first-image check, as
 * fleet-planner.ts orders them), with each target's stack B being its stage-1 instance's stack; then
 * stage 2 (pipeline-part.ts) for the targets whose steps between the stages finished. One outcome per
 * target, as the fleet runner reports them.
 */
import type { AccountPorts, StackSetsPort } from '../aws/ports';
import type { FleetConfig } from '../config/fleet-config';
import type { Clock } from '../deploy/clock';
import type { Emit } from '../deploy/events';
import { bounded, type FleetScope } from '../deploy/fleet-look';
import { reasonOf, type TargetOutcome } from '../deploy/fleet-outcome';
import type { FleetPlan, FleetStep } from '../deploy/fleet-planner';
import { runFleetDeploy } from '../deploy/fleet-run';
import { verifyTargetIdentities } from '../deploy/identity';
import { reportingThrottles, resilientPorts } from '../deploy/resilient-ports';
import { STEP_IDS } from '../deploy/planner';
import { templateArtifact } from '../deploy/template-artifacts';
import { resolveTarget, type ResolvedTarget } from '../targets/resolve-targets';
import type { EngineChoice } from './engine-choice';
import { pipelinePart } from './pipeline-part';
import { planStackSets, type StackSetsPlan } from './plan-stacksets';
import { runStackSetsEngine, type StackSetsRunResult } from './run-stacksets';
import type { InstanceOutcome } from './run-stage';

export interface StackSetsDeployOptions {
  fleet: Pick<FleetConfig, 'name' | 'stackSets'>;
  /** Every target of the config: account A's stacks of a region serve all of them. */
  all: ResolvedTarget[];
  /** The targets of this run (--targets, --wave). */
  selected: ResolvedTarget[];
  engine: EngineChoice;
  concurrency: number;
  clock: Clock;
  yes: boolean;
  confirm?: (question: string) => Promise<boolean>;
  signal?: AbortSignal;
  pollIntervalMs?: number;
  continueUpdateRollback?: boolean;
  ports: {
    /** Account A in `lead`'s region. */
    source: (lead: ResolvedTarget) => Promise<AccountPorts>;
    target: (t: ResolvedTarget) => Promise<AccountPorts>;
    /** StackSets of the administrator (account A) in the administration region. */
    admin: () => Promise<StackSetsPort>;
  };
  emitFor: (scope: FleetScope) => Emit;
  showPlan: (plan: StackSetsPlan) => void;
  /** The fleet runner's plan of the steps between the stages. */
  showBetween: (plan: FleetPlan) => void;
}

/** A target's outcome as the fleet runner reports it, with where its two stack-set instances ended. */
export type StackSetsTargetOutcome = TargetOutcome & { stage1?: InstanceOutcome['status']; stage2?: InstanceOutcome['status'] };

export interface StackSetsDeploySummary {
  plan?: StackSetsPlan;
  targets: StackSetsTargetOutcome[];
  operations: StackSetsRunResult['operations'];
  stoppedForConfirmation: boolean;
}

/**
 * The region the stack sets are administered in: the first target's of the config (a stack set lives in
 * one region and deploys to any; "stack sets are regional": CloudFormation User Guide, StackSets
 * concepts). The config's first target, not the run's, so `--targets` finds the same sets.
 */
export const administrationRegion = (all: ResolvedTarget[]): string => all[0]!.region;

/** A stack's name from its id (`arn:...:stack/<name>/<uuid>`); a name stays as it is. */
export const stackNameOf = (id: string): string => (id.startsWith('arn:') ? (id.split('/')[1] ?? id) : id);

/** The target with its stack B being `stackName` (its stage-1 instance's stack): every step and parameter source follows. */
const onStack = (t: ResolvedTarget, stackName: string): ResolvedTarget => resolveTarget({ name: t.name, wave: t.wave, config: { ...t.config, target: { ...t.config.target, stackName } } });

/** The fleet runner's steps between the stages: all but each target's stage 1 and stage 2 (the stack sets make those). */
const betweenStages = (s: FleetStep): boolean => s.target === undefined || (s.id !== `${s.target}:${STEP_IDS.targetFoundation}` && s.id !== `${s.target}:${STEP_IDS.targetPipeline}`);

/** The one question was declined, or nobody could answer it: nothing was written. */
class NotConfirmed extends Error {}

const STACK_SET_WRITES = new Set<keyof StackSetsPort>(['createStackSet', 'updateStackSet', 'createStackInstances', 'updateStackInstances', 'deleteStackInstances', 'deleteStackSet']);

/** The port with `before` awaited ahead of each StackSet write (the reads go straight through). */
function gateWrites(port: StackSetsPort, before: () => Promise<void>): StackSetsPort {
  return new Proxy(port, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function' || !STACK_SET_WRITES.has(name as keyof StackSetsPort)) return value;
      return async (...args: unknown[]) => {
        await before();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

export async function runStackSetsDeploy(o: StackSetsDeployOptions): Promise<StackSetsDeploySummary> {
  const adminLead = o.all[0]!;
  const adminEmit = o.emitFor({ region: administrationRegion(o.all) });
  const sourcePorts = new Map<string, Promise<AccountPorts>>();
  const sourceOf = (lead: ResolvedTarget) => {
    if (!sourcePorts.has(lead.region)) sourcePorts.set(lead.region, o.ports.source(lead));
    return sourcePorts.get(lead.region)!;
  };

  // The calls made here (identities, account A's outputs) retry throttling as the runs' own do.
  const resilient = (ports: AccountPorts, emit: Emit) => resilientPorts(ports, reportingThrottles({ clock: o.clock, ...(o.signal ? { signal: o.signal } : {}) }, emit, () => undefined));

  // Who each account is, before anything is written: account A (the administrator: the management
  // account or a delegated administrator, both account A here), then each target's account B.
  await verifyTargetIdentities(adminLead, { source: resilient(await sourceOf(adminLead), adminEmit) }, adminEmit, ['source']);
  const targetPorts = new Map<string, AccountPorts>();
  const early = new Map<string, string>();
  await bounded(o.selected, o.concurrency, async (t) => {
    try {
      const ports = await o.ports.target(t);
      const emit = o.emitFor({ target: t.name });
      await verifyTargetIdentities(t, { target: resilient(ports, emit) }, emit, ['target']);
      targetPorts.set(t.name, ports);
    } catch (e) {
      early.set(t.name, reasonOf(e));
    }
  });
  const ready = o.selected.filter((t) => !early.has(t.name));

  const plan = planStackSets(o.fleet, ready, o.engine);
  o.showPlan(plan);
  // Confirmed once for every stack set, instance and account A stack of the run, asked before the first
  // write (StackSets or between the stages): a run with nothing to change asks nothing and writes nothing.
  let answer: Promise<boolean> | undefined;
  const approve = (): Promise<boolean> => (answer ??= o.yes ? Promise.resolve(true) : o.confirm ? o.confirm(`Apply the StackSets plan over ${ready.length} target(s)?`) : Promise.resolve(false));
  const mustApprove = async () => {
    if (!(await approve())) throw new NotConfirmed();
  };

  const between = new Map<string, TargetOutcome>();
  const part = pipelinePart();
  let result: StackSetsRunResult;
  try {
    result =
    ready.length === 0
      ? { targets: [], operations: [], sourceUpdated: false }
      : await runStackSetsEngine({
          fleet: o.fleet,
          targets: ready,
          templates: { stage1: templateArtifact('AccB-pipeline-1').body, stage2: part.artifact.body },
          stage2FromStageOne: part.fromStageOne,
          admin: gateWrites(await o.ports.admin(), mustApprove),
          targetCloudFormation: (t) => targetPorts.get(t.name)!.cloudFormation,
          clock: o.clock,
          log: (message) => adminEmit({ type: 'notice', message }),
          onThrottled: (attempt, delayMs) => adminEmit({ type: 'notice', message: `StackSets answered Throttling: try ${attempt + 1} in ${Math.round(delayMs)} ms` }),
          ...(o.signal ? { signal: o.signal } : {}),
          updateSource: async (_outputs, stacks) => {
            const moved = (t: ResolvedTarget) => (stacks.has(t.name) ? onStack(t, stackNameOf(stacks.get(t.name)!)) : t);
            const selected = ready.filter((t) => stacks.has(t.name)).map(moved);
            const run = await runFleetDeploy({
              all: o.all.map(moved),
              selected,
              concurrency: o.concurrency,
              clock: o.clock,
              // The one question covers these steps too (asked here when the stack sets had nothing to write).
              yes: false,
              confirm: approve,
              ...(o.signal ? { signal: o.signal } : {}),
              ...(o.pollIntervalMs !== undefined ? { pollIntervalMs: o.pollIntervalMs } : {}),
              continueUpdateRollback: o.continueUpdateRollback ?? false,
              ports: { source: sourceOf, target: async (t) => targetPorts.get(t.name)! },
              emitFor: o.emitFor,
              showPlan: o.showBetween,
              stepFilter: betweenStages,
            });
            if (run.stoppedForConfirmation) throw new NotConfirmed();
            for (const t of run.targets) between.set(t.name, t);
            const failed = new Map(run.targets.filter((t) => t.outcome === 'failed' || t.outcome === 'not-run').map((t) => [t.name, `between the stages: ${t.reason ?? t.outcome}`]));
            // Stage 2 reads account A's first stack of the target's region (RepositoryName).
            const outputs: Record<string, Record<string, string>> = {};
            for (const region of new Set(selected.map((t) => t.region))) {
              const lead = selected.find((t) => t.region === region)!;
              const stack = await resilient(await sourceOf(lead), adminEmit).cloudFormation.describeStack(lead.source.stackName);
              if (stack) outputs[region] = stack.outputs;
            }
            return { outputs, failed };
          },
        });
  } catch (e) {
    if (e instanceof NotConfirmed) return { plan, targets: [], operations: [], stoppedForConfirmation: true };
    throw e;
  }

  const ordered = [...o.selected].sort((a, b) => a.wave - b.wave);
  const targets = ordered.map((t): StackSetsTargetOutcome => {
    const base = { name: t.name, wave: t.wave, region: t.region, accountId: t.target.accountId };
    const why = early.get(t.name);
    if (why !== undefined) return { ...base, outcome: 'failed', reason: why, changed: 0, unchanged: 0 };
    const r = result.targets.find((x) => x.target === t.name)!;
    const b = between.get(t.name);
    const stages = [r.stage1, r.stage2];
    const changed = stages.filter((s) => s.status === 'succeeded').length + (b?.changed ?? 0);
    const unchanged = stages.filter((s) => s.status === 'unchanged').length + (b?.unchanged ?? 0);
    // Where each stage's instance ended (--json): succeeded, unchanged, failed or skipped.
    const counts = { changed, unchanged, stage1: r.stage1.status, stage2: r.stage2.status };
    if (r.result === 'failed') return { ...base, outcome: 'failed', reason: r.reason ?? 'failed', ...counts };
    if (r.result === 'skipped') return { ...base, outcome: 'not-run', reason: r.reason ?? 'skipped', ...counts };
    return { ...base, outcome: changed > 0 ? 'succeeded' : 'unchanged', ...counts };
  });
  return { plan, targets, operations: result.operations, stoppedForConfirmation: false };
}
