/**
 * The only module that imports the AWS SDK clients: it builds the ports of one account from its
 * credentials and translates SDK shapes and "does not exist" errors into the ports' plain data.
 */
import {
  CloudFormationClient,
  ContinueUpdateRollbackCommand,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeEventsCommand,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceDriftsCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
  type Change,
  type DescribeChangeSetCommandOutput,
} from '@aws-sdk/client-cloudformation';
import {
  CodePipelineClient,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  type PipelineExecutionSummary,
} from '@aws-sdk/client-codepipeline';
import { DescribeImagesCommand, ECRClient, GetRepositoryPolicyCommand, ListImagesCommand } from '@aws-sdk/client-ecr';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, DescribeTasksCommand, ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetKeyPolicyCommand, KMSClient } from '@aws-sdk/client-kms';
import { DescribeEventBusCommand, DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand, PutPermissionCommand, RemovePermissionCommand } from '@aws-sdk/client-eventbridge';
import { GetBucketPolicyCommand, GetBucketVersioningCommand, HeadObjectCommand, ListObjectVersionsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  AssociatePrincipalWithPortfolioCommand,
  AssociateProductWithPortfolioCommand,
  CreatePortfolioCommand,
  CreatePortfolioShareCommand,
  CreateProductCommand,
  CreateProvisioningArtifactCommand,
  DescribePortfolioCommand,
  DescribeProductAsAdminCommand,
  ListPortfolioAccessCommand,
  ListPortfoliosCommand,
  ListPortfoliosForProductCommand,
  ListPrincipalsForPortfolioCommand,
  ListProvisioningArtifactsCommand,
  SearchProductsAsAdminCommand,
  ServiceCatalogClient,
  UpdateProvisioningArtifactCommand,
  type ProvisioningArtifactDetail,
  type Tag,
} from '@aws-sdk/client-service-catalog';
import type { AwsCredentialIdentityProvider, HttpHandlerOptions, HttpRequest, HttpResponse, RequestHandler } from '@smithy/types';
import { codeOf, isMissingStack } from './aws-errors';
import { clockRetryStrategy } from './retry-strategy';
import { readPolicyDocument } from '../iam/policy';
import type {
  AccountPorts,
  BusStatement,
  ChangeSetState,
  CloudFormationPort,
  CodePipelinePort,
  EcrPort,
  EcsPort,
  ExecutionSummary,
  EventsPort,
  IamPort,
  KmsPort,
  LiveRule,
  PolicyDocument,
  ResourceChange,
  S3Port,
  ServiceCatalogPort,
  StackEvent,
  StackResource,
  StsPort,
  VersionRequest,
  VersionSummary,
} from './ports';

export interface ClientOptions {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  /**
   * Attempts per call in the SDK's retry middleware (default 2: one quick retry of a transient or server
   * error). Throttling is left to the engine, which retries it with a notice each time.
   */
  maxAttempts?: number;
  /** How the SDK's retries wait (the run's clock; default: real time). */
  sleep?: (ms: number) => Promise<void>;
  /** Ctrl-C: aborts every request in flight, and no retry starts after it. */
  signal?: AbortSignal;
  /** Tests: the fake AWS's request handler. Default: HTTPS with the timeouts below. */
  requestHandler?: AwsRequestHandler;
  timeouts?: HttpTimeouts;
  /** Endpoints the account's profile configures, by client serviceId (profile-endpoints.ts). */
  endpoints?: Record<string, string>;
  /**
   * The role CloudFormation uses for this account's stack: sent as RoleARN with every change set, delete
   * and rollback continuation, so the stack's resources are made with its permissions, not the caller's.
   */
  cloudFormationRoleArn?: string;
}

/** Sends one HTTP request: the SDK's own handler, or in tests the fake AWS. */
export type AwsRequestHandler = RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions>;

export interface HttpTimeouts {
  /** Connecting to the endpoint (TCP and TLS). */
  connectMs: number;
  /** Waiting for an answer once the request is sent (the socket idles that long at most). */
  responseMs: number;
}

/** An endpoint that accepts and never answers is given up on after these (then the SDK retries once). */
export const DEFAULT_TIMEOUTS: HttpTimeouts = { connectMs: 10_000, responseMs: 30_000 };

const record = (items: Array<{ Key?: string; Value?: string }> | undefined, key: 'Key' | 'ParameterKey' | 'OutputKey' = 'Key') =>
  Object.fromEntries((items ?? []).map((i) => [(i as Record<string, string>)[key], (i as Record<string, string>)[key === 'Key' ? 'Value' : key === 'ParameterKey' ? 'ParameterValue' : 'OutputValue'] ?? '']));

function cloudFormationPort(client: CloudFormationClient, roleArn: string | undefined): CloudFormationPort {
  const withRole = roleArn ? { RoleARN: roleArn } : {};
  return {
    async describeStack(name) {
      try {
        const out = await client.send(new DescribeStacksCommand({ StackName: name }));
        const s = out.Stacks?.[0];
        if (!s || s.StackStatus === 'DELETE_COMPLETE') return undefined;
        return {
          stackId: s.StackId ?? name,
          name: s.StackName ?? name,
          status: s.StackStatus ?? 'UNKNOWN',
          ...(s.StackStatusReason ? { statusReason: s.StackStatusReason } : {}),
          parameters: record(s.Parameters as Array<{ Key?: string }>, 'ParameterKey'),
          outputs: record(s.Outputs as Array<{ Key?: string }>, 'OutputKey'),
          tags: record(s.Tags),
          ...(s.LastUpdatedTime ?? s.CreationTime ? { lastUpdated: s.LastUpdatedTime ?? s.CreationTime } : {}),
        };
      } catch (e) {
        if (isMissingStack(e)) return undefined;
        throw e;
      }
    },
    async createChangeSet(r) {
      const out = await client.send(
        new CreateChangeSetCommand({
          StackName: r.stackName,
          ChangeSetName: r.changeSetName,
          ChangeSetType: r.type,
          TemplateBody: r.templateBody,
          Parameters: Object.entries(r.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
          Capabilities: r.capabilities,
          Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })),
          Description: r.description,
          ClientToken: r.clientToken,
          ...withRole,
        }),
      );
      return { id: out.Id ?? r.changeSetName, stackId: out.StackId ?? r.stackName };
    },
    async describeChangeSet(stackName, id): Promise<ChangeSetState> {
      const changes: ResourceChange[] = [];
      let token: string | undefined;
      let first: DescribeChangeSetCommandOutput | undefined;
      do {
        const out = await client.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: id, ...(token ? { NextToken: token } : {}) }));
        first ??= out;
        for (const c of (out.Changes ?? []) as Change[]) {
          const rc = c.ResourceChange;
          if (!rc) continue;
          changes.push({
            action: rc.Action ?? 'Unknown',
            logicalId: rc.LogicalResourceId ?? '?',
            resourceType: rc.ResourceType ?? '?',
            ...(rc.Replacement ? { replacement: rc.Replacement } : {}),
          });
        }
        token = out.NextToken;
      } while (token);
      return {
        id,
        status: first?.Status ?? 'UNKNOWN',
        ...(first?.ExecutionStatus ? { executionStatus: first.ExecutionStatus } : {}),
        ...(first?.StatusReason ? { statusReason: first.StatusReason } : {}),
        changes,
      };
    },
    async executeChangeSet(stackName, id, clientRequestToken) {
      await client.send(new ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: id, ClientRequestToken: clientRequestToken }));
    },
    async changeSetFailures(changeSetArn) {
      const failures: Awaited<ReturnType<CloudFormationPort['changeSetFailures']>> = [];
      let token: string | undefined;
      do {
        // By ARN: the name alone is refused (cloudformation-cli issue #1116).
        const out = await client.send(new DescribeEventsCommand({ ChangeSetName: changeSetArn, Filters: { FailedEvents: true }, ...(token ? { NextToken: token } : {}) }));
        for (const e of out.OperationEvents ?? []) {
          const reason = e.ValidationStatusReason ?? e.HookStatusReason ?? e.ResourceStatusReason;
          if (!reason) continue;
          failures.push({ logicalId: e.LogicalResourceId ?? '?', resourceType: e.ResourceType ?? '?', ...(e.ValidationName ? { validation: e.ValidationName } : {}), reason });
        }
        token = out.NextToken;
      } while (token);
      return failures;
    },
    async deleteChangeSet(stackName, id) {
      await client.send(new DeleteChangeSetCommand({ StackName: stackName, ChangeSetName: id }));
    },
    async deleteStack(name, retainResources) {
      await client.send(new DeleteStackCommand({ StackName: name, ...(retainResources && retainResources.length > 0 ? { RetainResources: retainResources } : {}), ...withRole }));
    },
    async continueUpdateRollback(name) {
      await client.send(new ContinueUpdateRollbackCommand({ StackName: name, ...withRole }));
    },
    async stackEvents(name, nextToken) {
      const out = await client.send(new DescribeStackEventsCommand({ StackName: name, ...(nextToken ? { NextToken: nextToken } : {}) }));
      const events: StackEvent[] = (out.StackEvents ?? []).map((e) => ({
        eventId: e.EventId ?? '',
        timestamp: e.Timestamp ?? new Date(0),
        logicalId: e.LogicalResourceId ?? '',
        resourceType: e.ResourceType ?? '',
        status: e.ResourceStatus ?? '',
        ...(e.ResourceStatusReason ? { reason: e.ResourceStatusReason } : {}),
        ...(e.PhysicalResourceId ? { physicalId: e.PhysicalResourceId } : {}),
        ...(e.ClientRequestToken ? { clientRequestToken: e.ClientRequestToken } : {}),
      }));
      return { events, ...(out.NextToken ? { nextToken: out.NextToken } : {}) };
    },
    async stackResources(name) {
      const resources: StackResource[] = [];
      let token: string | undefined;
      do {
        const out = await client.send(new ListStackResourcesCommand({ StackName: name, ...(token ? { NextToken: token } : {}) }));
        for (const r of out.StackResourceSummaries ?? []) {
          resources.push({ logicalId: r.LogicalResourceId ?? '', type: r.ResourceType ?? '', status: r.ResourceStatus ?? '', ...(r.PhysicalResourceId ? { physicalId: r.PhysicalResourceId } : {}) });
        }
        token = out.NextToken;
      } while (token);
      return resources;
    },
    async templateBody(name) {
      const out = await client.send(new GetTemplateCommand({ StackName: name }));
      return out.TemplateBody ?? '';
    },
    async detectDrift(name) {
      const out = await client.send(new DetectStackDriftCommand({ StackName: name }));
      return out.StackDriftDetectionId ?? '';
    },
    async driftDetection(detectionId) {
      const out = await client.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: detectionId }));
      return {
        detectionStatus: out.DetectionStatus ?? 'UNKNOWN',
        ...(out.StackDriftStatus ? { stackDriftStatus: out.StackDriftStatus } : {}),
        ...(out.DetectionStatusReason ? { reason: out.DetectionStatusReason } : {}),
        ...(out.DriftedStackResourceCount !== undefined ? { driftedCount: out.DriftedStackResourceCount } : {}),
      };
    },
    async resourceDrifts(name) {
      const drifts: Awaited<ReturnType<CloudFormationPort['resourceDrifts']>> = [];
      let token: string | undefined;
      do {
        const out = await client.send(
          new DescribeStackResourceDriftsCommand({ StackName: name, StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'], ...(token ? { NextToken: token } : {}) }),
        );
        for (const d of out.StackResourceDrifts ?? []) {
          drifts.push({
            logicalId: d.LogicalResourceId ?? '',
            type: d.ResourceType ?? '',
            status: d.StackResourceDriftStatus ?? '',
            ...(d.PhysicalResourceId ? { physicalId: d.PhysicalResourceId } : {}),
            differences: (d.PropertyDifferences ?? []).map((p) => ({
              path: p.PropertyPath ?? '',
              difference: p.DifferenceType ?? '',
              ...(p.ExpectedValue !== undefined ? { expected: p.ExpectedValue } : {}),
              ...(p.ActualValue !== undefined ? { actual: p.ActualValue } : {}),
            })),
          });
        }
        token = out.NextToken;
      } while (token);
      return drifts;
    },
  };
}

function eventsPort(client: EventBridgeClient): EventsPort {
  return {
    async busPolicy(busName) {
      const out = await client.send(new DescribeEventBusCommand({ Name: busName }));
      if (!out.Policy) return [];
      const policy = JSON.parse(out.Policy) as { Statement?: Array<Record<string, unknown>> };
      return (policy.Statement ?? []).map((s): BusStatement => {
        const principal = s.Principal as string | { AWS?: string } | undefined;
        return {
          sid: String(s.Sid ?? ''),
          principal: typeof principal === 'string' ? principal : String(principal?.AWS ?? ''),
          action: String(s.Action ?? ''),
          ...(s.Resource ? { resource: String(s.Resource) } : {}),
        };
      });
    },
    async putPermission(busName, statementId, principalAccount) {
      await client.send(new PutPermissionCommand({ EventBusName: busName, Action: 'events:PutEvents', Principal: principalAccount, StatementId: statementId }));
    },
    async removePermission(busName, statementId) {
      await client.send(new RemovePermissionCommand({ EventBusName: busName, StatementId: statementId }));
    },
    async rule(name) {
      try {
        const rule = await client.send(new DescribeRuleCommand({ Name: name }));
        const targets: LiveRule['targets'] = [];
        let token: string | undefined;
        do {
          const out = await client.send(new ListTargetsByRuleCommand({ Rule: name, ...(token ? { NextToken: token } : {}) }));
          for (const t of out.Targets ?? []) targets.push({ id: t.Id ?? '', arn: t.Arn ?? '', ...(t.RoleArn ? { roleArn: t.RoleArn } : {}) });
          token = out.NextToken;
        } while (token);
        return {
          name: rule.Name ?? name,
          arn: rule.Arn ?? '',
          state: rule.State ?? 'UNKNOWN',
          ...(rule.EventPattern ? { pattern: JSON.parse(rule.EventPattern) as Record<string, unknown> } : {}),
          targets,
        };
      } catch (e) {
        if (codeOf(e) === 'ResourceNotFoundException') return undefined;
        throw e;
      }
    },
  };
}

const statusOf = (e: unknown) => (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;

/**
 * A HEAD answer has no body, so a 403 reaches the SDK without a name or a reason. What it means is in
 * the S3 API reference (HeadObject, Permissions): the caller may not s3:GetObject the object, or the
 * object does not exist and the caller may not s3:ListBucket the bucket ("If you don't have the
 * s3:ListBucket permission, Amazon S3 returns an HTTP status code 403 Forbidden error").
 */
function headForbidden(cause: unknown, bucket: string, key: string): Error {
  return Object.assign(
    new Error(
      `S3 answered HeadObject s3://${bucket}/${key} with 403 Forbidden and no reason (HEAD answers carry no body). Either these credentials may not s3:GetObject on object ${key} of bucket ${bucket}, or the object does not exist and they may not s3:ListBucket on bucket ${bucket} (S3 then answers 403 instead of 404). Check both permissions in the identity policy and the bucket policy.`,
    ),
    { name: 'AccessDenied', $metadata: (cause as { $metadata?: unknown }).$metadata, cause },
  );
}

function s3Port(client: S3Client): S3Port {
  return {
    async bucketVersioning(bucket) {
      const out = await client.send(new GetBucketVersioningCommand({ Bucket: bucket }));
      return out.Status === 'Enabled' ? 'Enabled' : out.Status === 'Suspended' ? 'Suspended' : 'Never';
    },
    async headObject(bucket, key) {
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { ...(out.VersionId ? { versionId: out.VersionId } : {}), metadata: out.Metadata ?? {} };
      } catch (e) {
        if (codeOf(e) === 'NotFound' || codeOf(e) === 'NoSuchKey') return undefined;
        if (statusOf(e) === 403) throw headForbidden(e, bucket, key);
        throw e;
      }
    },
    async putObject(bucket, key, body, metadata, contentType) {
      const out = await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, Metadata: metadata, ContentType: contentType }));
      return out.VersionId && out.VersionId !== 'null' ? { versionId: out.VersionId } : {};
    },
    async bucketPolicy(bucket) {
      try {
        const out = await client.send(new GetBucketPolicyCommand({ Bucket: bucket }));
        return out.Policy ? readPolicyDocument<PolicyDocument>(out.Policy) : undefined;
      } catch (e) {
        if (codeOf(e) === 'NoSuchBucketPolicy') return undefined;
        throw e;
      }
    },
    async countObjectVersions(bucket) {
      let count = 0;
      let keyMarker: string | undefined;
      let versionMarker: string | undefined;
      try {
        for (;;) {
          const out = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, ...(keyMarker ? { KeyMarker: keyMarker, VersionIdMarker: versionMarker } : {}) }));
          count += (out.Versions?.length ?? 0) + (out.DeleteMarkers?.length ?? 0);
          if (!out.IsTruncated) return count;
          keyMarker = out.NextKeyMarker;
          versionMarker = out.NextVersionIdMarker;
        }
      } catch (e) {
        if (codeOf(e) === 'NoSuchBucket') return undefined;
        throw e;
      }
    },
  };
}

function codePipelinePort(client: CodePipelineClient): CodePipelinePort {
  // One page of ListPipelineExecutions; [] when the pipeline does not exist.
  const listExecutions = async (name: string, max: number): Promise<ExecutionSummary[]> => {
    try {
      const out = await client.send(new ListPipelineExecutionsCommand({ pipelineName: name, maxResults: max }));
      return (out.pipelineExecutionSummaries ?? []).flatMap((e) => executionSummary(e) ?? []);
    } catch (e) {
      if (codeOf(e) === 'PipelineNotFoundException') return [];
      throw e;
    }
  };
  return {
    async pipelineState(name) {
      try {
        const out = await client.send(new GetPipelineStateCommand({ name }));
        return {
          name: out.pipelineName ?? name,
          stages: (out.stageStates ?? []).map((st) => ({
            name: st.stageName ?? '',
            ...(st.latestExecution?.pipelineExecutionId ? { executionId: st.latestExecution.pipelineExecutionId } : {}),
            ...(st.latestExecution?.status ? { status: st.latestExecution.status } : {}),
            actions: (st.actionStates ?? []).map((a) => ({
              name: a.actionName ?? '',
              ...(a.latestExecution?.status ? { status: a.latestExecution.status } : {}),
              ...(a.latestExecution?.lastStatusChange ? { lastStatusChange: a.latestExecution.lastStatusChange } : {}),
              ...(a.currentRevision?.revisionId ? { revisionId: a.currentRevision.revisionId } : {}),
              ...(a.latestExecution?.errorDetails?.message ? { error: a.latestExecution.errorDetails.message } : {}),
              ...(a.latestExecution?.summary ? { summary: a.latestExecution.summary } : {}),
            })),
          })),
        };
      } catch (e) {
        if (codeOf(e) === 'PipelineNotFoundException') return undefined;
        throw e;
      }
    },
    async actionExecutions(pipeline, executionId) {
      const actions: Awaited<ReturnType<CodePipelinePort['actionExecutions']>> = [];
      let token: string | undefined;
      do {
        const out = await client.send(new ListActionExecutionsCommand({ pipelineName: pipeline, filter: { pipelineExecutionId: executionId }, ...(token ? { nextToken: token } : {}) }));
        for (const a of out.actionExecutionDetails ?? []) {
          actions.push({
            stage: a.stageName ?? '',
            action: a.actionName ?? '',
            status: a.status ?? 'Unknown',
            ...(a.output?.executionResult?.errorDetails?.message ? { error: a.output.executionResult.errorDetails.message } : {}),
            ...(a.output?.executionResult?.externalExecutionSummary ? { summary: a.output.executionResult.externalExecutionSummary } : {}),
            ...(a.output?.outputVariables ? { outputVariables: a.output.outputVariables } : {}),
          });
        }
        token = out.nextToken;
      } while (token);
      return actions;
    },
    async latestExecution(name) {
      // The API lists newest first in practice, but says nothing of the order: the latest start wins.
      return (await listExecutions(name, 5)).sort((a, b) => (b.startTime?.getTime() ?? 0) - (a.startTime?.getTime() ?? 0))[0];
    },
    recentExecutions: listExecutions,
    async execution(name, id) {
      try {
        const out = await client.send(new GetPipelineExecutionCommand({ pipelineName: name, pipelineExecutionId: id }));
        const e = out.pipelineExecution;
        if (!e?.pipelineExecutionId) return undefined;
        return {
          id: e.pipelineExecutionId,
          status: e.status ?? 'Unknown',
          ...(e.trigger?.triggerType ? { trigger: e.trigger.triggerType } : {}),
          ...(e.executionMode ? { executionMode: e.executionMode } : {}),
          artifactRevisions: Object.fromEntries((e.artifactRevisions ?? []).flatMap((r) => (r.name && r.revisionId ? [[r.name, r.revisionId]] : []))),
        };
      } catch (e) {
        if (['PipelineNotFoundException', 'PipelineExecutionNotFoundException'].includes(codeOf(e) ?? '')) return undefined;
        throw e;
      }
    },
  };
}

function executionSummary(e: PipelineExecutionSummary): ExecutionSummary | undefined {
  if (!e.pipelineExecutionId) return undefined;
  const revisions = Object.fromEntries((e.sourceRevisions ?? []).flatMap((r) => (r.actionName && r.revisionId ? [[r.actionName, r.revisionId]] : [])));
  return {
    id: e.pipelineExecutionId,
    status: e.status ?? 'Unknown',
    ...(e.startTime ? { startTime: e.startTime } : {}),
    ...(e.trigger?.triggerType ? { trigger: e.trigger.triggerType } : {}),
    ...(Object.keys(revisions).length > 0 ? { sourceRevisions: revisions } : {}),
  };
}

/**
 * What an ECS service runs: DescribeServices (its primary deployment's task definition; a missing
 * service is a `failures` entry with reason MISSING, a missing cluster ClusterNotFoundException),
 * DescribeTaskDefinition (each container's image), ListTasks and DescribeTasks (the digest each running
 * task pulled: ECS resolves a tag to a digest when a deployment starts).
 */
function ecsPort(client: ECSClient): EcsPort {
  return {
    async serviceImages(cluster, service) {
      try {
        const out = await client.send(new DescribeServicesCommand({ cluster, services: [service] }));
        const s = out.services?.[0];
        const primary = s?.deployments?.find((d) => d.status === 'PRIMARY')?.taskDefinition ?? s?.taskDefinition;
        if (!s || !primary) return undefined;
        const td = (await client.send(new DescribeTaskDefinitionCommand({ taskDefinition: primary }))).taskDefinition;
        const images = Object.fromEntries((td?.containerDefinitions ?? []).flatMap((c) => (c.name && c.image ? [[c.name, c.image]] : [])));
        const arns = (await client.send(new ListTasksCommand({ cluster, serviceName: service, desiredStatus: 'RUNNING' }))).taskArns ?? [];
        const tasks = arns.length > 0 ? ((await client.send(new DescribeTasksCommand({ cluster, tasks: arns.slice(0, 100) }))).tasks ?? []) : [];
        const runningDigests: Record<string, string[]> = {};
        for (const c of tasks.flatMap((t) => t.containers ?? [])) {
          if (!c.name || !c.imageDigest) continue;
          runningDigests[c.name] = [...new Set([...(runningDigests[c.name] ?? []), c.imageDigest])];
        }
        const deploymentsInProgress = (s.deployments ?? []).filter((d) => d.rolloutState === 'IN_PROGRESS').length;
        return { taskDefinition: primary, images, runningDigests, deploymentsInProgress };
      } catch (e) {
        if (['ClusterNotFoundException', 'ServiceNotFoundException'].includes(codeOf(e) ?? '')) return undefined;
        throw e;
      }
    },
  };
}

function ecrPort(client: ECRClient): EcrPort {
  return {
    async countImages(repositoryName) {
      const digests = new Set<string>();
      let token: string | undefined;
      try {
        do {
          const out = await client.send(new ListImagesCommand({ repositoryName, ...(token ? { nextToken: token } : {}) }));
          for (const id of out.imageIds ?? []) digests.add(id.imageDigest ?? id.imageTag ?? '');
          token = out.nextToken;
        } while (token);
        return digests.size;
      } catch (e) {
        if (codeOf(e) === 'RepositoryNotFoundException') return undefined;
        throw e;
      }
    },
    async repositoryPolicy(repositoryName) {
      try {
        const out = await client.send(new GetRepositoryPolicyCommand({ repositoryName }));
        return out.policyText ? readPolicyDocument<PolicyDocument>(out.policyText) : undefined;
      } catch (e) {
        if (codeOf(e) === 'RepositoryPolicyNotFoundException') return undefined;
        throw e;
      }
    },
    async imageOfTag(repositoryName, tag) {
      try {
        const out = await client.send(new DescribeImagesCommand({ repositoryName, imageIds: [{ imageTag: tag }] }));
        const image = out.imageDetails?.[0];
        return image?.imageDigest ? { digest: image.imageDigest, ...(image.imagePushedAt ? { pushedAt: image.imagePushedAt } : {}) } : undefined;
      } catch (e) {
        if (codeOf(e) === 'ImageNotFoundException') return undefined;
        throw e;
      }
    },
  };
}

function stsPort(client: STSClient): StsPort {
  return {
    async callerIdentity() {
      const out = await client.send(new GetCallerIdentityCommand({}));
      return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
    },
  };
}

/** IAM answers policy documents URL-encoded (IAM API reference, GetRole and GetRolePolicy). */
const iamDocument = (text: string | undefined): PolicyDocument => (text ? readPolicyDocument<PolicyDocument>(text) : {});

/**
 * The SDK names IAM's NoSuchEntity error by its modelled shape, NoSuchEntityException (the code on the
 * wire stays NoSuchEntity): both are checked.
 */
const isNoSuchEntity = (e: unknown) => codeOf(e) === 'NoSuchEntityException' || codeOf(e) === 'NoSuchEntity';

function iamPort(client: IAMClient): IamPort {
  return {
    async role(name) {
      try {
        const role = (await client.send(new GetRoleCommand({ RoleName: name }))).Role;
        if (!role) return undefined;
        const names: string[] = [];
        let marker: string | undefined;
        do {
          const out = await client.send(new ListRolePoliciesCommand({ RoleName: name, ...(marker ? { Marker: marker } : {}) }));
          names.push(...(out.PolicyNames ?? []));
          marker = out.IsTruncated ? out.Marker : undefined;
        } while (marker);
        const inline: Record<string, PolicyDocument> = {};
        for (const policyName of names) inline[policyName] = iamDocument((await client.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }))).PolicyDocument);
        const attached: Array<{ name: string; arn: string }> = [];
        do {
          const out = await client.send(new ListAttachedRolePoliciesCommand({ RoleName: name, ...(marker ? { Marker: marker } : {}) }));
          attached.push(...(out.AttachedPolicies ?? []).map((p) => ({ name: p.PolicyName ?? '', arn: p.PolicyArn ?? '' })));
          marker = out.IsTruncated ? out.Marker : undefined;
        } while (marker);
        return { name: role.RoleName ?? name, arn: role.Arn ?? '', roleId: role.RoleId ?? '', trust: iamDocument(role.AssumeRolePolicyDocument), inline, attached };
      } catch (e) {
        if (isNoSuchEntity(e)) return undefined;
        throw e;
      }
    },
  };
}

function kmsPort(client: KMSClient): KmsPort {
  return {
    async keyPolicy(keyId) {
      try {
        const out = await client.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }));
        return out.Policy ? readPolicyDocument<PolicyDocument>(out.Policy) : undefined;
      } catch (e) {
        if (codeOf(e) === 'NotFoundException') return undefined;
        throw e;
      }
    },
  };
}

/** Every page of a Service Catalog listing (PageToken in, NextPageToken out). */
async function allPages<T>(page: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const out = await page(token);
    all.push(...(out.items ?? []));
    token = out.next;
  } while (token);
  return all;
}

const tagList = (tags: Record<string, string>): Tag[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
const artifactParameters = (v: VersionRequest) => ({ Name: v.name, Description: v.description, Type: 'CLOUD_FORMATION_TEMPLATE' as const, Info: { LoadTemplateFromURL: v.templateUrl } });
const version = (d: ProvisioningArtifactDetail | undefined): VersionSummary => ({
  id: d?.Id ?? '',
  name: d?.Name ?? '',
  description: d?.Description ?? '',
  active: d?.Active ?? true,
  guidance: d?.Guidance === 'DEPRECATED' ? 'DEPRECATED' : 'DEFAULT',
});

function serviceCatalogPort(client: ServiceCatalogClient): ServiceCatalogPort {
  const missingAsUndefined = <T>(e: unknown): T | undefined => {
    if (codeOf(e) === 'ResourceNotFoundException') return undefined;
    throw e;
  };
  return {
    async describePortfolio(id) {
      try {
        const out = await client.send(new DescribePortfolioCommand({ Id: id }));
        return { id: out.PortfolioDetail?.Id ?? id, name: out.PortfolioDetail?.DisplayName ?? '', tags: record(out.Tags) };
      } catch (e) {
        return missingAsUndefined(e);
      }
    },
    async listPortfolios() {
      const details = await allPages(async (PageToken) => {
        const out = await client.send(new ListPortfoliosCommand({ ...(PageToken ? { PageToken } : {}) }));
        return { items: out.PortfolioDetails, next: out.NextPageToken };
      });
      return details.map((d) => ({ id: d.Id ?? '', name: d.DisplayName ?? '' }));
    },
    async createPortfolio(r) {
      const out = await client.send(
        new CreatePortfolioCommand({ DisplayName: r.name, Description: r.description, ProviderName: r.providerName, Tags: tagList(r.tags), IdempotencyToken: r.idempotencyToken }),
      );
      return { id: out.PortfolioDetail?.Id ?? '', name: out.PortfolioDetail?.DisplayName ?? r.name, tags: record(out.Tags) };
    },
    async searchProducts(portfolioId) {
      const views = await allPages(async (PageToken) => {
        const out = await client.send(
          new SearchProductsAsAdminCommand({ ...(portfolioId ? { PortfolioId: portfolioId } : { ProductSource: 'ACCOUNT' }), ...(PageToken ? { PageToken } : {}) }),
        );
        return { items: out.ProductViewDetails, next: out.NextPageToken };
      });
      return views.map((v) => ({ id: v.ProductViewSummary?.ProductId ?? '', name: v.ProductViewSummary?.Name ?? '' }));
    },
    async describeProduct(id) {
      try {
        const out = await client.send(new DescribeProductAsAdminCommand({ Id: id }));
        return { id: out.ProductViewDetail?.ProductViewSummary?.ProductId ?? id, name: out.ProductViewDetail?.ProductViewSummary?.Name ?? '', tags: record(out.Tags) };
      } catch (e) {
        return missingAsUndefined(e);
      }
    },
    async createProduct(r) {
      const out = await client.send(
        new CreateProductCommand({
          Name: r.name,
          Owner: r.owner,
          Description: r.description,
          ...(r.distributor ? { Distributor: r.distributor } : {}),
          ...(r.supportEmail ? { SupportEmail: r.supportEmail } : {}),
          ...(r.supportUrl ? { SupportUrl: r.supportUrl } : {}),
          ...(r.supportDescription ? { SupportDescription: r.supportDescription } : {}),
          ProductType: 'CLOUD_FORMATION_TEMPLATE',
          Tags: tagList(r.tags),
          ProvisioningArtifactParameters: artifactParameters(r.firstVersion),
          IdempotencyToken: r.idempotencyToken,
        }),
      );
      const summary = out.ProductViewDetail?.ProductViewSummary;
      return { product: { id: summary?.ProductId ?? '', name: summary?.Name ?? r.name, tags: record(out.Tags) }, version: version(out.ProvisioningArtifactDetail) };
    },
    async listVersions(productId) {
      const out = await client.send(new ListProvisioningArtifactsCommand({ ProductId: productId }));
      return (out.ProvisioningArtifactDetails ?? []).map(version);
    },
    async createVersion(productId, v, token) {
      const out = await client.send(new CreateProvisioningArtifactCommand({ ProductId: productId, Parameters: artifactParameters(v), IdempotencyToken: token }));
      return version(out.ProvisioningArtifactDetail);
    },
    async updateVersion(productId, versionId, change) {
      await client.send(
        new UpdateProvisioningArtifactCommand({
          ProductId: productId,
          ProvisioningArtifactId: versionId,
          ...(change.active !== undefined ? { Active: change.active } : {}),
          ...(change.guidance ? { Guidance: change.guidance } : {}),
        }),
      );
    },
    async portfoliosOfProduct(productId) {
      const details = await allPages(async (PageToken) => {
        const out = await client.send(new ListPortfoliosForProductCommand({ ProductId: productId, ...(PageToken ? { PageToken } : {}) }));
        return { items: out.PortfolioDetails, next: out.NextPageToken };
      });
      return details.map((d) => d.Id ?? '');
    },
    async associateProduct(productId, portfolioId) {
      await client.send(new AssociateProductWithPortfolioCommand({ ProductId: productId, PortfolioId: portfolioId }));
    },
    async principals(portfolioId) {
      const principals = await allPages(async (PageToken) => {
        const out = await client.send(new ListPrincipalsForPortfolioCommand({ PortfolioId: portfolioId, ...(PageToken ? { PageToken } : {}) }));
        return { items: out.Principals, next: out.NextPageToken };
      });
      return principals.map((p) => p.PrincipalARN ?? '');
    },
    async associatePrincipal(portfolioId, principalArn) {
      await client.send(new AssociatePrincipalWithPortfolioCommand({ PortfolioId: portfolioId, PrincipalARN: principalArn, PrincipalType: 'IAM' }));
    },
    async sharedWith(portfolioId) {
      return allPages(async (PageToken) => {
        const out = await client.send(new ListPortfolioAccessCommand({ PortfolioId: portfolioId, ...(PageToken ? { PageToken } : {}) }));
        return { items: out.AccountIds, next: out.NextPageToken };
      });
    },
    async sharePortfolio(portfolioId, accountId) {
      await client.send(new CreatePortfolioShareCommand({ PortfolioId: portfolioId, AccountId: accountId }));
    },
  };
}

/** Every `send` of the client carries the run's abort signal (Ctrl-C ends any request in flight). */
function abortable<C extends { send: (...args: any[]) => Promise<any> }>(client: C, signal: AbortSignal | undefined): C { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!signal) return client;
  const send = client.send.bind(client);
  client.send = ((command: unknown, options?: Record<string, unknown>) => send(command, { abortSignal: signal, ...options })) as C['send'];
  return client;
}

/** The SDK client configuration every client of one account shares. */
export function clientConfig(options: ClientOptions) {
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  return {
    region: options.region,
    credentials: options.credentials,
    retryStrategy: clockRetryStrategy({ maxAttempts: options.maxAttempts ?? 2, retryThrottling: false, sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))) }),
    // An options object: the SDK builds its Node HTTPS handler with these timeouts. Without
    // throwOnRequestTimeout its requestTimeout only logs a warning and the request waits on forever
    // (@smithy/node-http-handler: "Init client requestHandler with throwOnRequestTimeout=true to turn
    // this into an error").
    requestHandler: options.requestHandler ?? { connectionTimeout: timeouts.connectMs, requestTimeout: timeouts.responseMs, throwOnRequestTimeout: true },
  };
}

/** The ports of one account. Clients are created once per run and account. */
export function accountPorts(options: ClientOptions): AccountPorts {
  const shared = clientConfig(options);
  // serviceId as the SDK names it (see profile-endpoints.ts).
  const config = (serviceId: string) => ({ ...shared, ...(options.endpoints?.[serviceId] ? { endpoint: options.endpoints[serviceId] } : {}) });
  const signal = options.signal;
  return {
    cloudFormation: cloudFormationPort(abortable(new CloudFormationClient(config('CloudFormation')), signal), options.cloudFormationRoleArn),
    events: eventsPort(abortable(new EventBridgeClient(config('EventBridge')), signal)),
    s3: s3Port(abortable(new S3Client(config('S3')), signal)),
    sts: stsPort(abortable(new STSClient(config('STS')), signal)),
    codePipeline: codePipelinePort(abortable(new CodePipelineClient(config('CodePipeline')), signal)),
    ecr: ecrPort(abortable(new ECRClient(config('ECR')), signal)),
    ecs: ecsPort(abortable(new ECSClient(config('ECS')), signal)),
    serviceCatalog: serviceCatalogPort(abortable(new ServiceCatalogClient(config('Service Catalog')), signal)),
    iam: iamPort(abortable(new IAMClient(config('IAM')), signal)),
    kms: kmsPort(abortable(new KMSClient(config('KMS')), signal)),
  };
}
