/**
 * Evaluates one call (a caller, an action, a resource) with @cloud-copilot/iam-simulate against the
 * caller's identity policies and the resource's policy, as AWS would for a same-account or a
 * cross-account request, and names the statements that decided it. The simulator is AGPL-licensed and
 * a development dependency only: it is loaded here, on first use, never at CLI start-up.
 */
import type { RequestAnalysis, RunSimulationResults, Simulation } from '@cloud-copilot/iam-simulate';
import type { AccessModel } from '../access-model/access-model';
import type { Request } from './request';
import { principalOf, resourceOf } from '../access-model/access-model';
import { diagnoseDenial, type StatementAnalysis } from './diagnose';
import { requestContext, requestPrincipal } from '../access-model/request-context';

/** A statement that matched, with what it matched: the raw material of the extra-grant check. */
export interface StatementUse {
  statement: string;
  action: string;
  /** The statement's Resource entries that matched; empty when it has none (a resource policy without Resource). */
  resources: string[];
}

export interface Evaluation {
  request: Request;
  decision: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';
  /** Statements that allow the call, on the caller's side (identity policies) and on the resource's side. */
  callerAllows: string[];
  resourceAllows: string[];
  /** Statements that deny it explicitly. */
  denies: string[];
  uses: StatementUse[];
  /** For a denial: which side is missing what, in words. */
  reason?: string;
}

type Simulator = typeof import('@cloud-copilot/iam-simulate');
let simulator: Simulator | undefined;
const loadSimulator = (): Simulator => (simulator ??= require('@cloud-copilot/iam-simulate') as Simulator);

export interface CallSpec {
  id: string;
  caller: string;
  actions: string[];
  resource: string;
  context?: Record<string, string>;
  /** Context keys whose value is the ARN of a resource of the model (`ecs:cluster` = `B:EcsCluster`). */
  contextArns?: Record<string, string>;
  sourceArn?: string;
}

/** The requests of a call: one per action, with the context AWS would fill in (access-model/request-context.ts). */
export function requestsOf(model: AccessModel, kind: Request['kind'], spec: CallSpec, step: string): Request[] {
  const caller = principalOf(model, spec.caller);
  const resource = resourceOf(model, spec.resource);
  const context = requestContext(model, caller, spec);
  return spec.actions.map((action) => ({ kind, id: spec.id, step, caller, action, resource, context }));
}

/** `<policy label>: <Sid>`, or `statement <n>` for a statement without Sid. */
export const statementLabel = (policyLabel: string, s: StatementAnalysis) => `${policyLabel}: ${s.statement.sid() ?? `statement ${s.statement.index()}`}`;

function usesOf(labelOf: (s: StatementAnalysis) => string, statements: StatementAnalysis[], action: string): StatementUse[] {
  return statements.map((s) => ({
    statement: labelOf(s),
    action,
    resources: ([] as Array<{ resource: string; matches: boolean }>).concat(s.explain.resources ?? []).filter((r) => r.matches).map((r) => r.resource),
  }));
}

export function simulationOf(model: AccessModel, request: Request): Simulation {
  const { caller, resource } = request;
  // A role calls through a session; the simulator maps the session to its role as AWS does.
  const principal = requestPrincipal(caller, 'xacct-verify');
  return {
    request: {
      principal,
      action: request.action,
      // S3 ARNs carry no account, and "*" belongs to the caller's account: the model says whose it is.
      resource: { resource: resource.arn, accountId: model.accountIds[resource.account] },
      contextVariables: request.context,
    },
    identityPolicies: caller.identityPolicies.map((p) => ({ name: p.label, policy: p.document })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(resource.policy ? { resourcePolicy: resource.policy.document } : {}),
  };
}

function analysisOf(result: RunSimulationResults, request: Request): { decision: Evaluation['decision']; analysis: RequestAnalysis } {
  if (result.resultType === 'error') {
    throw new Error(`the simulator rejected ${request.id} (${request.action} on ${request.resource.arn}): ${JSON.stringify(result.errors)}`);
  }
  const single = result.resultType === 'single' ? result.result : result.results[0];
  if (!single) throw new Error(`the simulator returned no result for ${request.id} (${request.action})`);
  return { decision: result.overallResult, analysis: single.analysis };
}

export async function evaluate(model: AccessModel, request: Request): Promise<Evaluation> {
  const { runSimulation } = loadSimulator();
  const { decision, analysis } = analysisOf(await runSimulation(simulationOf(model, request), { simulationMode: 'Strict' }), request);
  const identityLabel = (s: StatementAnalysis) => statementLabel(s.policyId, s);
  const resourceLabel = (s: StatementAnalysis) => statementLabel(request.resource.policy?.label ?? 'resource policy', s);
  const identity = analysis.identityAnalysis;
  const resource = analysis.resourceAnalysis;
  const callerAllowStatements = identity?.allowStatements ?? [];
  // A statement that names the caller's account (its root) only lets the caller's own IAM policies
  // decide: it counts when they allow the call, and is no grant by itself.
  const resourceAllowStatements = (resource?.allowStatements ?? []).filter(
    (s) => s.principalMatch !== 'AccountLevelMatch' || identity?.result === 'Allowed',
  );
  const evaluation: Evaluation = {
    request,
    decision,
    callerAllows: callerAllowStatements.map(identityLabel),
    resourceAllows: resourceAllowStatements.map(resourceLabel),
    denies: [...(identity?.denyStatements ?? []).map(identityLabel), ...(resource?.denyStatements ?? []).map(resourceLabel)],
    uses: [...usesOf(identityLabel, callerAllowStatements, request.action), ...usesOf(resourceLabel, resourceAllowStatements, request.action)],
  };
  if (decision !== 'Allowed') evaluation.reason = diagnoseDenial(request, analysis, identityLabel, resourceLabel);
  return evaluation;
}
