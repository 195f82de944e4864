/**
 * A fake of the EventBridge bus-policy API for one account and region, and the rules stacks create on
 * its buses, which FakeAws routes events through (see fake-aws.md).
 */
import { matchesPattern } from './event-pattern';
import { fault } from './fault';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Bus {
  name: string;
  statements: Map<string, Json>;
}

/** An AWS::Events::Rule as a stack (or a person in the console) made it (resolved properties). */
export interface Rule {
  name: string;
  arn: string;
  busName: string;
  pattern: Json;
  /** ENABLED or DISABLED: a disabled rule routes nothing. */
  state: string;
  description?: string;
  targets: Json[];
}

const MAX_POLICY_BYTES = 10 * 1024;

export class FakeEventBridge {
  private readonly buses = new Map<string, Bus>();
  /** Rules, as the stacks' AWS::Events::Rule resources (or a person) made them. */
  private readonly rules = new Map<string, Rule>();
  /** Counts changes of the bus policies (caches of access decisions key on it). */
  version = 0;

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
    this.version++;
    if (Buffer.byteLength(this.policy(bus) ?? '') > MAX_POLICY_BYTES) {
      if (before) bus.statements.set(input.StatementId, before);
      else bus.statements.delete(input.StatementId);
      throw fault('PolicyLengthExceededException', 'Policy length exceeds the maximum of 10240 bytes.');
    }
    return {};
  }

  RemovePermission(input: Json): Json {
    const bus = this.bus(input.EventBusName);
    this.version++;
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

  // ----- rules (created by stacks) -----

  /**
   * A rule as an AWS::Events::Rule resource declares it (CloudFormation property names); a later update
   * replaces its definition. State defaults to ENABLED (AWS::Events::Rule, State property).
   */
  putRule(name: string, properties: Json): void {
    const busName = String(properties.EventBusName ?? 'default').split('/').pop()!;
    this.rules.set(name, {
      name,
      arn: `arn:${this.partition}:events:${this.region}:${this.account}:rule/${name}`,
      busName,
      pattern: structuredClone(properties.EventPattern ?? {}),
      state: properties.State ?? 'ENABLED',
      ...(properties.Description ? { description: properties.Description } : {}),
      targets: structuredClone(properties.Targets ?? []),
    });
  }

  deleteRule(name: string): void {
    this.rules.delete(name);
  }

  /** The enabled rules of a bus whose pattern the event matches. */
  matchingRules(busName: string, event: Json): Rule[] {
    return [...this.rules.values()].filter((r) => r.busName === busName && r.state === 'ENABLED' && matchesPattern(r.pattern, event));
  }

  // ----- controls and inspection -----
  deleteBus(name: string): void {
    this.buses.delete(name);
  }

  statements(busName = 'default'): Json[] {
    return [...this.bus(busName).statements.values()];
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
      Arn: r.arn,
      EventPattern: JSON.stringify(r.pattern),
      State: r.state,
      ...(r.description ? { Description: r.description } : {}),
      EventBusName: r.busName,
      CreatedBy: this.account,
    };
  }

  ListTargetsByRule(input: Json): Json {
    return { Targets: this.mustRule(input.Rule).targets.map((t) => ({ ...t })) };
  }
}
