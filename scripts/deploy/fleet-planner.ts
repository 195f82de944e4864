/**
 * The plan of a fleet: every target's steps (planner.ts, one resolved target at a time) in the order
 * the accounts depend on each other. Account A's stack in a region takes the outputs of every target's
 * stage 1 in that region, so all of those come first; then A's stack, once per region; then each
 * target's bus permission, upload, first-image check and stage 2, which read A's outputs. Each step
 * says which steps it needs (`dependsOn`), so the order can be checked, and later run concurrently.
 */
import type { ResolvedTarget } from '../targets/resolve-targets';
import type { ObservedState } from './observe';
import type { DeployStackStep, ParameterSource, PlanStep } from './plan-types';
import { plan, STEP_IDS, type PlanOptions } from './planner';

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
const sourceStepId = (region: string) => `source@${region}:${STEP_IDS.sourceStack}`;

/**
 * Account A's stack in one region. Serving one target, it is that target's AccA-pipeline stack. Serving
 * several, it takes each target's values (parametersByTarget): the template for several targets is
 * not built yet, so such a plan shows the order and the values, and cannot be deployed yet.
 */
function sourceStack(region: string, served: ResolvedTarget[], perTarget: Map<string, PlanStep[]>, needs: string[]): FleetStep {
  // Decided as any selected target of the region sees it: one stack, one state.
  const lead = served.find((t) => perTarget.has(t.name))!;
  const own = perTarget.get(lead.name)!.find((s): s is DeployStackStep => s.id === STEP_IDS.sourceStack)!;
  const base = qualified(lead, own);
  const common = { id: sourceStepId(region), serves: served.map((t) => t.name), dependsOn: needs };
  if (served.length === 1) return { ...base, ...common };
  const shared = ['RepositoryName', 'KeepUntaggedImages'];
  const parameters = Object.fromEntries(shared.map((n) => [n, base.parameters[n]!]));
  const parametersByTarget = Object.fromEntries(
    served.map((t) => [t.name, Object.fromEntries(Object.entries(t.parameters['AccA-pipeline']).filter(([n]) => !shared.includes(n)).map(([n, s]) => [n, qualify(t, s)]))]),
  );
  return {
    ...base,
    ...common,
    reason: `${base.reason}; one stack of account A in ${region} serves ${served.map((t) => t.name).join(', ')}: the template for several targets is not built yet (docs/fleet.md)`,
    parameters,
    parametersByTarget,
  } as FleetStep;
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
    steps.push(sourceStack(region, served, perTarget, needs));
  }
  for (const t of ordered) {
    const source = sourceStepId(t.region);
    const foundation = targetStepId(t, STEP_IDS.targetFoundation);
    const before = [STEP_IDS.eventsPermission, STEP_IDS.imageDefinitions, STEP_IDS.firstImage].map((id) => ({ ...stepOf(t, id), dependsOn: id === STEP_IDS.imageDefinitions ? [foundation, source] : [source] }));
    steps.push(...before, { ...stepOf(t, STEP_IDS.targetPipeline), dependsOn: [foundation, source, ...before.map((s) => s.id)] });
  }
  return {
    deployment: ordered[0]!.deployment,
    offline,
    targets: ordered.map((t) => ({ name: t.name, wave: t.wave, accountId: t.target.accountId, region: t.region })),
    steps,
  };
}
