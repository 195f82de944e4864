/**
 * The concrete deployment the access proof runs against: two accounts, one region, the parameters a
 * person types, and the deployment order in which each stack's outputs become the next stack's
 * parameters (docs/how-it-works.md, "Deployment order"). The values are those of examples/deployment.yaml, which a
 * test holds them to, so generated/ACCESS.md describes the deployment a user copies; they are written
 * out here (not read from the file) so that the proof stays pure and deterministic.
 */
import type { TemplateName } from '../../templates-src';

export interface StackContext {
  stackName: string;
  accountId: string;
  region: string;
  partition: string;
}

export interface ExampleDeployment {
  accounts: { A: string; B: string; /** A third account that has no part in the pipeline. */ C: string };
  region: string;
  partition: string;
  stackNames: { A: string; B: string };
  /** The statement id of the put-permission call (the deployment config's default, `xacct-<name>`). */
  busStatementId: string;
  /** What a person chooses: the parameters of stack B (stage 1) and stack A that no output provides. */
  typed: {
    B: Record<string, string>;
    A: Record<string, string>;
    /** Stage 2 parameters no output provides. */
    B2: Record<string, string>;
  };
  /**
   * Optional settings examples/deployment.yaml leaves out (a first deployment needs none) that the proof
   * turns on so that what they grant is proven too: stage 2's rollback alarm (pipeline.rollbackAlarmName).
   */
  optional?: { B2: Record<string, string> };
}

export const EXAMPLE: ExampleDeployment = {
  accounts: { A: '111122223333', B: '444455556666', C: '777788889999' },
  region: 'eu-west-1',
  partition: 'aws',
  stackNames: { A: 'orders-api-source', B: 'orders-api-target' },
  busStatementId: 'xacct-orders-api',
  typed: {
    B: {
      SourceAccountId: '111122223333',
      NamePrefix: 'orders-api',
      EcsClusterName: 'orders',
      EcsServiceName: 'orders-api',
      EcsServiceArnFormat: 'long',
      EcsTaskExecutionRoleArn: 'arn:aws:iam::444455556666:role/ecsTaskExecutionRole',
      EcsTaskRoleArn: 'arn:aws:iam::444455556666:role/orders-api-task',
      KeyAdministratorArn: 'arn:aws:iam::444455556666:role/platform-admin',
      ArtifactRetentionDays: '30',
      Release: 'digest',
    },
    A: { RepositoryName: 'orders-api', ImageTag: 'latest', KeepUntaggedImages: '10' },
    // examples/deployment.yaml names no rollback alarm: the deployer passes an empty name.
    B2: { ImageTag: 'latest', ImageDefinitionsObjectKey: 'imagedefinitions.zip', RollbackAlarmName: '' },
  },
  optional: { B2: { RollbackAlarmName: 'orders-api-5xx' } },
};

/** Which output of which earlier stack feeds each parameter (the "Used by" columns of docs/templates.md). */
export const OUTPUT_TO_PARAMETER: Record<'AccA-pipeline' | 'AccB-pipeline-2', Record<string, { from: TemplateName; output: string }>> = {
  'AccA-pipeline': {
    TargetAccountId: { from: 'AccB-pipeline-1', output: 'AccountId' },
    SourceRoleName: { from: 'AccB-pipeline-1', output: 'SourceRoleName' },
    PipelineRoleArn: { from: 'AccB-pipeline-1', output: 'PipelineRoleArn' },
    EcsTaskExecutionRoleArn: { from: 'AccB-pipeline-1', output: 'EcsTaskExecutionRoleArn' },
    ArtifactBucketName: { from: 'AccB-pipeline-1', output: 'ArtifactBucketName' },
    ArtifactKeyArn: { from: 'AccB-pipeline-1', output: 'ArtifactKeyArn' },
  },
  'AccB-pipeline-2': {
    RepositoryName: { from: 'AccA-pipeline', output: 'RepositoryName' },
  },
};

export const stackOf = (d: ExampleDeployment, account: 'A' | 'B'): StackContext => ({
  stackName: d.stackNames[account],
  accountId: d.accounts[account],
  region: d.region,
  partition: d.partition,
});
