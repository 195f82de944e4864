/**
 * A policy statement that grants rows of the permission table: their actions, in row order, and their
 * conditions. The builder supplies only what the table cannot know: the Sid, the resource ARNs and
 * principal as intrinsic functions, and the deployment values of conditions.
 */
import type { Value } from '../intrinsics';
import type { Condition, Principal, Statement } from '../policies/policy-document';
import { permission, type PermissionId } from './action-permissions';
import type { DeploymentValue, RowCondition } from './permission-row';

export interface GrantSpec {
  sid: string;
  /** The rows the statement grants. */
  rows: readonly PermissionId[];
  resource?: Value<string> | Array<Value<string>>;
  principal?: Principal;
  /** The intrinsic value of each deployment value the rows' conditions name. */
  values?: Partial<Record<DeploymentValue, Value<string> | Array<Value<string>>>>;
  /** Who, beyond the principal: the `aws:PrincipalArn` of a role named before it exists. */
  who?: Condition;
}

type ConditionBlock = Record<string, Value<string> | Array<Value<string>> | string>;

/** A list of values: the condition holds when the key matches any of them (IAM evaluates a key's values with OR). */
function conditionValue(c: RowCondition, spec: GrantSpec): Value<string> | Array<Value<string>> | string {
  if ('value' in c) return c.value;
  const v = spec.values?.[c.from];
  if (v === undefined) throw new Error(`${spec.sid}: the condition on ${c.key} needs the deployment value ${c.from}`);
  return v;
}

/** One statement for the given rows. Throws when the rows disagree on their conditions. */
export function grant(spec: GrantSpec): Statement {
  const rows = spec.rows.map(permission);
  const conditionsOf = (i: number) => JSON.stringify(rows[i].conditions ?? []);
  if (rows.some((_, i) => conditionsOf(i) !== conditionsOf(0))) {
    throw new Error(`${spec.sid}: rows ${spec.rows.join(', ')} carry different conditions and need separate statements`);
  }
  const actions = [...new Set(rows.flatMap((r) => r.actions))];
  const condition: Record<string, ConditionBlock> = {};
  for (const [operator, keys] of Object.entries(spec.who ?? {})) condition[operator] = { ...(keys as ConditionBlock) };
  for (const c of rows[0].conditions ?? []) condition[c.operator] = { ...condition[c.operator], [c.key]: conditionValue(c, spec) };
  return {
    Sid: spec.sid,
    Effect: 'Allow',
    ...(spec.principal !== undefined ? { Principal: spec.principal } : {}),
    Action: actions.length === 1 ? actions[0] : actions,
    ...(spec.resource !== undefined ? { Resource: spec.resource } : {}),
    ...(Object.keys(condition).length > 0 ? { Condition: condition as Condition } : {}),
  };
}
