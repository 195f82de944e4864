/**
 * Events between the fake's services, the way EventBridge carries them: a service puts an event on its
 * account's default bus, every enabled rule of that bus whose pattern matches sends it to each target
 * `deliveryMs` later, as the target's role (RoleArn), and only when the deployed policies let that role be
 * assumed and make the call (the rule's hops of the access proof's chain, deployed-access.ts):
 *
 * - an event bus of another account: the event arrives there unchanged, its `id` and `account` (the
 *   sender's) included (LocalStack test_events_cross_account_region
 *   ::test_event_bus_to_event_bus_cross_account_region[default-account], validated against AWS
 *   2024-06-14); an event that already came from another bus is not passed on to a further bus ("If a
 *   receiver account sets up a rule that sends events received from a sender account on to a third
 *   account, these events are not sent to the third account", EventBridge user guide, "Sending and
 *   receiving events between AWS accounts"; error code THIRD_ACCOUNT_HOP_DETECTED, "Using dead-letter
 *   queues");
 * - a refused delivery is not retried: it goes to the target's dead-letter queue when it has one ("for
 *   errors that result from missing permissions to a target ... no retry attempts will happen",
 *   "Using dead-letter queues"), with an error code: FAILED_TO_ASSUME_ROLE when the role could not be
 *   assumed, NO_PERMISSIONS when the role's call was refused (which of NO_PERMISSIONS and
 *   CROSS_ACCOUNT_INGESTION_FAILED AWS gives for a bus policy's refusal: unsure);
 * - a pipeline: StartPipelineExecution with the target's input (an input transformer's output, e.g. the
 *   pushed digest as a source revision override), trigger type CloudWatchEvent with the rule's ARN as
 *   trigger detail (CodePipeline user guide, "Start a pipeline": "This category represents the
 *   CloudWatchEvent trigger type"; API reference, ExecutionTrigger; a recorded list-pipeline-executions
 *   of a rule-started execution, GitHub id 59674370520).
 *
 * Events: ECR's push ("ECR Image Action", ECR user guide) and S3's "Object Created" for buckets with
 * EventBridge notifications on (S3 user guide, "EventBridge event message structure"). `deliveries`
 * records what each rule did, for tests.
 */
import { parseArn } from '../../scripts/iam/arn';
import type { CallSpec } from '../../scripts/verify/evaluate';
import type { Background } from './background';
import type { DeployedAccess } from './deployed-access';
import { transformInput } from './event-pattern';
import type { FakeCodePipeline } from './fake-codepipeline';
import type { FakeEventBridge, Rule } from './fake-eventbridge';
import { ecrSourceAccount } from './pipeline-actions';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Delivery {
  at: number;
  rule: string;
  target: string;
  outcome: 'delivered' | 'started' | 'dead-letter' | 'failed';
  reason?: string;
  /** The dead-letter queue's ERROR_CODE attribute for an undelivered event ("Using dead-letter queues"). */
  errorCode?: string;
  /** The execution a pipeline target started. */
  executionId?: string;
}

export interface RoutingWorld {
  background: Background;
  access: DeployedAccess;
  eventBridge(account: string, region: string): FakeEventBridge;
  codePipeline(account: string, region: string): FakeCodePipeline;
  now(): number;
}

/** The dead-letter ERROR_CODE of a refused hop: the role could not be assumed, or its call was refused. */
const errorCodeOf = (denied: { action: string }) => (denied.action === 'sts:AssumeRole' ? 'FAILED_TO_ASSUME_ROLE' : 'NO_PERMISSIONS');

export class EventRouter {
  readonly deliveries: Delivery[] = [];
  /** How long EventBridge takes to deliver to a target. */
  deliveryMs = 1_000;
  private counter = 0;

  constructor(private readonly world: RoutingWorld) {}

  /** An event of a service of `account`, on that account's default bus. */
  emit(account: string, region: string, event: Omit<Json, 'version' | 'id' | 'time' | 'account' | 'region'>): void {
    const full = { version: '0', id: `fake-event-${++this.counter}`, ...event, account, time: new Date(this.world.now()).toISOString(), region };
    this.put(account, region, 'default', full, false);
  }

  /** `forwarded`: the event came from another bus (a rule's event bus target). */
  private put(account: string, region: string, bus: string, event: Json, forwarded: boolean): void {
    for (const rule of this.world.eventBridge(account, region).matchingRules(bus, event)) {
      for (const target of rule.targets) {
        this.world.background.schedule(this.deliveryMs, `rule ${rule.name} -> ${target.Id}`, () => this.deliver(account, region, rule, target, event, forwarded));
      }
    }
  }

  private record(d: Omit<Delivery, 'at'>): void {
    this.deliveries.push({ at: this.world.now(), ...d });
  }

  /** An event the target did not get: to its dead-letter queue when it has one, else dropped. */
  private undelivered(base: { rule: string; target: string }, target: Json, errorCode: string, reason: string): void {
    this.record({ ...base, outcome: target.DeadLetterConfig ? 'dead-letter' : 'failed', errorCode, reason });
  }

  private async deliver(account: string, region: string, rule: Rule, target: Json, event: Json, forwarded: boolean): Promise<void> {
    const to = parseArn(String(target.Arn));
    const base = { rule: rule.name, target: String(target.Arn) };
    if (to?.service === 'events' && to.resource.startsWith('event-bus/')) {
      if (forwarded) return this.undelivered(base, target, 'THIRD_ACCOUNT_HOP_DETECTED', 'the event came from another event bus and is not passed on to a further one');
      const placement = { source: account, target: to.account, region };
      const denied = await this.world.access.firstDenial(placement, this.hops(placement, 'A', rule, target, { action: 'events:PutEvents', resource: target.Arn }));
      if (denied) return this.undelivered(base, target, errorCodeOf(denied), denied.message);
      this.record({ ...base, outcome: 'delivered' });
      return this.put(to.account, region, to.resource.slice('event-bus/'.length), event, true);
    }
    if (to?.service === 'codepipeline') {
      const pipelines = this.world.codePipeline(to.account, region);
      const input = target.InputTransformer ? transformInput(target.InputTransformer, event, rule) : target.Input ? JSON.parse(target.Input) : event;
      if (!pipelines.exists(to.resource)) return this.undelivered(base, target, 'NO_RESOURCE', `no pipeline ${to.resource}`);
      // The model's account A is the pipeline's ECR source account, whichever account sent the event.
      const source = ecrSourceAccount(pipelines.definition(to.resource)) ?? String(event.account);
      const placement = { source, target: account, region };
      const denied = await this.world.access.firstDenial(placement, this.hops(placement, 'B', rule, target, { action: 'codepipeline:StartPipelineExecution', resource: target.Arn }));
      if (denied) return this.undelivered(base, target, errorCodeOf(denied), denied.message);
      const executionId = pipelines.starter!(to.resource, { trigger: 'CloudWatchEvent', triggerDetail: rule.arn, overrides: input?.sourceRevisions ?? [] });
      return this.record({ ...base, outcome: 'started', executionId });
    }
    this.record({ ...base, outcome: 'failed', reason: 'the fake delivers to event buses and pipelines only' });
  }

  /**
   * The rule's two hops as calls of the access model: EventBridge (for the rule's account) assumes the
   * target's role, on behalf of the rule; the role makes the target's call. A role or resource the model
   * does not know, or a deployment whose two stacks are not both in place yet, is left unchecked.
   */
  private hops(placement: { source: string; target: string; region: string }, side: 'A' | 'B', rule: Rule, target: Json, call: { action: string; resource: string }): CallSpec[] {
    const access = this.world.access;
    const role = access.keyOf(placement, String(target.RoleArn ?? ''));
    const ruleKey = access.keyOf(placement, rule.arn);
    const resource = access.keyOf(placement, call.resource);
    if (!role || !ruleKey) return [];
    const specs: CallSpec[] = [{ id: `${rule.name}-assumes-role`, caller: `${side}:events.amazonaws.com`, actions: ['sts:AssumeRole'], resource: role, sourceArn: ruleKey }];
    if (resource) specs.push({ id: `${rule.name}-calls-target`, caller: role, actions: [call.action], resource });
    return specs;
  }
}
