/**
 * CloudWatch's port: the state of one alarm (DescribeAlarms), which `xacct promote` requires to be OK.
 * Built on the SDK's own CloudWatchClient like every other port, so it shares their credentials,
 * region, endpoints, timeouts, retries, Ctrl-C and call notices (clients.ts). The client speaks
 * awsJson1_0 with the awsQueryCompatible trait (@aws-sdk/client-cloudwatch 3.1178, its runtime config:
 * `protocol: AwsJson1_0Protocol`, `serviceTarget: "GraniteServiceVersion20100801"`,
 * `awsQueryCompatible: true`), so an error carries CloudWatch's Query API code (the `x-amzn-query-error`
 * header), as the Query API named it.
 */
import { type CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchPort } from '../ports';

export function cloudWatchPort(client: CloudWatchClient): CloudWatchPort {
  return {
    async alarmState(alarmName) {
      // "If you omit this parameter, only metric alarms are returned" (DescribeAlarms, AlarmTypes): both
      // kinds, since a rollback alarm may be a composite one. A name no alarm has is no error, just an
      // answer without a member (DescribeAlarms: AlarmNames filters, it does not look up).
      const out = await client.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName], AlarmTypes: ['CompositeAlarm', 'MetricAlarm'] }));
      const alarm = [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])].find((a) => a.AlarmName === alarmName);
      if (!alarm?.StateValue) return undefined;
      return { state: alarm.StateValue, ...(alarm.StateReason ? { reason: alarm.StateReason } : {}) };
    },
  };
}
