/** The pure judgements behind `xacct status`: did the last push deploy, and what a stack status says. */
import type { StageStateSummary } from '../../scripts/aws/ports';
import { lastOperation } from '../../scripts/deploy/stack-status';
import { pipelineVerdict } from '../../scripts/status/pipeline-verdict';

const stage = (name: string, executionId?: string, status?: string): StageStateSummary => ({ name, ...(executionId ? { executionId } : {}), ...(status ? { status } : {}), actions: [] });
const verdict = (...stages: StageStateSummary[]) => pipelineVerdict('pipe', { name: 'pipe', stages }, 'repo:latest').verdict;

describe('pipelineVerdict', () => {
  it('the newest execution is the one the first stage shows; it deployed when the last stage shows it Succeeded', () => {
    expect(verdict(stage('Source', 'e2', 'Succeeded'), stage('Deploy', 'e2', 'Succeeded'))).toBe('deployed');
    // The newest push is through Source; Deploy still shows an older run.
    expect(verdict(stage('Source', 'e2', 'Succeeded'), stage('Deploy', 'e1', 'Succeeded'))).toBe('not-reached');
    expect(verdict(stage('Source', 'e2', 'Succeeded'), stage('Deploy', 'e2', 'InProgress'))).toBe('in-progress');
    expect(verdict(stage('Source', 'e2', 'Failed'), stage('Deploy', 'e1', 'Succeeded'))).toBe('failed');
    expect(verdict(stage('Source', 'e2', 'Succeeded'), stage('Deploy', 'e2', 'Stopped'))).toBe('stopped');
    expect(verdict(stage('Source'), stage('Deploy'))).toBe('never-ran');
  });

  it('tells a pipeline that is not deployed yet from one that is missing', () => {
    expect(pipelineVerdict(undefined, undefined, 'repo:latest').verdict).toBe('not-deployed');
    expect(pipelineVerdict('pipe', undefined, 'repo:latest')).toMatchObject({ verdict: 'missing', summary: expect.stringContaining('deleted outside CloudFormation') });
  });
});

describe('lastOperation', () => {
  it.each([
    ['CREATE_COMPLETE', 'create', 'succeeded'],
    ['REVIEW_IN_PROGRESS', 'create', 'change set not executed'],
    ['ROLLBACK_COMPLETE', 'create', 'failed and rolled back'],
    ['ROLLBACK_FAILED', 'create', 'failed, and so did its rollback'],
    ['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'update', 'in progress'],
    ['UPDATE_ROLLBACK_COMPLETE', 'update', 'failed and rolled back'],
    ['UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'update', 'failed, rolling back'],
    ['UPDATE_ROLLBACK_FAILED', 'update', 'failed, and so did its rollback'],
    ['DELETE_FAILED', 'delete', 'failed'],
  ])('%s: %s %s', (status, operation, outcome) => {
    expect(lastOperation(status)).toEqual({ operation, outcome });
  });
});
