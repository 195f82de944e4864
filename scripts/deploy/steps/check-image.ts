/**
 * Looks the tracked tag up in account A's repository before the pipeline is created. Read-only: when the
 * tag is missing the run goes on (the pipeline's first execution then fails at the ECR source, and the
 * first push starts the next one), and says how to push.
 */
import { describeAwsFailure } from '../../aws/aws-errors';
import type { StepResult } from '../events';
import type { CheckImageStep } from '../plan-types';
import { pushCommands } from '../push-commands';
import { outputsOf, type RunContext } from '../run-context';
import { resolveSource } from '../stack-parameters';

export async function checkImage(ctx: RunContext, step: CheckImageStep): Promise<StepResult> {
  try {
    // The repository is an output of account A's stack (planner.ts): stack B is not read.
    const source = await ctx.aws.source.cloudFormation.describeStack(ctx.target.source.stackName);
    const outputs = outputsOf(ctx, { source, target: undefined });
    const repository = resolveSource(outputs, step.repository);
    const image = await ctx.aws.source.ecr.imageOfTag(repository, step.imageTag);
    if (image) return { outcome: 'no-change', reason: `${repository}:${step.imageTag} is ${image.digest}: the pipeline's first execution can read it` };
    const commands = pushCommands(ctx.target, resolveSource(outputs, step.repositoryUri));
    ctx.emit({
      type: 'notice',
      stepId: step.id,
      message: `no image is tagged ${step.imageTag} in ${repository} yet: the pipeline is created anyway, and its first execution stops at the ECR source until you push one:\n${commands.map((c) => `        ${c}`).join('\n')}`,
    });
    return { outcome: 'no-change', reason: `no image tagged ${step.imageTag} yet: the pipeline waits for the first push` };
  } catch (e) {
    throw describeAwsFailure(e, `looking up the image tag ${step.imageTag}`, step.accountId);
  }
}
