/**
 * A StackSets-deployed target's row of `xacct status`: its instances' StackSets status (stage 1, stage 2),
 * account A's fleet stack of its region, the pipeline named by its stage-2 instance stack's
 * PipelineName output, and the digests its ECS service runs. The single-target collector is not used: it reads one stack B tagged by xacct,
 * and an instance stack is StackSets' own (named and tagged by the stack set, not by xacct).
 */
import type { Accounts } from '../deploy/observe';
import { waveTag } from '../../templates-src/wave-tag';
import type { ResolvedTarget } from '../targets/resolve-targets';
import { instanceCell, instanceStackName, type TargetInstances } from '../stacksets/stacksets-fleet-state';
import type { FleetTargetStatus } from './fleet-status-row';
import { pipelineVerdict } from './pipeline-verdict';

export async function stackSetsTargetStatus(t: ResolvedTarget, inst: TargetInstances, aws: Accounts): Promise<FleetTargetStatus> {
  const one = instanceCell(inst.stage1, 1);
  const two = instanceCell(inst.stage2, 2);
  const problems = [one.problem, two.problem].filter((p): p is string => p !== undefined);
  const a = await aws.source.cloudFormation.describeStack(t.source.stackName);
  if (!a) problems.push(`account A's stack ${t.source.stackName} in ${t.region} does not exist`);
  const stage2 = instanceStackName(inst.stage2);
  const b2 = stage2 ? await aws.target.cloudFormation.describeStack(stage2) : undefined;
  const name = b2?.outputs.PipelineName;
  const pipeline = pipelineVerdict(name, name ? await aws.target.codePipeline.pipelineState(name) : undefined, waveTag(t.config.pipeline.imageTag, t.wave));
  if (pipeline.verdict !== 'deployed') problems.push(pipeline.summary);
  // What the ECS service's tasks run (the container's digests), as the single-target release report reads them.
  const { ecsCluster: cluster, ecsService: service, containerName: container } = t.config.pipeline;
  const images = await aws.target.ecs.serviceImages(cluster, service);
  if (!images) problems.push(`ECS service ${service} does not exist in cluster ${cluster}: the pipeline has nothing to deploy to`);
  const running = images?.runningDigests[container] ?? [];
  return {
    name: t.name,
    wave: t.wave,
    accountId: t.target.accountId,
    region: t.region,
    verdict: problems.length === 0 ? 'healthy' : 'not-healthy',
    stackA: a ? a.status : 'missing',
    stage1: one.cell,
    stage2: two.cell,
    pipeline: pipeline.verdict,
    running,
    problems,
  };
}
