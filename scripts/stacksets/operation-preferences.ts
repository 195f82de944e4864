/**
 * The OperationPreferences the StackSets engine sends, and how it orders operations by wave.
 *
 * Waves stay the release gates: one round of operations per wave, in wave order, and a wave starts only
 * when the waves before it ended within their failure tolerance (the targets engine does the same).
 * Inside an operation: RegionConcurrencyType PARALLEL (the regions of one wave are one gate, not a
 * sequence), MaxConcurrentPercentage and FailureTolerancePercentage from the config, and
 * SOFT_FAILURE_TOLERANCE so the percentage of accounts deployed at once is what the config says: the
 * default STRICT_FAILURE_TOLERANCE starts at "the lower of ... MaxConcurrentCount, or ...
 * FailureToleranceCount +1" (API reference, StackSetOperationPreferences ConcurrencyMode), one account at
 * a time with a tolerance of 0.
 */
import type { StackSetsConfig } from '../config/stack-sets-config';
import type { StackSetPreferences } from '../aws/ports';

export const DEFAULT_MAX_CONCURRENT_PERCENTAGE = 25;

export function operationPreferences(config: StackSetsConfig | undefined): StackSetPreferences {
  return {
    regionConcurrencyType: 'PARALLEL',
    maxConcurrentPercentage: config?.maxConcurrentPercentage ?? DEFAULT_MAX_CONCURRENT_PERCENTAGE,
    failureTolerancePercentage: config?.failureTolerancePercentage ?? 0,
    concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
  };
}

/**
 * Instance parameters differ per target (each has its own name prefix), and one CreateStackInstances or
 * UpdateStackInstances call carries one set of ParameterOverrides: a wave is several operations, one per
 * set of overrides. They run side by side under managed execution (which the engine turns on), at most
 * this many at once: the config's percentage of the wave's operations, at least one. The engine applies
 * the failure tolerance to the wave as a whole (`waveTolerance`), as each operation holds few accounts.
 */
export function operationsAtOnce(config: StackSetsConfig | undefined, operations: number, managedExecution: boolean): number {
  if (!managedExecution) return 1; // one operation at a time per stack set (API reference, ManagedExecution)
  const pct = config?.maxConcurrentPercentage ?? DEFAULT_MAX_CONCURRENT_PERCENTAGE;
  return Math.max(1, Math.floor((pct * operations) / 100));
}

/** Failed targets a wave of `targets` may have before the later waves are skipped (rounded down, as StackSets does). */
export const waveTolerance = (config: StackSetsConfig | undefined, targets: number): number => Math.floor(((config?.failureTolerancePercentage ?? 0) * targets) / 100);

/** The stack set of a stage: `<deployment>-AccB-pipeline-1` (names: [a-zA-Z][-a-zA-Z0-9]*, up to 128; API reference, CreateStackSet). */
export const stackSetName = (deployment: string, template: string): string => `${deployment}-${template}`.slice(0, 128);
