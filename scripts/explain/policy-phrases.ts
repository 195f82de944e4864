/**
 * The policy-type phrases of access-denied messages ("because no <type> allows the <action> action",
 * "with an explicit deny in a <type>"), from the IAM User Guide's "Troubleshoot access denied error
 * messages" and the S3 User Guide's "Troubleshoot access denied (403 Forbidden) errors": identity-based
 * policy, resource-based policy, role trust policy, permissions boundary, session policy (an older page
 * writes "sessions policy"), service control policy, resource control policy, VPC endpoint policy.
 * Matched case-insensitively: copies of messages are not always faithful to the case.
 */
import type { DeniedBy } from './message';

const PHRASES: Array<[RegExp, DeniedBy]> = [
  [/identity-based polic/i, 'identity'],
  [/resource-based polic/i, 'resource'],
  [/trust polic/i, 'resource'],
  [/service control polic/i, 'scp'],
  [/resource control polic/i, 'rcp'],
  [/permissions? boundar/i, 'boundary'],
  [/sessions? polic/i, 'session'],
  [/vpc endpoint polic/i, 'vpce'],
];

export function deniedByOf(phrase: string): DeniedBy {
  return PHRASES.find(([re]) => re.test(phrase))?.[1] ?? 'unknown';
}

/** How answers name each policy type. */
export const POLICY_TYPE_NAMES: Record<DeniedBy, string> = {
  identity: 'an identity-based policy of the caller',
  resource: 'the resource-based policy of what it called',
  scp: 'a service control policy (AWS Organizations)',
  rcp: 'a resource control policy (AWS Organizations)',
  boundary: 'a permissions boundary on the caller',
  session: 'a session policy of the caller\'s session',
  vpce: 'a VPC endpoint policy',
  'block-public-access': "the bucket's S3 Block Public Access settings",
  'object-ownership': "the bucket's S3 Object Ownership setting (bucket owner enforced: ACLs disabled)",
  unknown: 'a policy the message does not name',
};
