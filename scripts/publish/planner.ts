/**
 * The publish planner: (settings, what the catalogs hold) -> the ordered plan. Pure: no AWS, no clock.
 * Per catalog: upload the templates, find or create the portfolio, then for each product find or create
 * it, add the versions whose template content it lacks, associate it; then principals and shares.
 * What a version carries is decided by content (the template hash in its description), never by name.
 */
import type { VersionSummary } from '../aws/ports';
import type { ProductKey } from '../config/publish-schema';
import { templateArtifact } from '../deploy/template-artifacts';
import { hashOfDescription, PUBLISH_TAG, templateKey, templateUrl, versionDescription, versionName } from './naming';
import type { ObservedCatalog, ObservedProduct, PublishState } from './observe-catalogs';
import type { PlannedVersion, PublishPlan, PublishStep, VersionStep } from './plan-types';
import type { ProductVersionDefinition } from './products';
import type { CatalogSettings, PublishSettings } from './settings';
import { launchConstraintStep, shareSteps } from './share-plan';

/** Service Catalog keeps at most 100 versions per product. */
export const MAX_VERSIONS = 100;

export interface PublishPlanOptions {
  packageVersion: string;
  commit?: string;
  deprecateOlder: boolean;
  /** Delete shares of the target product's portfolio that publish.share no longer names. */
  pruneShares?: boolean;
}

const EMPTY: ObservedCatalog = { objects: {}, portfolio: { state: 'missing' }, principals: [], shares: [], products: {}, portfolioShares: [], targetConstraints: [] };

function plannedVersion(s: PublishSettings, c: CatalogSettings, v: ProductVersionDefinition, o: PublishPlanOptions): PlannedVersion {
  const { hash } = templateArtifact(v.template);
  const key = templateKey(c.keyPrefix, v.template, hash);
  return {
    name: versionName(o.packageVersion, v.label, hash),
    description: versionDescription({ template: v.template, hash, key, bucket: c.bucket, ...(o.commit ? { commit: o.commit } : {}) }, v.guidance),
    template: v.template,
    hash,
    templateUrl: templateUrl(c.bucket, s.region, key),
  };
}

/** What to do with one version of an existing product. */
function decideVersion(existing: VersionSummary[], wanted: PlannedVersion, productName: string, accountId: string): Pick<VersionStep, 'action' | 'reason' | 'versionId'> {
  const same = existing.filter((v) => hashOfDescription(v.description) === wanted.hash);
  const usable = same.find((v) => v.active && v.guidance === 'DEFAULT');
  if (usable) return { action: 'none', versionId: usable.id, reason: `version ${usable.name} already carries ${wanted.template} sha256:${wanted.hash}` };
  if (same.length > 0) {
    const v = same[same.length - 1];
    const state = [...(v.active ? [] : ['inactive']), ...(v.guidance === 'DEPRECATED' ? ['deprecated'] : [])].join(' and ');
    return { action: 'restore', versionId: v.id, reason: `version ${v.name} carries ${wanted.template} but is ${state}: make it active and DEFAULT again` };
  }
  const clash = existing.find((v) => v.name === wanted.name);
  if (clash) {
    const theirs = hashOfDescription(clash.description);
    return {
      action: 'blocked',
      reason: `version ${wanted.name} of product "${productName}" in account ${accountId} exists (${clash.id}) with other content (${theirs ? `sha256:${theirs}` : 'no template hash in its description'}), not ${wanted.template} sha256:${wanted.hash}: nothing is overwritten. Raise the package version, or rename or delete that version, and run again`,
    };
  }
  return { action: 'create', reason: `no version carries ${wanted.template} sha256:${wanted.hash}` };
}

function productSteps(s: PublishSettings, c: CatalogSettings, observed: ObservedCatalog, key: ProductKey, portfolioId: string | undefined, o: PublishPlanOptions): PublishStep[] {
  const p = s.products[key];
  const base = { catalog: c.key, accountId: c.accountId, product: key };
  const versions = p.definition.versions.map((v) => plannedVersion(s, c, v, o));
  const found = observed.products[key] ?? { state: 'missing' };
  if (found.state === 'ambiguous') {
    return [
      {
        ...base,
        id: `product:${key}`,
        kind: 'product',
        action: 'blocked',
        name: p.name,
        reason: `${found.ids.length} products in account ${c.accountId} carry the tags ${PUBLISH_TAG.catalog}=${s.catalogTag}, ${PUBLISH_TAG.product}=${key} (${found.ids.join(', ')}): keep one (delete or untag the others) and run again`,
      },
    ];
  }
  if (found.state === 'missing') {
    const [first, ...rest] = versions;
    return [
      { ...base, id: `product:${key}`, kind: 'product', action: 'create', name: p.name, firstVersion: first, reason: `no product in account ${c.accountId} carries the tags ${PUBLISH_TAG.catalog}=${s.catalogTag}, ${PUBLISH_TAG.product}=${key}` },
      ...rest.map((v): PublishStep => ({ ...base, id: `version:${key}:${v.template}`, kind: 'version', action: 'create', version: v, reason: 'the product is new' })),
      { ...base, id: `associate-product:${key}`, kind: 'associate-product', action: 'associate', ...(portfolioId ? { portfolioId } : {}), reason: 'the product is new' },
    ];
  }
  const product: ObservedProduct = found.value;
  const steps: PublishStep[] = [{ ...base, id: `product:${key}`, kind: 'product', action: 'none', name: product.name, productId: product.id, reason: `found by its tags: ${product.id}` }];
  let creates = 0;
  for (const v of versions) {
    const decision = decideVersion(product.versions, v, product.name, c.accountId);
    if (decision.action === 'create' && product.versions.length + ++creates > MAX_VERSIONS) {
      decision.action = 'blocked';
      decision.reason = `product "${product.name}" (${product.id}) has ${product.versions.length} versions; Service Catalog keeps at most ${MAX_VERSIONS}: delete old versions (deprecated ones first) and run again`;
    }
    steps.push({ ...base, id: `version:${key}:${v.template}`, kind: 'version', productId: product.id, version: v, ...decision });
  }
  const associated = portfolioId !== undefined && product.portfolios.includes(portfolioId);
  steps.push({
    ...base,
    id: `associate-product:${key}`,
    kind: 'associate-product',
    action: associated ? 'none' : 'associate',
    productId: product.id,
    ...(portfolioId ? { portfolioId } : {}),
    reason: associated ? `${product.id} is in portfolio ${portfolioId}` : `${product.id} is not in the portfolio yet`,
  });
  if (o.deprecateOlder) {
    const current = new Set(versions.map((v) => v.hash));
    for (const v of product.versions) {
      if (v.guidance === 'DEPRECATED' || current.has(hashOfDescription(v.description) ?? '')) continue;
      steps.push({ ...base, id: `deprecate:${key}:${v.id}`, kind: 'deprecate-version', action: 'deprecate', productId: product.id, versionId: v.id, versionName: v.name, reason: '--deprecate-older: not part of this release' });
    }
  }
  return steps;
}

function catalogSteps(s: PublishSettings, c: CatalogSettings, observed: ObservedCatalog, o: PublishPlanOptions): PublishStep[] {
  const base = { catalog: c.key, accountId: c.accountId };
  const steps: PublishStep[] = [];
  const templates = [...new Set(c.products.flatMap((k) => s.products[k].definition.versions.map((v) => v.template)))];
  for (const template of templates) {
    const { hash } = templateArtifact(template);
    const key = templateKey(c.keyPrefix, template, hash);
    const present = observed.objects[key] === hash;
    steps.push({ ...base, id: `upload:${template}`, kind: 'upload-template', action: present ? 'none' : 'upload', template, hash, bucket: c.bucket, key, reason: present ? `s3://${c.bucket}/${key} holds it` : `s3://${c.bucket}/${key} is missing` });
  }
  const portfolio = observed.portfolio;
  const portfolioId = portfolio.state === 'found' ? portfolio.value.id : undefined;
  steps.push(
    portfolio.state === 'found'
      ? { ...base, id: 'portfolio', kind: 'portfolio', action: 'none', name: portfolio.value.name, portfolioId: portfolio.value.id, reason: portfolio.value.foundBy === 'id' ? 'named by its id in the config' : `found by its tag ${PUBLISH_TAG.catalog}=${s.catalogTag}` }
      : portfolio.state === 'ambiguous'
        ? { ...base, id: 'portfolio', kind: 'portfolio', action: 'blocked', name: s.portfolio.name, reason: `${portfolio.ids.length} portfolios in account ${c.accountId} carry the tag ${PUBLISH_TAG.catalog}=${s.catalogTag} (${portfolio.ids.join(', ')}): name one in publish.catalogs.${c.key}.portfolioId` }
        : { ...base, id: 'portfolio', kind: 'portfolio', action: 'create', name: s.portfolio.name, reason: `no portfolio in account ${c.accountId} carries the tag ${PUBLISH_TAG.catalog}=${s.catalogTag}` },
  );
  for (const key of c.products) steps.push(...productSteps(s, c, observed, key, portfolioId, o));
  const target = observed.products.target;
  steps.push(...launchConstraintStep(s, c, observed, target?.state === 'found' ? target.value.id : undefined, portfolioId));
  for (const arn of c.principals) {
    const present = observed.principals.includes(arn);
    steps.push({ ...base, id: `principal:${arn}`, kind: 'associate-principal', action: present ? 'none' : 'associate', principalArn: arn, ...(portfolioId ? { portfolioId } : {}), reason: present ? 'already associated' : 'not associated yet' });
  }
  for (const account of c.shareWith) {
    const present = observed.shares.includes(account);
    steps.push({ ...base, id: `share:${account}`, kind: 'share-portfolio', action: present ? 'none' : 'share', shareWith: account, ...(portfolioId ? { portfolioId } : {}), reason: present ? 'already shared' : 'not shared yet' });
  }
  steps.push(...shareSteps(s, c, observed, portfolioId, o.pruneShares === true));
  // Ids are unique across catalogs: each is prefixed with its catalog.
  return steps.map((step) => ({ ...step, id: `${c.key}/${step.id}` }));
}

export function planPublish(settings: PublishSettings, state: PublishState, o: PublishPlanOptions): PublishPlan {
  return {
    catalogTag: settings.catalogTag,
    region: settings.region,
    packageVersion: o.packageVersion,
    ...(o.commit ? { commit: o.commit } : {}),
    deprecateOlder: o.deprecateOlder,
    steps: settings.catalogs.flatMap((c) => catalogSteps(settings, c, state[c.key] ?? EMPTY, o)),
  };
}
