/**
 * The measurement behind DEFAULT_CONCURRENCY (scripts/deploy/fleet-run.ts): a three-region fleet
 * deployed through the CLI at several --concurrency values against the fake, with the run's virtual
 * duration and the busiest second of CloudFormation calls of any one account and region, bounded so a
 * change that loses the concurrency fails. The figures themselves are the fleet bench's (make bench).
 */
import { DEFAULT_POLL_MS } from '../../scripts/deploy/run-steps';
import { fleetWorld } from '../helpers/fleet-world';

async function measure(concurrency: number) {
  const world = fleetWorld();
  // The CLI's own poll interval (DEFAULT_POLL_MS), not the tests' slower one: the rate is what is measured.
  world.deps.pollIntervalMs = DEFAULT_POLL_MS;
  try {
    const start = world.aws.clock.now();
    const r = await world.run('deploy-sequence', '--config', world.configFile, '--yes', '--json', '--concurrency', String(concurrency));
    expect(r.code).toBe(0);
    // The busiest second of CloudFormation calls per account and region (where AWS counts them: a quota
    // increase for "Rate exceeded" names the Region, AWS re:Post knowledge center,
    // cloudformation-rate-exceeded-error), and per account over all regions (account A serves every region).
    const peak = (key: (c: (typeof world.aws.calls)[number]) => string) => {
      const perSecond = new Map<string, number>();
      for (const c of world.aws.calls.filter((x) => x.service === 'cloudformation')) perSecond.set(`${key(c)}@${Math.floor(c.at / 1000)}`, (perSecond.get(`${key(c)}@${Math.floor(c.at / 1000)}`) ?? 0) + 1);
      return Math.max(...perSecond.values());
    };
    return {
      concurrency,
      seconds: Math.round((world.aws.clock.now() - start) / 1000),
      peakCfnCallsPerSecond: peak((c) => `${c.account}@${c.region}`),
      peakCfnCallsPerSecondAllRegions: peak((c) => c.account),
    };
  } finally {
    world.restore();
  }
}

it('a three-region fleet: concurrency shortens the run, and keeps each account and region under the reported 8-10 CloudFormation calls a second', async () => {
  const figures = [];
  for (const c of [1, 2, 4, 8]) figures.push(await measure(c));
  const [one, , four, eight] = figures;
  expect(four!.seconds).toBeLessThan(one!.seconds * 0.75);
  for (const f of figures) expect(f.peakCfnCallsPerSecond).toBeLessThanOrEqual(8);
  // Past 4 the run gains little: a region's steps wait on each other.
  expect(eight!.seconds).toBeGreaterThan(four!.seconds * 0.7);
});
