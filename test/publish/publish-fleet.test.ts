/**
 * `xacct publish` of a fleet config through the CLI against the fake AWS: the products published once in
 * account A, the target product's portfolio shared with the fleet's accounts (or an organizational unit,
 * or the organization), its launch constraint by LocalRoleName, re-runs that write nothing, and shares of
 * accounts that left the fleet reported, and removed only with --prune-shares.
 */
import { writeFileSync } from 'node:fs';
import { dump } from 'js-yaml';
import { FLEET_TARGETS, fleetConfig, fleetWorld, SOURCE, type FleetWorld } from '../helpers/fleet-world';

const BUCKET = 'catalog-templates-a';
const OU = 'ou-ab12-cdef3456';
const ORG = 'o-abcdef1234';
const ROLE = 'xacct-launch';

function fleetPublishConfig(publish: Record<string, unknown> = {}, targets: number = FLEET_TARGETS.length): Record<string, unknown> {
  const config = fleetConfig();
  return {
    ...config,
    targets: (config.targets as unknown[]).slice(0, targets),
    publish: { owner: 'Platform team', support: { email: 'platform@example.com' }, catalogs: { source: { bucket: BUCKET } }, launchRoleName: ROLE, ...publish },
  };
}

let world: FleetWorld;
function given(config: Record<string, unknown>): void {
  world = fleetWorld(config);
  world.aws.s3.createBucket(BUCKET, SOURCE, 'eu-west-1', 'Enabled');
  world.aws.iam(SOURCE).createRole(ROLE, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'servicecatalog.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
}
const catalog = () => world.aws.serviceCatalog(SOURCE, 'eu-west-1');
const publish = (...extra: string[]) => world.run('publish', '--config', world.configFile, ...extra);
const rewrite = (config: Record<string, unknown>) => writeFileSync(world.configFile, dump(config));
const writesOf = async (run: () => ReturnType<typeof publish>) => {
  const before = world.aws.writes().length;
  const r = await run();
  return { ...r, writes: world.aws.writes().slice(before) };
};
const aMinuteLater = () => world.aws.clock.advance(60_000);
const accounts = FLEET_TARGETS.map((t) => t.accountId);

afterEach(() => world.restore());

describe('a fleet of three targets', () => {
  beforeEach(() => given(fleetPublishConfig()));

  it('publishes both products once in account A and shares their portfolio with the three target accounts', async () => {
    const r = await publish();
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const [portfolio] = catalog().portfolioList();
    expect(catalog().portfolioList()).toHaveLength(1);
    expect(catalog().productList().map((p) => p.tags['xacct:product']).sort()).toEqual(['source', 'target']);
    expect(portfolio.nodeShares.sort()).toEqual(accounts.map((a) => `ACCOUNT:${a}`).sort());
    // Nothing is published in the target accounts: they import the share.
    for (const a of accounts) expect(world.aws.serviceCatalog(a, 'eu-west-1').portfolioList()).toEqual([]);
    expect(world.aws.callsOf('CreatePortfolioShare').map((c) => c.account)).toEqual([SOURCE, SOURCE, SOURCE]);
  });

  it('gives the target product one launch constraint by LocalRoleName, not RoleArn', async () => {
    await publish();
    const target = catalog().productList().find((p) => p.tags['xacct:product'] === 'target')!;
    expect(catalog().constraintList()).toEqual([{ id: expect.stringMatching(/^cons-/), type: 'LAUNCH', portfolioId: catalog().portfolioList()[0].id, productId: target.id, parameters: { LocalRoleName: ROLE } }]);
  });

  it('prints what each target account still does, and --json lists it', async () => {
    const r = await publish();
    const id = catalog().portfolioList()[0].id;
    expect(r.out).toContain(`Next, in each account the portfolio ${id} (eu-west-1) is shared with:`);
    expect(r.out).toContain(`  staging (555566667777):\n    - accept the share: aws servicecatalog accept-portfolio-share --portfolio-id ${id} --region eu-west-1`);
    expect(r.out).toContain('aws servicecatalog associate-principal-with-portfolio');
    expect(r.out).toContain(`have an IAM role named ${ROLE}`);
    aMinuteLater();
    const json = await publish('--json');
    const next = json.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).find((e) => e.type === 'next-steps');
    expect(next).toMatchObject({ portfolioId: id, region: 'eu-west-1' });
    expect(next.accounts.map((a: { target: string; accountId: string }) => [a.target, a.accountId])).toEqual(FLEET_TARGETS.map((t) => [t.name, t.accountId]));
    expect(next.accounts[1].steps[0]).toBe(`accept the share: aws servicecatalog accept-portfolio-share --portfolio-id ${id} --region eu-west-1`);
  });

  it('run again, writes nothing at all: no share, no constraint, no version', async () => {
    await publish();
    aMinuteLater();
    const r = await writesOf(() => publish());
    expect(r.code).toBe(0);
    expect(r.writes).toEqual([]);
    expect(r.out).toContain('Up to date');
    expect(catalog().constraintList()).toHaveLength(1);
    // One DescribePortfolioShares per share type, read once the portfolio exists (the second run).
    expect(world.aws.callsOf('DescribePortfolioShares')).toHaveLength(4);
  });
});

describe('a target removed from the fleet', () => {
  beforeEach(() => given(fleetPublishConfig()));

  it('keeps its share and says so; --prune-shares removes it, and only it', async () => {
    await publish();
    aMinuteLater();
    rewrite(fleetPublishConfig({}, 2));
    const kept = await writesOf(() => publish());
    expect(kept.code).toBe(0);
    expect(kept.writes).toEqual([]);
    expect(kept.out).toContain('the portfolio is shared with account 777788889999, which the config no longer names: left in place; run with --prune-shares to remove it');
    expect(catalog().portfolioList()[0].nodeShares).toContain('ACCOUNT:777788889999');

    const pruned = await writesOf(() => publish('--prune-shares'));
    expect(pruned.code).toBe(0);
    expect(pruned.writes.map((c) => c.command)).toEqual(['DeletePortfolioShare']);
    expect(catalog().portfolioList()[0].nodeShares.sort()).toEqual(['ACCOUNT:444455556666', 'ACCOUNT:555566667777']);
  });
});

describe('organization nodes', () => {
  it('an organizational unit share is followed to COMPLETED, at most once a second', async () => {
    given(fleetPublishConfig({ share: { accounts: [], organizationalUnits: [OU] } }));
    catalog().organization = { id: ORG, accessEnabled: true, units: { [OU]: accounts } };
    const started = world.aws.clock.now();
    const r = await publish('--json');
    expect(r.code).toBe(0);
    expect(catalog().portfolioList()[0].nodeShares).toEqual([`ORGANIZATIONAL_UNIT:${OU}`]);
    const polls = world.aws.callsOf('DescribePortfolioShareStatus');
    // The share takes 3 s: asked at once, then after 1, 2 and 3 s.
    expect(polls).toHaveLength(4);
    expect(polls.slice(1).map((p, i) => p.at - polls[i].at)).toEqual([1_000, 1_000, 1_000]);
    expect(world.aws.clock.now() - started).toBeGreaterThanOrEqual(3_000);
    expect(r.out).toContain('"outcome":"shared"');
    aMinuteLater();
    expect((await writesOf(() => publish())).writes).toEqual([]);
  });

  it('sharing with the organization without AWS Organizations access enabled is refused with the command that enables it (exit 4)', async () => {
    given(fleetPublishConfig({ share: { organization: ORG } }));
    catalog().organization = { id: ORG, accessEnabled: false, units: { [OU]: accounts } };
    const r = await publish();
    expect(r.code).toBe(4);
    expect(r.err).toContain(`refused to share the portfolio with organization ${ORG}`);
    expect(r.err).toContain('aws servicecatalog enable-aws-organizations-access (run in the management account)');
  });
});

describe('the config', () => {
  it('names the field of a malformed organizational unit or organization id', async () => {
    given(fleetPublishConfig({ share: { organizationalUnits: ['ou-XY'], organization: 'org-1' } }));
    const r = await publish();
    expect(r.code).toBe(2);
    expect(r.err).toContain('publish.share.organizationalUnits.0');
    expect(r.err).toContain('must be an organizational unit id');
    expect(r.err).toContain('publish.share.organization');
    expect(r.err).toContain('must be an organization id');
  });

  it('refuses a fleet whose target product would be published in a target account', async () => {
    given(fleetPublishConfig({ products: { target: { catalog: 'target' } } }));
    const r = await publish();
    expect(r.code).toBe(2);
    expect(r.err).toContain('publish.products.target.catalog');
  });
});

describe('the launch constraint', () => {
  it('whose role account A lacks is refused, naming the role and where it must exist (exit 4)', async () => {
    given(fleetPublishConfig({ launchRoleName: 'missing-role' }));
    const r = await publish();
    expect(r.code).toBe(4);
    expect(r.err).toContain(`refused the launch constraint with LocalRoleName missing-role`);
    expect(r.err).toContain(`The role must exist in account ${SOURCE} (where the constraint is made) and in every account that launches the product`);
  });

  it('made by hand with another role is left alone, and the run refused before any write', async () => {
    const withoutRole = fleetPublishConfig();
    delete (withoutRole.publish as Record<string, unknown>).launchRoleName;
    given(withoutRole);
    await publish();
    const [portfolio] = catalog().portfolioList();
    const target = catalog().productList().find((p) => p.tags['xacct:product'] === 'target')!;
    // Someone gave the product a launch constraint of a fixed role ARN; then the config names a launch role.
    rewrite(fleetPublishConfig());
    catalog().CreateConstraint({ PortfolioId: portfolio.id, ProductId: target.id, Type: 'LAUNCH', Parameters: JSON.stringify({ RoleArn: `arn:aws:iam::${SOURCE}:role/${ROLE}` }), IdempotencyToken: 'by-hand' });
    aMinuteLater();
    const r = await writesOf(() => publish());
    expect(r.code).toBe(4);
    expect(r.err).toMatch(new RegExp(`launch constraint cons-\\w+ in account ${SOURCE} uses RoleArn arn:aws:iam::${SOURCE}:role/${ROLE}, not LocalRoleName ${ROLE}`));
    expect(r.writes).toEqual([]);
  });
});

describe('a dry run and a fleet of one', () => {
  it('--dry-run shows the shares and the constraint it would make, writes nothing, and says what comes next', async () => {
    given(fleetPublishConfig());
    const r = await writesOf(() => publish('--dry-run'));
    expect(r.code).toBe(0);
    expect(r.writes).toEqual([]);
    for (const a of accounts) expect(r.out).toMatch(new RegExp(`share\\s+the portfolio with account ${a}`));
    expect(r.out).toMatch(/create\s+launch constraint of the target product: LocalRoleName xacct-launch/);
    expect(r.out).toContain('accept-portfolio-share --portfolio-id <the portfolio id>');
  });

  it('a config with targets: of one target shares with that account by default', async () => {
    given(fleetPublishConfig({}, 1));
    expect((await publish()).code).toBe(0);
    expect(catalog().portfolioList()[0].nodeShares).toEqual([`ACCOUNT:${FLEET_TARGETS[0].accountId}`]);
  });
});
