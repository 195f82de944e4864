/**
 * Which value each template parameter gets: from the config, or from the other stack's outputs. The one
 * table between the config and the templates; a test checks it covers every template parameter exactly.
 */
import type { TemplateName } from '../../templates-src';
import type { DeploymentConfig } from '../config/schema';
import { waveTag } from '../../templates-src/wave-tag';

/** A parameter value, or the stack output it is taken from at run time. */
export type ParameterSource = { value: string } | { fromStack: string; output: string };

const value = (v: string | number | undefined): ParameterSource => ({ value: v === undefined ? '' : String(v) });

/** What the table reads: the stack names and the pipeline settings of one target. */
export type ParameterInputs = Pick<DeploymentConfig, 'pipeline'> & {
  source: { accountId: string; stackName: string };
  target: { stackName: string };
  /** The target's release wave (absent: 1, a single-target config): its pipeline watches waveTag(imageTag, wave). */
  wave?: number;
};

function foundation(c: ParameterInputs): Record<string, ParameterSource> {
  const p = c.pipeline;
  return {
    SourceAccountId: value(c.source.accountId),
    NamePrefix: value(p.namePrefix),
    EcsClusterName: value(p.ecsCluster),
    EcsServiceName: value(p.ecsService),
    EcsServiceArnFormat: value(p.ecsServiceArnFormat),
    EcsTaskExecutionRoleArn: value(p.ecsTaskExecutionRoleArn),
    EcsTaskRoleArn: value(p.ecsTaskRoleArn),
    KeyAdministratorArn: value(p.keyAdministratorArn),
    ArtifactRetentionDays: value(p.artifactRetentionDays),
    Release: value(p.release),
  };
}

export function stackParameters(c: ParameterInputs, template: TemplateName): Record<string, ParameterSource> {
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
        // Wave 1 watches the pushed tag, a later wave the tag `xacct promote` moves (wave-tag.ts).
        ImageTag: value(waveTag(c.pipeline.imageTag, c.wave ?? 1)),
        ImageDefinitionsObjectKey: value(c.pipeline.imageDefinitionsObjectKey),
        RollbackAlarmName: value(c.pipeline.rollbackAlarmName),
      };
  }
}
