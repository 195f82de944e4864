/**
 * A fake of the one CloudWatch call the tool makes, DescribeAlarms, for one account and region. Alarms
 * are made outside the tool (a config names one), so tests make them and set their state
 * (`setAlarm`), as CloudWatch does when it evaluates the alarm's metric. Behaviour: fake-aws.md.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

interface Alarm {
  name: string;
  kind: 'MetricAlarm' | 'CompositeAlarm';
  state: AlarmStateValue;
  reason: string;
  updatedAt: Date;
}

export class FakeCloudWatch {
  private readonly alarms = new Map<string, Alarm>();

  constructor(
    readonly account: string,
    readonly region: string,
    private readonly now: () => number,
  ) {}

  /**
   * Makes the alarm or changes its state. A new alarm starts INSUFFICIENT_DATA: "When this operation
   * creates an alarm, the alarm state is immediately set to INSUFFICIENT_DATA" (PutMetricAlarm).
   */
  setAlarm(name: string, state: AlarmStateValue = 'INSUFFICIENT_DATA', reason = `set by the test to ${state}`, kind: Alarm['kind'] = 'MetricAlarm'): void {
    this.alarms.set(name, { name, kind, state, reason, updatedAt: new Date(this.now()) });
  }

  /**
   * DescribeAlarms by name. "If you omit this parameter [AlarmTypes], only metric alarms are returned"
   * (CloudWatch API reference, DescribeAlarms); a name no alarm has is no error, just no member.
   * Answered as MetricAlarms and CompositeAlarms lists with AlarmName, AlarmArn, StateValue,
   * StateReason and StateUpdatedTimestamp (the MetricAlarm and CompositeAlarm data types).
   */
  DescribeAlarms(input: Json): Json {
    const names: string[] | undefined = input.AlarmNames;
    const types: string[] = input.AlarmTypes && input.AlarmTypes.length > 0 ? input.AlarmTypes : ['MetricAlarm'];
    const chosen = [...this.alarms.values()].filter((a) => (!names || names.includes(a.name)) && types.includes(a.kind));
    const member = (a: Alarm) => ({
      AlarmName: a.name,
      AlarmArn: `arn:aws:cloudwatch:${this.region}:${this.account}:alarm:${a.name}`,
      StateValue: a.state,
      StateReason: a.reason,
      StateUpdatedTimestamp: a.updatedAt,
    });
    return { MetricAlarms: chosen.filter((a) => a.kind === 'MetricAlarm').map(member), CompositeAlarms: chosen.filter((a) => a.kind === 'CompositeAlarm').map(member) };
  }
}
