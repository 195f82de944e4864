/**
 * Product search is eventually consistent: a run that created a product and stopped, then runs again
 * before search lists it, must not create a second product (fault scenario 18). Also: a run stopped
 * anywhere converges on the next one, and throttling is retried.
 */
import { ACCOUNT_B } from '../helpers/deploy-world';
import { publishWorld, type PublishWorld } from '../helpers/publish-world';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';

let world: PublishWorld;
beforeEach(() => {
  world = publishWorld();
  world.catalogB().searchLagMs = 120_000;
  world.catalogA().searchLagMs = 120_000;
});
afterEach(() => world.restore());

const ours = () => world.catalogB().productList().filter((p) => p.tags['xacct:catalog'] === 'orders-api');

describe('a product created but not yet searchable', () => {
  it('is not created twice when the run is repeated at once: the repeated requests carry the same idempotency tokens', async () => {
    // GIVEN a run that created the target product, then failed on its stage 2 version (the SDK's one
    // retry of a server error fails too).
    world.aws.fail(2, 'servicecatalog', 'CreateProvisioningArtifact', 'InternalFailure', 'An internal error occurred', 500);
    const failed = await world.publish();
    expect(failed.code).toBe(4);
    expect(failed.err).toMatch(/publishing \(target\/version:target:AccB-pipeline-2\) in account 444455556666: InternalFailure/);
    expect(ours()).toHaveLength(1);

    // WHEN it runs again before search lists the product: the plan says "create", again.
    const r = await world.publish('--json');
    expect(r.code).toBe(0);
    const plan = r.out.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((e) => e.type === 'plan').plan;
    expect(plan.steps.find((s: { id: string }) => s.id === 'target/product:target')).toMatchObject({ action: 'create' });

    // THEN there is still one product, with both versions, in the portfolio.
    expect(ours()).toHaveLength(1);
    expect(ours()[0].versions.map((v) => v.name)).toEqual([expect.stringMatching(/-stage1-/), expect.stringMatching(/-stage2-/)]);
    expect(ours()[0].portfolios).toEqual([world.catalogB().portfolioList()[0].id]);
    expect(world.catalogB().portfolioList()).toHaveLength(1);
  });

  it('a finished run repeated within the lag creates nothing new; once search catches up nothing is even sent', async () => {
    await world.publish();
    expect((await world.publish()).code).toBe(0);
    expect(ours()).toHaveLength(1);
    expect(ours()[0].versions).toHaveLength(2);
    expect(world.catalogA().productList()).toHaveLength(1);

    world.aws.clock.advance(120_000);
    const before = world.aws.writes().length;
    expect((await world.publish()).out).toContain('Up to date');
    expect(world.aws.writes().length).toBe(before);
  });
});

describe('interrupted and throttled runs', () => {
  it.each([
    ['PutObject', 's3'],
    ['CreatePortfolio', 'servicecatalog'],
    ['CreateProduct', 'servicecatalog'],
    ['AssociateProductWithPortfolio', 'servicecatalog'],
  ] as const)('a run stopped at %s converges on the next run to the end state of an uninterrupted one', async (command, service) => {
    world.aws.fail(1, service, command, 'ExpiredTokenException', 'The security token included in the request is expired', 403);
    expect((await world.publish()).code).toBe(6);
    expect((await world.publish()).code).toBe(0);
    world.aws.clock.advance(120_000);
    const before = world.aws.writes().length;
    expect((await world.publish()).out).toContain('Up to date');
    expect(world.aws.writes().length).toBe(before);
    expect(world.catalogB().portfolioList()).toHaveLength(1);
    expect(ours()).toHaveLength(1);
    expect(ours()[0].versions).toHaveLength(2);
    expect(world.catalogA().productList()[0].versions).toHaveLength(1);
  });

  it('expired credentials stop the run with what to do', async () => {
    world.aws.fail(1, 'servicecatalog', 'CreateProduct', 'ExpiredTokenException', 'The security token included in the request is expired', 403);
    const r = await world.publish();
    expect(r.code).toBe(6);
    expect(r.err).toContain(`target account ${ACCOUNT_B} (profile team-b from target.credentials.profile in the config): the credentials have expired (ExpiredTokenException) while publishing`);
    expect(r.err).toContain('Refresh them: aws configure --profile team-b (new access keys)');
  });

  it('throttled calls are retried and the run completes', async () => {
    world.aws.throttle(3, 'servicecatalog');
    const r = await world.publish();
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/throttled by AWS \(attempt 1\); retrying in/);
    expect(ours()).toHaveLength(1);
  });
});

describe('Ctrl-C at any call', () => {
  // Some thirty runs of the CLI through the real SDK: seconds, more on a busy machine.
  jest.setTimeout(60_000);

  it('stops with exit 130, and the next run converges to the same catalogs', async () => {
    const snapshot = (w: PublishWorld) =>
      JSON.stringify(
        [w.catalogA(), w.catalogB()].map((c) => ({
          portfolios: c.portfolioList().length,
          products: c.productList().map((p) => ({ tags: p.tags, versions: p.versions.map((v) => v.name), portfolios: p.portfolios.length })),
        })),
      );
    await world.publish();
    const reference = snapshot(world);
    const total = world.aws.calls.length;
    world.restore();

    let interrupted = 0;
    for (let at = 1; at < total; at += Math.max(1, Math.floor(total / 15))) {
      world = publishWorld();
      const controller = new AbortController();
      let count = 0;
      world.aws.onCall = () => {
        if (++count === at) controller.abort();
      };
      const io = recordingIo();
      const code = await main(['publish', '--config', world.configFile], io, { ...world.deps, signal: controller.signal });
      expect([0, 130]).toContain(code);
      if (code === 130) interrupted++;
      world.aws.onCall = undefined;
      const again = await world.publish();
      expect({ at, code: again.code, err: again.err }).toEqual({ at, code: 0, err: '' });
      expect(snapshot(world)).toBe(reference);
      world.restore();
    }
    world = publishWorld();
    expect(interrupted).toBeGreaterThan(10);
    // About 30 runs of publish: on a busy machine that takes longer than jest's default 5 s.
  }, 60_000);
});
