/**
 * AccB-pipeline-2: updates stack B. The stage-1 foundation unchanged (same logical ids, same
 * properties, including the pipeline role's permission to assume account A's role and its Commands
 * logs grant), plus the pipeline, named `<NamePrefix>-pipeline`, whose ECR source action runs in
 * account A, and the two rules that start it: account A's push event reaching B's bus, and a new
 * imagedefinitions.zip in the source bucket.
 *
 * Account A's role is named from NamePrefix, as in the key and bucket policies of stage 1: no
 * parameter can make the pipeline assume a role those policies do not trust. How the pipeline names
 * the image it deploys (parameter Release, by digest or by tag): pipeline-stages.ts.
 */
import type Template from 'cloudform-types/types/template';
import EventsRule from 'cloudform-types/types/events/rule';
import IamPolicy from 'cloudform-types/types/iam/policy';
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
import { Equals, GetAtt, Not, Ref, Sub } from './intrinsics';
import { imageTag, repositoryName, stringParameter, PATTERNS } from './parameters';
import { arns, PIPELINE_NAME } from './policies/arns';
import { ecrPushPattern, objectCreatedPattern, startPipelinePolicy } from './policies/event-policies';
import { executionMode, HAS_ROLLBACK_ALARM, pipelineStages, pushedDigestInput } from './pipeline-stages';
import { rollbackAlarmPolicy } from './policies/pipeline-role-policy';
import { roleWithPolicy } from './policies/role-resources';
import { eventBridgeTrust } from './policies/trust-policies';
import { consoleInterface, type TemplateDefinition } from './template-types';

export const B2 = {
  pipeline: 'Pipeline',
  triggerRole: 'TriggerRole',
  triggerRolePolicy: 'TriggerRolePolicy',
  triggerRule: 'TriggerRule',
  imageDefinitionsTriggerRule: 'ImageDefinitionsTriggerRule',
  rollbackAlarmPolicy: 'PipelineRollbackAlarmPolicy',
} as const;

function parameters(): Template['Parameters'] {
  return {
    ...foundationParameters(),
    RepositoryName: repositoryName('Name of the ECR repository in account A (stack A output RepositoryName).'),
    ImageTag: imageTag(),
    ImageDefinitionsObjectKey: stringParameter({
      description: 'Key of the zipped imagedefinitions.json in the source bucket.',
      default: 'imagedefinitions.zip',
      pattern: PATTERNS.s3ObjectKey,
      constraint: 'must be an S3 object key of letters, digits and ! _ . * \' ( ) / -, for example imagedefinitions.zip.',
    }),
    RollbackAlarmName: stringParameter({
      description: 'Optional: a CloudWatch alarm in this account and region. Once the deploy stage succeeds the pipeline watches it and rolls the stage back when it is in ALARM. Empty: no rollback condition.',
      default: '',
      pattern: `^(?:|${PATTERNS.alarmName.slice(1, -1)})$`,
      constraint: 'must be empty or a CloudWatch alarm name: 1 to 255 characters, no control characters, no * or ?.',
    }),
  };
}

function pipelineResources(): Template['Resources'] {
  return {
    [B2.pipeline]: pipelineV2({
      // Named from NamePrefix: stage 1 grants its Commands action's log group by this name.
      Name: Sub(PIPELINE_NAME),
      PipelineType: 'V2',
      ExecutionMode: executionMode(),
      RoleArn: GetAtt(B.pipelineRole, 'Arn'),
      RestartExecutionOnUpdate: false,
      ArtifactStore: {
        Type: 'S3',
        Location: Ref(B.artifactBucket),
        // By ARN: account A's role cannot resolve an alias of account B.
        EncryptionKey: { Id: GetAtt(B.key, 'Arn'), Type: 'KMS' },
      },
      Stages: pipelineStages(),
    }).dependsOn([B.assumeSourceRolePolicy, B.pipelineRolePolicy]),
    ...roleWithPolicy({
      roleId: B2.triggerRole,
      policyId: B2.triggerRolePolicy,
      description: Sub('Starts pipeline ${NamePrefix} on image pushes in account ${SourceAccountId} and new image definitions'),
      trust: eventBridgeTrust('trigger/assume-trigger-role'),
      policyName: 'start-pipeline',
      permissions: startPipelinePolicy(B2.pipeline),
    }),
    // Only with a rollback alarm. Not a dependency of the pipeline (a resource that may not exist cannot
    // be one): the rule first reads the alarm after a deploy stage succeeded, minutes after this update.
    [B2.rollbackAlarmPolicy]: new IamPolicy({ PolicyName: 'read-rollback-alarm', Roles: [Ref(B.pipelineRole)], PolicyDocument: rollbackAlarmPolicy() }).condition(HAS_ROLLBACK_ALARM),
    [B2.triggerRule]: new EventsRule({
      Description: Sub('Starts pipeline ${NamePrefix} when ${RepositoryName}:${ImageTag} is pushed in account ${SourceAccountId}'),
      State: 'ENABLED',
      // `account`: this bus accepts account A's events, so the rule names the one account it trusts.
      EventPattern: ecrPushPattern(Ref('RepositoryName'), Ref('ImageTag'), Ref('SourceAccountId')),
      Targets: [{ Id: 'Pipeline', Arn: arns.pipeline(B2.pipeline), RoleArn: GetAtt(B2.triggerRole, 'Arn'), InputTransformer: pushedDigestInput() }],
    }),
    [B2.imageDefinitionsTriggerRule]: new EventsRule({
      Description: Sub('Starts pipeline ${NamePrefix} when a new ${ImageDefinitionsObjectKey} is uploaded to its source bucket'),
      State: 'ENABLED',
      // The source bucket sends its object events to this account's default bus (EventBridgeEnabled).
      EventPattern: objectCreatedPattern(Ref(B.sourceBucket), Ref('ImageDefinitionsObjectKey'), Ref('AWS::AccountId')),
      Targets: [{ Id: 'Pipeline', Arn: arns.pipeline(B2.pipeline), RoleArn: GetAtt(B2.triggerRole, 'Arn') }],
    }),
  };
}

export function buildAccBPipeline2(): Template {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'Cross-account container pipeline, account B (target), stage 2: updates the stage-1 stack with the pipeline (ECR source in account A, ECS deploy here) and the rules that start it on image pushes and on new image definitions. Deploy after AccA-pipeline and the event bus permission for account A.',
    Metadata: consoleInterface(
      [
        ...foundationParameterGroups(),
        {
          label: 'Account A (from stack A outputs)',
          parameters: ['RepositoryName', 'ImageTag', 'ImageDefinitionsObjectKey'],
        },
        { label: 'Automatic rollback', parameters: ['RollbackAlarmName'] },
      ],
      {
        ...foundationParameterLabels,
        RepositoryName: 'ECR repository name in account A',
        ImageTag: 'Deployed image tag',
        ImageDefinitionsObjectKey: 'imagedefinitions.zip object key',
        RollbackAlarmName: 'CloudWatch alarm that rolls the deploy stage back',
      },
    ),
    Parameters: parameters(),
    Conditions: { ...foundationConditions(), [HAS_ROLLBACK_ALARM]: Not(Equals(Ref('RollbackAlarmName'), '')) },
    Resources: { ...foundationResources(), ...pipelineResources() },
    Outputs: {
      ...foundationOutputs(),
      PipelineName: { Description: 'Name of the pipeline.', Value: Ref(B2.pipeline) },
      PipelineArn: { Description: 'ARN of the pipeline.', Value: arns.pipeline(B2.pipeline) },
      TriggerRuleArn: { Description: 'ARN of the rule that starts the pipeline on pushes from account A.', Value: GetAtt(B2.triggerRule, 'Arn') },
      ImageDefinitionsTriggerRuleArn: {
        Description: 'ARN of the rule that starts the pipeline when a new imagedefinitions.zip is uploaded to the source bucket.',
        Value: GetAtt(B2.imageDefinitionsTriggerRule, 'Arn'),
      },
    },
  };
}

export const accBPipeline2: TemplateDefinition = {
  name: 'AccB-pipeline-2',
  account: 'target',
  order: 4,
  build: buildAccBPipeline2,
};
