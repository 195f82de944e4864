/**
 * CloudFormation's StackSet operations as the StackSets port, with "does not exist" as undefined. One
 * client of the administrator account (the management account, or a delegated administrator: CallAs).
 */
import {
  type CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DeleteStackInstancesCommand,
  DeleteStackSetCommand,
  DescribeStackInstanceCommand,
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  ListStackInstancesCommand,
  ListStackSetOperationResultsCommand,
  UpdateStackInstancesCommand,
  UpdateStackSetCommand,
  type DeploymentTargets,
  type StackSetOperationPreferences,
} from '@aws-sdk/client-cloudformation';
import { codeOf } from '../aws-errors';
import { paged } from '../paging';
import { record } from './shared';
import type { StackInstanceState, StackSetOperationRequest, StackSetOperationResult, StackSetPreferences, StackSetsPort, StackSetTargets } from '../ports';

const parameterList = (p: Record<string, string>) => Object.entries(p).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));

function preferences(p: StackSetPreferences): StackSetOperationPreferences {
  return {
    ...(p.regionConcurrencyType ? { RegionConcurrencyType: p.regionConcurrencyType } : {}),
    ...(p.regionOrder ? { RegionOrder: p.regionOrder } : {}),
    ...(p.maxConcurrentCount !== undefined ? { MaxConcurrentCount: p.maxConcurrentCount } : {}),
    ...(p.maxConcurrentPercentage !== undefined ? { MaxConcurrentPercentage: p.maxConcurrentPercentage } : {}),
    ...(p.failureToleranceCount !== undefined ? { FailureToleranceCount: p.failureToleranceCount } : {}),
    ...(p.failureTolerancePercentage !== undefined ? { FailureTolerancePercentage: p.failureTolerancePercentage } : {}),
    ...(p.concurrencyMode ? { ConcurrencyMode: p.concurrencyMode } : {}),
  };
}

/**
 * Self-managed: the accounts. Service-managed: the OUs, narrowed to the accounts named with
 * AccountFilterType INTERSECTION ("StackSets deploys to the accounts specified in the Accounts parameter"
 * that are in the OUs; API reference, DeploymentTargets AccountFilterType).
 */
function deploymentTargets(t: StackSetTargets): DeploymentTargets {
  if (!t.organizationalUnitIds?.length) return { Accounts: t.accounts };
  return { OrganizationalUnitIds: t.organizationalUnitIds, Accounts: t.accounts, AccountFilterType: 'INTERSECTION' };
}

const isMissingSet = (e: unknown) => codeOf(e) === 'StackSetNotFoundException';

export function stackSetsPort(client: CloudFormationClient, callAs: 'SELF' | 'DELEGATED_ADMIN' | undefined): StackSetsPort {
  const as = callAs ? { CallAs: callAs } : {};
  const instancesInput = (r: StackSetOperationRequest & { overrides: Record<string, string> }) => ({
    StackSetName: r.name,
    DeploymentTargets: deploymentTargets(r.targets),
    Regions: r.targets.regions,
    ParameterOverrides: parameterList(r.overrides),
    OperationPreferences: preferences(r.preferences),
    OperationId: r.operationId,
    ...as,
  });
  return {
    async describeStackSet(name) {
      try {
        const out = await client.send(new DescribeStackSetCommand({ StackSetName: name, ...as }));
        const s = out.StackSet;
        if (!s || s.Status === 'DELETED') return undefined;
        return {
          name: s.StackSetName ?? name,
          id: s.StackSetId ?? name,
          status: s.Status ?? 'UNKNOWN',
          templateBody: s.TemplateBody ?? '',
          parameters: record(s.Parameters as Array<{ Key?: string }>, 'ParameterKey'),
          capabilities: s.Capabilities ?? [],
          permissionModel: s.PermissionModel === 'SERVICE_MANAGED' ? 'SERVICE_MANAGED' : 'SELF_MANAGED',
          managedExecution: s.ManagedExecution?.Active === true,
        };
      } catch (e) {
        if (isMissingSet(e)) return undefined;
        throw e;
      }
    },
    async createStackSet(r) {
      const out = await client.send(
        new CreateStackSetCommand({
          StackSetName: r.name,
          TemplateBody: r.templateBody,
          Parameters: parameterList(r.parameters),
          Capabilities: r.capabilities,
          PermissionModel: r.permissionModel,
          ...(r.autoDeployment ? { AutoDeployment: { Enabled: r.autoDeployment.enabled, RetainStacksOnAccountRemoval: r.autoDeployment.retainStacksOnAccountRemoval } } : {}),
          ManagedExecution: { Active: r.managedExecution },
          ...as,
        }),
      );
      return out.StackSetId ?? r.name;
    },
    async updateStackSet(r) {
      const out = await client.send(
        new UpdateStackSetCommand({
          StackSetName: r.name,
          TemplateBody: r.templateBody,
          Parameters: parameterList(r.parameters),
          Capabilities: r.capabilities,
          // No accounts: every instance of the set (there are none yet when a stage's set changes before its first instance).
          ...(r.targets.accounts.length > 0 ? { DeploymentTargets: deploymentTargets(r.targets), Regions: r.targets.regions } : {}),
          OperationPreferences: preferences(r.preferences),
          OperationId: r.operationId,
          ...as,
        }),
      );
      return out.OperationId ?? r.operationId;
    },
    // Creating and updating instances take the same input: the set, where, the overrides, how.
    async createStackInstances(r) {
      const out = await client.send(new CreateStackInstancesCommand(instancesInput(r)));
      return out.OperationId ?? r.operationId;
    },
    async updateStackInstances(r) {
      const out = await client.send(new UpdateStackInstancesCommand(instancesInput(r)));
      return out.OperationId ?? r.operationId;
    },
    async deleteStackInstances(r) {
      const out = await client.send(
        new DeleteStackInstancesCommand({
          StackSetName: r.name,
          DeploymentTargets: deploymentTargets(r.targets),
          Regions: r.targets.regions,
          RetainStacks: r.retainStacks,
          OperationPreferences: preferences(r.preferences),
          OperationId: r.operationId,
          ...as,
        }),
      );
      return out.OperationId ?? r.operationId;
    },
    async deleteStackSet(name) {
      await client.send(new DeleteStackSetCommand({ StackSetName: name, ...as }));
    },
    stackInstances: paged<StackSetsPort['stackInstances']>((page) => async (name) => {
      const instances: StackInstanceState[] = [];
      let token: string | undefined;
      do {
        const out = await page(() => client.send(new ListStackInstancesCommand({ StackSetName: name, ...(token ? { NextToken: token } : {}), ...as })));
        for (const i of out.Summaries ?? []) {
          instances.push({
            account: i.Account ?? '',
            region: i.Region ?? '',
            status: i.Status ?? 'UNKNOWN',
            ...(i.StackInstanceStatus?.DetailedStatus ? { detailedStatus: i.StackInstanceStatus.DetailedStatus } : {}),
            ...(i.StatusReason ? { reason: i.StatusReason } : {}),
            ...(i.StackId ? { stackId: i.StackId } : {}),
          });
        }
        token = out.NextToken;
      } while (token);
      return instances;
    }),
    async stackInstance(name, account, region) {
      try {
        const out = await client.send(new DescribeStackInstanceCommand({ StackSetName: name, StackInstanceAccount: account, StackInstanceRegion: region, ...as }));
        const i = out.StackInstance;
        if (!i) return undefined;
        return {
          account,
          region,
          status: i.Status ?? 'UNKNOWN',
          ...(i.StackInstanceStatus?.DetailedStatus ? { detailedStatus: i.StackInstanceStatus.DetailedStatus } : {}),
          ...(i.StatusReason ? { reason: i.StatusReason } : {}),
          ...(i.StackId ? { stackId: i.StackId } : {}),
          overrides: record(i.ParameterOverrides as Array<{ Key?: string }>, 'ParameterKey'),
        };
      } catch (e) {
        if (codeOf(e) === 'StackInstanceNotFoundException' || isMissingSet(e)) return undefined;
        throw e;
      }
    },
    async operation(name, operationId) {
      const out = await client.send(new DescribeStackSetOperationCommand({ StackSetName: name, OperationId: operationId, ...as }));
      const o = out.StackSetOperation;
      return { status: o?.Status ?? 'UNKNOWN', action: o?.Action ?? 'UNKNOWN', ...(o?.StatusReason ? { reason: o.StatusReason } : {}) };
    },
    operationResults: paged<StackSetsPort['operationResults']>((page) => async (name, operationId) => {
      const results: StackSetOperationResult[] = [];
      let token: string | undefined;
      do {
        const out = await page(() => client.send(new ListStackSetOperationResultsCommand({ StackSetName: name, OperationId: operationId, ...(token ? { NextToken: token } : {}), ...as })));
        for (const r of out.Summaries ?? []) {
          results.push({ account: r.Account ?? '', region: r.Region ?? '', status: r.Status ?? 'UNKNOWN', ...(r.StatusReason ? { reason: r.StatusReason } : {}) });
        }
        token = out.NextToken;
      } while (token);
      return results;
    }),
  };
}
