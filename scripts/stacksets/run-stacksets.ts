/**
 * The StackSets engine: the targets' stage-1 stacks as one stack set, account A's update (the caller's,
 * with the stage-1 outputs), then the stage-2 stacks as a second stack set. StackSets does not return an
 * instance's outputs: they are read from its stack in the target account (DescribeStacks there).
 */
import type { FleetConfig } from '../config/fleet-config';
import type { CloudFormationPort, StackSetsPort } from '../aws/ports';
import type { Clock } from '../deploy/clock';
import { resilientPort } from '../deploy/resilient-ports';
import type { ResolvedTarget } from '../targets/resolve-targets';
import { stackSetName } from './operation-preferences';
import { runStage, type InstanceOutcome, type StageOperation } from './run-stage';
import { MissingOutputError, resolveParameters } from './stack-set-parameters';

export interface StackSetsRunInput {
  fleet: Pick<FleetConfig, 'name' | 'stackSets'>;
  targets: ResolvedTarget[];
  /** The template bodies of the two stages (stage 2 as a stack of its own: pipeline-part.ts). */
  templates: { stage1: string; stage2: string };
  /** Stage-2 parameters taken from the target's own stage-1 outputs: parameter name -> output name. */
  stage2FromStageOne?: Record<string, string>;
  /** The StackSets port of the administrator account (A: the management account or a delegated administrator). */
  admin: StackSetsPort;
  /** CloudFormation of a target's account, to read its instances' outputs. */
  targetCloudFormation: (t: ResolvedTarget) => CloudFormationPort;
  /**
   * Account A's update between the stages, given each target's stage-1 outputs and its instance's
   * stack id (targets whose stage 1 failed are left out); returns the outputs of A's stack per region,
   * which stage 2 takes, and the targets that must not go on to stage 2 (their steps between the
   * stages failed), with the reason.
   */
  updateSource: (stageOneOutputs: Map<string, Record<string, string>>, stageOneStacks: Map<string, string>) => Promise<SourceUpdate>;
  clock: Clock;
  log?: (line: string) => void;
  onThrottled?: (attempt: number, delayMs: number) => void;
  /** Ctrl-C: no new call starts after it (deploy/resilient-ports.ts). */
  signal?: AbortSignal;
}

export interface SourceUpdate {
  /** Account A's stack outputs by region. */
  outputs: Record<string, Record<string, string>>;
  /** Targets held back from stage 2, with why. */
  failed?: Map<string, string>;
}

export interface TargetRunResult {
  target: string;
  accountId: string;
  region: string;
  result: 'succeeded' | 'failed' | 'skipped';
  stage1: InstanceOutcome;
  stage2: InstanceOutcome;
  /** A failed target: the account, region and status reason of the instance that failed; a skipped one: why. */
  reason?: string;
}

export interface StackSetsRunResult {
  targets: TargetRunResult[];
  /** Every StackSet write, in order, by stage (and account A's update between them). */
  operations: Array<StageOperation & { stage: 1 | 2 }>;
  sourceUpdated: boolean;
}

/** The templates create named IAM roles (CAPABILITY_NAMED_IAM, as the deploy engine's change sets). */
const CAPABILITIES = ['CAPABILITY_NAMED_IAM' as const];

async function outputsOf(cfn: CloudFormationPort, stackId: string | undefined): Promise<Record<string, string> | undefined> {
  if (!stackId) return undefined;
  return (await cfn.describeStack(stackId))?.outputs;
}

export async function runStackSetsEngine(input: StackSetsRunInput): Promise<StackSetsRunResult> {
  const log = input.log ?? (() => undefined);
  // Throttled calls are retried with backoff; every other error goes up (deploy/retry.ts).
  const resilience = { clock: input.clock, onThrottled: input.onThrottled ?? (() => undefined), ...(input.signal ? { signal: input.signal } : {}) };
  const admin = resilientPort(input.admin, resilience);
  const cfnOf = (t: ResolvedTarget) => resilientPort(input.targetCloudFormation(t), resilience);
  const config = input.fleet.stackSets;
  const operations: StackSetsRunResult['operations'] = [];

  // Stage 1: values from the config only.
  const values1 = new Map(input.targets.map((t) => [t.name, resolveParameters(t.parameters['AccB-pipeline-1'], () => undefined)]));
  const one = await runStage({
    stage: 1,
    setName: stackSetName(input.fleet.name, 'AccB-pipeline-1'),
    templateBody: input.templates.stage1,
    capabilities: CAPABILITIES,
    targets: input.targets,
    values: values1,
    config,
    admin,
    clock: input.clock,
    log,
  });
  operations.push(...one.operations.map((o) => ({ ...o, stage: 1 as const })));

  const stageOneOutputs = new Map<string, Record<string, string>>();
  const stageOneStacks = new Map<string, string>();
  for (const t of input.targets) {
    const o = one.outcomes.get(t.name)!;
    if (o.status !== 'succeeded' && o.status !== 'unchanged') continue;
    stageOneOutputs.set(t.name, (await outputsOf(cfnOf(t), o.stackId)) ?? {});
    if (o.stackId) stageOneStacks.set(t.name, o.stackId);
  }

  // Account A's stacks take every stage-1 output of their region: updated between the stages.
  const update: SourceUpdate = stageOneOutputs.size > 0 ? await input.updateSource(stageOneOutputs, stageOneStacks) : { outputs: {} };
  const sourceOutputs = update.outputs;
  log(`account A: updated for ${[...stageOneOutputs.keys()].join(', ') || 'no target'}`);

  // Stage 2: the targets whose stage 1 stands, with A's outputs of their region and their own stage-1 outputs.
  const ready: ResolvedTarget[] = [];
  const values2 = new Map<string, Record<string, string>>();
  const notReady = new Map<string, InstanceOutcome>();
  for (const t of input.targets) {
    if (!stageOneOutputs.has(t.name)) {
      notReady.set(t.name, { status: 'skipped', reason: 'stage 1 did not succeed' });
      continue;
    }
    const held = update.failed?.get(t.name);
    if (held !== undefined) {
      notReady.set(t.name, { status: 'failed', reason: held });
      continue;
    }
    try {
      const own = stageOneOutputs.get(t.name)!;
      const fromStageOne = Object.fromEntries(Object.entries(input.stage2FromStageOne ?? {}).map(([p, output]) => [p, { fromStack: t.target.stackName, output }]));
      values2.set(t.name, resolveParameters({ ...t.parameters['AccB-pipeline-2'], ...fromStageOne }, (stack) => (stack === t.source.stackName ? sourceOutputs[t.region] : stack === t.target.stackName ? own : undefined)));
      ready.push(t);
    } catch (e) {
      if (!(e instanceof MissingOutputError)) throw e;
      notReady.set(t.name, { status: 'failed', reason: `account ${t.target.accountId}, ${t.region}: ${e.message}` });
    }
  }
  const two =
    ready.length > 0
      ? await runStage({ stage: 2, setName: stackSetName(input.fleet.name, 'AccB-pipeline-2'), templateBody: input.templates.stage2, capabilities: CAPABILITIES, targets: ready, values: values2, config, admin, clock: input.clock, log })
      : { outcomes: new Map<string, InstanceOutcome>(), operations: [] };
  operations.push(...two.operations.map((o) => ({ ...o, stage: 2 as const })));

  const targets = input.targets.map((t): TargetRunResult => {
    const stage1 = one.outcomes.get(t.name)!;
    const stage2 = two.outcomes.get(t.name) ?? notReady.get(t.name)!;
    const failed = [stage1, stage2].find((o) => o.status === 'failed');
    const skipped = [stage1, stage2].find((o) => o.status === 'skipped');
    const result = failed ? 'failed' : skipped ? 'skipped' : 'succeeded';
    const reason = failed?.reason ?? skipped?.reason;
    return { target: t.name, accountId: t.target.accountId, region: t.region, result, stage1, stage2, ...(reason ? { reason } : {}) };
  });
  return { targets, operations, sourceUpdated: stageOneOutputs.size > 0 };
}
