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
import { evaluateSubject, subjectOfCall, type Subject } from './evaluate-subject';
import { messageFacts, type CallRef, type Candidate, type Explanation } from './explanation';
import { identityChecks, resourceChecks } from './live-commands';
import { findByName } from './names';
import type { DeniedBy } from './message';
import { mapCaller, type MappedCaller } from './map-caller';
import { mapResource, type MappedResource } from './map-resource';
import type { ParsedMessage } from './message';
import { displayDescription } from './names';
import { parseMessage } from './parse-message';
import { baseKey, templatePolicies, type PolicySource } from './policy-source';
import type { StatementBooks } from './side-findings';
import { judge } from './judge';
import { cloudFormationRoleAnswer, mechanismOf, outOfScopeAnswer, scopeOf } from './scope';
import { awsFlags, type Check } from './live-commands';
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
    inScope: true,
    scope: { caller: 'elided', resource: 'none', why: '' },
    mechanism: 'unknown',
    confidence: 'high',
    templatesAllow: true,
    deniedBy: parsed.deniedBy ?? 'unknown',
    fix: '',
    checks: [],
    notes: [],
    evaluatedAgainst: view.templatesOrigin,
  };
}

function elsewhere(out: Explanation, why: string, scope?: Explanation['scope']): Explanation {
  return {
    ...out,
    mechanism: mechanismOf(out.deniedBy, out.message.decision, out.resource, undefined, false, out.action),
    about: 'elsewhere',
    inScope: false,
    scope: scope ?? { ...out.scope, why },
    // The templates never make this request: they do not allow it, and there is nothing of theirs to compare.
    templatesAllow: false,
    fix: `Nothing to change in this deployment: ${why}`,
  };
}

/** The checks that decide when the message does not: who made the request, over what, against which live policy. */
function decidingChecks(view: DeploymentView, bucketKey: string | undefined): Check[] {
  const checks: Check[] = [{ what: 'who made the request: run it again with the same credentials after this (it names the caller AWS saw)', command: 'aws sts get-caller-identity' }];
  if (bucketKey) {
    const policy = view.model.resources.get(bucketKey)?.policy;
    const insecure = policy?.document.Statement.some((s) => s.Sid === 'DenyInsecureTransport');
    if (insecure) checks.push({ what: `whether the request went over plain HTTP: ${policy!.label}: DenyInsecureTransport denies every s3:* request with aws:SecureTransport false (an endpoint URL or SDK setting with http://)`, command: 'aws configure get s3.endpoint_url; env | grep -i AWS_ENDPOINT_URL' });
  }
  return checks;
}

/** Mechanism, and nothing out of scope advises drift. */
function finish(e: Explanation, parsed: ParsedMessage, conditional = false): Explanation {
  const mechanism = mechanismOf(e.deniedBy, parsed.decision, parsed.resource?.arn ?? (e.resourceKey ? resourceArnOf(e) : undefined), e.statement, conditional, parsed.action);
  const checks = e.inScope ? e.checks : e.checks.filter((c) => !/--drift|xacct doctor/.test(c.command));
  return { ...e, mechanism, checks };
}

const resourceArnOf = (e: Explanation) => (e.resourceKey?.includes('Role') ? 'arn:aws:iam::0:role/x' : e.resourceKey?.includes('Key') ? 'arn:aws:kms:x' : undefined);

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
  const judged = judge({ view, templates: source, ...(live ? { live } : {}), books, parsed, caller, resource, subject, ...(intent ? { intent } : {}) });
  const { findings } = judged;
  let answer = judged.answer;
  const { inScope, scope } = scopeOf(caller, resource, intent, view);
  if (caller.cloudFormationRole) {
    answer = cloudFormationRoleAnswer(view, caller, resource, action, parsed);
  } else if (!inScope && resource.key && !caller.ours && intent?.kind !== 'denied-on-purpose') {
    // Doctor: the foreign caller against the live resource policy (someone may have widened it).
    const e = evaluateSubject(model, live ?? source, subject);
    answer = { ...outOfScopeAnswer(view, caller, resource, action, e, findings, parsed, scope, intent), ...(live ? { liveAllows: e.decision !== 'ExplicitlyDenied' && e.decision !== 'ImplicitlyDenied' } : {}) };
  } else if (!resource.key && caller.ours && resource.arn !== '*' && answer.templatesAllow) {
    // A resource outside the deployment: its own policy is unknown, and no call of the pipeline is made on it.
    const grants = findings.identity.verdict === 'allows';
    answer = {
      templatesAllow: grants,
      deniedBy: parsed.deniedBy ?? (grants ? 'unknown' : 'identity'),
      ...(grants ? { statement: findings.identity.allows[0] } : {}),
      fix: grants
        ? `The templates grant ${caller.principal.description.split(',')[0]} ${action} here (${findings.identity.allows.join(', ')}), but ${resource.arn} is not part of the deployment: its own policy, in its own account, decides. No call of the pipeline makes this request; nothing of the deployment to change.`
        : `No call of the pipeline makes this request, and the templates do not allow it: they grant ${caller.principal.description.split(',')[0]} only what the pipeline needs, and ${resource.arn} is not part of the deployment (${findings.identity.policies.join(', ') || 'its policies'} hold no statement for it). Nothing to change, and nothing to compare with the live policies.`,
      checks: [],
      notes: [],
    };
  }
  const notes = [...out.notes, ...answer.notes];
  if (caller.matchedBy === 'pattern') notes.push(`${caller.realName} is recognised as ${caller.principal.key.split(':')[1]} by the name CloudFormation gives it (<stack>-<LogicalId>-<suffix>).`);
  if (resource.matchedBy === 'assumed') notes.push(`${resource.arn} is taken for the artifact key: it is the only KMS key of the deployment in account B (alias ${model.deployment.templates['AccB-pipeline-2'].resources.ArtifactKeyAlias?.Properties.AliasName}).`);
  if (parsed.truncated) notes.push('The message was cut off: the parts read are shown above.');
  // A Deny of the templates that matches all but its condition (DenyInsecureTransport): the request broke the condition.
  const conditional = answer.statement !== undefined && /DenyInsecureTransport|DenyUploadsNotEncrypted/.test(answer.statement);
  return finish({
    ...out,
    ...answer,
    notes,
    about: 'deployment',
    inScope: inScope || Boolean(caller.cloudFormationRole),
    scope: caller.cloudFormationRole ? { ...scope, why: 'the caller is the CloudFormation role the config names' } : scope,
    principalKey: caller.principal.key,
    principal: caller.principal.description,
    ...(resource.key ? { resourceKey: resource.key } : {}),
    resourceDescription: resource.resource.description,
    matchedBy: { caller: caller.matchedBy, resource: resource.matchedBy },
    ...intentRef(intent),
    sides: findings,
  }, parsed, conditional);
}

/** The calls that could have produced a message, each evaluated as the pipeline makes it. */
function explainCandidates(view: DeploymentView, source: PolicySource, live: PolicySource | undefined, books: StatementBooks, parsed: ParsedMessage, set: { calls: Array<{ call: Call; actions: string[]; likely: boolean }>; why: string }, out: Explanation): Explanation {
  const model = view.model;
  const candidates: Candidate[] = set.calls.map(({ call, actions, likely }) => {
    const answers = actions.map((action) => {
      const subject = subjectOfCall(model, call, action);
      const caller: MappedCaller = { principal: subject.caller, ours: true, account: subject.caller.account, matchedBy: 'name', requestArn: subject.requestArn };
      // No ARN: the message gave none, and the model's stand-ins (a generated key id) must not reach a command.
      const resource: MappedResource = { resource: subject.resource, key: call.resource, account: subject.resource.account, matchedBy: 'name', arn: '' };
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
  // Without a caller, a call the templates allow may still be someone else's request: say what would decide.
  const low = failing.length === 0 && !parsed.caller?.account;
  const bucketKey = baseKey(set.calls[0]?.call.resource ?? '');
  const named = [parsed.caller?.text ? 'a caller it elides' : '', parsed.action ? `action ${parsed.action}` : '', parsed.resource ? `resource ${parsed.resource.text}` : parsed.bucket ? `bucket ${parsed.bucket}` : ''].filter(Boolean);
  return finish({
    ...out,
    about: 'deployment',
    intent: 'pipeline-call',
    inScope: true,
    scope: { caller: 'elided', resource: 'deployment', why: 'the resource is the deployment\'s; the message does not say who called' },
    confidence: low ? 'low' : 'high',
    templatesAllow: candidates.every((c) => c.templatesAllow),
    ...(live ? { liveAllows: candidates.every((c) => c.liveAllows !== false) } : {}),
    deniedBy: parsed.deniedBy ?? (failing.length === 1 ? failing[0].deniedBy : 'unknown'),
    ...(failing[0]?.statement ? { statement: failing[0].statement } : {}),
    fix,
    checks: low ? dedupe([...decidingChecks(view, model.resources.has(bucketKey) ? bucketKey : undefined), ...candidates.flatMap((c) => c.checks)]).slice(0, 3) : dedupe(candidates.flatMap((c) => c.checks)),
    candidates,
    notes: [
      ...out.notes,
      `The message names ${named.length ? named.join(' and ') : 'no caller, action or resource'}: ${set.why}. ${candidates.length} call${candidates.length === 1 ? '' : 's'} of the pipeline could have produced it.`,
      ...(low ? ['The templates allow each of them: the message alone cannot tell which request failed, or whether it was the pipeline\'s at all. The first checks decide.'] : []),
    ],
  }, parsed);
}

function explainNotAuthorized(view: DeploymentView, source: PolicySource, live: PolicySource | undefined, books: StatementBooks, parsed: ParsedMessage, out: Explanation): Explanation {
  const model: AccessModel = view.model;
  const action = parsed.action!;
  const caller = mapCaller(model, parsed.caller, { A: view.config.source.cloudFormationRoleArn, B: view.config.target.cloudFormationRoleArn });
  const resource = mapResource(model, parsed.resource, caller);
  if (resource?.key && (parsed.deniedBy === 'block-public-access' || parsed.publicAcl)) return s3SettingExplanation(view, parsed, out, resource.key, caller);
  if (!caller) {
    // The caller is elided (masked account, "User: ...", "***"): the resource decides whether it is ours.
    if (resource?.key) {
      const calls = callsOnResource(resource.key, action);
      if (calls.length > 0) return explainCandidates(view, source, live, books, parsed, { calls: calls.map((call) => ({ call, actions: [action], likely: true })), why: `the message elides its caller (${parsed.caller?.text || 'none given'}), but the resource is the deployment's` }, out);
      return ownResourceNoCall(view, parsed, out, resource.key);
    }
    return elsewhere(out, `the message elides its caller (${parsed.caller?.text || 'none given'}) and names no resource of this deployment${resource ? ` (${resource.arn})` : ''}.`, { caller: 'elided', resource: resource ? 'foreign' : 'none', why: 'no resource of the deployment' });
  }
  if (!resource) {
    const calls = callsByCallerAndAction(caller.principal.key, action);
    if (calls.length === 1) {
      const mapped: MappedResource = { resource: resourceOf(model, calls[0].resource), key: calls[0].resource, account: resourceOf(model, calls[0].resource).account, matchedBy: 'name', arn: resourceOf(model, calls[0].resource).arn };
      const explained = explainRequest(view, source, live, books, parsed, caller, mapped, action, out);
      return { ...explained, notes: [...explained.notes, `The message names no resource; ${caller.principal.description} makes ${action} in one call only, on ${mapped.resource.description}.`] };
    }
    if (calls.length > 1) return explainCandidates(view, source, live, books, parsed, { calls: calls.map((call) => ({ call, actions: [action], likely: true })), why: `the message names no resource, and ${caller.principal.description} makes ${action} in ${calls.length} calls` }, out);
    if (!caller.ours) return elsewhere(out, `${caller.principal.description}, and the message names no resource of the deployment.`, { caller: caller.account === 'C' ? 'foreign' : 'account', resource: 'none', why: `the caller is ${caller.principal.description}` });
    return explainRequest(view, source, live, books, parsed, caller, { resource: resourceOf(model, `${caller.account}:*`), key: `${caller.account}:*`, account: caller.account, matchedBy: 'other', arn: '*' }, action, out);
  }
  if (!caller.ours && !resource.key) {
    const accounts = caller.account === 'C' ? `, in neither account of this deployment (${model.accountIds.A} (A) and ${model.accountIds.B} (B)),` : '';
    return elsewhere(out, `neither the caller (${parsed.caller?.text})${accounts} nor the resource (${resource.arn}) is part of this deployment.`, { caller: caller.account === 'C' ? 'foreign' : 'account', resource: resource.account === 'A' || resource.account === 'B' ? 'account' : 'foreign', why: `the caller is ${caller.principal.description}, and ${resource.arn} is no resource of the deployment` });
  }
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
      const bucketKey = parsed.bucket ? findByName(view.model, 'AWS::S3::Bucket', 'B', parsed.bucket)?.resource.key : undefined;
      if (parsed.form === 's3-acls-disabled' || parsed.publicAcl) {
        return bucketKey ? s3SettingExplanation(view, parsed, out, bucketKey, undefined) : elsewhere(out, describeForeign(parsed, view));
      }
      const set = candidatesOf(view.model, parsed);
      if (!set && bucketKey) return ownResourceNoCall(view, parsed, out, bucketKey);
      if (!set) return elsewhere(out, describeForeign(parsed, view));
      return explainCandidates(view, source, options.live, books, parsed, set, out);
    }
  }
}

/**
 * A refusal by the bucket's own settings, which no policy can lift: Block Public Access (BlockPublicAcls)
 * and Object Ownership "bucket owner enforced" (ACLs disabled), both set by the template on the
 * deployment's buckets. An allow cannot help; the request must not set a public ACL.
 */
function s3SettingExplanation(view: DeploymentView, parsed: ParsedMessage, out: Explanation, resourceKey: string, caller: MappedCaller | undefined): Explanation {
  const key = baseKey(resourceKey);
  const logicalId = key.split(':')[1];
  const props: Record<string, any> = view.model.deployment.templates['AccB-pipeline-2'].resources[logicalId]?.Properties ?? {}; // eslint-disable-line @typescript-eslint/no-explicit-any
  const bucket = parsed.bucket ?? parsed.resource?.arn?.split(':::')[1]?.split('/')[0] ?? logicalId;
  // A 403 with a public ACL is Block Public Access; ACLs disabled answer 400 AccessControlListNotSupported.
  const ownership = parsed.form === 's3-acls-disabled';
  const blocks = props.PublicAccessBlockConfiguration?.BlockPublicAcls === true;
  const enforced = (props.OwnershipControls?.Rules ?? []).some((r: { ObjectOwnership?: string }) => r.ObjectOwnership === 'BucketOwnerEnforced');
  const deniedBy: DeniedBy = ownership ? 'object-ownership' : 'block-public-access';
  const setting = ownership
    ? `Object Ownership "bucket owner enforced" (ACLs disabled${enforced ? ', OwnershipControls of AccB-pipeline-2 ' + logicalId : ''})`
    : `Block Public Access (BlockPublicAcls${blocks ? ', PublicAccessBlockConfiguration of AccB-pipeline-2 ' + logicalId : ''})`;
  const acl = parsed.publicAcl ? ` (${parsed.publicAcl})` : '';
  return finish({
    ...out,
    about: 'deployment',
    inScope: Boolean(caller?.ours) || !caller,
    scope: { caller: caller ? (caller.ours ? 'deployment' : caller.account === 'C' ? 'foreign' : 'account') : 'elided', resource: 'deployment', why: `bucket ${bucket} is the deployment's` },
    templatesAllow: false,
    deniedBy,
    statement: `AccB-pipeline-2 ${logicalId} ${ownership ? 'OwnershipControls: BucketOwnerEnforced' : 'PublicAccessBlockConfiguration: BlockPublicAcls'}`,
    fix: `No policy can allow this, so adding an allow does not help: bucket ${bucket}'s ${setting} refuses a request that sets ${ownership ? 'an ACL' : 'a public ACL'}${acl}, whatever the IAM and bucket policies say. The pipeline never sets one. Make the request without the ACL (drop --acl); the objects stay private and the bucket policy decides who reads them. Only whoever owns the deployment's design could turn the setting off, and xacct's templates keep it on.`,
    checks: [{ what: `the live ${ownership ? 'Object Ownership setting' : 'Block Public Access settings'} of bucket ${bucket}`, command: `aws s3api ${ownership ? 'get-bucket-ownership-controls' : 'get-public-access-block'} --bucket ${bucket}${awsFlags(view, 'B', false)}` }],
    resourceKey: key,
  }, { ...parsed, deniedBy });
}

/**
 * A message on one of the deployment's buckets that no call of the pipeline makes (an upload to the
 * source bucket by whoever releases, an engineer's aws s3 cp): the caller's own policies decide, and the
 * bucket policy's Deny statements (plain HTTP) may match. Low confidence: the message does not say.
 */
function ownResourceNoCall(view: DeploymentView, parsed: ParsedMessage, out: Explanation, resourceKey: string): Explanation {
  const key = baseKey(resourceKey);
  const resource = resourceOf(view.model, key);
  const policy = resource.policy;
  const denies = (policy?.document.Statement ?? []).filter((s) => s.Effect === 'Deny').map((s) => `${policy!.label}: ${s.Sid}`);
  const what = parsed.bucket ? `bucket ${parsed.bucket}` : displayDescription(view.model, key, resource.description);
  return finish({
    ...out,
    about: 'deployment',
    inScope: true,
    scope: { caller: 'elided', resource: 'deployment', why: `${what} is the deployment's; the message does not say who called` },
    confidence: 'low',
    templatesAllow: false,
    deniedBy: parsed.deniedBy ?? 'unknown',
    fix: `No call of the pipeline makes ${parsed.operation ?? parsed.action ?? 'this request'} on ${what}: it was someone's own request (an engineer's aws s3 cp, a script). In account B its own IAM policies must allow it (the templates grant it nothing)${denies.length ? `, and ${denies.join(', ')} refuse${denies.length === 1 ? 's' : ''} it under ${denies.length === 1 ? 'its condition' : 'their conditions'} (a plain-HTTP request)` : ''}. The checks below decide which.`,
    checks: decidingChecks(view, key).concat(resourceChecks(view, resource, parsed.bucket)).slice(0, 3),
    resourceKey: key,
    resourceDescription: what,
    notes: [...out.notes, 'The message does not name the caller: the verdict waits for the checks.'],
  }, parsed);
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
