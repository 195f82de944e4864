/**
 * Our runtime IAM evaluator (scripts/iam, used by `xacct explain`) against @cloud-copilot/iam-simulate
 * (AGPL: tests only): for every call, every administration grant and every probe of the access proof,
 * on the generated templates and on templates with one statement broken at a time, both reach the same
 * decision and name the same statements on each side.
 */
import type { TemplateName } from '../../templates-src';
import { buildAccessModel, type AccessModel } from '../../scripts/access-model/access-model';
import { evaluate, requestsOf, simulationOf } from '../../scripts/verify/evaluate';
import type { Request } from '../../scripts/verify/request';
import { ADMINISTRATION, PIPELINE_FLOW, type Call } from '../../scripts/access-model/flow';
import { PROBES, type Probe } from '../../scripts/access-model/probes';
import { resolveDeployment } from '../../scripts/access-model/resolve-deployment';
import { requestPrincipal } from '../../scripts/access-model/request-context';
import { evaluateRequest } from '../../scripts/iam/evaluate';
import { allTemplates, type Json } from '../helpers/templates';

jest.setTimeout(120_000);

type Templates = Record<TemplateName, Json>;
const built = (): Templates => Object.fromEntries(allTemplates()) as Templates;
const modelOf = (t: Templates) => buildAccessModel(resolveDeployment(t));

/** The request as the proof hands it to the simulator (a role calls through a session), for our evaluator. */
function ours(model: AccessModel, request: Request) {
  const { caller, resource } = request;
  const principal = requestPrincipal(caller, 'xacct-verify');
  const result = evaluateRequest({
    request: { principal, action: request.action, resource: resource.arn, resourceAccount: model.accountIds[resource.account], context: request.context },
    identityPolicies: caller.service ? [] : caller.identityPolicies,
    resourcePolicy: resource.policy ?? null,
  });
  // As the proof reports them: an account-level resource statement counts only when the identity side allows.
  const resourceAllows = result.resource.allows.filter((s) => s.principal === 'direct' || result.identity.result === 'Allowed').map((s) => s.label);
  return {
    decision: result.decision,
    callerAllows: result.identity.allows.map((s) => s.label),
    resourceAllows,
    denies: [...result.identity.denies, ...result.resource.denies].map((s) => s.label),
  };
}

async function simulatedDecision(model: AccessModel, request: Request): Promise<string> {
  const { runSimulation } = await import('@cloud-copilot/iam-simulate');
  const result = await runSimulation(
    simulationOf(model, request),
    { simulationMode: 'Strict' },
  );
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  return result.overallResult;
}

async function compare(model: AccessModel, specs: Array<{ kind: 'call' | 'probe'; spec: Call | Probe }>): Promise<{ agree: number; differ: unknown[] }> {
  const differ: unknown[] = [];
  let agree = 0;
  for (const { kind, spec } of specs) {
    for (const request of requestsOf(model, kind, spec, spec.id)) {
      const actual = ours(model, request);
      const reference = await evaluate(model, request).catch(() => undefined);
      // The simulator gives no statement analysis for a denied request on "*" (its wildcard mode): the decision alone then.
      const expected = reference
        ? { decision: reference.decision, callerAllows: reference.callerAllows, resourceAllows: reference.resourceAllows, denies: reference.denies }
        : { decision: await simulatedDecision(model, request), callerAllows: actual.callerAllows, resourceAllows: actual.resourceAllows, denies: actual.denies };
      if (JSON.stringify(actual) === JSON.stringify(expected)) agree++;
      else differ.push({ id: spec.id, action: request.action, expected, actual });
    }
  }
  return { agree, differ };
}

const EVERYTHING = [
  ...PIPELINE_FLOW.map((spec) => ({ kind: 'call' as const, spec })),
  ...ADMINISTRATION.map((spec) => ({ kind: 'call' as const, spec })),
  ...PROBES.map((spec) => ({ kind: 'probe' as const, spec })),
];

/** Every policy document of every resource of the templates, with where it sits. */
function documents(t: Templates): Json[] {
  const docs: Json[] = [];
  for (const template of Object.values(t)) {
    for (const resource of Object.values<Json>(template.Resources)) {
      const p = resource.Properties ?? {};
      for (const key of ['KeyPolicy', 'PolicyDocument', 'AssumeRolePolicyDocument', 'RepositoryPolicyText']) if (p[key]) docs.push(p[key]);
      for (const inline of p.Policies ?? []) docs.push(inline.PolicyDocument);
    }
  }
  return docs;
}

/** Ways to break one Allow statement: lose an action, grant something else, name someone else in its condition. */
const MUTATIONS: Array<{ name: string; apply: (s: Json) => boolean }> = [
  {
    name: 'first action dropped',
    apply: (s) => Array.isArray(s.Action) && s.Action.length > 1 && Boolean(s.Action.shift()),
  },
  { name: 'another action', apply: (s) => Boolean((s.Action = 'ec2:DescribeRegions')) },
  {
    name: 'condition names someone else',
    apply: (s) => {
      if (!s.Condition) return false;
      for (const keys of Object.values<Json>(s.Condition)) {
        for (const key of Object.keys(keys)) keys[key] = /Arn$|cluster$/i.test(key) ? 'arn:aws:iam::777788889999:role/someone-else' : '777788889999';
      }
      return true;
    },
  },
];

describe('the runtime IAM evaluator agrees with iam-simulate', () => {
  it('on every call, administration grant and probe of the access proof, on the generated templates', async () => {
    const { agree, differ } = await compare(modelOf(built()), EVERYTHING);
    expect(differ).toEqual([]);
    expect(agree).toBeGreaterThan(150);
  });

  it('on every call a broken statement affects, for each way of breaking each Allow statement the calls name', async () => {
    const sids = new Set(
      [...PIPELINE_FLOW, ...ADMINISTRATION].flatMap((c) => [...c.allowedBy.caller, ...c.allowedBy.resource]).map((label) => label.slice(label.lastIndexOf(': ') + 2)),
    );
    let agreeing = 0;
    let variants = 0;
    let denied = 0;
    const differing: unknown[] = [];
    for (const sid of sids) {
      for (const mutation of MUTATIONS) {
        const t = built();
        const hits = documents(t).flatMap((d) => d.Statement.filter((s: Json) => s.Sid === sid && s.Effect === 'Allow'));
        if (hits.length === 0 || !hits.map((s: Json) => mutation.apply(s)).some(Boolean)) continue;
        variants++;
        const model = modelOf(t);
        const affected = EVERYTHING.filter(({ spec }) => 'allowedBy' in spec && [...spec.allowedBy.caller, ...spec.allowedBy.resource].some((l) => l.endsWith(`: ${sid}`)));
        const { agree, differ } = await compare(model, affected);
        agreeing += agree;
        differing.push(...differ.map((d) => ({ sid, mutation: mutation.name, ...(d as object) })));
        for (const { kind, spec } of affected) {
          for (const r of requestsOf(model, kind, spec, spec.id)) if (ours(model, r).decision !== 'Allowed') denied++;
        }
      }
    }
    expect(differing).toEqual([]);
    expect(variants).toBeGreaterThan(30);
    expect(denied).toBeGreaterThan(30);
    expect(agreeing).toBeGreaterThan(100);
  });
});
