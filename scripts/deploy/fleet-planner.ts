/**
 * The plan of a fleet: every target's steps (planner.ts, one resolved target at a time) in the order
 * the accounts depend on each other. Account A's stacks in a region take the outputs of every target's
 * stage 1 in that region, so all of those come first; then A's stacks, once per region (several when
 * its targets do not fit one); then each target's bus permission, upload, first-image check and
 * stage 2, which read A's outputs. Each step
 * says which steps it needs (`dependsOn`), so the order can be checked, and later run concurrently.
 */
import type { ResolvedTarget } from '../targets/resolve-targets';
import type { ObservedState } from './observe';
import type { DeployStackStep, ParameterSource, PlanStep, StackAction } from './plan-types';
import { plan, STEP_IDS, type PlanOptions } from './planner';
import { fleetSourceStacks, plannedStageOneOutputs, STAGE_ONE_OUTPUTS, type FleetSourceStack } from './fleet-source';
import type { StackSummary } from '../aws/ports';
import { TAG } from './stack-tags';
import { FLEET_TEMPLATE } from '../../templates-src/acc-a-fleet';
import type { TemplateName } from '../../templates-src';

/** Where a step belongs in a fleet: its target, or the targets a shared step of account A serves. */
export type FleetStep = PlanStep & {
  /** The target the step is for; absent on account A's shared stack. */
  target?: string;
  /** Account A's stack in a region: every target of that region it serves. */
  serves?: string[];
  /** The ids of the steps that must be done before this one. */
  dependsOn: string[];
};

export interface FleetPlan {
  deployment: string;
  /** True when planned against empty accounts without calling AWS. */
  offline: boolean;
  /** The targets this plan covers (--targets, --wave), in release order. */
  targets: Array<{ name: string; wave: number; accountId: string; region: string }>;
  steps: FleetStep[];
}

/** A stack output in a fleet names its account and region too: every target's stack has the same name. */
type QualifiedSource = ParameterSource | { fromStack: string; output: string; accountId: string; region: string };

function qualify(t: ResolvedTarget, source: ParameterSource): QualifiedSource {
  if ('value' in source) return source;
  const account = source.fromStack === t.source.stackName ? t.source : t.target;
  return { ...source, accountId: account.accountId, region: account.region };
}

function qualified<S extends PlanStep>(t: ResolvedTarget, step: S): S {
  const q = { ...step } as Record<string, unknown>;
  for (const [key, v] of Object.entries(step)) {
    if (key === 'parameters') q[key] = Object.fromEntries(Object.entries(v as Record<string, ParameterSource>).map(([n, s]) => [n, qualify(t, s)]));
    else if (typeof v === 'object' && v !== null && 'fromStack' in v) q[key] = qualify(t, v as ParameterSource);
  }
  return q as S;
}

const targetStepId = (t: ResolvedTarget, id: string) => `${t.name}:${id}`;
/** Account A's first stack in a region (the repository): `source@eu-west-1:source-stack`; then `...-2`, ... */
const sourceStepId = (region: string, index = 0) => `source@${region}:${STEP_IDS.sourceStack}${index === 0 ? '' : `-${index + 1}`}`;

/**
 * Account A's stacks in one region. Serving one target, its AccA-pipeline stack. Serving several, the
 * stacks fleetSourceStacks returns (AccA-fleet: the first holds the repository), built from what stage 1
 * will output as far as the config knows it (plannedStageOneOutputs), so the plan shows each stack's
 * name and the targets it serves, and refuses what a deploy would refuse (a repository policy that does
 * not fit). Each stack takes each of its targets' stage-1 outputs (`parametersByTarget`).
 */
/**
 * What a fleet stack's step will do, as far as the plan can tell: the first stack is looked at (its
 * name is the source stack's), and is current when it is a plain *_COMPLETE, carries this artifact's
 * hash and takes the same parameters; further stacks (`-2`, ...) are decided when they run.
 */
function fleetStackAction(stack: FleetSourceStack, observed: StackSummary | undefined, first: boolean, known: boolean): Pick<PlanStep, 'action' | 'reason'> & { action: StackAction } {
  if (!first) return { action: 'update', reason: `stack ${stack.stackName} is compared with what the targets' stage-1 outputs make when it runs` };
  if (!observed) return { action: 'create', reason: 'the stack does not exist' };
  const same =
    known &&
    /^(CREATE|UPDATE)_COMPLETE$/.test(observed.status) &&
    observed.tags[TAG.templateHash] === stack.artifact.hash &&
    Object.entries(stack.parameters).every(([k, v]) => observed.parameters[k] === v);
  return same
    ? { action: 'none', reason: `the stack runs ${stack.artifact.name} ${stack.artifact.hash} with the same parameters` }
    : { action: 'update', reason: known ? `the stack does not run ${stack.artifact.name} ${stack.artifact.hash} with these parameters: a change set shows what differs` : "a target's stage 1 is not deployed yet: decided when it runs" };
}

function sourceStacks(region: string, served: ResolvedTarget[], perTarget: Map<string, PlanStep[]>, needs: string[], fleet: boolean, stateOf: (t: ResolvedTarget) => ObservedState): FleetStep[] {
  // Decided as any selected target of the region sees it: one stack, one state.
  const lead = served.find((t) => perTarget.has(t.name))!;
  const own = perTarget.get(lead.name)!.find((s): s is DeployStackStep => s.id === STEP_IDS.sourceStack)!;
  const base = qualified(lead, own);
  if (!fleet) return [{ ...base, id: sourceStepId(region), serves: [lead.name], dependsOn: needs }];
  // The stage-1 outputs each served target has now (a plan against the accounts), else what the
  // config says they will be: with all of them known, the first stack can be decided.
  const outputsNow = (t: ResolvedTarget) => stateOf(t).targetStack?.outputs;
  const known = served.every((t) => STAGE_ONE_OUTPUTS.every((o) => outputsNow(t)?.[o]));
  const stacks = fleetSourceStacks(region, served, known ? (t) => outputsNow(t)! : plannedStageOneOutputs);
  const observedFirst = served.map((t) => stateOf(t).sourceStack).find((s) => s !== undefined);
  const byName = new Map(served.map((t) => [t.name, t]));
  return stacks.map((stack, i) => {
    const parametersByTarget = Object.fromEntries(
      stack.serves.map((name) => {
        const t = byName.get(name)!;
        const outputs = Object.entries(t.parameters['AccA-pipeline']).filter(([n]) => !(n in stack.parameters) && n !== 'KeepUntaggedImages');
        return [name, Object.fromEntries(outputs.map(([n, src]) => [n, qualify(t, src)]))];
      }),
    );
    const what = stack.holdsRepository ? 'holds the repository and serves' : 'serves';
    const decided = base.action === 'blocked' || base.action === 'wait' ? {} : fleetStackAction(stack, observedFirst, i === 0, known);
    return {
      ...base,
      ...decided,
      id: sourceStepId(region, i),
      stack: stack.stackName,
      // Not one of the three templates: the stack is deployed from its own artifact (OwnStackStep).
      template: FLEET_TEMPLATE as TemplateName,
      capabilities: stack.artifact.capabilities,
      reason: `${'reason' in decided ? decided.reason : base.reason}; account A's stack ${i + 1} of ${stacks.length} in ${region} ${what} ${stack.serves.join(', ')} (each target's stage-1 outputs written into the template: docs/fleet.md)`,
      parameters: Object.fromEntries(Object.entries(stack.parameters).map(([n, v]) => [n, { value: v }])),
      serves: stack.serves,
      dependsOn: needs,
      parametersByTarget,
    } as FleetStep;
  });
}

/**
 * `all`: every target of the config (account A's stack in a region serves each of them, whichever
 * are selected); `selected`: the targets this plan covers, in the config's order.
 */
export function planFleet(
  all: ResolvedTarget[],
  selected: ResolvedTarget[],
  stateOf: (t: ResolvedTarget) => ObservedState,
  offline: boolean,
  options: PlanOptions = {},
): FleetPlan {
  const ordered = [...selected].sort((a, b) => a.wave - b.wave);
  const perTarget = new Map(ordered.map((t) => [t.name, plan(t, stateOf(t), offline, options).steps]));
  const stepOf = (t: ResolvedTarget, id: string): FleetStep => {
    const step = perTarget.get(t.name)!.find((s) => s.id === id)!;
    return { ...qualified(t, step), id: targetStepId(t, id), target: t.name, dependsOn: [] };
  };
  const regions = [...new Set(ordered.map((t) => t.region))];
  const steps: FleetStep[] = ordered.map((t) => stepOf(t, STEP_IDS.targetFoundation));
  for (const region of regions) {
    const served = all.filter((t) => t.region === region);
    const needs = ordered.filter((t) => t.region === region).map((t) => targetStepId(t, STEP_IDS.targetFoundation));
    // Every region of a fleet of several targets gets account A's fleet stacks, even with one target
    // there: their repository keeps every wave's tag mutable and their rules forward each wave's tag
    // only, which the single-target template (one tag) cannot; and a region can grow without a move.
    steps.push(...sourceStacks(region, served, perTarget, needs, all.length > 1, stateOf));
  }
  // A target reads the repository (the region's first stack) and needs its own source role and rule.
  const sourcesOf = (t: ResolvedTarget): string[] => {
    const first = sourceStepId(t.region);
    const own = steps.find((s) => s.serves?.includes(t.name))!.id;
    return own === first ? [first] : [first, own];
  };
  for (const t of ordered) {
    const sources = sourcesOf(t);
    const foundation = targetStepId(t, STEP_IDS.targetFoundation);
    const before = [STEP_IDS.eventsPermission, STEP_IDS.imageDefinitions, STEP_IDS.firstImage].map((id) => ({ ...stepOf(t, id), dependsOn: id === STEP_IDS.imageDefinitions ? [foundation, ...sources] : sources }));
    steps.push(...before, { ...stepOf(t, STEP_IDS.targetPipeline), dependsOn: [foundation, ...sources, ...before.map((s) => s.id)] });
  }
  return {
    deployment: ordered[0]!.deployment,
    offline,
    targets: ordered.map((t) => ({ name: t.name, wave: t.wave, accountId: t.target.accountId, region: t.region })),
    steps,
  };
}
