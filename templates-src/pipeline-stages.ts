/**
 * The stages of the pipeline in AccB-pipeline-2, and the two ways it releases an image (parameter
 * Release):
 *
 * - `digest` (default): the trigger rule hands CodePipeline the digest of the push that fired it, as an
 *   IMAGE_DIGEST source revision override, so the ECR source action reads exactly that image even when
 *   the tag has moved on; a Commands action then rewrites the uploaded imagedefinitions.json so that it
 *   names the image by that digest (`<registry>/<repository>@sha256:...`), and the ECS action deploys
 *   it. ECS runs what the push built, a rollback of the service returns to the previous digest, and each
 *   execution records the digest it released. Executions queue (QUEUED): two quick pushes deploy one
 *   after the other, each its own digest.
 * - `tag`: the article's way. ECS deploys imagedefinitions.json as uploaded (`<repository>:<tag>`), so
 *   the service runs whatever the tag points to when ECS starts the deployment. Executions supersede
 *   one another (SUPERSEDED): a waiting one gains nothing over a newer one, both deploy the tag.
 *
 * Why a Commands action: the ECS standard deploy action takes its image from imagedefinitions.json and
 * nothing else (configuration ClusterName, ServiceName, FileName, DeploymentTimeout: action-reference-ECS),
 * and the ECR source artifact (imageDetail.json) holds no container name. The Commands action ("run
 * shell commands in a virtual compute instance", V2 pipelines only, action-reference-Commands) writes
 * the file from the ECR source's output variables without a CodeBuild project; the ECS blue/green action,
 * which reads imageDetail.json, needs CodeDeploy and a load balancer with two target groups. The digest
 * URI is built from the variables RegistryId, RepositoryName and ImageDigest ("The sha256 digest of the
 * image manifest", action-reference-ECR) rather than ImageURI, whose documented example value is in tag
 * form. Only the stages and the pipeline's own logs policy differ between the modes: switching replaces
 * nothing.
 */
import type { IntrinsicFunction } from 'cloudform-types/types/dataTypes';
import type { InputTransformer } from 'cloudform-types/types/events/rule';
import { B } from './acc-b-foundation';
import type { ActionV2Declaration, StageV2Declaration } from './cfn-extensions';
import { If, NoValue, Ref, Sub } from './intrinsics';
import { arns } from './policies/arns';
import { DIGEST_RELEASE } from './release-mode';

/** The ECR source action: its name is what a source revision override names (`actionName`). */
export const IMAGE_ACTION = 'Image';
const IMAGE_ARTIFACT = 'ImageDetail';
const DEFINITIONS_ARTIFACT = 'ImageDefinitions';
const PINNED_ARTIFACT = 'PinnedDefinitions';
const DEFINITIONS_FILE = 'imagedefinitions.json';
const VARIABLES = 'SourceVariables';

/**
 * First checks that IMAGE_URI names an image by digest (`<registry>/<repository>@sha256:<64 hex>`):
 * an ECR source variable that did not resolve (a literal `#{SourceVariables...}`) or an empty digest
 * must fail the action here, never reach ECS. Then rewrites the `imageUri` of the uploaded file to that
 * URI, and fails the action unless the file names exactly that URI (a file without an imageUri would
 * otherwise deploy the tag). One line per command: "You must use single-line format" (Commands action
 * reference). `sed` and `grep` of the managed Linux build image; the commands run in the directory that
 * holds the input artifact.
 */
export const DIGEST_CHECK_MESSAGE = 'IMAGE_URI does not name the pushed image by digest (<registry>/<repository>@sha256:<64 hex digits>), nothing deployed';
export const PIN_COMMANDS = [
  `printf '%s\\n' "$IMAGE_URI" | grep -qE '^[a-z0-9.-]+/[a-z0-9._/-]+@sha256:[0-9a-f]{64}$' || { echo "${DIGEST_CHECK_MESSAGE}: $IMAGE_URI" >&2; exit 1; }`,
  `sed -i -e "s|\\"imageUri\\"[[:space:]]*:[[:space:]]*\\"[^\\"]*\\"|\\"imageUri\\":\\"$IMAGE_URI\\"|g" ${DEFINITIONS_FILE}`,
  `grep -qF "\\"imageUri\\":\\"$IMAGE_URI\\"" ${DEFINITIONS_FILE}`,
  `cat ${DEFINITIONS_FILE}`,
];

/** `<registry>.dkr.ecr.<region>.<suffix>/<repository>@sha256:...` from the ECR source's output variables. */
const DIGEST_URI = Sub(
  `#{${VARIABLES}.RegistryId}.dkr.ecr.\${AWS::Region}.\${AWS::URLSuffix}/#{${VARIABLES}.RepositoryName}@#{${VARIABLES}.ImageDigest}`,
);

function sourceStage(): StageV2Declaration {
  return {
    Name: 'Source',
    Actions: [
      {
        Name: IMAGE_ACTION,
        ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'ECR', Version: '1' },
        RoleArn: arns.sourceRole(),
        Configuration: { RepositoryName: Ref('RepositoryName'), ImageTag: Ref('ImageTag') },
        OutputArtifacts: [{ Name: IMAGE_ARTIFACT }],
        Namespace: VARIABLES,
        RunOrder: 1,
      },
      {
        Name: 'ImageDefinitions',
        ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'S3', Version: '1' },
        // No polling (deprecated, and switched off after 30 idle days): ImageDefinitionsTriggerRule
        // starts the pipeline on a new version of the object, TriggerRule on a push.
        Configuration: {
          S3Bucket: Ref(B.sourceBucket),
          S3ObjectKey: Ref('ImageDefinitionsObjectKey'),
          PollForSourceChanges: false,
        },
        OutputArtifacts: [{ Name: DEFINITIONS_ARTIFACT }],
        RunOrder: 1,
      },
    ],
  };
}

/** Digest mode only: the uploaded imagedefinitions.json, its imageUri replaced by the pushed digest. */
function pinStage(): StageV2Declaration {
  const pin: ActionV2Declaration = {
    Name: 'PinDigest',
    ActionTypeId: { Category: 'Compute', Owner: 'AWS', Provider: 'Commands', Version: '1' },
    // The container name comes from the uploaded file; the image from the ECR source's variables.
    InputArtifacts: [{ Name: DEFINITIONS_ARTIFACT }],
    EnvironmentVariables: [{ Name: 'IMAGE_URI', Value: DIGEST_URI, Type: 'PLAINTEXT' }],
    Commands: PIN_COMMANDS,
    OutputArtifacts: [{ Name: PINNED_ARTIFACT, Files: [DEFINITIONS_FILE] }],
    RunOrder: 1,
  };
  return { Name: 'Pin', Actions: [pin] };
}

/** Stage 2 has a rollback alarm (parameter RollbackAlarmName not empty). */
export const HAS_ROLLBACK_ALARM = 'HasRollbackAlarm';
/** Minutes an alarm that is in ALARM when the stage succeeds is given to return to OK before the rollback. */
export const ROLLBACK_WAIT_MINUTES = '5';

/**
 * With a rollback alarm: once the deploy stage succeeds, a CloudWatchAlarm rule checks the alarm, and
 * when the condition is not met the stage rolls back ("On Success - The conditions for making checks for
 * the stage when it succeeds. Rules are engaged with the following result options: Rollback", CodePipeline
 * user guide, Configure conditions for a stage; AWS::CodePipeline::Pipeline SuccessConditions, Condition
 * Result ROLLBACK, RuleDeclaration). The rule's configuration: AlarmName (required) and WaitTime ("The
 * wait time in minutes to allow for a state change before running the rule result", CloudWatchAlarm rule
 * reference). AlarmStates is left to its default: the reference on docs.aws.amazon.com marks it "Required:
 * No" and its example omits it (unsure: the amazonaws.cn copy marks it required). A rollback redeploys the
 * last execution that succeeded in the stage, the digest it released.
 */
function rollbackOnAlarm(): IntrinsicFunction {
  return If(HAS_ROLLBACK_ALARM, {
    Conditions: [
      {
        Result: 'ROLLBACK',
        Rules: [
          {
            Name: 'RollbackAlarm',
            RuleTypeId: { Category: 'Rule', Owner: 'AWS', Provider: 'CloudWatchAlarm', Version: '1' },
            Configuration: { AlarmName: Ref('RollbackAlarmName'), WaitTime: ROLLBACK_WAIT_MINUTES },
          },
        ],
      },
    ],
  }, NoValue) as IntrinsicFunction;
}

function deployStage(): StageV2Declaration {
  return {
    Name: 'Deploy',
    OnSuccess: rollbackOnAlarm(),
    Actions: [
      {
        Name: 'Service',
        ActionTypeId: { Category: 'Deploy', Owner: 'AWS', Provider: 'ECS', Version: '1' },
        // The ECR artifact holds the image only, not the container name ECS needs: the definitions,
        // pinned to the digest or as uploaded.
        InputArtifacts: If(DIGEST_RELEASE, [{ Name: PINNED_ARTIFACT }], [{ Name: DEFINITIONS_ARTIFACT }]) as unknown as ActionV2Declaration['InputArtifacts'],
        Configuration: {
          ClusterName: Ref('EcsClusterName'),
          ServiceName: Ref('EcsServiceName'),
          FileName: DEFINITIONS_FILE,
        },
        RunOrder: 1,
      },
    ],
  };
}

export function pipelineStages(): Array<StageV2Declaration | IntrinsicFunction> {
  return [sourceStage(), If(DIGEST_RELEASE, pinStage(), NoValue), deployStage()];
}

/**
 * QUEUED: "Executions are processed one by one in the order that they are queued" (CodePipeline user
 * guide, execution modes), so each push deploys its own digest, in push order. SUPERSEDED would let a
 * newer push overtake a waiting one: its digest would never run. In tag mode every execution deploys
 * the same tag, and SUPERSEDED (the default, and the article's) skips the redundant deployments.
 */
export const executionMode = (): IntrinsicFunction => If(DIGEST_RELEASE, 'QUEUED', 'SUPERSEDED') as IntrinsicFunction;

/**
 * The pushed digest as the execution's source revision: "you can also create a source override using
 * input transform entry to use the revisionValue in EventBridge for your pipeline event" (ECR source
 * action reference), with the input path and template of "Create an EventBridge rule for an Amazon ECR
 * source (console)". `detail.image-digest` is a field of ECR's push event (ECR user guide, "Amazon ECR
 * events and EventBridge"). In both modes: the execution then records the digest that started it.
 */
export function pushedDigestInput(): InputTransformer {
  return {
    InputPathsMap: { revisionValue: '$.detail.image-digest' },
    InputTemplate: JSON.stringify({ sourceRevisions: [{ actionName: IMAGE_ACTION, revisionType: 'IMAGE_DIGEST', revisionValue: '<revisionValue>' }] }),
  } as InputTransformer;
}

export { DIGEST_RELEASE, RELEASE_MODES, inDigestMode, releaseConditions, releaseParameter } from './release-mode';
