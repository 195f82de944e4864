/**
 * What each action of the pipeline does in the fake, by provider, reading and writing the fake's other
 * services as the action would, after the access check a real run passes: the calls of the access
 * proof's flow (scripts/access-model/flow.ts) that the action makes, each documented by a row of the permission
 * table, evaluated against the deployed policies (deployed-access.ts). A refused call fails the action
 * with the text CodePipeline shows for it where one is known (sources beside each), else the IAM message.
 *
 * - ECR source (action-reference-ECR): the image the tag points to when the action runs, or the digest of
 *   an IMAGE_DIGEST source revision override; artifact imageDetail.json (file-reference); output variables
 *   RegistryId, RepositoryName, ImageTag (not "when the source revision is overridden"), ImageDigest,
 *   ImageURI.
 * - S3 source (action-reference-S3): the object's latest version (or an S3_OBJECT_VERSION_ID override);
 *   the artifact is the zip's content.
 * - Commands (action-reference-Commands): the commands run with /bin/sh (run-commands.ts), environment
 *   variables resolved from the execution's variables (`#{namespace.name}`); a failing command fails the
 *   action with CodeBuild's "Build terminated with state: FAILED ..." text.
 * - ECS standard deploy (action-reference-ECS): imagedefinitions.json from the input artifact; a new
 *   revision of the service's task definition with each named container's image replaced; UpdateService;
 *   done when the deployment is steady, failed when it has not become steady within DeploymentTimeout.
 *
 * Shortcuts: artifacts stay with the execution (nothing is written to the artifact bucket); durations are
 * fixed (`ACTION_MS`).
 */
import { unzipSync } from 'fflate';
import type { CallSpec } from '../../scripts/verify/evaluate';
import { PIPELINE_FLOW } from '../../scripts/access-model/flow';
import type { Denial } from './deployed-access';
import type { FakeEcr } from './fake-ecr';
import type { FakeEcs } from './fake-ecs';
import type { ExecutionRecord, Pipeline } from './fake-codepipeline';
import type { FakeS3 } from './fake-s3';
import type { ActionOutcome } from './pipeline-executor';
import { runCommands } from './run-commands';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** How long each kind of action takes, and how often a deploy looks at its service. */
export const ACTION_MS = { source: 5_000, compute: 40_000, denied: 2_000, deployPoll: 15_000 };

export interface ActionWorld {
  account: string;
  region: string;
  ecr(account: string): FakeEcr;
  s3: FakeS3;
  ecs: FakeEcs;
  /** The first call the deployed policies refuse (accounts: the pipeline's, and its ECR source's). */
  denial(sourceAccount: string, calls: CallSpec[]): Promise<Denial | undefined>;
}

/** The calls of the access proof's flow each kind of action makes (their rows cite its reference page). */
const CALLS: Record<string, string[]> = {
  ECR: ['codepipeline-assumes-pipeline-role', 'pipeline-assumes-source-role', 'source-role-describes-image', 'source-role-writes-source-artifact', 'source-role-uses-target-key'],
  S3: ['codepipeline-assumes-pipeline-role', 'pipeline-inspects-source-bucket', 'pipeline-reads-image-definitions', 'pipeline-inspects-artifact-bucket', 'pipeline-writes-definitions-artifact', 'pipeline-uses-key', 'pipeline-describes-key'],
  Commands: [
    'codepipeline-assumes-pipeline-role',
    'pipeline-reads-definitions-to-pin',
    'pipeline-uses-key',
    'commands-creates-log-group',
    'commands-creates-log-group-checked-as-stream',
    'commands-writes-log-streams',
    'pipeline-writes-pinned-definitions',
  ],
  ECS: [
    'codepipeline-assumes-pipeline-role',
    'pipeline-reads-artifacts',
    'pipeline-uses-key',
    'pipeline-updates-service',
    'pipeline-reads-task-definition',
    'pipeline-registers-task-definition',
    'pipeline-tags-new-task-definition',
    'pipeline-passes-execution-role',
    'pipeline-watches-service-tasks',
  ],
};

const calls = (ids: string[]): CallSpec[] => ids.map((id) => PIPELINE_FLOW.find((c) => c.id === id)!);
const failed = (error: string, durationMs = ACTION_MS.denied): ActionOutcome => ({ status: 'Failed', error, durationMs });
const accountOfRole = (arn: unknown) => /:iam::(\d{12}):role\//.exec(String(arn ?? ''))?.[1];
const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);

/** The account of the pipeline's ECR source: its action's role's, the access model's account A. */
export function ecrSourceAccount(definition: Json): string | undefined {
  const ecrAction = ((definition.Stages ?? []) as Json[]).flatMap((s) => (s.Actions ?? []) as Json[]).find((a) => a.ActionTypeId?.Provider === 'ECR');
  return accountOfRole(ecrAction?.RoleArn);
}

/** CodePipeline's artifact keys: `<pipeline name, 20>/<artifact name, 10>/<random>` (as the artifact bucket shows them). */
const artifactKey = (p: Pipeline, artifact: string) => `${p.name.slice(0, 20)}/${artifact.slice(0, 10)}/xFk3Qa9`;

/**
 * The message a refused call leaves on the action. S3 and KMS calls on artifacts: "Unable to access the
 * artifact with Amazon S3 object key '<key>' located in the Amazon S3 artifact bucket '<bucket>'. The
 * provided role does not have sufficient permissions." (a failed action as quoted in public pipelines);
 * on the S3 source's bucket: "The service role or action role doesn’t have the permissions required to
 * access the Amazon S3 bucket named <bucket>. ..." (aws/aws-cdk#14156); ECS calls and PassRole: "The
 * provided role does not have sufficient permissions to access ECS" (public pipelines' failed ECS deploy
 * actions). Others (AssumeRole, ECR, CloudWatch Logs): the IAM message (unsure what CodePipeline shows).
 * `artifact` names the action's artifact whose key the message quotes; `sourceBucket` an S3 source's bucket.
 */
function deniedText(d: Denial, p: Pipeline, artifact: string, sourceBucket?: string): string {
  const service = d.action.split(':')[0];
  if (service === 'ecs' || d.action === 'iam:PassRole') return 'The provided role does not have sufficient permissions to access ECS';
  if ((service === 's3' || service === 'kms') && sourceBucket && d.resourceArn.includes(`:::${sourceBucket}`)) {
    return `The service role or action role doesn’t have the permissions required to access the Amazon S3 bucket named ${sourceBucket}. Update the IAM role permissions, and then try again. Error: Amazon S3:AccessDenied:Access Denied (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: FAKE0REQUEST0ID; S3 Extended Request ID: FAKE; Proxy: null)`;
  }
  if (service === 's3' || service === 'kms') {
    return `Unable to access the artifact with Amazon S3 object key '${artifactKey(p, artifact)}' located in the Amazon S3 artifact bucket '${p.definition.ArtifactStore?.Location ?? ''}'. The provided role does not have sufficient permissions.`;
  }
  return d.message;
}

function filesOf(e: ExecutionRecord, inputs: Json[] | undefined): Record<string, Uint8Array> | string {
  const files: Record<string, Uint8Array> = {};
  for (const i of inputs ?? []) {
    const artifact = e.artifacts[i.Name];
    if (!artifact) return `the input artifact ${i.Name} was not produced by an earlier action`;
    Object.assign(files, artifact);
  }
  return files;
}

/** `#{namespace.name}` of the execution's variables; `codepipeline.PipelineExecutionId` is the execution's id. */
function resolveVariables(value: string, e: ExecutionRecord): string | { missing: string } {
  let missing: string | undefined;
  const out = value.replace(/#\{([A-Za-z0-9@_-]+)\.([A-Za-z0-9@_-]+)\}/g, (all, ns: string, name: string) => {
    const v = ns === 'codepipeline' && name === 'PipelineExecutionId' ? e.pipelineExecutionId : e.variables[ns]?.[name];
    if (v === undefined) missing ??= `${ns}.${name}`;
    return v ?? all;
  });
  return missing ? { missing } : out;
}

async function ecrSource(w: ActionWorld, p: Pipeline, e: ExecutionRecord, action: Json): Promise<ActionOutcome> {
  const account = accountOfRole(action.RoleArn) ?? w.account;
  const denied = await w.denial(account, calls(CALLS.ECR));
  if (denied) return failed(deniedText(denied, p, action.OutputArtifacts?.[0]?.Name ?? ''));
  const c = action.Configuration ?? {};
  const tag = c.ImageTag ?? 'latest';
  const override = e.overrides.find((o) => o.actionName === action.Name && o.revisionType === 'IMAGE_DIGEST');
  const ecr = w.ecr(account);
  const image = override ? ecr.imageByDigest(c.RepositoryName, override.revisionValue) : ecr.imageOfTag(c.RepositoryName, tag);
  if (!image) {
    const id = override ? `{imageDigest:'${override.revisionValue}', imageTag:'null'}` : `{imageDigest:'null', imageTag:'${tag}'}`;
    return failed(`The image with imageId ${id} does not exist within the repository with name '${c.RepositoryName}' in the registry with id '${account}'`, ACTION_MS.source);
  }
  const uri = `${account}.dkr.ecr.${w.region}.amazonaws.com/${c.RepositoryName}`;
  const detail = {
    ImageSizeInBytes: String(image.size),
    ImageDigest: image.digest,
    Version: '1.0',
    ImagePushedAt: image.pushedAt.toUTCString(),
    RegistryId: account,
    RepositoryName: c.RepositoryName,
    ImageURI: `${uri}@${image.digest}`,
    ImageTags: image.tags,
  };
  return {
    status: 'Succeeded',
    durationMs: ACTION_MS.source,
    revision: { revisionId: image.digest },
    outputArtifacts: { [action.OutputArtifacts?.[0]?.Name]: { 'imageDetail.json': new TextEncoder().encode(JSON.stringify(detail)) } },
    outputVariables: {
      RegistryId: account,
      RepositoryName: c.RepositoryName,
      ...(override ? {} : { ImageTag: tag }),
      ImageDigest: image.digest,
      // The variables reference shows the tag form; with an override there is no tag (unsure: the digest form).
      ImageURI: override ? `${uri}@${image.digest}` : `${uri}:${tag}`,
    },
  };
}

async function s3Source(w: ActionWorld, p: Pipeline, e: ExecutionRecord, action: Json, source: string): Promise<ActionOutcome> {
  const c = action.Configuration ?? {};
  const denied = await w.denial(source, calls(CALLS.S3));
  if (denied) return failed(deniedText(denied, p, action.OutputArtifacts?.[0]?.Name ?? '', c.S3Bucket));
  const override = e.overrides.find((o) => o.actionName === action.Name && o.revisionType === 'S3_OBJECT_VERSION_ID');
  const version = override ? w.s3.versions(c.S3Bucket, c.S3ObjectKey).find((v) => v.versionId === override.revisionValue) : w.s3.versions(c.S3Bucket, c.S3ObjectKey).at(-1);
  if (!version) return failed(`The object with key '${c.S3ObjectKey}' does not exist in bucket '${c.S3Bucket}'.`, ACTION_MS.source);
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(version.body);
  } catch {
    files = { [String(c.S3ObjectKey).split('/').pop()!]: version.body };
  }
  return { status: 'Succeeded', durationMs: ACTION_MS.source, revision: { revisionId: version.versionId }, outputArtifacts: { [action.OutputArtifacts?.[0]?.Name]: files } };
}

async function commands(w: ActionWorld, p: Pipeline, e: ExecutionRecord, action: Json, source: string): Promise<ActionOutcome> {
  const output = action.OutputArtifacts?.[0];
  const denied = await w.denial(source, calls(CALLS.Commands));
  if (denied) return failed(deniedText(denied, p, output?.Name ?? action.InputArtifacts?.[0]?.Name ?? ''));
  const input = filesOf(e, action.InputArtifacts);
  if (typeof input === 'string') return failed(input);
  const env: Record<string, string> = {};
  for (const v of action.EnvironmentVariables ?? []) {
    const value = resolveVariables(String(v.Value), e);
    // unsure of CodePipeline's wording for a variable it cannot resolve.
    if (typeof value !== 'string') return failed(`Unable to resolve the variable ${value.missing} in environment variable ${v.Name}`);
    env[v.Name] = value;
  }
  const run = runCommands(action.Commands ?? [], input, env, output?.Files ?? []);
  if (run.exitCode !== 0) {
    // The text CodePipeline records for a CodeBuild action whose build command failed ("Build terminated with
    // state: FAILED. Phase: BUILD, Code: COMMAND_EXECUTION_ERROR, Message: Error while executing command: ...
    // Reason: exit status 1": a recorded GetPipelineState errorDetails, GitHub id 67578369332, and a
    // pipeline's failure report, GitHub id 68584450801); that the Commands action, which runs on
    // CodeBuild, shows the same: unsure.
    return {
      ...failed(`Build terminated with state: FAILED. Phase: BUILD, Code: COMMAND_EXECUTION_ERROR, Message: Error while executing command: ${run.failed}. Reason: exit status ${run.exitCode}`, ACTION_MS.compute),
      log: run.log,
    };
  }
  return { status: 'Succeeded', durationMs: ACTION_MS.compute, log: run.log, ...(output ? { outputArtifacts: { [output.Name]: run.files } } : {}) };
}

async function ecsDeploy(w: ActionWorld, p: Pipeline, e: ExecutionRecord, action: Json, source: string): Promise<ActionOutcome> {
  const c = action.Configuration ?? {};
  const cluster = c.ClusterName;
  const service = c.ServiceName;
  let current: Json;
  try {
    const described = w.ecs.DescribeServices({ cluster, services: [service] }).services[0];
    current = w.ecs.DescribeTaskDefinition({ taskDefinition: described.taskDefinition }).taskDefinition;
  } catch {
    return failed(`The Amazon ECS service ${service} does not exist in cluster ${cluster}`); // unsure of the exact text
  }
  const denied = await w.denial(source, calls([...CALLS.ECS, ...(current.taskRoleArn ? ['pipeline-passes-task-role'] : [])]));
  if (denied) return failed(deniedText(denied, p, action.InputArtifacts?.[0]?.Name ?? ''));
  const input = filesOf(e, action.InputArtifacts);
  if (typeof input === 'string') return failed(input);
  const fileName = c.FileName ?? 'imagedefinitions.json';
  let definitions: Array<{ name: string; imageUri: string }>;
  try {
    definitions = JSON.parse(text(input[fileName]) ?? '');
  } catch {
    return failed(`Exception while trying to read the image definitions file ${fileName} from the input artifact`); // unsure
  }
  const containers = (current.containerDefinitions as Json[]).map((cd) => ({ ...cd }));
  for (const d of definitions) {
    const container = containers.find((cd) => cd.name === d.name);
    if (!container) return failed(`The container ${d.name} does not exist in the task definition`); // unsure
    container.image = d.imageUri;
  }
  const registered = w.ecs.RegisterTaskDefinition({
    family: current.family,
    containerDefinitions: containers,
    ...(current.executionRoleArn ? { executionRoleArn: current.executionRoleArn } : {}),
    ...(current.taskRoleArn ? { taskRoleArn: current.taskRoleArn } : {}),
  }).taskDefinition;
  w.ecs.UpdateService({ cluster, service, taskDefinition: registered.taskDefinitionArn });
  // The action waits for the deployment until its DeploymentTimeout (minutes, 1-60, default 60: aws-cdk's
  // EcsDeployAction deploymentTimeout). Tasks that cannot start leave the deployment IN_PROGRESS (no
  // circuit breaker here), and the action runs into that timeout rather than failing with the tasks'
  // reason (aws/aws-cdk#29876: "The EcsDeployAction times out", the pull error is on the stopped task;
  // aws/containers-roadmap#1399, #1372: the deploy stage stays In progress until the one-hour timeout).
  const timeoutMs = Math.min(Math.max(Number(c.DeploymentTimeout ?? 60) || 60, 1), 60) * 60_000;
  let waited = 0;
  return {
    status: 'Succeeded',
    durationMs: 0,
    waitFor: {
      pollMs: ACTION_MS.deployPoll,
      check: () => {
        waited += ACTION_MS.deployPoll;
        const d = w.ecs.DescribeServices({ cluster, services: [service] }).services[0]?.deployments?.find((x: Json) => x.taskDefinition === registered.taskDefinitionArn);
        if (d?.rolloutState === 'COMPLETED') return { done: true };
        if (waited >= timeoutMs) return { done: true, error: `The ECS deployment of service ${service} in cluster ${cluster} did not reach a steady state within ${timeoutMs / 60_000} minutes` }; // wording: the fake's
        return { done: false };
      },
    },
  };
}

/** Runs one action of an execution; `source` is the account of the pipeline's ECR source (for the access model). */
export async function runAction(w: ActionWorld, p: Pipeline, e: ExecutionRecord, action: Json): Promise<ActionOutcome> {
  const source = ecrSourceAccount(e.definition) ?? w.account;
  switch (action.ActionTypeId?.Provider) {
    case 'ECR':
      return ecrSource(w, p, e, action);
    case 'S3':
      return s3Source(w, p, e, action, source);
    case 'Commands':
      return commands(w, p, e, action, source);
    case 'ECS':
      return ecsDeploy(w, p, e, action, source);
    default:
      return failed(`the fake does not run ${action.ActionTypeId?.Provider} actions`);
  }
}
