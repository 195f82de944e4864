/**
 * "If your Principal element in a role trust policy contains an ARN that points to a specific IAM role,
 * then that ARN transforms to the role unique principal ID when you save the policy ... If you delete
 * the role, then you break the relationship ... the role's unique ID appears in the trust policy"
 * (IAM user guide, "AWS JSON policy elements: Principal", IAM roles). Resource-based policies that name
 * a role (bucket, key, repository policies) show the same once the role is gone. So a role deleted and
 * created again under its old name is no longer the one those policies trust.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The policy with every Principal AWS entry equal to `arn` shown as `uniqueId`; true when one was. */
export function showDeletedPrincipal(policy: Json | undefined, arn: string, uniqueId: string): boolean {
  let changed = false;
  const statements: Json[] = Array.isArray(policy?.Statement) ? policy.Statement : policy?.Statement ? [policy.Statement] : [];
  for (const s of statements) {
    const aws = s.Principal?.AWS;
    if (aws === arn) {
      s.Principal.AWS = uniqueId;
      changed = true;
    } else if (Array.isArray(aws) && aws.includes(arn)) {
      s.Principal.AWS = aws.map((p: string) => (p === arn ? uniqueId : p));
      changed = true;
    }
  }
  return changed;
}
