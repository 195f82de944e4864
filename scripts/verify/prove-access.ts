/**
 * The access proof: every call of the flow (and every intended administration grant) must be allowed
 * by exactly the statements the flow names, every probe must be denied, and no statement of ours may
 * grant more than the flow uses. Each failure is a sentence that names the call, the accounts and the
 * statement that is missing or extra.
 */
import type { TemplateName } from '../../templates-src';
import type { EventBusPermission } from '../../templates-src/policies/event-bus-permission';
import { buildAccessModel, type AccessModel } from '../access-model/access-model';
import { callerText, resourceText } from './diagnose';
import { callRowProblems, probeContradictions } from './documented-calls';
import { evaluate, requestsOf, type Evaluation } from './evaluate';
import { EXAMPLE, type ExampleDeployment } from '../access-model/example-deployment';
import { extraGrants } from './extra-grants';
import { ADMINISTRATION, PIPELINE_FLOW, type Call } from '../access-model/flow';
import { PROBES, type Probe } from '../access-model/probes';
import { resolveDeployment } from '../access-model/resolve-deployment';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface CallOutcome {
  call: Call;
  evaluations: Evaluation[];
  problems: string[];
}

export interface ProbeOutcome {
  probe: Probe;
  evaluations: Evaluation[];
  problems: string[];
}

export interface AccessProof {
  model: AccessModel;
  calls: CallOutcome[];
  administration: CallOutcome[];
  probes: ProbeOutcome[];
  extraGrants: string[];
  /** Calls that do not match the row they cite, rows no call exercises, probes that contradict a row. */
  documentation: string[];
  /** Every problem above, in report order; empty when the chain is proven. */
  problems: string[];
}

export interface ProveOptions {
  example?: ExampleDeployment;
  /** The put-permission call of step 3 (default: account A, the example's statement id). */
  busPermission?: EventBusPermission;
}

const minus = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));
const sideText = (labels: string[]) => (labels.length ? labels.join(', ') : 'nothing');

function checkCall(call: Call, evaluations: Evaluation[]): string[] {
  const problems: string[] = [];
  for (const e of evaluations) {
    const r = e.request;
    const head = `[${call.id}] ${callerText(r)} `;
    if (e.decision !== 'Allowed') {
      problems.push(`${head}cannot ${r.action} on ${resourceText(r)}: ${e.reason}`);
      continue;
    }
    for (const [side, actual, intended] of [
      ['caller', e.callerAllows, call.allowedBy.caller],
      ['resource', e.resourceAllows, call.allowedBy.resource],
    ] as const) {
      const extra = minus(actual, intended);
      const missing = minus(intended, actual);
      const where = side === 'caller' ? "on the caller's side" : "on the resource's side";
      if (extra.length) problems.push(`${head}may ${r.action} on ${resourceText(r)} also through ${extra.join(', ')} ${where}, which the flow does not intend (extra statement)`);
      if (missing.length) problems.push(`${head}may ${r.action} on ${resourceText(r)}, but not through ${missing.join(', ')} as the flow intends: ${where} it is allowed by ${sideText(actual)} (missing statement)`);
    }
  }
  return problems;
}

function checkProbe(probe: Probe, evaluations: Evaluation[]): string[] {
  return evaluations
    .filter((e) => e.decision === 'Allowed')
    .map((e) => {
      const r = e.request;
      const by = [...e.callerAllows, ...e.resourceAllows];
      return `[${probe.id}] ${callerText(r)} CAN ${r.action} on ${resourceText(r)} (${probe.why}), which must be denied: allowed by ${sideText(by)} (extra statement)`;
    });
}

async function evaluateAll(model: AccessModel, kind: 'call' | 'probe', spec: Call | Probe, step: string): Promise<Evaluation[]> {
  const out: Evaluation[] = [];
  for (const request of requestsOf(model, kind, spec, step)) out.push(await evaluate(model, request));
  return out;
}

/** Proves the chain on templates given as JSON (long form), resolved with the example deployment. */
export async function proveAccess(templates: Record<TemplateName, Json>, options: ProveOptions = {}): Promise<AccessProof> {
  const deployment = resolveDeployment(templates, options.example ?? EXAMPLE, options.busPermission);
  const model = buildAccessModel(deployment);
  const outcomeOf = async (call: Call): Promise<CallOutcome> => {
    const evaluations = await evaluateAll(model, 'call', call, call.step);
    return { call, evaluations, problems: checkCall(call, evaluations) };
  };
  const calls: CallOutcome[] = [];
  for (const call of PIPELINE_FLOW) calls.push(await outcomeOf(call));
  const administration: CallOutcome[] = [];
  for (const call of ADMINISTRATION) administration.push(await outcomeOf(call));
  const probes: ProbeOutcome[] = [];
  for (const probe of PROBES) {
    const evaluations = await evaluateAll(model, 'probe', probe, probe.why);
    probes.push({ probe, evaluations, problems: checkProbe(probe, evaluations) });
  }
  const extra = extraGrants(
    model,
    [...calls, ...administration].flatMap((c) => c.evaluations),
    probes.flatMap((p) => p.evaluations),
  );
  const documentation = [
    ...callRowProblems([...PIPELINE_FLOW, ...ADMINISTRATION]),
    ...probeContradictions(
      model,
      probes.map((p) => ({ id: p.probe.id, requests: p.evaluations.map((e) => e.request) })),
    ),
  ];
  const problems = [...calls, ...administration, ...probes].flatMap((o) => o.problems).concat(extra, documentation);
  return { model, calls, administration, probes, extraGrants: extra, documentation, problems };
}
