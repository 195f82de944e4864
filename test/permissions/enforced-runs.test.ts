/**
 * The deployer policies `xacct permissions` prints are enough, and no more than enough: every scenario
 * runs with them enforced by the fake AWS (each request mapped to its IAM action and resource and
 * evaluated with the IAM simulator), every request is allowed, and every action the policies grant is
 * used by some request.
 */
import type { Decision } from '../fake-aws/iam/identity-policies';
import { ACCOUNT_OF, deployerPolicyOf, grantedActions, permissionsWorld, runScenario, SCENARIOS, type Account, type Policy } from '../helpers/permissions-world';

const decisions: Decision[] = [];
const policies: Partial<Record<Account, Policy>> = {};

describe('every scenario with the deployer policies enforced', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s: every request is allowed, every run ends as without a policy', async (_, scenario) => {
    const world = permissionsWorld();
    try {
      policies.source = await deployerPolicyOf(world, 'source');
      policies.target = await deployerPolicyOf(world, 'target');
      world.enforce(policies);
      const results = await runScenario(world, scenario);
      decisions.push(...world.decisions());
      expect(world.decisions().filter((d) => !d.allowed)).toEqual([]);
      expect(results.map((r) => [r.step.argv.join(' '), r.code])).toEqual(scenario.steps.map((s) => [s.argv.join(' '), s.code]));
    } finally {
      world.restore();
    }
  });

  it('uses every action the policies grant, in each account', () => {
    for (const account of ['source', 'target'] as const) {
      const used = new Set(decisions.filter((d) => d.allowed && d.account === ACCOUNT_OF[account]).map((d) => d.action.toLowerCase()));
      const unused = grantedActions(policies[account]!).filter((a) => !used.has(a));
      expect({ account, unused }).toEqual({ account, unused: [] });
    }
  });
});
