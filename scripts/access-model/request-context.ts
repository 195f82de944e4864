/**
 * What AWS fills in for a request, shared by the access proof (verify/evaluate.ts) and explain
 * (explain/evaluate-subject.ts): the caller's session ARN and the global condition keys of the request context.
 */
import { resourceOf, type AccessModel, type Principal } from './access-model';

/** A role calls through a session; a service principal calls as itself. */
export function requestPrincipal(caller: Principal, sessionName: string): string {
  return caller.service ? caller.arn : caller.arn.replace(/^arn:([^:]+):iam::(\d+):role\/(?:.*\/)?([^/]+)$/, `arn:$1:sts::$2:assumed-role/$3/${sessionName}`);
}

export interface ContextSpec {
  context?: Record<string, string>;
  /** Context keys whose value is the ARN of a resource of the model (`ecs:cluster` = `B:EcsCluster`). */
  contextArns?: Record<string, string>;
  sourceArn?: string;
}

/** The request context AWS would fill in: who the caller is, TLS, and for services on whose behalf. */
export function requestContext(model: AccessModel, caller: Principal, spec: ContextSpec = {}): Record<string, string> {
  const account = model.accountIds[caller.account];
  const implied: Record<string, string> = caller.service
    ? { 'aws:PrincipalIsAWSService': 'true', 'aws:SourceAccount': account, 'aws:PrincipalServiceName': caller.arn }
    : { 'aws:PrincipalIsAWSService': 'false', 'aws:PrincipalArn': caller.arn, 'aws:PrincipalAccount': account };
  if (spec.sourceArn) implied['aws:SourceArn'] = resourceOf(model, spec.sourceArn).arn;
  const arns = Object.fromEntries(Object.entries(spec.contextArns ?? {}).map(([key, resourceKey]) => [key, resourceOf(model, resourceKey).arn]));
  return { 'aws:SecureTransport': 'true', ...implied, ...arns, ...spec.context };
}
