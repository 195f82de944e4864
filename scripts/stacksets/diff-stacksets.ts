/**
 * `xacct diff` of a StackSets-deployed fleet: per target, what `deploy-sequence --engine stacksets` over
 * the whole fleet would change in its two stack sets: the set's template or parameters (UpdateStackSet,
 * which reaches every instance), its instance created, or its instance's values (the set's parameters
 * with its overrides) not the ones its config gives (UpdateStackInstances). Decided as run-stage.ts
 * decides, from what account A's StackSets and the target's stage-1 stack hold now. Read-only.
 */
import type { StackSetsPort, StackSetState } from '../aws/ports';
import type { Accounts } from '../deploy/observe';
import { templateArtifact } from '../deploy/template-artifacts';
import type { ResolvedTarget } from '../targets/resolve-targets';
import { pipelinePart } from './pipeline-part';
import { MissingOutputError, resolveParameters, stackSetParameters } from './stack-set-parameters';
import { instanceStackName, type StackSetsFleetState } from './stacksets-fleet-state';

export interface StackSetsTargetDiff {
  changed: boolean;
  /** One line per change a deploy would make for this target, stage by stage. */
  changes: string[];
}

/** Parameter names whose values differ between two sets of values. */
const differing = (a: Record<string, string>, b: Record<string, string>) => Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]).sort();

/** A set's own change: its template or its parameters as a deploy over every target would send them. */
function setChanges(stage: 1 | 2, set: StackSetState | undefined, name: string, template: string, desired: Record<string, string>): string[] {
  if (!set) return [`stage ${stage}: stack set ${name} would be created`];
  const out: string[] = [];
  if (set.templateBody !== template) out.push(`stage ${stage}: stack set ${name}'s template differs: UpdateStackSet (every instance is updated)`);
  const params = differing(set.parameters, desired);
  if (params.length > 0) out.push(`stage ${stage}: stack set ${name}'s parameters differ (${params.join(', ')}): UpdateStackSet`);
  return out;
}

export interface StackSetsDiffReader {
  diff(t: ResolvedTarget, aws: Accounts): Promise<StackSetsTargetDiff>;
}

/**
 * `portsOf`: every target's ports (stage 2's set parameters take each target's stage-1 outputs). The
 * sets' desired parameters are those of every target of the config whose values can be read.
 */
export function stackSetsDiffReader(all: readonly ResolvedTarget[], state: StackSetsFleetState, admin: StackSetsPort, portsOf: (t: ResolvedTarget) => Promise<Accounts>): StackSetsDiffReader {
  const stage1Template = templateArtifact('AccB-pipeline-1').body;
  const part = pipelinePart();
  const values1 = (t: ResolvedTarget) => resolveParameters(t.parameters['AccB-pipeline-1'], () => undefined);
  /** Stage 2's values: the config's, account A's outputs of the region, the target's own stage-1 outputs; undefined while stage 1 or A has none. */
  const values2 = async (t: ResolvedTarget): Promise<Record<string, string> | undefined> => {
    const stack1 = instanceStackName(state.instances.get(t.name)?.stage1);
    if (!stack1) return undefined;
    const aws = await portsOf(t);
    const [own, source] = await Promise.all([aws.target.cloudFormation.describeStack(stack1), aws.source.cloudFormation.describeStack(t.source.stackName)]);
    if (!own || !source) return undefined;
    const fromStageOne = Object.fromEntries(Object.entries(part.fromStageOne).map(([p, output]) => [p, { fromStack: t.target.stackName, output }]));
    try {
      return resolveParameters({ ...t.parameters['AccB-pipeline-2'], ...fromStageOne }, (s) => (s === t.source.stackName ? source.outputs : s === t.target.stackName ? own.outputs : undefined));
    } catch (e) {
      if (e instanceof MissingOutputError) return undefined;
      throw e;
    }
  };
  let desired2: Promise<Map<string, Record<string, string> | undefined>> | undefined;
  const allValues2 = () => (desired2 ??= Promise.all(all.map(async (t) => [t.name, await values2(t)] as const)).then((e) => new Map(e)));

  const instanceChanges = async (stage: 1 | 2, t: ResolvedTarget, values: Record<string, string>, setParameters: Record<string, string>): Promise<string[]> => {
    const set = stage === 1 ? state.names.stage1 : state.names.stage2;
    const inst = state.instances.get(t.name)?.[stage === 1 ? 'stage1' : 'stage2'];
    if (!inst) return [`stage ${stage}: instance in account ${t.target.accountId}, ${t.region} would be created (CreateStackInstances)`];
    const overrides = (await admin.stackInstance(set, inst.account, inst.region))?.overrides ?? {};
    const names = differing({ ...setParameters, ...overrides }, values);
    const out = names.length > 0 ? [`stage ${stage}: instance overrides differ (${names.join(', ')}): UpdateStackInstances`] : [];
    // An instance StackSets left OUTDATED is updated again by a deploy (run-stage.ts).
    if (names.length === 0 && inst.status !== 'CURRENT') out.push(`stage ${stage}: instance is ${inst.status}: UpdateStackInstances`);
    return out;
  };

  return {
    async diff(t) {
      const desired1 = stackSetParameters(all.map(values1));
      const one = values1(t);
      const changes = [...setChanges(1, state.stage1, state.names.stage1, stage1Template, desired1), ...(await instanceChanges(1, t, one, desired1))];
      const mine = (await allValues2()).get(t.name);
      if (!mine) changes.push('stage 2: waits for stage 1 and account A (a deploy makes them first)');
      else {
        const desired2Set = stackSetParameters([...(await allValues2()).values()].filter((v): v is Record<string, string> => v !== undefined));
        changes.push(...setChanges(2, state.stage2, state.names.stage2, part.artifact.body, desired2Set), ...(await instanceChanges(2, t, mine, desired2Set)));
      }
      return { changed: changes.length > 0, changes };
    },
  };
}

export const renderStackSetsDiff = (d: StackSetsTargetDiff): string => (d.changed ? d.changes.map((c) => `  ~ ${c}\n`).join('') : '  no change: the stack sets and this target\'s instances are as a deploy would leave them\n');
