/**
 * ARNs: `arn:partition:service:region:account:resource`, where the resource part may hold more colons
 * (`task-definition/web:7`). Matching is per part, as IAM documents for ArnLike: "Each of the six
 * colon-delimited components of the ARN is checked separately and each can include multi-character
 * match wildcards (*) or single-character match wildcards (?)" (IAM User Guide, Condition operators,
 * Amazon Resource Name (ARN) condition operators). The Resource element follows the same rule.
 */
import { globMatches } from './wildcard';

export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon, e.g. `role/path/name` or `bucket/key`. */
  resource: string;
}

export function parseArn(text: string): ArnParts | undefined {
  if (!text.startsWith('arn:')) return undefined;
  const parts = text.split(':');
  if (parts.length < 6) return undefined;
  const [, partition, service, region, account] = parts;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

/** Whether `value` (an ARN) matches `pattern` (an ARN with wildcards), part by part, case-sensitively. */
export function arnMatches(pattern: string, value: string): boolean {
  const p = parseArn(pattern);
  const v = parseArn(value);
  if (!p || !v) return false;
  return (
    globMatches(p.partition, v.partition, false) &&
    globMatches(p.service, v.service, false) &&
    globMatches(p.region, v.region, false) &&
    globMatches(p.account, v.account, false) &&
    globMatches(p.resource, v.resource, false)
  );
}

/** `arn:aws:sts::111122223333:assumed-role/Name/session` -> role name and session; the session may hold `/`? Taken whole. */
export function assumedRoleOf(arn: string): { partition: string; account: string; roleName: string; session: string } | undefined {
  const parts = parseArn(arn);
  if (!parts || parts.service !== 'sts' || !parts.resource.startsWith('assumed-role/')) return undefined;
  const rest = parts.resource.slice('assumed-role/'.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  return { partition: parts.partition, account: parts.account, roleName: rest.slice(0, slash), session: rest.slice(slash + 1) };
}

/** `arn:aws:iam::111122223333:role/path/Name` -> `Name`; undefined for anything else. */
export function roleNameOf(arn: string): string | undefined {
  const parts = parseArn(arn);
  if (!parts || parts.service !== 'iam' || !parts.resource.startsWith('role/')) return undefined;
  return parts.resource.slice(parts.resource.lastIndexOf('/') + 1);
}
