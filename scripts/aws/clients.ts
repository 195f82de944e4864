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
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type Change,
  type DescribeChangeSetCommandOutput,
} from '@aws-sdk/client-cloudformation';
import { DescribeEventBusCommand, EventBridgeClient, PutPermissionCommand, RemovePermissionCommand } from '@aws-sdk/client-eventbridge';
import { GetBucketVersioningCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { codeOf, isMissingStack } from './aws-errors';
import type { AccountPorts, BusStatement, ChangeSetState, CloudFormationPort, EventsPort, ResourceChange, S3Port, StackEvent, StsPort } from './ports';

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
    async deleteStack(name) {
      await client.send(new DeleteStackCommand({ StackName: name }));
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
  };
}
