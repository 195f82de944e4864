/**
 * What the engine reports while it works. Reporters (console, JSON lines, test recorders) consume these;
 * the engine never prints.
 */
import type { ResourceChange, StackEvent } from '../aws/ports';
import type { DeployPlan, PlanStep } from './plan-types';
import type { DestroyPlan, DestroyStep, RetainedResource } from './destroy-types';

export type StepResult =
  | { outcome: 'created' | 'updated' | 'recreated' }
  | { outcome: 'no-change'; reason: string }
  | { outcome: 'permission-added' }
  | { outcome: 'uploaded'; bucket: string; key: string; versionId: string }
  | { outcome: 'not-confirmed' }
  | { outcome: 'deleted'; retained: RetainedResource[] }
  | { outcome: 'permission-removed' };

export type ProgressEvent =
  | { type: 'plan'; plan: DeployPlan }
  | { type: 'identity'; account: 'source' | 'target'; accountId: string; arn: string; credentials: string }
  | { type: 'step-started'; index: number; total: number; step: PlanStep | DestroyStep }
  | { type: 'changes'; stepId: string; stack: string; changes: ResourceChange[] }
  | { type: 'waiting'; stepId: string; stack: string; status: string; elapsedMs: number }
  | { type: 'stack-event'; stepId: string; stack: string; event: StackEvent }
  | { type: 'notice'; stepId?: string; message: string }
  | { type: 'step-finished'; stepId: string; result: StepResult; elapsedMs: number }
  | { type: 'failed'; stepId?: string; code: string; message: string; rootCause?: StackEvent[] }
  | PipelineRunEvent
  | { type: 'finished'; changed: number; unchanged: number; stoppedForConfirmation: boolean }
  | { type: 'destroy-plan'; plan: DestroyPlan }
  | { type: 'destroy-finished'; changed: number; unchanged: number; stoppedForConfirmation: boolean; retained: RetainedResource[]; earlierLeftovers?: string };

/** Where the pipeline stands when a deploy-sequence run ends: its latest execution, or why it waits. */
export interface PipelineRunEvent {
  type: 'pipeline-run';
  pipeline: string;
  /** started: an execution exists (see its status); waiting-for-first-push: the tracked tag has no image yet; not-started: no execution. */
  state: 'started' | 'waiting-for-first-push' | 'not-started';
  execution?: { id: string; status: string; trigger?: string };
  /** The CodePipeline console: the execution's timeline, or the pipeline. */
  url: string;
  /** waiting-for-first-push: how to push the first image. */
  pushCommands?: string[];
}

export type Emit = (event: ProgressEvent) => void;
