/** A fake of the EventBridge bus-policy API for one account and region (see fake-aws.md). */
import { fault } from './fault';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Bus {
  name: string;
  statements: Map<string, Json>;
}

const MAX_POLICY_BYTES = 10 * 1024;

interface Rule {
  name: string;
  pattern?: Json;
  state: string;
  description?: string;
  targets: Json[];
}

export class FakeEventBridge {
  private readonly buses = new Map<string, Bus>();
  /** Rules of the default bus, as the stacks' AWS::Events::Rule resources (or a person) made them. */
  private readonly rules = new Map<string, Rule>();

  constructor(
    readonly account: string,
    readonly region: string,
    readonly partition = 'aws',
  ) {
    this.buses.set('default', { name: 'default', statements: new Map() });
  }

  private bus(name: string | undefined): Bus {
    const b = this.buses.get(name ?? 'default');
    if (!b) throw fault('ResourceNotFoundException', `Event bus ${name} does not exist.`);
    return b;
  }

  private arn(bus: Bus): string {
    return `arn:${this.partition}:events:${this.region}:${this.account}:event-bus/${bus.name}`;
  }

  private policy(bus: Bus): string | undefined {
    if (bus.statements.size === 0) return undefined;
    return JSON.stringify({ Version: '2012-10-17', Statement: [...bus.statements.values()] });
  }

  PutPermission(input: Json): Json {
    const bus = this.bus(input.EventBusName);
    if (input.Policy) throw fault('InvalidParameterValue', 'The fake only supports the statement form of PutPermission.');
    if (input.Action !== 'events:PutEvents') throw fault('ValidationException', `1 validation error detected: Value '${input.Action}' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: events:[a-zA-Z]+`);
    if (typeof input.Principal !== 'string' || !/^(\d{12}|\*)$/.test(input.Principal)) throw fault('ValidationException', `Value '${input.Principal}' at 'principal' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\d{12}|\\*)`);
    if (typeof input.StatementId !== 'string' || !/^[a-zA-Z0-9-_]{1,64}$/.test(input.StatementId)) throw fault('ValidationException', `Value '${input.StatementId}' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+`);
    if (input.Condition && input.Principal !== '*') throw fault('InvalidParameterValue', 'Condition can only be set when principal is "*".');
    const statement: Json = {
      Sid: input.StatementId,
      Effect: 'Allow',
      Principal: input.Principal === '*' ? '*' : { AWS: `arn:${this.partition}:iam::${input.Principal}:root` },
      Action: 'events:PutEvents',
      Resource: this.arn(bus),
      ...(input.Condition ? { Condition: { [input.Condition.Type]: { [input.Condition.Key]: input.Condition.Value } } } : {}),
    };
    const before = bus.statements.get(input.StatementId);
    bus.statements.set(input.StatementId, statement);
    if (Buffer.byteLength(this.policy(bus) ?? '') > MAX_POLICY_BYTES) {
      if (before) bus.statements.set(input.StatementId, before);
      else bus.statements.delete(input.StatementId);
      throw fault('PolicyLengthExceededException', 'Policy length exceeds the maximum of 10240 bytes.');
    }
    return {};
  }

  RemovePermission(input: Json): Json {
    const bus = this.bus(input.EventBusName);
    if (input.RemoveAllPermissions) {
      bus.statements.clear();
      return {};
    }
    if (!bus.statements.delete(input.StatementId)) throw fault('ResourceNotFoundException', `Statement with the provided id ${input.StatementId} does not exist.`);
    return {};
  }

  DescribeEventBus(input: Json): Json {
    const bus = this.bus(input.Name);
    const policy = this.policy(bus);
    return { Name: bus.name, Arn: this.arn(bus), ...(policy ? { Policy: policy } : {}) };
  }

  // ----- controls and inspection -----
  deleteBus(name: string): void {
    this.buses.delete(name);
  }

  statements(busName = 'default'): Json[] {
    return [...this.bus(busName).statements.values()];
  }

  /** A rule on the default bus (by a stack's AWS::Events::Rule, or a person in the console). */
  putRule(name: string, rule: { pattern?: Json; state?: string; description?: string; targets?: Json[] }): void {
    this.rules.set(name, { name, state: rule.state ?? 'ENABLED', targets: structuredClone(rule.targets ?? []), ...(rule.pattern ? { pattern: structuredClone(rule.pattern) } : {}), ...(rule.description ? { description: rule.description } : {}) });
  }

  deleteRule(name: string): void {
    this.rules.delete(name);
  }

  ruleNames(): string[] {
    return [...this.rules.keys()];
  }

  private mustRule(name: string | undefined): Rule {
    const r = this.rules.get(name ?? '');
    // EventBridge API reference, DescribeRule: ResourceNotFoundException "Rule <name> does not exist on EventBus default." (wording: unsure)
    if (!r) throw fault('ResourceNotFoundException', `Rule ${name} does not exist on EventBus default.`);
    return r;
  }

  /** EventPattern is returned as a JSON string (EventBridge API reference, DescribeRule). */
  DescribeRule(input: Json): Json {
    const r = this.mustRule(input.Name);
    return {
      Name: r.name,
      Arn: `arn:${this.partition}:events:${this.region}:${this.account}:rule/${r.name}`,
      ...(r.pattern ? { EventPattern: JSON.stringify(r.pattern) } : {}),
      State: r.state,
      ...(r.description ? { Description: r.description } : {}),
      EventBusName: 'default',
      CreatedBy: this.account,
    };
  }

  ListTargetsByRule(input: Json): Json {
    return { Targets: this.mustRule(input.Rule).targets.map((t) => ({ ...t })) };
  }
}
