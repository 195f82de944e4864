/**
 * Did the last push deploy? Read from CodePipeline's GetPipelineState: the newest execution is the one
 * the first stage shows; it deployed when the last stage shows the same execution Succeeded. Pure.
 */
import type { PipelineState, StageStateSummary } from '../aws/ports';
import type { PipelineReport } from './status-types';

const lastChange = (stage: StageStateSummary): string | undefined => {
  const times = stage.actions.flatMap((a) => (a.lastStatusChange ? [a.lastStatusChange.getTime()] : []));
  return times.length > 0 ? new Date(Math.max(...times)).toISOString() : undefined;
};

/**
 * `firstPush`: given when account A's repository has no image with the tracked tag yet. The pipeline
 * then waits for it: whatever its first execution did (it stops at the ECR source), that is no failure.
 */
export function pipelineVerdict(name: string | undefined, state: PipelineState | undefined, push: string, firstPush?: string[]): PipelineReport {
  if (!name) return { verdict: 'not-deployed', summary: 'no pipeline yet: stack B does not run AccB-pipeline-2', stages: [] };
  if (!state) return { name, verdict: 'missing', summary: `pipeline ${name} does not exist, although stack B names it: was it deleted outside CloudFormation?`, stages: [] };
  const report = (verdict: PipelineReport['verdict'], summary: string): PipelineReport => ({ name, verdict, summary, stages: state.stages });
  if (firstPush) return { ...report('waiting-for-first-push', `waiting for the first push: no image is tagged ${push} yet; the first push starts the pipeline`), pushCommands: firstPush };
  const first = state.stages[0];
  const last = state.stages.at(-1);
  const latest = first?.executionId;
  if (!first || !last || !latest) return report('never-ran', `the pipeline has not run yet: push ${push} to start it`);
  const ofLatest = state.stages.filter((s) => s.executionId === latest);
  const failed = ofLatest.find((s) => s.status === 'Failed');
  if (failed) {
    const action = failed.actions.find((a) => a.status === 'Failed');
    return report('failed', `the last push did not deploy: execution ${latest} failed in stage ${failed.name}${action ? `, action ${action.name}: ${action.error ?? action.summary ?? 'no message'}` : ''}`);
  }
  if (last.executionId === latest && last.status === 'Succeeded') {
    const at = lastChange(last);
    return report('deployed', `the last push is deployed: execution ${latest} succeeded through stage ${last.name}${at ? ` at ${at}` : ''}`);
  }
  const running = ofLatest.find((s) => s.status === 'InProgress');
  if (running) return report('in-progress', `the last push is on its way: execution ${latest} is in stage ${running.name}`);
  const halted = ofLatest.find((s) => s.status && s.status !== 'Succeeded');
  if (halted) return report('stopped', `the last push did not deploy: execution ${latest} is ${halted.status} in stage ${halted.name}`);
  return report('not-reached', `execution ${latest} has not reached stage ${last.name}${last.executionId ? ` (there: execution ${last.executionId}, ${last.status})` : ''}`);
}
