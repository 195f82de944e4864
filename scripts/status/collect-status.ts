/**
 * Reads where a deployment stands: who the credentials are (first), both stacks, the bus policy, the
 * image definitions, the pipeline's latest execution per stage, what the ECS service runs and which
 * execution deployed it, and on request drift. Read-only: the only call that is not a read is
 * DetectStackDrift (--drift), which changes nothing either.
 */
import { foreignReason } from '../deploy/stack-tags';
import { describeAwsFailure } from '../aws/aws-errors';
import type { DeploymentConfig } from '../config/schema';
import type { Clock } from '../deploy/clock';
import { verifyIdentities } from '../deploy/identity';
import { observe, type Accounts } from '../deploy/observe';
import type { AccountKey } from '../deploy/plan-types';
import { plan } from '../deploy/planner';
import { resolveSingle } from '../targets/resolve-targets';
import { describeCredentials } from '../aws/credentials';
import { collectRelease } from './collect-release';
import { detectDrift } from './drift';
import { buildStatusReport, type StatusInputs } from './status-report';
import type { StatusReport } from './status-types';

export interface StatusOptions {
  drift: boolean;
  clock: Clock;
  pollIntervalMs: number;
}

export async function collectStatus(config: DeploymentConfig, aws: Accounts, o: StatusOptions): Promise<StatusReport> {
  const ids = await verifyIdentities(config, aws, () => undefined);
  const identity = (k: AccountKey) => ({ accountId: ids[k]!.account, arn: ids[k]!.arn, credentials: describeCredentials(config[k].credentials) });
  const state = await observe(config, aws);
  const stacks = { target: state.targetStack, source: state.sourceStack };
  const pipelineName = state.targetStack && !foreignReason(state.targetStack, config.name, config.target.accountId) ? state.targetStack.outputs.PipelineName : undefined;
  const pipeline = pipelineName
    ? await aws.target.codePipeline.pipelineState(pipelineName).catch((e) => {
        throw describeAwsFailure(e, `reading the state of pipeline ${pipelineName}`, config.target.accountId);
      })
    : undefined;
  const release = pipeline ? await collectRelease(config, aws, pipelineName!, state) : undefined;
  const drift: StatusInputs['drift'] = {};
  if (o.drift) {
    for (const k of ['target', 'source'] as const) {
      const stack = stacks[k];
      if (!stack || foreignReason(stack, config.name, config[k].accountId)) continue;
      drift[k] = await detectDrift(aws[k].cloudFormation, stack, o.clock, o.pollIntervalMs).catch((e) => {
        throw describeAwsFailure(e, `detecting drift of stack ${stack.name}`, config[k].accountId);
      });
    }
  }
  return buildStatusReport(config, { identities: { source: identity('source'), target: identity('target') }, state, plan: plan(resolveSingle(config), state, false), pipeline, drift, ...(release ? { release } : {}) });
}
