/** EventBridge's port: the default bus's policy and its permissions, and the pipeline's rule with its targets. */
import {
  DescribeEventBusCommand,
  DescribeRuleCommand,
  type EventBridgeClient,
  ListTargetsByRuleCommand,
  PutPermissionCommand,
  RemovePermissionCommand,
} from '@aws-sdk/client-eventbridge';
import { codeOf } from '../aws-errors';
import { paged } from '../paging';
import type { BusStatement, EventsPort, LiveRule } from '../ports';

export function eventsPort(client: EventBridgeClient): EventsPort {
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
    // Every request through `page`: a throttled page of targets is retried alone (aws/paging.ts).
    rule: paged<EventsPort['rule']>((page) => async (name) => {
      try {
        const rule = await page(() => client.send(new DescribeRuleCommand({ Name: name })));
        const targets: LiveRule['targets'] = [];
        let token: string | undefined;
        do {
          const out = await page(() => client.send(new ListTargetsByRuleCommand({ Rule: name, ...(token ? { NextToken: token } : {}) })));
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
    }),
  };
}
