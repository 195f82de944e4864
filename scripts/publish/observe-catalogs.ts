/**
 * Read-only look at what each catalog holds now: the template objects in its bucket, its portfolio (by
 * id, or by the xacct:catalog tag: never by name), the principals and shares of that portfolio, and our
 * products (by tag) with their versions and portfolios. Product search is eventually consistent: a
 * product created seconds ago may be missing here, which the idempotency tokens of the create calls
 * make harmless.
 */
import { codeOf, describeAwsFailure, messageOf } from '../aws/aws-errors';
import type { AccountPorts, ConstraintSummary, PortfolioShare, PortfolioShareType, ServiceCatalogPort, VersionSummary } from '../aws/ports';
import type { CatalogKey, ProductKey } from '../config/publish-schema';
import { usageError } from '../errors';
import { templateArtifact } from '../deploy/template-artifacts';
import { PUBLISH_TAG, TEMPLATE_HASH_METADATA, templateKey } from './naming';
import type { CatalogSettings, PublishSettings } from './settings';

export interface ObservedProduct {
  id: string;
  name: string;
  versions: VersionSummary[];
  /** Portfolios the product is associated with. */
  portfolios: string[];
}

export type Found<T> = { state: 'missing' } | { state: 'found'; value: T } | { state: 'ambiguous'; ids: string[] };

export interface ObservedCatalog {
  /** Template hash stored with each object key that exists in the bucket. */
  objects: Record<string, string | undefined>;
  portfolio: Found<{ id: string; name: string; foundBy: 'id' | 'tag' }>;
  principals: string[];
  shares: string[];
  products: Partial<Record<ProductKey, Found<ObservedProduct>>>;
  /** Every share of the portfolio by type (read when publish shares this catalog's portfolio). */
  portfolioShares: PortfolioShare[];
  /** The target product's constraints in the portfolio (read when a launch role is configured). */
  targetConstraints: ConstraintSummary[];
}

const SHARE_TYPES: PortfolioShareType[] = ['ACCOUNT', 'ORGANIZATION_MEMBER_ACCOUNT', 'ORGANIZATIONAL_UNIT', 'ORGANIZATION'];

/** DescribePortfolioShares takes one type per call: every type, so a re-run sees every share it made. */
async function sharesOf(sc: ServiceCatalogPort, portfolioId: string): Promise<PortfolioShare[]> {
  const all: PortfolioShare[] = [];
  for (const type of SHARE_TYPES) all.push(...(await sc.portfolioShares(portfolioId, type)));
  return all;
}

export type PublishState = Partial<Record<CatalogKey, ObservedCatalog>>;

const found = <T>(matches: T[], id: (t: T) => string): Found<T> =>
  matches.length === 0 ? { state: 'missing' } : matches.length === 1 ? { state: 'found', value: matches[0] } : { state: 'ambiguous', ids: matches.map(id) };

async function observeObjects(settings: PublishSettings, c: CatalogSettings, ports: AccountPorts): Promise<Record<string, string | undefined>> {
  const templates = c.products.flatMap((p) => settings.products[p].definition.versions.map((v) => v.template));
  // HeadObject answers a bare 404 for a missing bucket and a missing key alike; GetBucketVersioning tells them apart.
  try {
    await ports.s3.bucketVersioning(c.bucket);
  } catch (e) {
    if (codeOf(e) === 'NoSuchBucket' || codeOf(e) === 'AccessDenied' || codeOf(e) === 'Forbidden') {
      throw usageError(
        'bad-bucket',
        `publish.catalogs.${c.key}.bucket: bucket ${c.bucket} ${codeOf(e) === 'NoSuchBucket' ? 'does not exist' : 'cannot be read'} with the credentials of account ${c.accountId} (${codeOf(e)}: ${messageOf(e)}): Service Catalog loads the templates from it, so it must be a bucket of that account in ${settings.region}, readable by these credentials. Nothing was changed.`,
      );
    }
    throw e;
  }
  const objects: Record<string, string | undefined> = {};
  for (const name of templates) {
    const key = templateKey(c.keyPrefix, name, templateArtifact(name).hash);
    objects[key] = (await ports.s3.headObject(c.bucket, key))?.metadata[TEMPLATE_HASH_METADATA];
  }
  return objects;
}

async function findPortfolio(settings: PublishSettings, c: CatalogSettings, sc: ServiceCatalogPort): Promise<ObservedCatalog['portfolio']> {
  if (c.portfolioId) {
    const p = await sc.describePortfolio(c.portfolioId);
    if (!p) throw usageError('missing-portfolio', `publish.catalogs.${c.key}.portfolioId: account ${c.accountId} has no portfolio ${c.portfolioId} in ${settings.region}. Nothing was changed.`);
    return { state: 'found', value: { id: p.id, name: p.name, foundBy: 'id' } };
  }
  const tagged = [];
  for (const { id } of await sc.listPortfolios()) {
    const p = await sc.describePortfolio(id);
    if (p?.tags[PUBLISH_TAG.catalog] === settings.catalogTag) tagged.push({ id: p.id, name: p.name, foundBy: 'tag' as const });
  }
  return found(tagged, (p) => p.id);
}

/** Our products among `candidates`, by their tags. */
async function ours(settings: PublishSettings, sc: ServiceCatalogPort, candidates: string[], key: ProductKey): Promise<Array<{ id: string; name: string }>> {
  const matches = [];
  for (const id of candidates) {
    const p = await sc.describeProduct(id);
    if (p && p.tags[PUBLISH_TAG.catalog] === settings.catalogTag && p.tags[PUBLISH_TAG.product] === key) matches.push({ id: p.id, name: p.name });
  }
  return matches;
}

async function findProducts(settings: PublishSettings, c: CatalogSettings, sc: ServiceCatalogPort, portfolioId: string | undefined): Promise<ObservedCatalog['products']> {
  const products: ObservedCatalog['products'] = {};
  const inPortfolio = portfolioId ? (await sc.searchProducts(portfolioId)).map((p) => p.id) : [];
  let inAccount: string[] | undefined;
  for (const key of c.products) {
    let matches = await ours(settings, sc, inPortfolio, key);
    if (matches.length === 0) {
      // Not in the portfolio (never associated, or an interrupted run): look through the whole account.
      inAccount ??= (await sc.searchProducts()).map((p) => p.id).filter((id) => !inPortfolio.includes(id));
      matches = await ours(settings, sc, inAccount, key);
    }
    const result = found(matches, (p) => p.id);
    products[key] =
      result.state === 'found'
        ? { state: 'found', value: { ...result.value, versions: await sc.listVersions(result.value.id), portfolios: await sc.portfoliosOfProduct(result.value.id) } }
        : result;
  }
  return products;
}

async function observeCatalog(settings: PublishSettings, c: CatalogSettings, ports: AccountPorts): Promise<ObservedCatalog> {
  const sc = ports.serviceCatalog;
  const objects = await observeObjects(settings, c, ports);
  const portfolio = await findPortfolio(settings, c, sc);
  const portfolioId = portfolio.state === 'found' ? portfolio.value.id : undefined;
  const principals = portfolioId ? await sc.principals(portfolioId) : [];
  const shares = portfolioId ? await sc.sharedWith(portfolioId) : [];
  const products = await findProducts(settings, c, sc, portfolioId);
  const holdsTarget = c.products.includes('target');
  const target = products.target;
  const targetInPortfolio = portfolioId && target?.state === 'found' && target.value.portfolios.includes(portfolioId) ? target.value.id : undefined;
  return {
    objects,
    portfolio,
    principals,
    shares,
    products,
    portfolioShares: portfolioId && holdsTarget && settings.share ? await sharesOf(sc, portfolioId) : [],
    targetConstraints: portfolioId && targetInPortfolio && settings.launchRoleName ? await sc.constraints(portfolioId, targetInPortfolio) : [],
  };
}

export async function observeCatalogs(settings: PublishSettings, aws: Record<CatalogKey, AccountPorts>): Promise<PublishState> {
  const state: PublishState = {};
  for (const c of settings.catalogs) {
    state[c.key] = await observeCatalog(settings, c, aws[c.key]).catch((e) => {
      throw describeAwsFailure(e, `reading the Service Catalog of account ${c.accountId} (${c.key})`, c.accountId);
    });
  }
  return state;
}
