/**
 * What the config and the flags decide: config errors named by field (no AWS call), --dry-run and its
 * JSON plan (no write), the identity check first, which account holds each catalog, a portfolio named
 * by id, principals and shares that repeated change nothing.
 */
import { readFileSync } from 'node:fs';
import { parseConfig } from '../../scripts/config/load-config';
import { ACCOUNT_A, ACCOUNT_B, exampleConfig } from '../helpers/deploy-world';
import { BUCKET_B, examplePublish, publishConfig, publishWorld, type PublishWorld } from '../helpers/publish-world';

let world: PublishWorld;
beforeEach(() => {
  world = publishWorld();
});
afterEach(() => world.restore());

const publishWith = (publish: Record<string, unknown>, ...extra: string[]) => world.run('publish', '--config', world.writeConfig(publishConfig(publish)), ...extra);
const aMinuteLater = () => world.aws.clock.advance(60_000);

describe('config errors', () => {
  it('names every problem of the publish section by its field, exits 2 and calls no AWS API', async () => {
    const r = await publishWith({
      owner: '',
      support: { email: 'not-an-email' },
      products: { source: { catalog: 'elsewhere' }, extra: {} },
      catalogs: { target: { bucket: 'Bad_Bucket', principals: ['arn:aws:iam::1:role/x'], shareWith: ['123'] } },
    });
    expect(r.code).toBe(2);
    for (const problem of [
      'publish.owner: must be text of 1 to 50 characters; found an empty string',
      'publish.support.email: must be an email address of at most 254 characters; found the string "not-an-email"',
      'publish.products.source.catalog: must be target or source; found the string "elsewhere"',
      'publish.products: unknown key extra',
      'publish.catalogs.target.bucket: must be an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit; found the string "Bad_Bucket"',
      'publish.catalogs.target.principals.0: must be the ARN of an IAM role, user or group, for example arn:aws:iam::444455556666:role/developers; found the string "arn:aws:iam::1:role/x"',
      'publish.catalogs.target.shareWith.0: must be a string of 12 digits in quotes, for example "777788889999"; found the string "123"',
    ]) {
      expect(r.err).toContain(problem);
    }
    expect(world.aws.calls).toEqual([]);
  });

  it('checks across fields once each field is valid: catalogs of the products, accounts of principals and shares', async () => {
    const r = await publishWith(
      examplePublish({ products: { source: { catalog: 'target' } }, catalogs: { source: { bucket: 'catalog-templates-a', principals: [`arn:aws:iam::${ACCOUNT_B}:role/dev`], shareWith: [ACCOUNT_A] } } }),
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain(`publish.catalogs.source.principals.0: must be in account ${ACCOUNT_A}, whose catalog this is`);
    expect(r.err).toContain("publish.catalogs.source.shareWith.0: is the catalog's own account");
    expect(r.err).toContain(`publish.catalogs.target: is required: the target product is published in the catalog of account ${ACCOUNT_B} (target); give its bucket`);
    expect(r.err).toContain('publish.catalogs.source: no product is published in this catalog');
  });

  it('a config without a publish section says what to add', async () => {
    const r = await world.run('publish', '--config', world.writeConfig(exampleConfig()));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the config has no publish: section: add one \(see examples\/deployment\.yaml\)/);
    expect(world.aws.calls).toEqual([]);
  });

  it('a bucket that does not exist is named by its field before anything is written', async () => {
    const r = await publishWith(examplePublish({ catalogs: { target: { bucket: 'no-such-bucket' }, source: { bucket: 'catalog-templates-a' } } }));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/publish\.catalogs\.target\.bucket: bucket no-such-bucket does not exist with the credentials of account 444455556666/);
    expect(world.aws.writes()).toEqual([]);
  });

  it('a portfolio id that does not exist is named by its field', async () => {
    const r = await publishWith(examplePublish({ catalogs: { target: { bucket: BUCKET_B, portfolioId: 'port-nothere123456' }, source: { bucket: 'catalog-templates-a' } } }));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`publish.catalogs.target.portfolioId: account ${ACCOUNT_B} has no portfolio port-nothere123456 in eu-west-1`);
  });


  it('the commented publish section of examples/deployment.yaml is valid once uncommented', () => {
    const lines = readFileSync('examples/deployment.yaml', 'utf8').split('\n');
    const start = lines.findIndex((l) => l.startsWith('# publish:'));
    expect(start).toBeGreaterThan(0);
    const publish = lines.slice(start).map((l) => l.replace(/^# ?/, '')).filter((l) => !/^\s*#/.test(l));
    const config = parseConfig([...lines.slice(0, start), ...publish].join('\n'), 'example');
    expect(config.publish).toMatchObject({ owner: 'Platform team', catalogs: { target: { shareWith: ['777788889999'] }, source: { keyPrefix: 'xacct-templates' } } });
  });
});

describe('--dry-run', () => {
  it('prints the plan and writes nothing', async () => {
    const r = await world.publish('--dry-run');
    expect(r.code).toBe(0);
    expect(world.aws.writes()).toEqual([]);
    expect(r.out).toMatch(/Catalog orders-api, release \d+\.\d+\.\d+.* in eu-west-1: 10 steps, 10 to change/);
    expect(r.out).toMatch(/create\s+version 0\.1\.0-stage2-\w{8} \(AccB-pipeline-2\) of the target product/);
    expect(r.out).toContain('Dry run: 10 step(s) would change, 0 unchanged. Nothing was changed.');
  });

  it('--json prints the plan as one JSON document: ordered steps as data', async () => {
    const r = await world.publish('--dry-run', '--json');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out);
    expect(plan).toMatchObject({ catalogTag: 'orders-api', region: 'eu-west-1', deprecateOlder: false });
    expect(plan.steps.map((s: { id: string; kind: string; action: string }) => `${s.id} ${s.action}`)).toEqual([
      'target/upload:AccB-pipeline-1 upload',
      'target/upload:AccB-pipeline-2 upload',
      'target/portfolio create',
      'target/product:target create',
      'target/version:target:AccB-pipeline-2 create',
      'target/associate-product:target associate',
      'source/upload:AccA-pipeline upload',
      'source/portfolio create',
      'source/product:source create',
      'source/associate-product:source associate',
    ]);
    expect(plan.steps[3].firstVersion).toMatchObject({ template: 'AccB-pipeline-1', templateUrl: expect.stringMatching(/^https:\/\/catalog-templates-b\.s3\.eu-west-1\.amazonaws\.com\/xacct-templates\/AccB-pipeline-1-[0-9a-f]{16}\.yaml$/) });
    expect(world.aws.writes()).toEqual([]);
  });

  it('after a publish, plans nothing to change', async () => {
    await world.publish();
    aMinuteLater();
    const plan = JSON.parse((await world.publish('--dry-run', '--json')).out);
    expect(plan.steps.filter((s: { action: string }) => s.action !== 'none')).toEqual([]);
  });
});

describe('accounts and credentials', () => {
  it('credentials of the wrong account stop the run before anything is read or written', async () => {
    world.aws.addProfile('team-b-in-a', ACCOUNT_A);
    Object.assign(process.env, world.aws.writeCredentialsFile());
    const file = world.writeConfig({ ...publishConfig(), target: { accountId: ACCOUNT_B, credentials: { profile: 'team-b-in-a' }, stackName: 'orders-api-target' } });
    const r = await world.run('publish', '--config', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/target\.credentials \(profile team-b-in-a\) resolve to account 111122223333/);
    expect(world.aws.calls.map((c) => c.command)).toEqual(['GetCallerIdentity', 'GetCallerIdentity']);
  });

  it('both products in the catalog of account B: one portfolio holds both, and account A is never called', async () => {
    const r = await publishWith(examplePublish({ products: { source: { catalog: 'target' } }, catalogs: { target: { bucket: BUCKET_B } } }));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const [portfolio] = world.catalogB().portfolioList();
    expect(world.catalogB().productList().map((p) => [p.tags['xacct:product'], p.portfolios])).toEqual([
      ['target', [portfolio.id]],
      ['source', [portfolio.id]],
    ]);
    expect(world.aws.calls.filter((c) => c.account === ACCOUNT_A)).toEqual([]);
  });
});

describe('portfolio, principals and shares', () => {
  const sharing = (catalog: Record<string, unknown> = {}) =>
    examplePublish({
      catalogs: {
        target: { bucket: BUCKET_B, principals: [`arn:aws:iam::${ACCOUNT_B}:role/developers`], shareWith: ['777788889999', '999988887777'], ...catalog },
        source: { bucket: 'catalog-templates-a' },
      },
    });

  it('associates the principals and shares the portfolio; repeated, nothing changes and nothing is sent', async () => {
    expect((await publishWith(sharing())).code).toBe(0);
    const [portfolio] = world.catalogB().portfolioList();
    expect(portfolio.principals).toEqual([`arn:aws:iam::${ACCOUNT_B}:role/developers`]);
    expect(portfolio.shares).toEqual(['777788889999', '999988887777']);
    aMinuteLater();
    const before = world.aws.writes().length;
    expect((await publishWith(sharing())).code).toBe(0);
    expect(world.aws.writes().length).toBe(before);
    expect(world.catalogB().portfolioList()[0].shares).toEqual(['777788889999', '999988887777']);
  });

  it('a portfolio named by id is used as it is (not tagged, not duplicated); only the missing share is added', async () => {
    const id = world.catalogB().CreatePortfolio({ DisplayName: 'Made by hand', ProviderName: 'Platform', IdempotencyToken: 'by-hand' }).PortfolioDetail.Id;
    world.catalogB().CreatePortfolioShare({ PortfolioId: id, AccountId: '777788889999' });
    const r = await publishWith(sharing({ portfolioId: id }), '--json');
    expect(r.code).toBe(0);
    const writes = world.aws.writes().filter((c) => c.account === ACCOUNT_B).map((c) => c.command);
    expect(writes.filter((c) => c === 'CreatePortfolioShare')).toHaveLength(1);
    expect(writes).not.toContain('CreatePortfolio');
    expect(world.catalogB().portfolioList()).toEqual([expect.objectContaining({ id, name: 'Made by hand', tags: {}, shares: ['777788889999', '999988887777'] })]);
    expect(world.catalogB().productList()[0].portfolios).toEqual([id]);
  });
});
