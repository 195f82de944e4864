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
import { CodePipelineClient, GetPipelineStateCommand } from '@aws-sdk/client-codepipeline';
import { ECRClient, ListImagesCommand } from '@aws-sdk/client-ecr';
import { DescribeEventBusCommand, EventBridgeClient, PutPermissionCommand, RemovePermissionCommand } from '@aws-sdk/client-eventbridge';
import { GetBucketVersioningCommand, HeadObjectCommand, ListObjectVersionsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { codeOf, isMissingStack } from './aws-errors';
import type {
  AccountPorts,
  BusStatement,
  ChangeSetState,
  CloudFormationPort,
  CodePipelinePort,
  EcrPort,
  EventsPort,
  ResourceChange,
  S3Port,
  StackEvent,
  StackResource,
  StsPort,
} from './ports';

export interface ClientOptions {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  /** The engine retries throttled calls itself (with jitter), so the SDK's own retries are kept short. */
  maxAttempts?: number;
}

const record = (items: Array<{ Key?: string; Value?: string }> | undefined, key: 'Key' | 'ParameterKey' | 'OutputKey' = 'Key') =>
  Object.fromEntries((items ?? []).map((i) => [(i as Record<string, string>)[key], (i as Record<string, string>)[key === 'Key' ? 'Value' : key === 'ParameterKey' ? 'ParameterValue' : 'OutputValue'] ?? '']));

function cloudFormationPort(client: CloudFormationClient): CloudFormationPort {
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
    async executeChangeSet(stackName, id) {
      await client.send(new ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: id }));
    },
    async deleteChangeSet(stackName, id) {
      await client.send(new DeleteChangeSetCommand({ StackName: stackName, ChangeSetName: id }));
    },
    async deleteStack(name, retainResources) {
      await client.send(new DeleteStackCommand({ StackName: name, ...(retainResources && retainResources.length > 0 ? { RetainResources: retainResources } : {}) }));
    },
    async continueUpdateRollback(name) {
      await client.send(new ContinueUpdateRollbackCommand({ StackName: name }));
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
  };
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
        throw e;
      }
    },
    async putObject(bucket, key, body, metadata, contentType) {
      const out = await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, Metadata: metadata, ContentType: contentType }));
      return out.VersionId && out.VersionId !== 'null' ? { versionId: out.VersionId } : {};
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

/** The ports of one account. Clients are created once per run and account. */
export function accountPorts(options: ClientOptions): AccountPorts {
  const config = { region: options.region, credentials: options.credentials, maxAttempts: options.maxAttempts ?? 2 };
  return {
    cloudFormation: cloudFormationPort(new CloudFormationClient(config)),
    events: eventsPort(new EventBridgeClient(config)),
    s3: s3Port(new S3Client(config)),
    sts: stsPort(new STSClient(config)),
    codePipeline: codePipelinePort(new CodePipelineClient(config)),
    ecr: ecrPort(new ECRClient(config)),
  };
}
