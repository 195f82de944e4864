/** A planned step carried out by its executor: what the single-target engine and the fleet runner share. */
import type { StepResult } from '../events';
import type { PlanStep } from '../plan-types';
import type { RunContext } from '../run-context';
import { checkImage } from './check-image';
import { deployStack } from './deploy-stack';
import { putEventsPermission } from './put-events-permission';
import { uploadImageDefinitions } from './upload-image-definitions';

export function executeStep(ctx: RunContext, step: PlanStep): Promise<StepResult> {
  switch (step.kind) {
    case 'deploy-stack':
      return deployStack(ctx, step);
    case 'put-events-permission':
      return putEventsPermission(ctx, step);
    case 'upload-image-definitions':
      return uploadImageDefinitions(ctx, step);
    case 'check-image':
      return checkImage(ctx, step);
  }
}
