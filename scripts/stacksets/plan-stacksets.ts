/**
 * The StackSets engine's plan against empty accounts, as data: the stage-1 stack set and its instances
 * wave by wave, account A's stacks (one per region), then the stage-2 stack set the same way, each
 * operation with the preferences it is sent with.
 */
import type { FleetConfig } from '../config/fleet-config';
import type { StackSetPreferences } from '../aws/ports';
import type { ResolvedTarget } from '../targets/resolve-targets';
import type { ParameterSource } from '../targets/stack-parameters';
import type { EngineChoice } from './engine-choice';
import { operationPreferences, stackSetName } from './operation-preferences';
import { pipelinePart } from './pipeline-part';
import { stackSetParameters } from './stack-set-parameters';

export interface PlannedStackSetOperation {
  kind: 'CreateStackSet' | 'CreateStackInstances' | 'UpdateSourceStacks';
  stage?: 1 | 2;
  /** The stack set, or for account A's update the stacks' name. */
  name: string;
  wave?: number;
  targets: string[];
  accounts: string[];
  regions: string[];
  permissionModel?: 'SERVICE_MANAGED' | 'SELF_MANAGED';
  callAs?: 'SELF' | 'DELEGATED_ADMIN';
  organizationalUnitIds?: string[];
  managedExecution?: boolean;
  preferences?: StackSetPreferences;
  /** A stack set's parameters, or an instance's overrides: a value, or where it comes from at run time. */
  parameters?: Record<string, string>;
  why: string;
}

export interface StackSetsPlan {
  deployment: string;
  engine: EngineChoice;
  operations: PlannedStackSetOperation[];
}

/** A source as the plan shows it: the value, or `<output> of <stack>` (read at run time). */
const shown = (s: ParameterSource) => ('value' in s ? s.value : `(output ${s.output} of ${s.fromStack})`);

function stage(fleet: Pick<FleetConfig, 'name' | 'stackSets'>, targets: ResolvedTarget[], n: 1 | 2): PlannedStackSetOperation[] {
  const template = n === 1 ? 'AccB-pipeline-1' : 'AccB-pipeline-2';
  const name = stackSetName(fleet.name, template);
  const c = fleet.stackSets;
  const model = c?.permissionModel ?? 'SELF_MANAGED';
  // Stage 2 is a stack of its own (pipeline-part.ts): it also takes four outputs of the target's stage-1 instance.
  const fromStageOne = n === 2 ? Object.fromEntries(Object.keys(pipelinePart().fromStageOne).map((k) => [k, `(output ${k} of the target's stage-1 instance)`])) : {};
  const values = new Map(targets.map((t) => [t.name, { ...Object.fromEntries(Object.entries(t.parameters[template]).map(([k, s]) => [k, shown(s)])), ...fromStageOne }]));
  const setParameters = stackSetParameters(targets.map((t) => values.get(t.name)!));
  const ous = model === 'SERVICE_MANAGED' ? c?.organizationalUnitIds : undefined;
  const ops: PlannedStackSetOperation[] = [
    {
      kind: 'CreateStackSet',
      stage: n,
      name,
      targets: [],
      accounts: [],
      regions: [],
      permissionModel: model,
      ...(model === 'SERVICE_MANAGED' ? { callAs: c?.administration ?? 'SELF' } : {}),
      managedExecution: true,
      parameters: setParameters,
      why: `stage ${n} (${n === 1 ? template : `what ${template} adds to stage 1, as a stack of its own`}) as one stack set; managed execution, so the operations of a wave run side by side`,
    },
  ];
  for (const w of [...new Set(targets.map((t) => t.wave))].sort((a, b) => a - b)) {
    for (const t of targets.filter((x) => x.wave === w)) {
      const v = values.get(t.name)!;
      ops.push({
        kind: 'CreateStackInstances',
        stage: n,
        name,
        wave: w,
        targets: [t.name],
        accounts: [t.target.accountId],
        regions: [t.region],
        ...(ous ? { organizationalUnitIds: ous } : {}),
        preferences: operationPreferences(c),
        parameters: Object.fromEntries(Object.entries(v).filter(([k, x]) => setParameters[k] !== x)),
        why: `wave ${w}: ${t.name}'s instance with its own parameter overrides${n === 2 ? ', after account A\'s update' : ''}`,
      });
    }
  }
  return ops;
}

export function planStackSets(fleet: Pick<FleetConfig, 'name' | 'stackSets'>, targets: ResolvedTarget[], engine: EngineChoice): StackSetsPlan {
  const regions = [...new Set(targets.map((t) => t.region))];
  const source: PlannedStackSetOperation[] = regions.map((region) => {
    const served = targets.filter((t) => t.region === region);
    return {
      kind: 'UpdateSourceStacks',
      name: served[0]!.source.stackName,
      targets: served.map((t) => t.name),
      accounts: [served[0]!.source.accountId],
      regions: [region],
      why: `account A's stack of ${region} takes the stage-1 outputs of ${served.map((t) => t.name).join(', ')}, read from each instance's stack (StackSets does not return outputs)`,
    };
  });
  return { deployment: fleet.name, engine, operations: [...stage(fleet, targets, 1), ...source, ...stage(fleet, targets, 2)] };
}
