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
import type { DriftReport, ReleaseReport, StatusReport } from './status-types';
import { EXIT, XacctError } from '../errors';

export interface StatusOptions {
  drift: boolean;
  clock: Clock;
  pollIntervalMs: number;
  /** The caller detects account A's drift itself: a fleet region's stacks, once each for all their targets. */
  sourceDriftElsewhere?: boolean;
}

export async function collectStatus(config: DeploymentConfig, aws: Accounts, o: StatusOptions): Promise<StatusReport> {
  const ids = await verifyIdentities(config, aws, () => undefined);
  const identity = (k: AccountKey) => ({ accountId: ids[k]!.account, arn: ids[k]!.arn, credentials: describeCredentials(config[k].credentials) });
  const state = await observe(config, aws);
  const stacks = { target: state.targetStack, source: state.sourceStack };
  const pipelineName = state.targetStack && !foreignReason(state.targetStack, config.name, config.target.accountId) ? state.targetStack.outputs.PipelineName : undefined;
  // Each part is read on its own: a read AWS refuses or fails (exit 4's kind) makes that part unreadable,
  // with why, and the rest is still read and reported. Credentials, the connection and Ctrl-C still stop.
  const unreadable: StatusReport['unreadable'] = [];
  const readOrNote = async <T>(part: string, doing: string, account: string, read: () => Promise<T>): Promise<{ value: T } | { reason: string }> => {
    try {
      return { value: await read() };
    } catch (e) {
      const failure = describeAwsFailure(e, doing, account);
      if (!(failure instanceof XacctError) || failure.exitCode !== EXIT.aws) throw failure;
      unreadable.push({ part, reason: failure.message });
      return { reason: failure.message };
    }
  };
  let pipeline: Awaited<ReturnType<typeof aws.target.codePipeline.pipelineState>> | undefined;
  let pipelineUnreadable: string | undefined;
  if (pipelineName) {
    const read = await readOrNote('pipeline', `reading the state of pipeline ${pipelineName}`, config.target.accountId, () => aws.target.codePipeline.pipelineState(pipelineName));
    if ('value' in read) pipeline = read.value;
    else pipelineUnreadable = read.reason;
  }
  let release: ReleaseReport | undefined;
  if (pipeline) {
    const { ecsCluster: cluster, ecsService: service, containerName: container } = config.pipeline;
    const read = await readOrNote('release', `reading what ECS service ${service} in cluster ${cluster} runs`, config.target.accountId, () => collectRelease(config, aws, pipelineName!, state));
    release = 'value' in read ? read.value : { service: `${cluster}/${service}`, container, exists: false, runningDigests: [], summary: `could not be read: ${read.reason}`, unreadable: read.reason };
  }
  const drift: StatusInputs['drift'] = {};
  if (o.drift) {
    for (const k of o.sourceDriftElsewhere ? (['target'] as const) : (['target', 'source'] as const)) {
      const stack = stacks[k];
      if (!stack || foreignReason(stack, config.name, config[k].accountId)) continue;
      const read = await readOrNote(`drift of stack ${stack.name}`, `detecting drift of stack ${stack.name}`, config[k].accountId, () => detectDrift(aws[k].cloudFormation, stack, o.clock, o.pollIntervalMs));
      drift[k] = 'value' in read ? read.value : ({ status: 'UNREADABLE', reason: read.reason, drifted: [] } satisfies DriftReport);
    }
  }
  return buildStatusReport(config, { identities: { source: identity('source'), target: identity('target') }, state, plan: plan(resolveSingle(config), state, false), pipeline, drift, ...(release ? { release } : {}), ...(pipelineUnreadable ? { pipelineUnreadable } : {}), unreadable });
}
