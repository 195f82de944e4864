/**
 * The proof held to the permission table: each call is the call its row documents (a principal and a
 * resource of the row's kinds, no action the row lacks, a statement expected on each side the row is
 * granted on), every row is exercised by a call, and no
 * probe asserts the denial of a call a row requires. So the proof cannot certify a belief the
 * documentation contradicts, in either direction.
 */
import { PERMISSIONS, permission } from '../../templates-src/permissions/action-permissions';
import type { PermissionRow, RowCondition } from '../../templates-src/permissions/permission-row';
import { resourceOf, type AccessModel } from '../access-model/access-model';
import type { Request } from './request';
import type { Call } from '../access-model/flow';
import { DEPLOYMENT_VALUE_KEYS, isPrincipalOf, isResourceOf } from '../access-model/permission-keys';

export function callRowProblems(calls: Call[]): string[] {
  const problems: string[] = [];
  for (const call of calls) {
    const row = permission(call.permission);
    const head = `[${call.id}] cites row ${row.id} of the permission table, but`;
    if (!isPrincipalOf(row.principal, call.caller)) problems.push(`${head} its caller ${call.caller} is not a ${row.principal}`);
    if (!isResourceOf(row.resource, call.resource)) problems.push(`${head} its resource ${call.resource} is not a ${row.resource}`);
    const extra = call.actions.filter((a) => !row.actions.includes(a));
    if (extra.length) problems.push(`${head} the row does not document ${extra.join(', ')}`);
    // A side the row must be granted on needs a statement there that the flow expects to allow the call.
    if (row.sides.includes('identity') && call.allowedBy.caller.length === 0) problems.push(`${head} it names no statement on the caller's side, where the row is granted`);
    if (row.sides.includes('resource') && call.allowedBy.resource.length === 0) problems.push(`${head} it names no statement on the resource's side, where the row is granted`);
  }
  const cited = new Set(calls.map((c) => c.permission));
  for (const row of PERMISSIONS) {
    if (!cited.has(row.id)) problems.push(`row ${row.id} of the permission table is exercised by no call: add the call to scripts/access-model/flow.ts or drop the row`);
  }
  return problems;
}

/** The value a row's condition requires, in the example deployment. */
function requiredValue(model: AccessModel, c: RowCondition, request: Request): string {
  if ('value' in c) return c.value;
  if (c.from === 'this-account') return model.accountIds[request.resource.account];
  return resourceOf(model, DEPLOYMENT_VALUE_KEYS[c.from]).arn;
}

/** Whether the request is one the row requires to be allowed: same principal, action, resource and context. */
export function rowRequires(model: AccessModel, row: PermissionRow, request: Request): boolean {
  if (!isPrincipalOf(row.principal, request.caller.key) || !row.actions.includes(request.action) || !isResourceOf(row.resource, request.resource.key)) {
    return false;
  }
  if (request.context['aws:SecureTransport'] !== 'true') return false;
  const required: Record<string, string> = { ...row.requestContext };
  for (const c of row.conditions ?? []) required[c.key] = requiredValue(model, c, request);
  return Object.entries(required).every(([key, value]) => request.context[key] === value);
}

/** Probes that try what a row requires: each would assert a denial the documentation contradicts. */
export function probeContradictions(model: AccessModel, probes: Array<{ id: string; requests: Request[] }>): string[] {
  const problems: string[] = [];
  for (const { id, requests } of probes) {
    for (const request of requests) {
      for (const row of PERMISSIONS.filter((r) => rowRequires(model, r, request))) {
        problems.push(
          `[${id}] asserts that ${request.caller.description} in ${request.caller.account} is denied ${request.action} on ${request.resource.description}, which row ${row.id} of the permission table requires as a grant: change the probe`,
        );
      }
    }
  }
  return problems;
}
