/**
 * Whether the deployed stacks let a call through, for the fake's pipeline, event routing and ECS pulls.
 * The access proof's own model (scripts/access-model/access-model.ts), built here from what the fake's stacks
 * hold now (their resolved resources, a resource edited by hand as edited, and account B's bus policy)
 * instead of the example deployment, and evaluated with the same simulator (scripts/verify/evaluate.ts).
 * So a missing grant fails a run in the fake exactly where the proof would name it, and the fake holds no
 * second belief about what each call needs: the calls are the flow's (scripts/access-model/flow.ts), whose rows
 * cite the action reference pages.
 *
 * Shortcut: account A's stack is the one that holds the repository and the source role, account B's the
 * one that holds the pipeline; calls between resources the model does not know are not checked.
 */
import { buildAccessModel, type AccessModel } from '../../scripts/access-model/access-model';
import { evaluate, requestsOf, type CallSpec, type Evaluation } from '../../scripts/verify/evaluate';
import type { ExampleDeployment } from '../../scripts/access-model/example-deployment';
import type { ResolvedDeployment } from '../../scripts/access-model/resolve-deployment';
import type { ResolvedTemplate } from '../../scripts/access-model/resolve-template';
import { eventBusPermission } from '../../templates-src/policies/event-bus-permission';
import type { FakeCloudFormation, LiveStack } from './fake-cloudformation';
import type { FakeEventBridge } from './fake-eventbridge';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A third account of the model, which has no part in the pipeline (the model's probes need one). */
const OTHER_ACCOUNT = '999988887777';

export interface AccessWorld {
  cloudFormation(account: string, region: string): FakeCloudFormation;
  eventBridge(account: string, region: string): FakeEventBridge;
}

/** Where the two stacks are. */
export interface Placement {
  source: string;
  target: string;
  region: string;
}

/** A call the deployed policies refuse: what the service would report. */
export interface Denial {
  action: string;
  /** The caller as AWS names it in messages (an assumed-role session, or the service). */
  caller: string;
  resourceArn: string;
  /** The IAM message (troubleshoot_access-denied: "User: ... is not authorized to perform: ... on resource: ... because ..."). */
  message: string;
  evaluation: Evaluation;
}

const isSourceStack = (s: LiveStack) => Object.values(s.resources).some((r) => r.type === 'AWS::ECR::Repository') && 'SourceRole' in s.resources;
const isTargetStack = (s: LiveStack) => Object.values(s.resources).some((r) => r.type === 'AWS::CodePipeline::Pipeline');

/**
 * Account B's stacks as one: the pipeline's stack, and when the pipeline sits in a stack of its own (the
 * StackSets engine's stage 2, scripts/stacksets/pipeline-part.ts) the stage-1 stack beside it that holds
 * the pipeline role, read together as the one stack the targets engine makes.
 */
function resolvedTarget(stacks: LiveStack[]): ResolvedTemplate | undefined {
  const pipeline = stacks.find(isTargetStack);
  if (!pipeline) return undefined;
  if ('PipelineRole' in pipeline.resources) return resolved(pipeline);
  const foundation = stacks.find((s) => s !== pipeline && 'PipelineRole' in s.resources);
  if (!foundation) return undefined;
  const [one, two] = [resolved(foundation), resolved(pipeline)];
  return {
    stack: one.stack,
    parameters: { ...one.parameters, ...two.parameters },
    resources: { ...one.resources, ...two.resources },
    physical: { ...one.physical, ...two.physical },
    outputs: { ...one.outputs, ...two.outputs },
  };
}

function resolved(s: LiveStack): ResolvedTemplate {
  const ids = Object.keys(s.resources);
  return {
    stack: { stackName: s.name, accountId: s.account, region: s.region, partition: s.partition },
    parameters: s.parameters,
    resources: Object.fromEntries(ids.map((id) => [id, { Type: s.resources[id].type, Properties: s.properties(id) }])),
    physical: Object.fromEntries(ids.map((id) => [id, { type: s.resources[id].type, ref: s.resources[id].ref, attributes: s.resources[id].attributes }])),
    outputs: s.outputs,
  };
}

/** `arn:aws:sts::<account>:assumed-role/<name>/<session>` for a role; the service principal as is. */
function callerName(e: Evaluation): string {
  const c = e.request.caller;
  if (c.service) return c.arn;
  return c.arn.replace(/^arn:([^:]+):iam::(\d+):role\/(?:.*\/)?([^/]+)$/, 'arn:$1:sts::$2:assumed-role/$3/fake-session');
}

/**
 * The IAM access-denied message: "User: <principal> is not authorized to perform: <action> on resource:
 * <ARN> because no identity-based policy allows the <action> action" (IAM user guide, "Troubleshoot access
 * denied error messages"), the reason taken from which side refused.
 */
function deniedMessage(e: Evaluation): string {
  const { action, resource } = e.request;
  const why =
    e.denies.length > 0
      ? `with an explicit deny in ${e.callerAllows.length > 0 || !e.request.resource.policy ? 'an identity-based' : 'a resource-based'} policy`
      : e.callerAllows.length === 0 && !e.request.caller.service
        ? `because no identity-based policy allows the ${action} action`
        : `because no resource-based policy allows the ${action} action`;
  return `User: ${callerName(e)} is not authorized to perform: ${action} on resource: ${resource.arn} ${why}`;
}

export class DeployedAccess {
  private cache: { key: string; model: AccessModel | undefined; results: Map<string, Evaluation[]> } | undefined;

  constructor(private readonly world: AccessWorld) {}

  private key(p: Placement): string {
    const versions = [this.world.cloudFormation(p.source, p.region).version, this.world.cloudFormation(p.target, p.region).version, this.world.eventBridge(p.target, p.region).version];
    return `${p.source}/${p.target}/${p.region}/${versions.join('/')}`;
  }

  /** The access model of the deployment as it stands; undefined while either stack is missing. */
  model(p: Placement): AccessModel | undefined {
    const key = this.key(p);
    if (this.cache?.key === key) return this.cache.model;
    const source = this.world.cloudFormation(p.source, p.region).liveStacks().find(isSourceStack);
    const target = resolvedTarget(this.world.cloudFormation(p.target, p.region).liveStacks());
    let model: AccessModel | undefined;
    if (source && target) {
      const statement = this.world
        .eventBridge(p.target, p.region)
        .statements()
        .find((s: Json) => s.Principal?.AWS === `arn:${target.stack.partition}:iam::${p.source}:root`);
      const example: ExampleDeployment = {
        accounts: { A: p.source, B: p.target, C: OTHER_ACCOUNT },
        region: p.region,
        partition: target.stack.partition,
        stackNames: { A: source.name, B: target.stack.stackName },
        busStatementId: statement?.Sid ?? '',
        typed: { A: {}, B: {}, B2: {} },
      };
      const deployment: ResolvedDeployment = {
        example,
        templates: { 'AccB-pipeline-1': target, 'AccA-pipeline': resolved(source), 'AccB-pipeline-2': target },
        ...(statement ? { busPermission: eventBusPermission(p.source, statement.Sid) } : {}),
      };
      model = buildAccessModel(deployment);
    }
    this.cache = { key, model, results: new Map() };
    return model;
  }

  /** The model key of a principal or resource with this ARN (a role of a stack, a rule, the bus). */
  keyOf(p: Placement, arn: string): string | undefined {
    const model = this.model(p);
    if (!model) return undefined;
    for (const x of [...model.principals.values(), ...model.resources.values()]) if (x.arn === arn) return x.key;
    return undefined;
  }

  /** The first request of the calls that the deployed policies refuse; undefined when all are allowed (or cannot be modelled). */
  async firstDenial(p: Placement, calls: CallSpec[]): Promise<Denial | undefined> {
    const model = this.model(p);
    if (!model) return undefined;
    const results = this.cache!.results;
    for (const call of calls) {
      const cacheKey = JSON.stringify(call);
      let evaluations = results.get(cacheKey);
      if (!evaluations) {
        evaluations = [];
        for (const request of requestsOf(model, 'call', call, call.id)) evaluations.push(await evaluate(model, request));
        results.set(cacheKey, evaluations);
      }
      const denied = evaluations.find((e) => e.decision !== 'Allowed');
      if (denied) return { action: denied.request.action, caller: callerName(denied), resourceArn: denied.request.resource.arn, message: deniedMessage(denied), evaluation: denied };
    }
    return undefined;
  }
}
