/**
 * What a deploy-sequence run ends with: has the pipeline's run started (a created pipeline starts one
 * at once), where to watch it, or, while account A's repository has no image with the tracked tag, that
 * it waits for the first push and how to make it.
 */
import { describeAwsFailure } from '../aws/aws-errors';
import type { PipelineRunEvent } from './events';
import { executionUrl, pipelineUrl } from './console-urls';
import { pushCommands } from './push-commands';
import { currentStacks, type RunContext } from './run-context';

export async function pipelineRun(ctx: RunContext): Promise<PipelineRunEvent | undefined> {
  const t = ctx.target;
  try {
    const stacks = await currentStacks(ctx);
    const pipeline = stacks.target?.outputs.PipelineName;
    const repository = stacks.source?.outputs.RepositoryName;
    const uri = stacks.source?.outputs.RepositoryUri;
    if (!pipeline || !repository || !uri) return undefined;
    const image = await ctx.aws.source.ecr.imageOfTag(repository, t.releaseTag);
    if (!image) return { type: 'pipeline-run', pipeline, state: 'waiting-for-first-push', url: pipelineUrl(t.region, pipeline), pushCommands: pushCommands(t, uri) };
    const latest = await ctx.aws.target.codePipeline.latestExecution(pipeline);
    if (!latest) return { type: 'pipeline-run', pipeline, state: 'not-started', url: pipelineUrl(t.region, pipeline) };
    return {
      type: 'pipeline-run',
      pipeline,
      state: 'started',
      execution: { id: latest.id, status: latest.status, ...(latest.trigger ? { trigger: latest.trigger } : {}) },
      url: executionUrl(t.region, pipeline, latest.id),
    };
  } catch (e) {
    throw describeAwsFailure(e, 'reading the pipeline\'s latest execution', t.target.accountId);
  }
}
