/**
 * CloudFormation drift detection for one stack: start it, poll its status on the run's clock, then list
 * the resources found MODIFIED or DELETED. Detection changes nothing in the stack or its resources.
 */
import type { CloudFormationPort, StackSummary } from '../aws/ports';
import type { Clock } from '../deploy/clock';
import type { DriftReport } from './status-types';

/**
 * "You can perform drift detection on stacks with the following statuses: CREATE_COMPLETE,
 * UPDATE_COMPLETE, UPDATE_ROLLBACK_COMPLETE, and UPDATE_ROLLBACK_FAILED" (CloudFormation user guide,
 * "Detect unmanaged configuration changes to stacks and resources"); any other is a ValidationError.
 */
const DETECTABLE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_FAILED']);

/** Detection of a small stack takes seconds; past this the report says it did not finish. */
const DRIFT_TIMEOUT_MS = 10 * 60 * 1000;

export async function detectDrift(cfn: CloudFormationPort, stack: StackSummary, clock: Clock, intervalMs: number): Promise<DriftReport> {
  if (!DETECTABLE.has(stack.status)) return { status: 'NOT_CHECKED', reason: `CloudFormation detects drift only on CREATE_COMPLETE, UPDATE_COMPLETE, UPDATE_ROLLBACK_COMPLETE and UPDATE_ROLLBACK_FAILED stacks; this one is ${stack.status}`, drifted: [] };
  const id = await cfn.detectDrift(stack.name);
  const started = clock.now();
  for (;;) {
    const d = await cfn.driftDetection(id);
    if (d.detectionStatus !== 'DETECTION_IN_PROGRESS') {
      const drifted = await cfn.resourceDrifts(stack.name);
      // A failed detection checked only some resources: its stack drift status cannot say "in sync".
      const status = d.detectionStatus === 'DETECTION_FAILED' ? 'DETECTION_FAILED' : (d.stackDriftStatus ?? d.detectionStatus);
      return { status, ...(d.reason ? { reason: d.reason } : {}), drifted };
    }
    if (clock.now() - started >= DRIFT_TIMEOUT_MS) return { status: 'UNKNOWN', reason: `drift detection ${id} still runs after ${DRIFT_TIMEOUT_MS / 60_000} minutes`, drifted: [] };
    await clock.sleep(intervalMs);
  }
}
