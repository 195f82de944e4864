/**
 * Which value each template parameter gets: from the config, or from the other stack's outputs. The one
 * table between the config and the templates; a test checks it covers every template parameter exactly.
 */
import type { TemplateName } from '../../templates-src';
import type { DeploymentConfig } from '../config/schema';
import type { ParameterSource } from './plan-types';
import { awsError } from '../aws/aws-errors';

const value = (v: string | number | undefined): ParameterSource => ({ value: v === undefined ? '' : String(v) });

function foundation(c: DeploymentConfig): Record<string, ParameterSource> {
  const p = c.pipeline;
  return {
    SourceAccountId: value(c.source.accountId),
    NamePrefix: value(p.namePrefix),
    EcsClusterName: value(p.ecsCluster),
    EcsServiceName: value(p.ecsService),
    EcsTaskExecutionRoleArn: value(p.ecsTaskExecutionRoleArn),
    EcsTaskRoleArn: value(p.ecsTaskRoleArn),
    KeyAdministratorArn: value(p.keyAdministratorArn),
    ArtifactRetentionDays: value(p.artifactRetentionDays),
    Release: value(p.release),
  };
}

export function stackParameters(c: DeploymentConfig, template: TemplateName): Record<string, ParameterSource> {
  const fromTarget = (output: string): ParameterSource => ({ fromStack: c.target.stackName, output });
  const fromSource = (output: string): ParameterSource => ({ fromStack: c.source.stackName, output });
  switch (template) {
    case 'AccB-pipeline-1':
      return foundation(c);
    case 'AccA-pipeline':
      return {
        TargetAccountId: fromTarget('AccountId'),
        RepositoryName: value(c.pipeline.repositoryName),
        ImageTag: value(c.pipeline.imageTag),
        SourceRoleName: fromTarget('SourceRoleName'),
        PipelineRoleArn: fromTarget('PipelineRoleArn'),
        EcsTaskExecutionRoleArn: fromTarget('EcsTaskExecutionRoleArn'),
        ArtifactBucketName: fromTarget('ArtifactBucketName'),
        ArtifactKeyArn: fromTarget('ArtifactKeyArn'),
        KeepUntaggedImages: value(c.pipeline.keepUntaggedImages),
      };
    case 'AccB-pipeline-2':
      return {
        ...foundation(c),
        RepositoryName: fromSource('RepositoryName'),
        ImageTag: value(c.pipeline.imageTag),
        ImageDefinitionsObjectKey: value(c.pipeline.imageDefinitionsObjectKey),
      };
  }
}

/** Outputs of the stacks deployed so far, by stack name. */
export type KnownOutputs = Record<string, Record<string, string> | undefined>;

/** The outputs of both stacks, by stack name, from what is known of them. */
export const outputsByStack = (c: DeploymentConfig, stacks: { target?: { outputs: Record<string, string> } | undefined; source?: { outputs: Record<string, string> } | undefined }): KnownOutputs => ({
  [c.target.stackName]: stacks.target?.outputs,
  [c.source.stackName]: stacks.source?.outputs,
});

/** Values for every parameter whose source is known; undefined when an output is not available yet. */
export function resolveParameters(sources: Record<string, ParameterSource>, outputs: KnownOutputs): Record<string, string> | undefined {
  const resolved: Record<string, string> = {};
  for (const [name, source] of Object.entries(sources)) {
    if ('value' in source) {
      resolved[name] = source.value;
      continue;
    }
    const v = outputs[source.fromStack]?.[source.output];
    if (v === undefined) return undefined;
    resolved[name] = v;
  }
  return resolved;
}

/** The value of one source, now; a missing output means the sequence has not got that far. */
export function resolveSource(outputs: KnownOutputs, source: ParameterSource): string {
  if ('value' in source) return source.value;
  const value = outputs[source.fromStack]?.[source.output];
  if (!value) throw awsError('missing-output', `stack ${source.fromStack} has no output ${source.output}: run the whole sequence`);
  return value;
}
