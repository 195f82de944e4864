/**
 * A small AWS Organizations model for StackSets (a test control, not an API the fake answers): which
 * organizational unit each account is in, the management account, and the delegated administrators of
 * StackSets. Service-managed stack sets resolve `DeploymentTargets.OrganizationalUnitIds` through it.
 */
export class FakeOrganization {
  private readonly ouOf = new Map<string, string>();
  /** StackSets with service-managed permissions never deploy to the management account (fake-aws.md). */
  managementAccount?: string;
  /** Accounts registered as delegated administrators of StackSets (CallAs DELEGATED_ADMIN). */
  readonly delegatedAdministrators = new Set<string>();

  /** Puts `account` in `ou` (an account is in exactly one OU). */
  place(account: string, ou: string): void {
    this.ouOf.set(account, ou);
  }

  ouOfAccount(account: string): string | undefined {
    return this.ouOf.get(account);
  }

  /** The accounts of these OUs, in the order they were placed (nested OUs are not modelled). */
  accountsIn(ous: string[]): string[] {
    return [...this.ouOf.entries()].filter(([, ou]) => ous.includes(ou)).map(([account]) => account);
  }

  /** Whether `account` may administer service-managed stack sets, and as what (CallAs). */
  mayAdminister(account: string, callAs: string | undefined): boolean {
    if (callAs === 'DELEGATED_ADMIN') return this.delegatedAdministrators.has(account);
    return account === this.managementAccount;
  }
}
