/**
 * The optional `stackSets:` block of a fleet config: how the StackSets engine (scripts/stacksets/)
 * deploys the targets' stacks as two stack sets administered from account A. Its presence with
 * `permissionModel: SERVICE_MANAGED` is what says the targets share an organization.
 */
import { z } from './zod';
import { list, mapping, text, wholeNumber } from './fields';

/**
 * Built on first use: a single-target config never reads it, and building it was a tenth of the
 * config's load time.
 */
function buildStackSetsSchema() {
  /** "Pattern: ^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$" (API reference, DeploymentTargets OrganizationalUnitIds). */
  const ouId = text('must be an organizational unit id (ou-abcd-12345678) or a root id (r-abcd)', /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/);
  /** StackSetOperationPreferences MaxConcurrentPercentage 1-100, FailureTolerancePercentage 0-100 (API reference). */
  const maxConcurrent = wholeNumber(1, 100, 'the percentage of a region\'s accounts deployed to at once');
  const tolerance = wholeNumber(0, 100, 'the percentage of a region\'s accounts that may fail before the operation stops there');

  return mapping(
    {
      permissionModel: z.enum(['SERVICE_MANAGED', 'SELF_MANAGED'], {
        error: 'must be SERVICE_MANAGED (the targets are accounts of one AWS Organization, deployed to by organizational unit) or SELF_MANAGED (account A assumes an execution role in each target)',
      }),
      organizationalUnitIds: list(ouId, 'must be a list of organizational unit ids, for example [ou-abcd-12345678]').optional(),
      administration: z.enum(['SELF', 'DELEGATED_ADMIN'], { error: 'must be SELF (account A is the management account) or DELEGATED_ADMIN (account A is a delegated administrator of StackSets)' }).default('SELF'),
      maxConcurrentPercentage: maxConcurrent.default(25),
      failureTolerancePercentage: tolerance.default(0),
    },
    'StackSets settings',
  ).superRefine((s, ctx) => {
    if (s.permissionModel === 'SERVICE_MANAGED' && !s.organizationalUnitIds?.length) {
      ctx.addIssue({ code: 'custom', path: ['organizationalUnitIds'], message: 'is required with permissionModel SERVICE_MANAGED: the organizational units the targets are in' });
    }
    if (s.permissionModel === 'SELF_MANAGED' && s.organizationalUnitIds?.length) {
      ctx.addIssue({ code: 'custom', path: ['organizationalUnitIds'], message: 'is only read with permissionModel SERVICE_MANAGED: a self-managed stack set deploys to the accounts themselves' });
    }
    // "CallAs: [Service-managed permissions] Specifies whether you are acting as an account administrator
    // in the organization's management account or as a delegated administrator" (API reference, CreateStackSet).
    if (s.permissionModel === 'SELF_MANAGED' && s.administration === 'DELEGATED_ADMIN') {
      ctx.addIssue({ code: 'custom', path: ['administration'], message: 'DELEGATED_ADMIN is only for permissionModel SERVICE_MANAGED (CallAs applies to service-managed stack sets)' });
    }
  });
}

let built: ReturnType<typeof buildStackSetsSchema> | undefined;
export const stackSetsSchema = () => (built ??= buildStackSetsSchema());

export type StackSetsConfig = z.infer<ReturnType<typeof buildStackSetsSchema>>;
