/**
 * Where a person watches the pipeline: the CodePipeline console. The console's host differs per
 * partition (console.aws.amazon.com, console.amazonaws.cn, console.amazonaws-us-gov.com); the paths
 * `codesuite/codepipeline/pipelines/<name>/view` and `.../executions/<id>/timeline` are the console's own
 * (unsure: not documented by AWS; the forms seen in public links to the console).
 */
function consoleHost(region: string): string {
  if (region.startsWith('cn-')) return `${region}.console.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return `${region}.console.amazonaws-us-gov.com`;
  return `${region}.console.aws.amazon.com`;
}

export const pipelineUrl = (region: string, pipeline: string) => `https://${consoleHost(region)}/codesuite/codepipeline/pipelines/${encodeURIComponent(pipeline)}/view?region=${region}`;

export const executionUrl = (region: string, pipeline: string, executionId: string) =>
  `https://${consoleHost(region)}/codesuite/codepipeline/pipelines/${encodeURIComponent(pipeline)}/executions/${executionId}/timeline?region=${region}`;
