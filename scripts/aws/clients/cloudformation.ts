/** CloudFormation's port: stacks, change sets, events, resources and drift, with "does not exist" as undefined. */
import {
  type CloudFormationClient,
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
import { isMissingStack } from '../aws-errors';
import { paged } from '../paging';
import { record } from './shared';
import type { ChangeSetState, CloudFormationPort, ResourceChange, StackEvent, StackResource } from '../ports';

export function cloudFormationPort(client: CloudFormationClient, roleArn: string | undefined): CloudFormationPort {
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
          ...(s.EnableTerminationProtection ? { terminationProtection: true } : {}),
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
    // Each page through `page`: a throttled page is retried alone (aws/paging.ts).
    describeChangeSet: paged<CloudFormationPort['describeChangeSet']>((page) => async (stackName, id): Promise<ChangeSetState> => {
      const changes: ResourceChange[] = [];
      let token: string | undefined;
      let first: DescribeChangeSetCommandOutput | undefined;
      do {
        const out = await page(() => client.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: id, ...(token ? { NextToken: token } : {}) })));
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
    }),
    async executeChangeSet(stackName, id, clientRequestToken) {
      await client.send(new ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: id, ClientRequestToken: clientRequestToken }));
    },
    changeSetFailures: paged<CloudFormationPort['changeSetFailures']>((page) => async (changeSetArn) => {
      const failures: Awaited<ReturnType<CloudFormationPort['changeSetFailures']>> = [];
      let token: string | undefined;
      do {
        // By ARN: the name alone is refused (cloudformation-cli issue #1116).
        const out = await page(() => client.send(new DescribeEventsCommand({ ChangeSetName: changeSetArn, Filters: { FailedEvents: true }, ...(token ? { NextToken: token } : {}) })));
        for (const e of out.OperationEvents ?? []) {
          const reason = e.ValidationStatusReason ?? e.HookStatusReason ?? e.ResourceStatusReason;
          if (!reason) continue;
          failures.push({ logicalId: e.LogicalResourceId ?? '?', resourceType: e.ResourceType ?? '?', ...(e.ValidationName ? { validation: e.ValidationName } : {}), reason });
        }
        token = out.NextToken;
      } while (token);
      return failures;
    }),
    async deleteChangeSet(stackName, id) {
      await client.send(new DeleteChangeSetCommand({ StackName: stackName, ChangeSetName: id }));
    },
    async deleteStack(name, retainResources, clientRequestToken) {
      await client.send(
        new DeleteStackCommand({ StackName: name, ...(retainResources && retainResources.length > 0 ? { RetainResources: retainResources } : {}), ClientRequestToken: clientRequestToken, ...withRole }),
      );
    },
    async continueUpdateRollback(name, clientRequestToken) {
      await client.send(new ContinueUpdateRollbackCommand({ StackName: name, ClientRequestToken: clientRequestToken, ...withRole }));
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
    stackResources: paged<CloudFormationPort['stackResources']>((page) => async (name) => {
      const resources: StackResource[] = [];
      let token: string | undefined;
      do {
        const out = await page(() => client.send(new ListStackResourcesCommand({ StackName: name, ...(token ? { NextToken: token } : {}) })));
        for (const r of out.StackResourceSummaries ?? []) {
          resources.push({ logicalId: r.LogicalResourceId ?? '', type: r.ResourceType ?? '', status: r.ResourceStatus ?? '', ...(r.PhysicalResourceId ? { physicalId: r.PhysicalResourceId } : {}) });
        }
        token = out.NextToken;
      } while (token);
      return resources;
    }),
    async templateBody(name) {
      // Original: the template as submitted, which is what the tool compares with what it would deploy
      // (API reference, GetTemplate TemplateStage: "Original" or "Processed", after transforms).
      const out = await client.send(new GetTemplateCommand({ StackName: name, TemplateStage: 'Original' }));
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
    resourceDrifts: paged<CloudFormationPort['resourceDrifts']>((page) => async (name) => {
      const drifts: Awaited<ReturnType<CloudFormationPort['resourceDrifts']>> = [];
      let token: string | undefined;
      do {
        const out = await page(() =>
          client.send(new DescribeStackResourceDriftsCommand({ StackName: name, StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'], ...(token ? { NextToken: token } : {}) })),
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
    }),
  };
}
