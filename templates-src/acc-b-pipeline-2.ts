/**
 * AccB-pipeline-2: updates stack B. The stage-1 foundation unchanged (same logical ids, same
 * properties), plus the pipeline whose ECR source action runs in account A, the permission to assume
 * that one role, and the rule that starts the pipeline when account A's push event reaches B's bus.
 */
import type Template from 'cloudform-types/types/template';
import IamPolicy from 'cloudform-types/types/iam/policy';
import EventsRule from 'cloudform-types/types/events/rule';
import {
  B,
  foundationConditions,
  foundationOutputs,
  foundationParameterGroups,
  foundationParameterLabels,
  foundationParameters,
  foundationResources,
} from './acc-b-foundation';
import { pipelineV2 } from './cfn-extensions';
import { GetAtt, Ref, Sub } from './intrinsics';
import { imageTag, repositoryName, stringParameter, PATTERNS } from './parameters';
import { arns } from './policies/arns';
import { ecrPushPattern, startPipelinePolicy } from './policies/event-policies';
import { assumeSourceRolePolicy } from './policies/pipeline-role-policy';
import { roleWithPolicy } from './policies/role-resources';
import { serviceTrust } from './policies/trust-policies';
import { consoleInterface, type TemplateDefinition } from './template-types';

export const B2 = {
  assumeSourceRolePolicy: 'PipelineAssumeSourceRolePolicy',
  pipeline: 'Pipeline',
  triggerRole: 'TriggerRole',
  triggerRolePolicy: 'TriggerRolePolicy',
  triggerRule: 'TriggerRule',
} as const;

const SOURCE_ARTIFACT = 'ImageDetail';
const DEFINITIONS_ARTIFACT = 'ImageDefinitions';

function parameters(): Template['Parameters'] {
  return {
    ...foundationParameters(),
    CrossAccountRoleName: stringParameter({
      description: 'Name of the source role in account A (stack A output CrossAccountRoleName).',
      pattern: PATTERNS.roleName,
      constraint: 'must be an IAM role name of up to 64 letters, digits and + = , . @ _ -, for example orders-api-ecr-source.',
    }),
    RepositoryName: repositoryName('Name of the ECR repository in account A (stack A output RepositoryName).'),
    ImageTag: imageTag(),
    ImageDefinitionsObjectKey: stringParameter({
      description: 'Key of the zipped imagedefinitions.json in the source bucket.',
      default: 'imagedefinitions.zip',
      pattern: PATTERNS.s3ObjectKey,
      constraint: 'must be an S3 object key of letters, digits and ! _ . * \' ( ) / -, for example imagedefinitions.zip.',
    }),
  };
}

function pipelineResources(): Template['Resources'] {
  return {
    [B2.assumeSourceRolePolicy]: new IamPolicy({
      PolicyName: 'assume-source-role',
      Roles: [Ref(B.pipelineRole)],
      PolicyDocument: assumeSourceRolePolicy(),
    }),
    [B2.pipeline]: pipelineV2({
      PipelineType: 'V2',
      // A newer push supersedes a waiting one: the tracked tag always deploys its latest image.
      ExecutionMode: 'SUPERSEDED',
      RoleArn: GetAtt(B.pipelineRole, 'Arn'),
      RestartExecutionOnUpdate: false,
      ArtifactStore: {
        Type: 'S3',
        Location: Ref(B.artifactBucket),
        // By ARN: account A's role cannot resolve an alias of account B.
        EncryptionKey: { Id: GetAtt(B.key, 'Arn'), Type: 'KMS' },
      },
      Stages: [
        {
          Name: 'Source',
          Actions: [
            {
              Name: 'Image',
              ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'ECR', Version: '1' },
              RoleArn: arns.role('SourceAccountId', '${CrossAccountRoleName}'),
              Configuration: { RepositoryName: Ref('RepositoryName'), ImageTag: Ref('ImageTag') },
              OutputArtifacts: [{ Name: SOURCE_ARTIFACT }],
              Namespace: 'SourceVariables',
              RunOrder: 1,
            },
            {
              Name: 'ImageDefinitions',
              ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'S3', Version: '1' },
              // No polling (deprecated, and switched off after 30 idle days): pushes start the pipeline.
              Configuration: {
                S3Bucket: Ref(B.sourceBucket),
                S3ObjectKey: Ref('ImageDefinitionsObjectKey'),
                PollForSourceChanges: false,
              },
              OutputArtifacts: [{ Name: DEFINITIONS_ARTIFACT }],
              RunOrder: 1,
            },
          ],
        },
        {
          Name: 'Deploy',
          Actions: [
            {
              Name: 'Service',
              ActionTypeId: { Category: 'Deploy', Owner: 'AWS', Provider: 'ECS', Version: '1' },
              // The S3 artifact: the ECR one holds the image only, not the container name ECS needs.
              InputArtifacts: [{ Name: DEFINITIONS_ARTIFACT }],
              Configuration: {
                ClusterName: Ref('EcsClusterName'),
                ServiceName: Ref('EcsServiceName'),
                FileName: 'imagedefinitions.json',
              },
              RunOrder: 1,
            },
          ],
        },
      ],
    }).dependsOn([B2.assumeSourceRolePolicy, B.pipelineRolePolicy]),
    ...roleWithPolicy({
      roleId: B2.triggerRole,
      policyId: B2.triggerRolePolicy,
      description: Sub('Starts pipeline ${NamePrefix} on image pushes in account ${SourceAccountId}'),
      trust: serviceTrust('events.amazonaws.com'),
      policyName: 'start-pipeline',
      permissions: startPipelinePolicy(B2.pipeline),
    }),
    [B2.triggerRule]: new EventsRule({
      Description: Sub('Starts pipeline ${NamePrefix} when ${RepositoryName}:${ImageTag} is pushed in account ${SourceAccountId}'),
      State: 'ENABLED',
      // `account`: this bus accepts account A's events, so the rule names the one account it trusts.
      EventPattern: ecrPushPattern(Ref('RepositoryName'), Ref('ImageTag'), Ref('SourceAccountId')),
      Targets: [{ Id: 'Pipeline', Arn: arns.pipeline(B2.pipeline), RoleArn: GetAtt(B2.triggerRole, 'Arn') }],
    }),
  };
}

export function buildAccBPipeline2(): Template {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'Cross-account container pipeline, account B (target), stage 2: updates the stage-1 stack with the pipeline (ECR source in account A, ECS deploy here) and the rule that starts it on image pushes. Deploy after AccA-pipeline and the event bus permission for account A.',
    Metadata: consoleInterface(
      [
        ...foundationParameterGroups(),
        {
          label: 'Account A (from stack A outputs)',
          parameters: ['CrossAccountRoleName', 'RepositoryName', 'ImageTag', 'ImageDefinitionsObjectKey'],
        },
      ],
      {
        ...foundationParameterLabels,
        CrossAccountRoleName: 'Source role name in account A',
        RepositoryName: 'ECR repository name in account A',
        ImageTag: 'Deployed image tag',
        ImageDefinitionsObjectKey: 'imagedefinitions.zip object key',
      },
    ),
    Parameters: parameters(),
    Conditions: foundationConditions(),
    Resources: { ...foundationResources(), ...pipelineResources() },
    Outputs: {
      ...foundationOutputs(),
      PipelineName: { Description: 'Name of the pipeline.', Value: Ref(B2.pipeline) },
      PipelineArn: { Description: 'ARN of the pipeline.', Value: arns.pipeline(B2.pipeline) },
      TriggerRuleArn: { Description: 'ARN of the rule that starts the pipeline on pushes from account A.', Value: GetAtt(B2.triggerRule, 'Arn') },
    },
  };
}

export const accBPipeline2: TemplateDefinition = {
  name: 'AccB-pipeline-2',
  account: 'target',
  order: 4,
  build: buildAccBPipeline2,
};
