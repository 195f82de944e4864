/**
 * The deployment a message is held against: the access proof's model (scripts/access-model/access-model.ts:
 * principals with their identity policies, resources with their policies, keyed `A:SourceRole`,
 * `B:ArtifactBucket`, ...), resolved with the config's values instead of the example's. Names that
 * CloudFormation generates (`<stack>-<LogicalId>-<suffix>`) are stand-ins in the model; names.ts
 * recognises the real ones by that pattern.
 */
import { partitionOf } from '../config/regions';
import type { DeploymentConfig } from '../config/schema';
import { statementIdOf } from '../config/schema';
import { stackParameters } from '../deploy/stack-parameters';
import { XacctError, usageError } from '../errors';
import { buildAccessModel, type AccessModel } from '../access-model/access-model';
import type { ExampleDeployment } from '../access-model/example-deployment';
import { resolveDeployment } from '../access-model/resolve-deployment';
import type { TemplateSet } from './templates';

export interface DeploymentView {
  config: DeploymentConfig;
  /** The config file, for the commands answers print (`xacct status --config F`). */
  configFile: string;
  model: AccessModel;
  partition: string;
  /** Where the templates come from, for answers. */
  templatesOrigin: string;
}

/** The parameters a stack gets from the config (not from the other stack's outputs). */
function typed(config: DeploymentConfig, template: Parameters<typeof stackParameters>[1]): Record<string, string> {
  return Object.fromEntries(Object.entries(stackParameters(config, template)).flatMap(([name, source]) => ('value' in source ? [[name, source.value]] : [])));
}

/** A third account for the model's outsiders: any id that is neither A nor B. */
const thirdAccount = (a: string, b: string) => ['777788889999', '000000000000'].find((c) => c !== a && c !== b)!;

function deploymentOf(config: DeploymentConfig): ExampleDeployment {
  const b = typed(config, 'AccB-pipeline-1');
  const b2 = Object.fromEntries(Object.entries(typed(config, 'AccB-pipeline-2')).filter(([k]) => !(k in b)));
  return {
    accounts: { A: config.source.accountId, B: config.target.accountId, C: thirdAccount(config.source.accountId, config.target.accountId) },
    region: config.region,
    partition: partitionOf(config.region),
    stackNames: { A: config.source.stackName, B: config.target.stackName },
    busStatementId: statementIdOf(config),
    typed: { B: b, A: typed(config, 'AccA-pipeline'), B2: b2 },
  };
}

/** `known`: the physical ids deployed stacks report (doctor), so the model carries the real generated names. */
export function deploymentView(config: DeploymentConfig, configFile: string, templates: TemplateSet, known: { A?: Record<string, string>; B?: Record<string, string> } = {}): DeploymentView {
  const example = deploymentOf(config);
  let model: AccessModel;
  try {
    model = buildAccessModel(resolveDeployment(templates.templates, example, undefined, known));
  } catch (e) {
    if (e instanceof XacctError) throw e;
    throw usageError('unresolvable-templates', `${templates.origin} cannot be resolved with ${configFile}: ${(e as Error).message}`);
  }
  return { config, configFile, model, partition: example.partition, templatesOrigin: templates.origin };
}
