/**
 * Which call of the pipeline a request is: a call of the access proof's flow (scripts/access-model/flow.ts,
 * each citing its row of the permission table), an administration grant, a probe (a call the templates
 * deny on purpose), or the push that starts it all. Matched on the model's keys: caller, resource (any
 * object of the same bucket for object calls) and action.
 */
import { ADMINISTRATION, PIPELINE_FLOW, type Call } from '../access-model/flow';
import { PROBES, type Probe } from '../access-model/probes';
import { PUSH, type OutsideCall } from './outside-calls';
import { baseKey } from './policy-source';

export type Intent =
  | { kind: 'pipeline-call'; call: Call }
  | { kind: 'administration'; call: Call }
  | { kind: 'denied-on-purpose'; probe: Probe }
  | { kind: 'outside-templates'; outside: OutsideCall };

const sameAction = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** A call's resource covers the request's: the same key, or an object of the same bucket. */
function coversResource(callResource: string, key: string): boolean {
  if (callResource === key) return true;
  return callResource.includes('/') && key.includes('/') && baseKey(callResource) === baseKey(key);
}

export function intentOf(callerKey: string, resourceKey: string | undefined, action: string): Intent | undefined {
  const fits = (who: string) => (c: { caller: string; resource: string; actions: string[] }) =>
    c.caller === who && c.actions.some((a) => sameAction(a, action)) && (resourceKey === undefined || coversResource(c.resource, resourceKey));
  const call = PIPELINE_FLOW.find(fits(callerKey));
  if (call) return { kind: 'pipeline-call', call };
  const admin = ADMINISTRATION.find(fits(callerKey));
  if (admin) return { kind: 'administration', call: admin };
  // A probe stands for everyone it describes: another principal of A or B stands in for its administrator.
  const probeCaller = callerKey.endsWith(':caller') ? callerKey.replace(':caller', ':Administrator') : callerKey;
  const probe = PROBES.find(fits(probeCaller));
  if (probe) return { kind: 'denied-on-purpose', probe };
  if (callerKey === 'A:caller' && (resourceKey === PUSH.resource || resourceKey === 'A:*') && PUSH.actions.some((a) => sameAction(a, action))) {
    return { kind: 'outside-templates', outside: PUSH };
  }
  return undefined;
}

/** Calls of the flow made by this caller with this action, whatever the resource (messages that name none). */
export const callsByCallerAndAction = (callerKey: string, action: string): Call[] =>
  PIPELINE_FLOW.filter((c) => c.caller === callerKey && c.actions.some((a) => sameAction(a, action)));

/** Calls of the flow on this resource with this action, whoever makes them (messages whose caller is redacted). */
export const callsOnResource = (resourceKey: string, action?: string): Call[] =>
  PIPELINE_FLOW.filter((c) => coversResource(c.resource, resourceKey) && (action === undefined || c.actions.some((a) => sameAction(a, action))));
