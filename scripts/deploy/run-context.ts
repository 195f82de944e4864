/** What every step executor gets: the config, both accounts' ports, time, progress and confirmation. */
import type { DeploymentConfig } from '../config/schema';
import type { ResolvedTarget } from '../targets/resolve-targets';
import type { Emit } from './events';
import type { Clock } from './clock';
import type { Accounts } from './observe';
import { outputsByStack, type KnownOutputs } from './stack-parameters';
import type { StackSummary } from '../aws/ports';
import type { DeployStackStep } from './plan-types';

export interface RunContext {
  /** The single-target config the target was resolved from: the teardown still reads it; the deploy steps read `target`. */
  config: DeploymentConfig;
  /** The run's target, resolved once: accounts, region, stack names, prefix and statement id the steps read. */
  target: ResolvedTarget;
  aws: Accounts;
  clock: Clock;
  emit: Emit;
  /** --yes: apply without asking. */
  yes: boolean;
  /** Asks a person (interactive terminal only); absent when nobody can answer. */
  confirm?: (question: string) => Promise<boolean>;
  /** How often a running stack operation is polled. */
  pollIntervalMs: number;
  /** Aborted on Ctrl-C: no new AWS call starts after it. */
  signal?: AbortSignal;
  /** --continue-update-rollback */
  continueUpdateRollback: boolean;
  /** Change sets created ahead for later steps, by step id (the deploy sequence's; see prepareChangeSet). */
  prepared?: Map<string, Promise<CreatedChangeSet | undefined>>;
  /**
   * Called by a stack step once its operation has started, with the parameters it deploys: while the
   * run waits on CloudFormation, the deploy sequence creates the next stack's change set and loads the
   * clients the later steps use (engine.ts).
   */
  duringOperation?: (step: DeployStackStep, parameters: Record<string, string>) => void;
}

/** Whether a shown change may be applied: --yes, or a person said yes. Without either: no. */
export async function approved(ctx: RunContext, question: string): Promise<boolean> {
  if (ctx.yes) return true;
  if (!ctx.confirm) return false;
  return ctx.confirm(question);
}


/** Both stacks as they are now (undefined for a stack that does not exist yet). */
export async function currentStacks(ctx: RunContext): Promise<Record<'source' | 'target', StackSummary | undefined>> {
  const [target, source] = await Promise.all([
    ctx.aws.target.cloudFormation.describeStack(ctx.target.target.stackName),
    ctx.aws.source.cloudFormation.describeStack(ctx.target.source.stackName),
  ]);
  return { target, source };
}

export const outputsOf = (ctx: RunContext, stacks: Record<'source' | 'target', StackSummary | undefined>): KnownOutputs => outputsByStack(ctx.target, stacks);

/** The outputs both stacks have now (undefined for a stack that does not exist yet). */
export async function currentOutputs(ctx: RunContext): Promise<KnownOutputs> {
  return outputsOf(ctx, await currentStacks(ctx));
}

/** A change set created, with the stack's newest event at that moment: the operation's events come after it. */
export interface CreatedChangeSet {
  account: DeployStackStep['account'];
  stack: string;
  id: string;
  name: string;
  creating: boolean;
  parameters: Record<string, string>;
  baseline: string | undefined;
  /** When the baseline was read: the change set's polls start one interval later. */
  readAt: number;
}
