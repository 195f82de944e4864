/**
 * The three templates resolved in deployment order: stack B (stage 1) with the typed parameters, stack A
 * with stack B's outputs, then stack B updated to stage 2 with stack A's outputs. So the proof also
 * shows that each output carries what the next stack's parameter needs.
 */
import type { TemplateName } from '../../templates-src';
import { eventBusPermission, type EventBusPermission } from '../../templates-src/policies/event-bus-permission';
import { EXAMPLE, OUTPUT_TO_PARAMETER, stackOf, type ExampleDeployment } from './example-deployment';
import { resolveTemplate, type ParameterValues, type ResolvedTemplate } from './resolve-template';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ResolvedDeployment {
  example: ExampleDeployment;
  templates: Record<TemplateName, ResolvedTemplate>;
  /** The put-permission call of deployment step 3; absent: the bus has no policy (the fake's deployment before step 3). */
  busPermission?: EventBusPermission;
}

function fromOutputs(target: keyof typeof OUTPUT_TO_PARAMETER, resolved: Partial<Record<TemplateName, ResolvedTemplate>>): ParameterValues {
  const values: ParameterValues = {};
  for (const [parameter, { from, output }] of Object.entries(OUTPUT_TO_PARAMETER[target])) {
    const value = resolved[from]?.outputs[output];
    if (value === undefined) throw new Error(`${target} parameter ${parameter} needs output ${output} of ${from}, which it does not have`);
    values[parameter] = value;
  }
  return values;
}

/**
 * `known`: physical ids of deployed stacks' resources by logical id (doctor resolves with what AWS
 * reports, so generated names are the real ones); else they are derived as CloudFormation would name them.
 */
export function resolveDeployment(
  templates: Record<TemplateName, Json>,
  example: ExampleDeployment = EXAMPLE,
  busPermission: EventBusPermission = eventBusPermission(example.accounts.A, example.busStatementId),
  known: { A?: Record<string, string>; B?: Record<string, string> } = {},
): ResolvedDeployment {
  const resolved: Partial<Record<TemplateName, ResolvedTemplate>> = {};
  resolved['AccB-pipeline-1'] = resolveTemplate(templates['AccB-pipeline-1'], stackOf(example, 'B'), example.typed.B, known.B);
  resolved['AccA-pipeline'] = resolveTemplate(
    templates['AccA-pipeline'],
    stackOf(example, 'A'),
    {
      ...example.typed.A,
      ...fromOutputs('AccA-pipeline', resolved),
    },
    known.A,
  );
  resolved['AccB-pipeline-2'] = resolveTemplate(
    templates['AccB-pipeline-2'],
    stackOf(example, 'B'),
    {
      ...example.typed.B,
      ...example.typed.B2,
      ...(example.optional?.B2 ?? {}),
      ...fromOutputs('AccB-pipeline-2', resolved),
    },
    known.B,
  );
  return { example, templates: resolved as Record<TemplateName, ResolvedTemplate>, busPermission };
}
