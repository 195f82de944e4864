/**
 * The deployer policies `xacct permissions` prints are enough, and each of their actions is needed:
 * 1. every scenario runs with them enforced by the fake AWS (each request mapped to its IAM action and
 *    resource and evaluated with the IAM simulator): every request is allowed, every run ends as it
 *    does without a policy, and every action the policies grant is used by some request;
 * 2. for each action, the scenario that uses it soonest runs again with the policy minus that action,
 *    and fails through the CLI with a message that names the action.
 */
import type { Decision } from '../fake-aws/iam/identity-policies';
import {
  ACCOUNT_OF,
  deployerPolicyOf,
  grantedActions,
  permissionsWorld,
  runScenario,
  SCENARIOS,
  without,
  type Account,
  type PermissionsWorld,
  type Policy,
  type Scenario,
} from '../helpers/permissions-world';

jest.setTimeout(180_000);

const decisions: Decision[] = [];
const policies: Partial<Record<Account, Policy>> = {};
/** Per account and action: the scenario and step that use it after the fewest requests. */
const firstUse = new Map<string, { scenario: Scenario; step: number; after: number }>();
const key = (account: Account, action: string) => `${account} ${action}`;
const accountOf = (id: string) => (Object.keys(ACCOUNT_OF) as Account[]).find((a) => ACCOUNT_OF[a] === id)!;

describe('every scenario with the deployer policies enforced', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s: every request is allowed, every run ends as without a policy', async (_, scenario) => {
    const world = permissionsWorld();
    try {
      policies.source ??= await deployerPolicyOf(world, 'source');
      policies.target ??= await deployerPolicyOf(world, 'target');
      world.enforce(policies);
      const stepEnds: number[] = [];
      const results = await runScenario(world, scenario, {
        stopWhen: () => {
          stepEnds.push(world.decisions().length);
          return false;
        },
      });
      world.decisions().forEach((d, i) => {
        decisions.push(d);
        if (!d.allowed) return;
        const k = key(accountOf(d.account), d.action.toLowerCase());
        const known = firstUse.get(k);
        if (!known || i < known.after) firstUse.set(k, { scenario, step: stepEnds.findIndex((end) => i < end), after: i });
      });
      expect(world.decisions().filter((d) => !d.allowed)).toEqual([]);
      expect(results.map((r) => [r.step.argv.join(' '), r.code])).toEqual(scenario.steps.map((s) => [s.argv.join(' '), s.code]));
    } finally {
      world.restore();
    }
  });

  it.each(['source', 'target'] as const)('uses every action the %s policy grants', (account) => {
    const used = new Set(decisions.filter((d) => d.allowed && d.account === ACCOUNT_OF[account]).map((d) => d.action.toLowerCase()));
    expect(grantedActions(policies[account]!).filter((a) => !used.has(a))).toEqual([]);
  });
});

/**
 * Runs, for each action of `account`, the step that first uses it with the action taken from the
 * policy. Actions first used by the same step share a world: the steps before it run once, with the
 * whole policies, and the world is made again only after a run that changed something.
 */
async function withoutEachAction(account: Account): Promise<string[]> {
  const failures: string[] = [];
  const groups = new Map<string, { scenario: Scenario; step: number; actions: string[] }>();
  for (const action of grantedActions(policies[account]!)) {
    const use = firstUse.get(key(account, action));
    if (!use) {
      failures.push(`${action}: no scenario uses it`);
      continue;
    }
    const g = groups.get(`${use.scenario.name}#${use.step}`) ?? { scenario: use.scenario, step: use.step, actions: [] };
    g.actions.push(action);
    groups.set(`${use.scenario.name}#${use.step}`, g);
  }
  for (const { scenario, step, actions } of groups.values()) {
    let world: PermissionsWorld | undefined;
    try {
      for (const action of actions) {
        if (!world) {
          world = permissionsWorld();
          world.enforce(policies);
          await runScenario(world, { ...scenario, steps: scenario.steps.slice(0, step) });
        }
        world.enforce({ ...policies, [account]: without(policies[account]!, action) });
        const writes = world.aws.writes().length;
        const names = (text: string) => text.toLowerCase().includes(action);
        const results = await runScenario(world, { ...scenario, steps: scenario.steps.slice(step) }, { stopWhen: (r) => names(r.err) || names(r.out) || r.code !== r.step.code });
        const last = results.at(-1)!;
        if (!(last.code !== 0 && (names(last.err) || names(last.out)))) {
          failures.push(`${action}: ${scenario.name}: \`xacct ${last.step.argv.join(' ')}\` exited ${last.code}: ${last.err.trim().split('\n')[0]}`);
        }
        if (world.aws.writes().length !== writes || results.length > 1) {
          world.restore();
          world = undefined;
        }
      }
    } finally {
      world?.restore();
    }
  }
  return failures;
}

describe.each(['source', 'target'] as const)('the %s deployer policy minus one action', (account) => {
  it('fails a run that needs the action, through the CLI, with a message naming it', async () => {
    expect(await withoutEachAction(account)).toEqual([]);
  });
});
