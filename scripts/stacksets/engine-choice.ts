/**
 * Which engine deploys a fleet, and why: the targets engine (each target's stacks with change sets) or
 * the StackSets engine (the target stacks as two stack sets administered from account A).
 */
import type { FleetConfig } from '../config/fleet-config';

export type EngineRequest = 'auto' | 'targets' | 'stacksets';

export interface EngineChoice {
  engine: 'targets' | 'stacksets';
  why: string;
}

/**
 * Above this many targets `auto` picks StackSets. A stack-set pass costs a fixed overhead: AWS
 * Customizations for Control Tower takes about 30 minutes per no-op stack-set pass
 * (../shared/design/fleet.md, "Anchors"), while the targets engine skips an unchanged target with a few
 * reads and no write. With observed rates of 8-10 CloudFormation calls per second per account
 * (fleet.md, "Rate of calls") and two stacks of one to a few minutes per target, the targets engine
 * passes that 30-minute floor at a few dozen targets deployed a handful at a time: 30 is where the
 * fixed cost of StackSets starts to pay (an estimate, unsure; the config can always name the engine).
 */
export const STACKSETS_ABOVE_TARGETS = 30;

export function chooseEngine(fleet: FleetConfig, requested: EngineRequest): EngineChoice {
  const n = fleet.targets.length;
  const ss = fleet.stackSets;
  if (requested === 'targets') return { engine: 'targets', why: '--engine targets: each target\'s stacks with change sets' };
  if (requested === 'stacksets') {
    if (!ss) return { engine: 'stacksets', why: '--engine stacksets, without a stackSets: block: self-managed stack sets (account A assumes AWSCloudFormationStackSetExecutionRole in each target)' };
    return { engine: 'stacksets', why: `--engine stacksets: ${ss.permissionModel} stack sets${ss.administration === 'DELEGATED_ADMIN' ? ' as a delegated administrator' : ''}` };
  }
  if (!ss || ss.permissionModel !== 'SERVICE_MANAGED') {
    return { engine: 'targets', why: `auto: the targets engine, as the config does not say the targets share an organization (stackSets.permissionModel SERVICE_MANAGED)` };
  }
  if (n <= STACKSETS_ABOVE_TARGETS) {
    return { engine: 'targets', why: `auto: ${n} target${n === 1 ? '' : 's'}, at most ${STACKSETS_ABOVE_TARGETS}: the targets engine (a stack-set pass has a fixed cost of about 30 minutes)` };
  }
  return { engine: 'stacksets', why: `auto: ${n} targets in one organization, more than ${STACKSETS_ABOVE_TARGETS}: StackSets` };
}
