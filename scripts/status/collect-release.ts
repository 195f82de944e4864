/**
 * Reads what `xacct status` says about releases, all reads: the ECS service in account B
 * (DescribeServices, DescribeTaskDefinition, ListTasks, DescribeTasks), the pipeline's recent executions
 * (ListPipelineExecutions) and the one that deployed what the service runs (GetPipelineExecution). The
 * tag's image in account A was read with the rest of the state (ECR DescribeImages).
 */
import { describeAwsFailure } from '../aws/aws-errors';
import type { DeploymentConfig } from '../config/schema';
import type { Accounts, ObservedState } from '../deploy/observe';
import { deployingExecution, releaseReport } from './release-report';
import type { ReleaseReport } from './status-types';

/** How many executions back the report looks for the one that deployed (one page of ListPipelineExecutions). */
const EXECUTIONS = 25;

export async function collectRelease(config: DeploymentConfig, aws: Accounts, pipelineName: string, state: ObservedState): Promise<ReleaseReport> {
  const { ecsCluster: cluster, ecsService: service, containerName: container, imageTag } = config.pipeline;
  const account = config.target.accountId;
  const guard = <T>(doing: string, p: Promise<T>) =>
    p.catch((e) => {
      throw describeAwsFailure(e, doing, account);
    });
  const [images, executions] = await Promise.all([
    guard(`reading ECS service ${service} in cluster ${cluster}`, aws.target.ecs.serviceImages(cluster, service)),
    guard(`listing the executions of pipeline ${pipelineName}`, aws.target.codePipeline.recentExecutions(pipelineName, EXECUTIONS)),
  ]);
  const chosen = deployingExecution(images, container, executions);
  const detail = chosen ? await guard(`reading execution ${chosen.id} of pipeline ${pipelineName}`, aws.target.codePipeline.execution(pipelineName, chosen.id)) : undefined;
  return releaseReport({ cluster, service, container, imageTag, images, tagged: state.trackedImage, executions, ...(detail ? { detail } : {}) });
}
