/**
 * Runs one publish step. Creates carry deterministic idempotency tokens (a hash of the request): when a
 * product created moments ago is not yet found by search and the plan says "create" again, Service
 * Catalog answers the repeated request with what the first one created instead of a duplicate.
 */
import { awsError, codeOf, describeAwsFailure, messageOf } from '../aws/aws-errors';
import type { AccountPorts, ServiceCatalogPort } from '../aws/ports';
import { pollUntil, type Clock } from '../deploy/clock';
import type { CatalogKey, ProductKey } from '../config/publish-schema';
import type { PublishStepResult, PublishEmit } from './events';
import { idempotencyToken, PUBLISH_TAG, TEMPLATE_HASH_METADATA } from './naming';
import type { PlannedVersion, PublishStep } from './plan-types';
import { templateArtifact } from '../deploy/template-artifacts';
import type { PublishSettings } from './settings';
import { shareLabel, shareOfType } from './share-plan';

export interface PublishContext {
  settings: PublishSettings;
  aws: Record<CatalogKey, AccountPorts>;
  emit: PublishEmit;
  clock: Clock;
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
  if (codeOf(e) === 'InvalidParametersException' && step.kind === 'launch-constraint') {
    // LaunchRoleConstraint: "The given role name must exist in the account used to create the launch constraint".
    return awsError(
      'launch-role-missing',
      `Service Catalog in account ${step.accountId} refused the launch constraint with LocalRoleName ${step.localRoleName}: ${messageOf(e)}. The role must exist in account ${step.accountId} (where the constraint is made) and in every account that launches the product: create it (trusting servicecatalog.amazonaws.com) or change publish.launchRoleName, and run again.`,
      e,
    );
  }
  if (codeOf(e) === 'NoSuchBucket' && step.kind === 'upload-template') {
    return awsError('missing-bucket', `bucket ${step.bucket} does not exist in account ${step.accountId}: create it (in the config's region) or change publish.catalogs.${step.catalog}.bucket`, e);
  }
  // CreatePortfolioShare API reference: "AWSOrganizationsAccess must be enabled in order to create a
  // portfolio share to an organization node"; which error code AWS answers then: unsure (the reference
  // lists InvalidStateException and OperationNotSupportedException), so both are read as this.
  if ((codeOf(e) === 'InvalidStateException' || codeOf(e) === 'OperationNotSupportedException') && step.kind === 'share' && step.shareTarget.kind === 'node') {
    return awsError(
      'organizations-access-disabled',
      `Service Catalog in account ${step.accountId} refused to share the portfolio with ${shareLabel(step.shareTarget)} (${codeOf(e)}: ${messageOf(e)}). Sharing with an organization node needs AWS Organizations access enabled once, by the organization's management account: aws servicecatalog enable-aws-organizations-access (run in the management account), and account ${step.accountId} must be the management account or a delegated administrator (aws organizations register-delegated-administrator --account-id ${step.accountId} --service-principal servicecatalog.amazonaws.com). Then run publish again.`,
      e,
    );
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
    case 'share': {
      const token = await sc.createShare(required(step.portfolioId ?? ctx.ids.portfolio[step.catalog], 'the portfolio'), step.shareTarget);
      if (token) await untilShared(ctx, sc, token, `sharing with ${shareLabel(step.shareTarget)}`);
      return { outcome: 'shared' };
    }
    case 'unshare': {
      const token = await sc.deleteShare(step.portfolioId, shareOfType(step.shareType, step.principalId));
      if (token) await untilShared(ctx, sc, token, `removing the share with ${shareLabel(shareOfType(step.shareType, step.principalId))}`);
      return { outcome: 'unshared' };
    }
    case 'launch-constraint': {
      const productId = required(step.productId ?? ctx.ids.product.target, 'the target product');
      const portfolioId = required(step.portfolioId ?? ctx.ids.portfolio[step.catalog], 'the portfolio');
      const id = await sc.createLaunchConstraint(portfolioId, productId, step.localRoleName, idempotencyToken('launch-constraint', step.accountId, { portfolioId, productId, role: step.localRoleName }));
      return { outcome: 'created', id };
    }
    case 'deprecate-version':
      await sc.updateVersion(step.productId, step.versionId, { guidance: 'DEPRECATED' });
      return { outcome: 'deprecated' };
  }
}

/**
 * A share to an organization node is made asynchronously: its PortfolioShareToken is followed with
 * DescribePortfolioShareStatus (API reference) once a second until it is done.
 */
async function untilShared(ctx: PublishContext, sc: ServiceCatalogPort, token: string, what: string): Promise<void> {
  const done = await pollUntil(ctx.clock, 1000, async () => {
    const status = await sc.shareStatus(token);
    return status.status === 'NOT_STARTED' || status.status === 'IN_PROGRESS' ? undefined : status;
  });
  if (done.status !== 'COMPLETED') {
    throw awsError('share-failed', `${what} ended ${done.status}${done.errors.length > 0 ? `: ${done.errors.join('; ')}` : ''} (token ${token})`, undefined);
  }
}

export async function executeStep(ctx: PublishContext, step: PublishStep): Promise<PublishStepResult> {
  try {
    return await execute(ctx, step);
  } catch (e) {
    throw describeAwsFailure(explain(e, step), `publishing (${step.id})`, step.accountId);
  }
}
