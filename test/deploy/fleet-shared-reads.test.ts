/**
 * Account A's stack reads in a fleet deploy through the CLI: shared by the targets of a region until the
 * run writes the stack (scripts/deploy/shared-stack-reads.ts), and read afresh by account A's own step,
 * which so sees a change someone made after the run looked.
 */
import { TAG } from '../../scripts/deploy/stack-tags';
import { FLEET_TARGETS, fleetWorld, SOURCE, type FleetWorld } from '../helpers/fleet-world';

let world: FleetWorld;
beforeEach(() => {
  world = fleetWorld();
});
afterEach(() => world.restore());

const deploy = () => world.run('deploy-sequence', '--config', world.configFile, '--yes', '--json');
const sourceReads = (region: string, from = 0) => world.aws.calls.slice(from).filter((c) => c.account === SOURCE && c.region === region && c.command === 'DescribeStacks').length;

it("each region's account-A stack is read once by the look and twice afresh by its own step (what it serves, then its decision), whatever the targets' steps read", async () => {
  expect((await deploy()).code).toBe(0);
  const before = world.aws.calls.length;
  // A second run: nothing to write, so every read of account A's stack is one the run chose to make.
  const r = await deploy();
  expect(r.code).toBe(0);
  // The look (1); account A's step: which targets the fleet stack serves now (1) and deciding afresh (1);
  // nothing after it (no write, the answer is kept).
  for (const t of FLEET_TARGETS) expect([t.region, sourceReads(t.region, before)]).toEqual([t.region, 3]);
});

it("account A's step sees a change made to its stack after the run looked at it", async () => {
  expect((await deploy()).code).toBe(0);
  const dev = FLEET_TARGETS[0];
  let bStackReads = 0;
  world.aws.onCall = (c) => {
    // Dev's stage-1 step reads its stack B after the look: someone tags account A's stack of dev's region
    // as another deployment's at that moment.
    if (c.account === dev.accountId && c.command === 'DescribeStacks' && ++bStackReads === 2) {
      world.aws.cloudFormation(SOURCE, dev.region).stack('orders-api-source')!.tags[TAG.deployment] = 'someone-else';
    }
  };
  const r = await deploy();
  expect(r.code).toBe(7);
  const failed = r.lines.find((l) => l.type === 'failed' && l.region === dev.region);
  expect(failed?.message).toMatch(/belongs to deployment "someone-else"/);
});
