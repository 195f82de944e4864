/**
 * Runs one publish step. Creates carry deterministic idempotency tokens (a hash of the request): when a
 * product created moments ago is not yet found by search and the plan says "create" again, Service
 * Catalog answers the repeated request with what the first one created instead of a duplicate.
 */
import { awsError, codeOf, describeAwsFailure, messageOf } from '../aws/aws-errors';
import type { AccountPorts } from '../aws/ports';
import type { CatalogKey, ProductKey } from '../config/publish-schema';
import type { PublishStepResult, PublishEmit } from './events';
import { idempotencyToken, PUBLISH_TAG, TEMPLATE_HASH_METADATA } from './naming';
import type { PlannedVersion, PublishStep } from './plan-types';
import { templateArtifact } from '../deploy/template-artifacts';
import type { PublishSettings } from './settings';

export interface PublishContext {
  settings: PublishSettings;
  aws: Record<CatalogKey, AccountPorts>;
  emit: PublishEmit;
  /** Ids known so far: from the plan, then from what this run creates. */
  ids: { portfolio: Partial<Record<CatalogKey, string>>; product: Partial<Record<ProductKey, string>> };
}

function required(id: string | undefined, what: string): string {
  if (!id) throw new Error(`${what} is not known: the step that creates it did not run`);
  return id;
}

const versionRequest = (v: PlannedVersion) => ({ name: v.name, description: v.description, templateUrl: v.templateUrl });

/** Service Catalog's refusals, with what to do. */
function explain(e: unknown, step: PublishStep): unknown {
  if (codeOf(e) === 'InvalidParametersException' && (step.kind === 'version' || step.kind === 'product')) {
    const v = step.kind === 'version' ? step.version : step.firstVersion;
    return awsError(
      'template-rejected',
      `Service Catalog in account ${step.accountId} refused ${v ? `${v.template} from ${v.templateUrl}` : 'the product'}: ${messageOf(e)}. The bucket must be in account ${step.accountId} and readable by the publishing credentials.`,
      e,
    );
  }
  if (codeOf(e) === 'NoSuchBucket' && step.kind === 'upload-template') {
    return awsError('missing-bucket', `bucket ${step.bucket} does not exist in account ${step.accountId}: create it (in the config's region) or change publish.catalogs.${step.catalog}.bucket`, e);
  }
  if (codeOf(e) === 'LimitExceededException') {
    return awsError('limit-exceeded', `Service Catalog in account ${step.accountId} refused ${step.id}: ${messageOf(e)}. A product keeps at most 100 versions: delete old ones (deprecated first) and run again.`, e);
  }
  return e;
}

async function execute(ctx: PublishContext, step: PublishStep): Promise<PublishStepResult> {
  const ports = ctx.aws[step.catalog];
  const sc = ports.serviceCatalog;
  const s = ctx.settings;
  switch (step.kind) {
    case 'upload-template': {
      const body = new TextEncoder().encode(templateArtifact(step.template).body);
      await ports.s3.putObject(step.bucket, step.key, body, { [TEMPLATE_HASH_METADATA]: step.hash }, 'application/x-yaml');
      return { outcome: 'uploaded', url: `s3://${step.bucket}/${step.key}` };
    }
    case 'portfolio': {
      const request = { name: s.portfolio.name, description: s.portfolio.description, providerName: s.owner, tags: { [PUBLISH_TAG.catalog]: s.catalogTag } };
      const created = await sc.createPortfolio({ ...request, idempotencyToken: idempotencyToken('portfolio', step.accountId, request) });
      ctx.ids.portfolio[step.catalog] = created.id;
      return { outcome: 'created', id: created.id };
    }
    case 'product': {
      // The planner gives a product to create its first version.
      const request = {
        name: step.name,
        owner: s.owner,
        description: s.products[step.product].description,
        ...(s.distributor ? { distributor: s.distributor } : {}),
        ...(s.support.email ? { supportEmail: s.support.email } : {}),
        ...(s.support.url ? { supportUrl: s.support.url } : {}),
        ...(s.support.description ? { supportDescription: s.support.description } : {}),
        tags: { [PUBLISH_TAG.catalog]: s.catalogTag, [PUBLISH_TAG.product]: step.product },
        firstVersion: versionRequest(step.firstVersion!),
      };
      const created = await sc.createProduct({ ...request, idempotencyToken: idempotencyToken('product', step.accountId, request) });
      ctx.ids.product[step.product] = created.product.id;
      return { outcome: 'created', id: created.product.id };
    }
    case 'version': {
      const productId = required(step.productId ?? ctx.ids.product[step.product], `the ${step.product} product`);
      if (step.action === 'restore') {
        await sc.updateVersion(productId, required(step.versionId, 'the version'), { active: true, guidance: 'DEFAULT' });
        return { outcome: 'restored' };
      }
      const request = versionRequest(step.version);
      const created = await sc.createVersion(productId, request, idempotencyToken('version', step.accountId, { productId, ...request }));
      return { outcome: 'created', id: created.id };
    }
    case 'associate-product':
      await sc.associateProduct(required(step.productId ?? ctx.ids.product[step.product], `the ${step.product} product`), required(step.portfolioId ?? ctx.ids.portfolio[step.catalog], 'the portfolio'));
      return { outcome: 'associated' };
    case 'associate-principal':
      await sc.associatePrincipal(required(step.portfolioId ?? ctx.ids.portfolio[step.catalog], 'the portfolio'), step.principalArn);
      return { outcome: 'associated' };
    case 'share-portfolio':
      await sc.sharePortfolio(required(step.portfolioId ?? ctx.ids.portfolio[step.catalog], 'the portfolio'), step.shareWith);
      return { outcome: 'shared' };
    case 'deprecate-version':
      await sc.updateVersion(step.productId, step.versionId, { guidance: 'DEPRECATED' });
      return { outcome: 'deprecated' };
  }
}

export async function executeStep(ctx: PublishContext, step: PublishStep): Promise<PublishStepResult> {
  try {
    return await execute(ctx, step);
  } catch (e) {
    throw describeAwsFailure(explain(e, step), `publishing (${step.id})`, step.accountId);
  }
}
