/**
 * Which image the ECS service runs, against what the tracked tag points to, and which pipeline
 * execution deployed it: pure, from what collect-release.ts read. Executions deploy one after another
 * (QUEUED, or SUPERSEDED between stages), so the task definition in place is the newest successful
 * execution's; with a digest in the task definition (release by digest) the execution is the newest
 * successful one whose ECR source read that digest, which also proves the match.
 */
import { IMAGE_ACTION } from '../../templates-src/pipeline-stages';
import type { ExecutionDetail, ExecutionSummary, ServiceImages, TaggedImage } from '../aws/ports';
import type { ReleaseReport } from './status-types';

export interface ReleaseInputs {
  cluster: string;
  service: string;
  container: string;
  imageTag: string;
  images: ServiceImages | undefined;
  tagged: TaggedImage | 'missing' | undefined;
  /** Newest first. */
  executions: ExecutionSummary[];
  /** GetPipelineExecution of the execution `deployingExecution` chose. */
  detail?: ExecutionDetail;
}

const DIGEST = /@(sha256:[0-9a-f]{64})$/;
const short = (digest: string) => digest.slice(0, 19);

/** The execution that deployed what the service runs (undefined when the recent executions do not show it). */
export function deployingExecution(images: ServiceImages | undefined, container: string, executions: ExecutionSummary[]): ExecutionSummary | undefined {
  const pinned = DIGEST.exec(images?.images[container] ?? '')?.[1];
  const succeeded = executions.filter((e) => e.status === 'Succeeded');
  return pinned ? succeeded.find((e) => e.sourceRevisions?.[IMAGE_ACTION] === pinned) : succeeded[0];
}

export function releaseReport(r: ReleaseInputs): ReleaseReport {
  const base = { service: `${r.cluster}/${r.service}`, container: r.container };
  if (!r.images) return { ...base, exists: false, runningDigests: [], summary: `ECS service ${r.service} does not exist in cluster ${r.cluster}: the pipeline has nothing to deploy to` };
  const image = r.images.images[r.container];
  const pinned = image !== undefined && DIGEST.test(image);
  const running = r.images.runningDigests[r.container] ?? [];
  const tagDigest = r.tagged && r.tagged !== 'missing' ? r.tagged.digest : undefined;
  const chosen = deployingExecution(r.images, r.container, r.executions);
  const deployedBy = chosen
    ? {
        executionId: chosen.id,
        status: r.detail?.status ?? chosen.status,
        ...((r.detail?.trigger ?? chosen.trigger) ? { trigger: r.detail?.trigger ?? chosen.trigger } : {}),
        ...(r.detail?.executionMode ? { executionMode: r.detail.executionMode } : {}),
        ...(chosen.sourceRevisions?.[IMAGE_ACTION] ? { releasedDigest: chosen.sourceRevisions[IMAGE_ACTION] } : {}),
        ...(chosen.startTime ? { startTime: chosen.startTime.toISOString() } : {}),
      }
    : undefined;
  const report: ReleaseReport = {
    ...base,
    exists: true,
    ...(image ? { image } : {}),
    pinned,
    runningDigests: running,
    ...(r.images.deploymentsInProgress > 0 ? { deploymentInProgress: true } : {}),
    ...(tagDigest ? { tagDigest } : {}),
    ...(deployedBy ? { deployedBy } : {}),
    summary: '',
    ...(r.images.circuitBreaker?.enable && r.images.circuitBreaker.rollback ? {} : { circuitBreakerWarning: circuitBreakerWarning(r.service) }),
  };
  return { ...report, summary: summaryOf(report, r.imageTag) };
}

/**
 * "If it is turned on, a service deployment will transition to a failed state and stop launching new
 * tasks. You can also configure Amazon ECS to roll back your service to the last completed deployment
 * after a failure" (ECS API reference, DeploymentCircuitBreaker). The service is not in our templates:
 * status says so and how to turn it on.
 */
export const circuitBreakerWarning = (service: string): string =>
  `ECS service ${service} has no deployment circuit breaker with rollback: a deployment whose tasks cannot start keeps trying instead of returning to the last completed one (aws ecs update-service --deployment-configuration "deploymentCircuitBreaker={enable=true,rollback=true}")`;

function summaryOf(r: ReleaseReport, tag: string): string {
  if (!r.image) return `the task definition of ${r.service} has no container ${r.container}`;
  const runs = r.runningDigests.length === 0 ? 'runs no task' : `runs ${r.runningDigests.map(short).join(' and ')}`;
  const how = r.pinned ? 'pinned by digest' : `${r.image.split('/').pop()} as ECS resolved it when the deployment started`;
  const tagged = r.tagDigest === undefined ? `no image is tagged ${tag}` : r.runningDigests.length === 1 && r.runningDigests[0] === r.tagDigest ? `the image ${tag} points to` : `${tag} points to ${short(r.tagDigest)}`;
  const by = r.deployedBy
    ? `deployed by execution ${r.deployedBy.executionId}${r.deployedBy.releasedDigest && !r.runningDigests.includes(r.deployedBy.releasedDigest) ? `, whose source read ${short(r.deployedBy.releasedDigest)}` : ''}`
    : 'no recent execution deployed it';
  return `${r.service} ${runs} (${how}); ${tagged}; ${by}`;
}
