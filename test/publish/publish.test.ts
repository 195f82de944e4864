/**
 * `xacct publish` through the CLI against the fake AWS: what a first publish creates, a re-publish of
 * unchanged templates (no writes), one changed template (one new version), a version name taken by
 * other content (refused, nothing written) and --deprecate-older.
 */
import { TEMPLATES } from '../../templates-src';
import { templateArtifact } from '../../scripts/deploy/template-artifacts';
import { ACCOUNT_B } from '../helpers/deploy-world';
import { BUCKET_A, BUCKET_B, olderTemplate, publishWorld, type PublishWorld } from '../helpers/publish-world';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import packageJson from '../../package.json';

let world: PublishWorld;
beforeEach(() => {
  world = publishWorld();
});
afterEach(() => world.restore());

const hash8 = (name: Parameters<typeof templateArtifact>[0]) => templateArtifact(name).hash.slice(0, 8);
const aMinuteLater = () => world.aws.clock.advance(60_000);
/** GIVEN a release published with an older `name`, and a minute gone by. */
async function publishedWithOlder(name: Parameters<typeof olderTemplate>[0]): Promise<void> {
  const restore = olderTemplate(name);
  await world.publish();
  restore();
  aMinuteLater();
}
const writesOf = async <R extends object>(run: () => Promise<R>) => {
  const before = world.aws.writes().length;
  const r = await run();
  return { ...r, writes: world.aws.writes().slice(before) };
};

describe('a first publish', () => {
  it('creates a portfolio and a product per catalog, with one version per template of the release', async () => {
    const r = await world.publish();
    expect(r.err).toBe('');
    expect(r.code).toBe(0);

    const [portfolioB] = world.catalogB().portfolioList();
    expect(world.catalogB().portfolioList()).toHaveLength(1);
    expect(portfolioB.tags).toEqual({ 'xacct:catalog': 'orders-api' });
    const [target] = world.catalogB().productList();
    expect(world.catalogB().productList()).toHaveLength(1);
    expect(target.tags).toEqual({ 'xacct:catalog': 'orders-api', 'xacct:product': 'target' });
    expect(target.portfolios).toEqual([portfolioB.id]);
    // Stage 1 and stage 2 are versions of one product, so a provisioned product can be updated from one to the other.
    expect(target.versions.map((v) => v.name)).toEqual([`${packageJson.version}-stage1-${hash8('AccB-pipeline-1')}`, `${packageJson.version}-stage2-${hash8('AccB-pipeline-2')}`]);
    expect(target.versions.map((v) => [v.active, v.guidance])).toEqual([[true, 'DEFAULT'], [true, 'DEFAULT']]);

    const [source] = world.catalogA().productList();
    expect(world.catalogA().productList()).toHaveLength(1);
    expect(source.versions.map((v) => v.name)).toEqual([`${packageJson.version}-source-${hash8('AccA-pipeline')}`]);
    expect(source.portfolios).toEqual([world.catalogA().portfolioList()[0].id]);
  });

  it('versions carry exactly the generated templates, uploaded under content-addressed keys and named in the description', async () => {
    await world.publish();
    const generated = (name: string) => readFileSync(join('generated', `${name}.yaml`), 'utf8');
    const versions = [...world.catalogB().productList()[0].versions, ...world.catalogA().productList()[0].versions];
    expect(versions).toHaveLength(TEMPLATES.length);
    for (const [name, bucket, v] of [
      ['AccB-pipeline-1', BUCKET_B, versions[0]],
      ['AccB-pipeline-2', BUCKET_B, versions[1]],
      ['AccA-pipeline', BUCKET_A, versions[2]],
    ] as const) {
      const { hash } = templateArtifact(name);
      const key = `xacct-templates/${name}-${hash}.yaml`;
      expect(v.template).toBe(generated(name));
      expect(v.description).toContain(`Template ${name} sha256:${hash} (s3://${bucket}/${key})`);
      expect(new TextDecoder().decode(world.aws.s3.versions(bucket, key)[0].body)).toBe(generated(name));
    }
    expect(versions[0].description).toMatch(/^Stage 1: launch this first in account B/);
  });
});

describe('publishing again', () => {
  it('with unchanged templates uploads nothing, creates no version, writes nothing at all, and says it is up to date', async () => {
    await world.publish();
    aMinuteLater();
    const r = await writesOf(() => world.publish());
    expect(r.code).toBe(0);
    expect(r.writes).toEqual([]);
    expect(r.out).toContain('Up to date: the catalogs already hold this release (12 steps checked).');
    expect(world.catalogB().productList()[0].versions).toHaveLength(2);
  });

  it('with one template changed uploads it and creates exactly one new version', async () => {
    await publishedWithOlder('AccB-pipeline-2');
    const r = await writesOf(() => world.publish('--json'));
    expect(r.code).toBe(0);
    expect(r.writes.map((c) => `${c.command} ${c.account}`).sort()).toEqual([`CreateProvisioningArtifact ${ACCOUNT_B}`, `PutObject ${ACCOUNT_B}`]);
    const versions = world.catalogB().productList()[0].versions;
    expect(versions.map((v) => v.name)).toEqual([expect.stringMatching(/-stage1-/), expect.stringMatching(/-stage2-/), `${packageJson.version}-stage2-${hash8('AccB-pipeline-2')}`]);
    expect(versions[1].guidance).toBe('DEFAULT');
    expect(world.catalogA().productList()[0].versions).toHaveLength(1);
  });

  it('--deprecate-older marks the versions that are not part of this release DEPRECATED, and only those', async () => {
    await publishedWithOlder('AccB-pipeline-2');
    const r = await world.publish('--deprecate-older');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/deprecate\s+version 0\.1\.0-stage2-\w{8} \(pa-\w+\) of the target product/);
    const versions = world.catalogB().productList()[0].versions;
    expect(versions.map((v) => v.guidance)).toEqual(['DEFAULT', 'DEPRECATED', 'DEFAULT']);
    // Deprecated versions stay active: provisioned products on them can still be updated.
    expect(versions.every((v) => v.active)).toBe(true);
    aMinuteLater();
    expect((await writesOf(() => world.publish('--deprecate-older'))).writes).toEqual([]);
  });

  it('a version that carries this release but was deprecated by hand is made DEFAULT again', async () => {
    await world.publish();
    const product = world.catalogB().productList()[0];
    world.catalogB().UpdateProvisioningArtifact({ ProductId: product.id, ProvisioningArtifactId: product.versions[0].id, Guidance: 'DEPRECATED', Active: false });
    aMinuteLater();
    const r = await writesOf(() => world.publish());
    expect(r.writes.map((c) => c.command)).toEqual(['UpdateProvisioningArtifact']);
    expect(world.catalogB().productList()[0].versions[0]).toMatchObject({ active: true, guidance: 'DEFAULT' });
  });
});

describe('a version name taken by other content', () => {
  it('is refused before anything is written, naming the version and what to do', async () => {
    await publishedWithOlder('AccB-pipeline-2');
    // Someone gave the older stage 2 the name this release's stage 2 would get.
    const product = world.catalogB().productList()[0];
    const taken = `${packageJson.version}-stage2-${hash8('AccB-pipeline-2')}`;
    world.catalogB().UpdateProvisioningArtifact({ ProductId: product.id, ProvisioningArtifactId: product.versions[1].id, Name: taken });

    const r = await writesOf(() => world.publish());
    expect(r.code).toBe(4);
    expect(r.err).toContain(`version ${taken} of product "${product.name}" in account ${ACCOUNT_B} exists (${product.versions[1].id}) with other content`);
    expect(r.err).toContain('nothing is overwritten. Raise the package version, or rename or delete that version');
    expect(r.err).toContain('Nothing was changed.');
    expect(r.writes).toEqual([]);
    expect(world.catalogB().productList()[0].versions).toHaveLength(2);
  });
});

describe('names are not unique', () => {
  it('a product of the same name without our tags is left alone, and ours is created beside it', async () => {
    world.aws.s3.PutObject({ Bucket: BUCKET_B, Key: 'theirs.yaml', Body: 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n' }, ACCOUNT_B);
    const name = 'orders-api pipeline: target account (CodePipeline, ECS)';
    world.catalogB().CreateProduct({
      Name: name,
      Owner: 'someone else',
      ProductType: 'CLOUD_FORMATION_TEMPLATE',
      ProvisioningArtifactParameters: { Name: 'v1', Info: { LoadTemplateFromURL: `https://${BUCKET_B}.s3.eu-west-1.amazonaws.com/theirs.yaml` } },
      IdempotencyToken: 'theirs',
    });
    aMinuteLater();
    expect((await world.publish()).code).toBe(0);
    const products = world.catalogB().productList();
    expect(products.map((p) => p.name)).toEqual([name, name]);
    expect(products[0].versions).toHaveLength(1);
    expect(products[1].tags['xacct:product']).toBe('target');
  });

  it('two portfolios with our tag are refused: the config must name one by id', async () => {
    for (const t of ['one', 'two']) world.catalogB().CreatePortfolio({ DisplayName: 'x', ProviderName: 'x', IdempotencyToken: t, Tags: [{ Key: 'xacct:catalog', Value: 'orders-api' }] });
    const r = await writesOf(() => world.publish());
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/2 portfolios in account 444455556666 carry the tag xacct:catalog=orders-api \(port-\w+, port-\w+\): name one in publish\.catalogs\.target\.portfolioId/);
    expect(r.writes).toEqual([]);
  });
});

describe('the 100-version limit', () => {
  it('a product that cannot take another version is refused before anything is written', async () => {
    await publishedWithOlder('AccB-pipeline-2');
    const product = world.catalogB().productList()[0];
    const url = `https://${BUCKET_B}.s3.eu-west-1.amazonaws.com/${product.versions[0].description.match(/s3:\/\/[^/]+\/([^)]+)\)/)![1]}`;
    for (let i = 3; i <= 100; i++) {
      world.catalogB().CreateProvisioningArtifact({ ProductId: product.id, Parameters: { Name: `old-${i}`, Info: { LoadTemplateFromURL: url } }, IdempotencyToken: `old-${i}` });
    }
    const r = await writesOf(() => world.publish());
    expect(r.code).toBe(4);
    expect(r.err).toContain(`has 100 versions; Service Catalog keeps at most 100: delete old versions (deprecated ones first) and run again`);
    expect(r.writes).toEqual([]);
  });
});
