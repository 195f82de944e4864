/**
 * A request of a message (or a candidate call) evaluated against a policy source with the runtime IAM
 * evaluator: the request context AWS would fill in (who calls, TLS, on whose behalf a service acts), the
 * context the call's row documents (SSE-KMS uploads, iam:PassedToService, ecs:cluster), and the
 * caller's and resource's policies from the source.
 */
import { evaluateRequest, type RequestEvaluation } from '../iam/evaluate';
import { resourceOf, type AccessModel, type Principal, type Resource } from '../access-model/access-model';
import type { Call } from '../access-model/flow';
import { requestContext, requestPrincipal } from '../access-model/request-context';
import type { Probe } from '../access-model/probes';
import { displayDescription } from './names';
import type { PolicySource } from './policy-source';

export interface Subject {
  caller: Principal;
  /** The ARN the request carries: a session of the model's role, or the service principal. */
  requestArn: string;
  resource: Resource;
  action: string;
  /** Context the message itself tells (the ECS cluster of a task). */
  context?: Record<string, string>;
}

export function evaluateSubject(model: AccessModel, source: PolicySource, subject: Subject, spec?: Call | Probe): RequestEvaluation {
  const { caller, resource } = subject;
  return evaluateRequest({
    request: {
      principal: subject.requestArn,
      action: subject.action,
      resource: resource.arn,
      resourceAccount: model.accountIds[resource.account],
      context: { ...requestContext(model, caller, spec), ...subject.context },
    },
    identityPolicies: caller.service ? [] : source.identityPolicies(caller),
    resourcePolicy: source.resourcePolicy(resource),
  });
}

/** The subject of a call of the flow, as the access proof makes it (for candidates of messages that name no caller). */
export function subjectOfCall(model: AccessModel, call: Call, action: string): Subject {
  const caller = model.principals.get(call.caller)!;
  const modelResource = resourceOf(model, call.resource);
  const resource = { ...modelResource, description: displayDescription(model, call.resource, modelResource.description) };
  const requestArn = requestPrincipal(caller, 'xacct-explain');
  return { caller, requestArn, resource, action };
}
