/**
 * Checks of a policy statement against the Service Authorization Reference (iam-data): each resource
 * can be an ARN of a resource type the action may be scoped to ("*" exactly when the action allows
 * nothing else), and each condition key is one the action or its resource types take (or a global aws: key).
 */
import { actionData, arnFormat, resourceTypeConditionKeys } from '../fake-aws/iam/iam-reference';

/** Whether two patterns in which `*` stands for any text can match a common string. */
export function patternsMeet(a: string, b: string): boolean {
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    const k = `${i},${j}`;
    const known = memo.get(k);
    if (known !== undefined) return known;
    let r: boolean;
    if (i === a.length && j === b.length) r = true;
    else if (a[i] === '*') r = go(i + 1, j) || (j < b.length && go(i, j + 1));
    else if (b[j] === '*') r = go(i, j + 1) || (i < a.length && go(i + 1, j));
    else r = i < a.length && j < b.length && a[i] === b[j] && go(i + 1, j + 1);
    memo.set(k, r);
    return r;
  };
  return go(0, 0);
}

/**
 * ARN formats resources still have that the reference no longer lists: ECS services created before 2021
 * keep the short `service/<name>` until migrated ("Services that were created before 2021 have a short
 * ARN format", https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-arn-migration.html).
 */
const OLDER_FORMATS: Record<string, string[]> = { 'ecs:service': ['arn:${Partition}:ecs:${Region}:${Account}:service/${ServiceName}'] };

/** Problems of granting `action` on `resources` with `conditionKeys`; empty when the reference allows it. */
export function grantProblems(action: string, resources: string[], conditionKeys: string[], where: { partition: string; region: string; account: string }): string[] {
  const a = actionData(action);
  if (!a) return [`${action} is not an action of the Service Authorization Reference`];
  const service = action.split(':')[0]!.toLowerCase();
  const problems: string[] = [];
  const anyOnly = a.resourceTypes.length === 0;
  for (const r of resources) {
    if (anyOnly) {
      if (r !== '*') problems.push(`${action} is allowed only on "*", not on ${r}`);
      continue;
    }
    if (r === '*') {
      problems.push(`${action} can be scoped (${a.resourceTypes.map((t) => t.name).join(', ')}) but is granted on "*"`);
      continue;
    }
    const formats = a.resourceTypes.flatMap((t) => [arnFormat(service, t.name), ...(OLDER_FORMATS[`${service}:${t.name}`] ?? [])]).map((f) =>
      f
        .replace('${Partition}', where.partition)
        .replace('${Region}', where.region)
        .replace('${Account}', where.account)
        .replace(/\$\{[A-Za-z]+\}/g, '*'),
    );
    // A resource of another action in the same statement (alias and key) needs only to fit one of them.
    if (!formats.some((f) => patternsMeet(f, r))) problems.push(`${r} is no ${a.resourceTypes.map((t) => t.name).join(' or ')} of ${action}`);
  }
  const allowedKeys = new Set([...a.conditionKeys, ...a.resourceTypes.flatMap((t) => resourceTypeConditionKeys(service, t.name))].map((k) => k.toLowerCase().replace(/\$\{tagkey\}/, '')));
  for (const key of conditionKeys) {
    const k = key.toLowerCase();
    const tagKey = k.replace(/^(aws:(?:resource|request)tag\/).*$/, '$1');
    if (k.startsWith('aws:') && !/^aws:(resource|request)tag\//.test(k)) continue;
    if (!allowedKeys.has(k) && !allowedKeys.has(tagKey)) problems.push(`${action} takes no condition key ${key}`);
  }
  return problems;
}
