/**
 * Whether one target of the wave before runs a digest and is healthy on it, read in its own account
 * (account B) with its own credentials, all reads:
 * - the pipeline's latest execution (ListPipelineExecutions) succeeded, and its ECR source read the
 *   digest (the execution's source revision, as `xacct status` reads the release);
 * - the ECS service is stable on it: one deployment, rollout COMPLETED ("The rollout state of the
 *   deployment. When a service deployment is started, it begins in an IN_PROGRESS state. When the service
 *   reaches a steady state, the deployment transitions to a COMPLETED state", ECS API reference,
 *   Deployment.rolloutState), and the task definition in place names the repository at that digest;
 * - its rollback alarm, when the config names one, is OK (CloudWatch DescribeAlarms StateValue).
 * A service without the deployment circuit breaker and rollback is healthy but warned about: "you can
 * also configure Amazon ECS to roll back your service to the last completed deployment after a failure"
 * (ECS API reference, DeploymentCircuitBreaker); without it a failing deployment keeps trying.
 */
import { describeAwsFailure } from '../aws/aws-errors';
import { EXIT, XacctError } from '../errors';
import type { AccountPorts } from '../aws/ports';
import type { ResolvedTarget } from '../targets/resolve-targets';
import { IMAGE_ACTION } from '../../templates-src/pipeline-stages';
import { PIPELINE_SUFFIX } from '../../templates-src/policies/arns';
import type { TargetHealth } from './promote-types';

const short = (digest: string) => digest.slice(0, 19);

export async function targetHealth(t: ResolvedTarget, target: AccountPorts): Promise<TargetHealth> {
  const reasons: string[] = [];
  const warnings: string[] = [];
  const account = t.target.accountId;
  const read = async <T>(doing: string, p: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await p();
    } catch (e) {
      // AWS refused the read (exit 4's kind): a reason of this target. Credentials, the network, Ctrl-C stop the run.
      const failure = describeAwsFailure(e, doing, account);
      if (!(failure instanceof XacctError) || failure.exitCode !== EXIT.aws) throw failure;
      reasons.push(`could not read: ${failure.message}`);
      return undefined;
    }
  };
  const { ecsCluster: cluster, ecsService: service, containerName: container, repositoryName } = t.pipeline;
  // The pipeline is named from the name prefix (AccB-pipeline-2: `<NamePrefix>-pipeline`).
  const pipeline = `${t.namePrefix}${PIPELINE_SUFFIX}`;
  // The credentials must be of the target's account: another account's healthy service proves nothing.
  const identity = await read('checking who the credentials are (STS GetCallerIdentity)', () => target.sts.callerIdentity());
  if (identity && identity.account !== account) {
    reasons.push(`the credentials of target ${t.name} are of account ${identity.account} (${identity.arn}), not ${account}`);
    return { target: t.name, wave: t.wave, accountId: account, region: t.region, healthy: false, reasons, warnings };
  }
  const [latest, deployments, images, alarm] = await Promise.all([
    read(`listing the executions of pipeline ${pipeline}`, () => target.codePipeline.latestExecution(pipeline)),
    read(`reading ECS service ${service} in cluster ${cluster}`, () => target.ecs.serviceDeployments(cluster, service)),
    read(`reading what ECS service ${service} runs`, () => target.ecs.serviceImages(cluster, service)),
    t.pipeline.rollbackAlarmName ? read(`reading CloudWatch alarm ${t.pipeline.rollbackAlarmName}`, () => target.cloudWatch.alarmState(t.pipeline.rollbackAlarmName!)) : Promise.resolve(undefined),
  ]);
  const digest = latest?.sourceRevisions?.[IMAGE_ACTION];
  if (latest === undefined && !reasons.some((r) => r.includes(pipeline))) reasons.push(`pipeline ${pipeline} has no execution`);
  if (latest && latest.status !== 'Succeeded') reasons.push(`the latest execution ${latest.id} of pipeline ${pipeline} is ${latest.status}${digest ? ` (digest ${short(digest)})` : ''}`);
  if (latest && !digest) reasons.push(`the latest execution ${latest.id} of pipeline ${pipeline} records no image digest`);
  if (deployments === undefined && images === undefined && !reasons.some((r) => r.startsWith('could not read'))) reasons.push(`ECS service ${service} does not exist in cluster ${cluster}`);
  if (deployments) {
    const { deployments: list, circuitBreaker } = deployments;
    if (list.length !== 1) reasons.push(`ECS service ${service} has ${list.length} deployments: a deployment is in progress`);
    else if (list[0]!.rolloutState !== 'COMPLETED') reasons.push(`ECS service ${service}'s deployment is ${list[0]!.rolloutState ?? 'in an unknown state'}, not COMPLETED`);
    if (!circuitBreaker?.enable || !circuitBreaker.rollback) {
      warnings.push(`ECS service ${service} has no deployment circuit breaker with rollback: a deployment that cannot start keeps trying instead of returning to the last completed one`);
    }
  }
  if (images && digest) {
    const image = images.images[container];
    // The task definition names the image by digest (release by digest): <registry>/<repository>@<digest>.
    if (!image || !image.endsWith(`/${repositoryName}@${digest}`)) reasons.push(`ECS service ${service} runs ${image ?? `no container ${container}`}, not ${repositoryName}@${short(digest)}`);
    const running = images.runningDigests[container] ?? [];
    if (running.some((d) => d !== digest)) reasons.push(`ECS service ${service} still runs tasks of ${running.filter((d) => d !== digest).map(short).join(', ')}`);
  }
  if (t.pipeline.rollbackAlarmName && !reasons.some((r) => r.includes(`alarm ${t.pipeline.rollbackAlarmName}`))) {
    if (!alarm) reasons.push(`there is no CloudWatch alarm ${t.pipeline.rollbackAlarmName} in account ${account} (${t.region})`);
    else if (alarm.state !== 'OK') reasons.push(`CloudWatch alarm ${t.pipeline.rollbackAlarmName} is ${alarm.state}${alarm.reason ? `: ${alarm.reason}` : ''}`);
  }
  return { target: t.name, wave: t.wave, accountId: account, region: t.region, ...(digest ? { digest } : {}), healthy: reasons.length === 0, reasons, warnings };
}
