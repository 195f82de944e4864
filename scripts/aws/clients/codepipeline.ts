/** CodePipeline's port: the pipeline's state, its executions and their actions. */
import {
  type CodePipelineClient,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  type PipelineExecutionSummary,
} from '@aws-sdk/client-codepipeline';
import { codeOf } from '../aws-errors';
import { paged } from '../paging';
import type { CodePipelinePort, ExecutionSummary } from '../ports';

export function codePipelinePort(client: CodePipelineClient): CodePipelinePort {
  // One page of ListPipelineExecutions; [] when the pipeline does not exist.
  const listExecutions = async (name: string, max: number): Promise<ExecutionSummary[]> => {
    try {
      const out = await client.send(new ListPipelineExecutionsCommand({ pipelineName: name, maxResults: max }));
      return (out.pipelineExecutionSummaries ?? []).flatMap((e) => executionSummary(e) ?? []);
    } catch (e) {
      if (codeOf(e) === 'PipelineNotFoundException') return [];
      throw e;
    }
  };
  return {
    async pipelineState(name) {
      try {
        const out = await client.send(new GetPipelineStateCommand({ name }));
        return {
          name: out.pipelineName ?? name,
          stages: (out.stageStates ?? []).map((st) => ({
            name: st.stageName ?? '',
            ...(st.latestExecution?.pipelineExecutionId ? { executionId: st.latestExecution.pipelineExecutionId } : {}),
            ...(st.latestExecution?.status ? { status: st.latestExecution.status } : {}),
            actions: (st.actionStates ?? []).map((a) => ({
              name: a.actionName ?? '',
              ...(a.latestExecution?.status ? { status: a.latestExecution.status } : {}),
              ...(a.latestExecution?.lastStatusChange ? { lastStatusChange: a.latestExecution.lastStatusChange } : {}),
              ...(a.currentRevision?.revisionId ? { revisionId: a.currentRevision.revisionId } : {}),
              ...(a.latestExecution?.errorDetails?.message ? { error: a.latestExecution.errorDetails.message } : {}),
              ...(a.latestExecution?.summary ? { summary: a.latestExecution.summary } : {}),
            })),
          })),
        };
      } catch (e) {
        if (codeOf(e) === 'PipelineNotFoundException') return undefined;
        throw e;
      }
    },
    actionExecutions: paged<CodePipelinePort['actionExecutions']>((page) => async (pipeline, executionId) => {
      const actions: Awaited<ReturnType<CodePipelinePort['actionExecutions']>> = [];
      let token: string | undefined;
      do {
        const out = await page(() => client.send(new ListActionExecutionsCommand({ pipelineName: pipeline, filter: { pipelineExecutionId: executionId }, ...(token ? { nextToken: token } : {}) })));
        for (const a of out.actionExecutionDetails ?? []) {
          actions.push({
            stage: a.stageName ?? '',
            action: a.actionName ?? '',
            status: a.status ?? 'Unknown',
            ...(a.output?.executionResult?.errorDetails?.message ? { error: a.output.executionResult.errorDetails.message } : {}),
            ...(a.output?.executionResult?.externalExecutionSummary ? { summary: a.output.executionResult.externalExecutionSummary } : {}),
            ...(a.output?.outputVariables ? { outputVariables: a.output.outputVariables } : {}),
          });
        }
        token = out.nextToken;
      } while (token);
      return actions;
    }),
    async latestExecution(name) {
      // The API lists newest first in practice, but says nothing of the order: the latest start wins.
      return (await listExecutions(name, 5)).sort((a, b) => (b.startTime?.getTime() ?? 0) - (a.startTime?.getTime() ?? 0))[0];
    },
    recentExecutions: listExecutions,
    async execution(name, id) {
      try {
        const out = await client.send(new GetPipelineExecutionCommand({ pipelineName: name, pipelineExecutionId: id }));
        const e = out.pipelineExecution;
        if (!e?.pipelineExecutionId) return undefined;
        return {
          id: e.pipelineExecutionId,
          status: e.status ?? 'Unknown',
          ...(e.trigger?.triggerType ? { trigger: e.trigger.triggerType } : {}),
          ...(e.executionMode ? { executionMode: e.executionMode } : {}),
          artifactRevisions: Object.fromEntries((e.artifactRevisions ?? []).flatMap((r) => (r.name && r.revisionId ? [[r.name, r.revisionId]] : []))),
        };
      } catch (e) {
        if (['PipelineNotFoundException', 'PipelineExecutionNotFoundException'].includes(codeOf(e) ?? '')) return undefined;
        throw e;
      }
    },
  };
}

function executionSummary(e: PipelineExecutionSummary): ExecutionSummary | undefined {
  if (!e.pipelineExecutionId) return undefined;
  const revisions = Object.fromEntries((e.sourceRevisions ?? []).flatMap((r) => (r.actionName && r.revisionId ? [[r.actionName, r.revisionId]] : [])));
  return {
    id: e.pipelineExecutionId,
    status: e.status ?? 'Unknown',
    ...(e.startTime ? { startTime: e.startTime } : {}),
    ...(e.trigger?.triggerType ? { trigger: e.trigger.triggerType } : {}),
    ...(Object.keys(revisions).length > 0 ? { sourceRevisions: revisions } : {}),
  };
}
