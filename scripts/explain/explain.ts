/**
 * The explanation engine: a message in, an Explanation out, for one deployment, held against the
 * policies of the templates the view was built from; `xacct doctor` also passes the live ones
 * (PolicySource). Pure: no AWS call, no file.
 */
import type { AccessModel } from '../access-model/access-model';
import { dedupe } from './answer';
import { callsByCallerAndAction, callsOnResource, intentOf, type Intent } from './calls';
import { candidatesOf } from './candidates';
import type { DeploymentView } from './deployment-view';
import { subjectOfCall, type Subject } from './evaluate-subject';
import { messageFacts, type CallRef, type Candidate, type Explanation } from './explanation';
import { identityChecks, resourceChecks } from './live-commands';
import { mapCaller, type MappedCaller } from './map-caller';
import { mapResource, type MappedResource } from './map-resource';
import type { ParsedMessage } from './message';
import { displayDescription } from './names';
import { parseMessage } from './parse-message';
import { baseKey, templatePolicies, type PolicySource } from './policy-source';
import type { StatementBooks } from './side-findings';
import { judge } from './judge';
import type { Call } from '../access-model/flow';
import { resourceOf } from '../access-model/access-model';

export interface ExplainOptions {
  /**
   * The live policies of both accounts (doctor): each request is also held against them, and where the
   * templates allow what they deny, the answer names the live statement that differs (`liveAllows`).
   */
  live?: PolicySource;
  /** Statements as templates write them: the evaluated templates (wording) and xacct's own (to quote a missing statement). */
  books?: StatementBooks;
}

const callRef = (call: Call): CallRef => ({ id: call.id, step: call.step, documentation: call.documentation });

function intentRef(intent: Intent | undefined): Pick<Explanation, 'intent' | 'call'> {
  if (!intent) return { intent: 'not-a-pipeline-call' };
  switch (intent.kind) {
    case 'pipeline-call':
    case 'administration':
      return { intent: intent.kind, call: callRef(intent.call) };
    case 'denied-on-purpose':
      return { intent: intent.kind, call: { id: intent.probe.id, step: intent.probe.why } };
    case 'outside-templates':
      return { intent: intent.kind, call: { id: intent.outside.id, step: intent.outside.step, source: intent.outside.source } };
  }
}

function base(parsed: ParsedMessage, view: DeploymentView): Explanation {
  return {
    about: 'elsewhere',
    form: parsed.form,
    ...(parsed.caller ? { caller: parsed.caller.text } : {}),
    ...(parsed.action ? { action: parsed.action } : {}),
    ...(parsed.resource ? { resource: parsed.resource.text } : {}),
    message: messageFacts(parsed),
    templatesAllow: true,
    deniedBy: parsed.deniedBy ?? 'unknown',
    fix: '',
    checks: [],
    notes: [],
    evaluatedAgainst: view.templatesOrigin,
  };
}

function elsewhere(out: Explanation, why: string): Explanation {
  return { ...out, about: 'elsewhere', fix: `Nothing to change in this deployment: ${why}` };
}

/** One request fully mapped: evaluate, find what each side lacks, answer. */
function explainRequest(
  view: DeploymentView,
  source: PolicySource,
  live: PolicySource | undefined,
  books: StatementBooks,
  parsed: ParsedMessage,
  caller: MappedCaller,
  resource: MappedResource,
  action: string,
  out: Explanation,
): Explanation {
  const model = view.model;
  // A resource outside the deployment matches no call (a key no call has), unlike a message that names none.
  const intent = intentOf(caller.principal.key, resource.key ?? 'outside-the-deployment', action);
  const subject: Subject = {
    caller: caller.principal,
    requestArn: caller.requestArn,
    // Objects and task definitions carry their own ARN; names CloudFormation generated are the model's stand-ins.
    resource: resource.resource,
    action,
    ...(resource.cluster ? { context: { 'ecs:cluster': resource.cluster } } : {}),
  };
  const { answer, findings } = judge({ view, templates: source, ...(live ? { live } : {}), books, parsed, caller, resource, subject, ...(intent ? { intent } : {}) });
  const notes = [...out.notes, ...answer.notes];
  if (caller.matchedBy === 'pattern') notes.push(`${caller.realName} is recognised as ${caller.principal.key.split(':')[1]} by the name CloudFormation gives it (<stack>-<LogicalId>-<suffix>).`);
  if (resource.matchedBy === 'assumed') notes.push(`${resource.arn} is taken for the artifact key: it is the only KMS key of the deployment in account B (alias ${model.deployment.templates['AccB-pipeline-2'].resources.ArtifactKeyAlias?.Properties.AliasName}).`);
  if (parsed.truncated) notes.push('The message was cut off: the parts read are shown above.');
  return {
    ...out,
    ...answer,
    notes,
    about: 'deployment',
    principalKey: caller.principal.key,
    principal: caller.principal.description,
    ...(resource.key ? { resourceKey: resource.key } : {}),
    resourceDescription: resource.resource.description,
    matchedBy: { caller: caller.matchedBy, resource: resource.matchedBy },
    ...intentRef(intent),
    sides: findings,
  };
}

/** The calls that could have produced a message, each evaluated as the pipeline makes it. */
function explainCandidates(view: DeploymentView, source: PolicySource, live: PolicySource | undefined, books: StatementBooks, parsed: ParsedMessage, set: { calls: Array<{ call: Call; actions: string[]; likely: boolean }>; why: string }, out: Explanation): Explanation {
  const model = view.model;
  const candidates: Candidate[] = set.calls.map(({ call, actions, likely }) => {
    const answers = actions.map((action) => {
      const subject = subjectOfCall(model, call, action);
      const caller: MappedCaller = { principal: subject.caller, ours: true, account: subject.caller.account, matchedBy: 'name', requestArn: subject.requestArn };
      const resource: MappedResource = { resource: subject.resource, key: call.resource, account: subject.resource.account, matchedBy: 'name', arn: subject.resource.arn };
      return judge({ view, templates: source, ...(live ? { live } : {}), books, parsed: { action }, caller, resource, subject, intent: { kind: 'pipeline-call', call } }).answer;
    });
    // With live policies (doctor), a call the live policies deny is the failing one even where the templates allow it.
    const failing = answers.find((a) => !a.templatesAllow || a.liveAllows === false);
    const chosen = failing ?? answers[0];
    const caller = model.principals.get(call.caller)!;
    const resource = resourceOf(model, call.resource);
    // The flow's object keys are examples: a candidate is about any object of the bucket.
    const bucketKey = baseKey(call.resource);
    const resourceText = call.resource.includes('/')
      ? `an object in ${displayDescription(model, bucketKey, resourceOf(model, bucketKey).description)}`
      : displayDescription(model, call.resource, resource.description);
    const checks = failing
      ? chosen.checks
      : dedupe([...identityChecks(view, caller), ...(caller.service || caller.account !== resource.account || call.allowedBy.resource.length ? resourceChecks(view, resource) : [])]);
    return {
      call: callRef(call),
      caller: `${caller.description} in ${caller.account}`,
      resource: `${resourceText} in ${resource.account}`,
      actions,
      why: set.why,
      likely,
      templatesAllow: answers.every((a) => a.templatesAllow),
      ...(live ? { liveAllows: answers.every((a) => a.liveAllows !== false) } : {}),
      deniedBy: failing ? failing.deniedBy : 'unknown',
      ...(chosen.statement ? { statement: chosen.statement } : {}),
      fix: failing ? failing.fix : `The templates allow ${actions.join(', ')} here (${call.allowedBy.caller.concat(call.allowedBy.resource).join(', ') || 'no statement needed'}): if this call failed, its live policies differ or a policy outside the templates denies it.`,
      checks,
    };
  });
  const failing = candidates.filter((c) => !c.templatesAllow || c.liveAllows === false);
  const fix = failing.length
    ? `The templates do not allow ${failing.length === 1 ? 'one call' : `${failing.length} calls`} that could have produced this message: ${failing.map((c) => `[${c.call.id}] ${c.fix}`).join(' ')}`
    : `The templates allow every call that could have produced this message (${candidates.map((c) => c.call.id).join(', ')}): the live policies of one of them differ, or a policy outside the templates denies it. ${candidates.some((c) => c.likely) ? `Check the likely one first: ${candidates.find((c) => c.likely)!.call.id}.` : ''}`.trim();
  return {
    ...out,
    about: 'deployment',
    intent: 'pipeline-call',
    templatesAllow: candidates.every((c) => c.templatesAllow),
    ...(live ? { liveAllows: candidates.every((c) => c.liveAllows !== false) } : {}),
    deniedBy: parsed.deniedBy ?? (failing.length === 1 ? failing[0].deniedBy : 'unknown'),
    ...(failing[0]?.statement ? { statement: failing[0].statement } : {}),
    fix,
    checks: dedupe(candidates.flatMap((c) => c.checks)),
    candidates,
    notes: [...out.notes, `The message names no caller or action: ${set.why}. ${candidates.length} call${candidates.length === 1 ? '' : 's'} of the pipeline could have produced it.`],
  };
}

function explainNotAuthorized(view: DeploymentView, source: PolicySource, live: PolicySource | undefined, books: StatementBooks, parsed: ParsedMessage, out: Explanation): Explanation {
  const model: AccessModel = view.model;
  const action = parsed.action!;
  const caller = mapCaller(model, parsed.caller);
  const resource = mapResource(model, parsed.resource, caller);
  if (!caller) {
    if (resource?.key) {
      const calls = callsOnResource(resource.key, action);
      if (calls.length > 0) return explainCandidates(view, source, live, books, parsed, { calls: calls.map((call) => ({ call, actions: [action], likely: true })), why: `the message's caller (${parsed.caller?.text}) cannot be read as a principal of account A or B, but the resource is the deployment's` }, out);
    }
    const accounts = `${model.accountIds.A} (A) and ${model.accountIds.B} (B)`;
    return elsewhere(out, `the caller ${parsed.caller?.text ?? '(none)'} is in neither account of this deployment (${accounts})${resource?.key ? '' : ', nor is the resource one of its resources'}.`);
  }
  if (!resource) {
    const calls = callsByCallerAndAction(caller.principal.key, action);
    if (calls.length === 1) {
      const mapped: MappedResource = { resource: resourceOf(model, calls[0].resource), key: calls[0].resource, account: resourceOf(model, calls[0].resource).account, matchedBy: 'name', arn: resourceOf(model, calls[0].resource).arn };
      const explained = explainRequest(view, source, live, books, parsed, caller, mapped, action, out);
      return { ...explained, notes: [...explained.notes, `The message names no resource; ${caller.principal.description} makes ${action} in one call only, on ${mapped.resource.description}.`] };
    }
    if (calls.length > 1) return explainCandidates(view, source, live, books, parsed, { calls: calls.map((call) => ({ call, actions: [action], likely: true })), why: `the message names no resource, and ${caller.principal.description} makes ${action} in ${calls.length} calls` }, out);
    if (!caller.ours) return elsewhere(out, `${caller.principal.description}, and the message names no resource of the deployment.`);
    return explainRequest(view, source, live, books, parsed, caller, { resource: resourceOf(model, `${caller.account}:*`), key: `${caller.account}:*`, account: caller.account, matchedBy: 'other', arn: '*' }, action, out);
  }
  if (!caller.ours && !resource.key) return elsewhere(out, `neither the caller (${parsed.caller?.text}) nor the resource (${resource.arn}) is part of this deployment.`);
  return explainRequest(view, source, live, books, parsed, caller, resource, action, out);
}

/** Explains a parsed message against the templates the view was built from (and the live policies, when given); see explainMessage. */
function explainParsed(parsed: ParsedMessage, view: DeploymentView, options: ExplainOptions = {}): Explanation {
  const source = templatePolicies(view.model);
  const books = options.books ?? {};
  const out = base(parsed, view);
  switch (parsed.form) {
    case 'not-authorized':
      return explainNotAuthorized(view, source, options.live, books, parsed, out);
    case 'cloudformation-template':
      return elsewhere(out, 'CloudFormation could not read a template from S3 (TemplateURL). xacct passes its templates in the request (TemplateBody), so this comes from another tool or stack.');
    case 'cloudformation-tagging':
      return elsewhere(
        out,
        'the identity that deploys a stack lacks permission to tag a resource (CloudFormation tags every resource with the stack\'s tags). That is the deployer\'s own IAM policy, not a policy of the pipeline: give it the <service>:TagResource actions of the resource types in the stack.',
      );
    default: {
      const set = candidatesOf(view.model, parsed);
      if (!set) return elsewhere(out, describeForeign(parsed, view));
      return explainCandidates(view, source, options.live, books, parsed, set, out);
    }
  }
}

function describeForeign(parsed: ParsedMessage, view: DeploymentView): string {
  if (parsed.image) return `the image ${parsed.image.account}.dkr.ecr.${parsed.image.region}.amazonaws.com/${parsed.image.repository} is not the deployment's repository (${view.config.pipeline.repositoryName} in account ${view.model.accountIds.A}, ${view.config.region}).`;
  if (parsed.bucket) return `bucket ${parsed.bucket} is not one of the deployment's buckets.`;
  if (parsed.service) return `the pipeline has no action that uses ${parsed.service}.`;
  if (parsed.deadLetter) return `${parsed.deadLetter.code} comes from ${parsed.deadLetter.ruleArn ?? 'a rule'} that is not the deployment's forwarding rule.`;
  return 'it names nothing of this deployment.';
}

/** Parses and explains a message; undefined when the text is no access-denied message xacct can read. */
export function explainMessage(text: string, view: DeploymentView, options: ExplainOptions = {}): Explanation | undefined {
  const parsed = parseMessage(text);
  return parsed ? explainParsed(parsed, view, options) : undefined;
}
