/** Service Catalog's port: portfolios, products, their versions, principals and shares. */
import {
  AssociatePrincipalWithPortfolioCommand,
  AssociateProductWithPortfolioCommand,
  CreatePortfolioCommand,
  CreateConstraintCommand,
  CreatePortfolioShareCommand,
  DeletePortfolioShareCommand,
  DescribeConstraintCommand,
  DescribePortfolioSharesCommand,
  DescribePortfolioShareStatusCommand,
  ListConstraintsForPortfolioCommand,
  CreateProductCommand,
  CreateProvisioningArtifactCommand,
  DescribePortfolioCommand,
  DescribeProductAsAdminCommand,
  ListPortfolioAccessCommand,
  ListPortfoliosCommand,
  ListPortfoliosForProductCommand,
  ListPrincipalsForPortfolioCommand,
  ListProvisioningArtifactsCommand,
  SearchProductsAsAdminCommand,
  type ServiceCatalogClient,
  UpdateProvisioningArtifactCommand,
  type ProvisioningArtifactDetail,
  type Tag,
} from '@aws-sdk/client-service-catalog';
import { codeOf } from '../aws-errors';
import { record } from './shared';
import { paged, type PageCall } from '../paging';
import type { ServiceCatalogPort, ShareStatus, ShareTarget, VersionRequest, VersionSummary } from '../ports';

/**
 * An account by AccountId, a node by OrganizationNode. Neither TagOptions nor principal names are
 * shared (ShareTagOptions and SharePrincipals left false, their default: CreatePortfolioShare API
 * reference): the portfolio has no TagOptions, and its principals are full IAM ARNs of its own account,
 * which mean nothing in another account (the importing account associates its own).
 */
const shareRequest = (t: ShareTarget) => (t.kind === 'account' ? { AccountId: t.accountId } : { OrganizationNode: { Type: t.type, Value: t.value } });

/** Every page of a Service Catalog listing (PageToken in, NextPageToken out). */
async function allPages<T>(call: PageCall, page: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const at = token;
    const out = await call(() => page(at));
    all.push(...(out.items ?? []));
    token = out.next;
  } while (token);
  return all;
}

const tagList = (tags: Record<string, string>): Tag[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
const artifactParameters = (v: VersionRequest) => ({ Name: v.name, Description: v.description, Type: 'CLOUD_FORMATION_TEMPLATE' as const, Info: { LoadTemplateFromURL: v.templateUrl } });
const version = (d: ProvisioningArtifactDetail | undefined): VersionSummary => ({
  id: d?.Id ?? '',
  name: d?.Name ?? '',
  description: d?.Description ?? '',
  active: d?.Active ?? true,
  guidance: d?.Guidance === 'DEPRECATED' ? 'DEPRECATED' : 'DEFAULT',
});

export function serviceCatalogPort(client: ServiceCatalogClient): ServiceCatalogPort {
  const missingAsUndefined = <T>(e: unknown): T | undefined => {
    if (codeOf(e) === 'ResourceNotFoundException') return undefined;
    throw e;
  };
  return {
    async describePortfolio(id) {
      try {
        const out = await client.send(new DescribePortfolioCommand({ Id: id }));
        return { id: out.PortfolioDetail?.Id ?? id, name: out.PortfolioDetail?.DisplayName ?? '', tags: record(out.Tags) };
      } catch (e) {
        return missingAsUndefined(e);
      }
    },
    listPortfolios: paged<ServiceCatalogPort['listPortfolios']>((page) => async () => {
      const details = await allPages(page, async (PageToken) => {
        const out = await client.send(new ListPortfoliosCommand({ ...(PageToken ? { PageToken } : {}) }));
        return { items: out.PortfolioDetails, next: out.NextPageToken };
      });
      return details.map((d) => ({ id: d.Id ?? '', name: d.DisplayName ?? '' }));
    }),
    async createPortfolio(r) {
      const out = await client.send(
        new CreatePortfolioCommand({ DisplayName: r.name, Description: r.description, ProviderName: r.providerName, Tags: tagList(r.tags), IdempotencyToken: r.idempotencyToken }),
      );
      return { id: out.PortfolioDetail?.Id ?? '', name: out.PortfolioDetail?.DisplayName ?? r.name, tags: record(out.Tags) };
    },
    searchProducts: paged<ServiceCatalogPort['searchProducts']>((page) => async (portfolioId) => {
      const views = await allPages(page, async (PageToken) => {
        const out = await client.send(
          new SearchProductsAsAdminCommand({ ...(portfolioId ? { PortfolioId: portfolioId } : { ProductSource: 'ACCOUNT' }), ...(PageToken ? { PageToken } : {}) }),
        );
        return { items: out.ProductViewDetails, next: out.NextPageToken };
      });
      return views.map((v) => ({ id: v.ProductViewSummary?.ProductId ?? '', name: v.ProductViewSummary?.Name ?? '' }));
    }),
    async describeProduct(id) {
      try {
        const out = await client.send(new DescribeProductAsAdminCommand({ Id: id }));
        return { id: out.ProductViewDetail?.ProductViewSummary?.ProductId ?? id, name: out.ProductViewDetail?.ProductViewSummary?.Name ?? '', tags: record(out.Tags) };
      } catch (e) {
        return missingAsUndefined(e);
      }
    },
    async createProduct(r) {
      const out = await client.send(
        new CreateProductCommand({
          Name: r.name,
          Owner: r.owner,
          Description: r.description,
          ...(r.distributor ? { Distributor: r.distributor } : {}),
          ...(r.supportEmail ? { SupportEmail: r.supportEmail } : {}),
          ...(r.supportUrl ? { SupportUrl: r.supportUrl } : {}),
          ...(r.supportDescription ? { SupportDescription: r.supportDescription } : {}),
          ProductType: 'CLOUD_FORMATION_TEMPLATE',
          Tags: tagList(r.tags),
          ProvisioningArtifactParameters: artifactParameters(r.firstVersion),
          IdempotencyToken: r.idempotencyToken,
        }),
      );
      const summary = out.ProductViewDetail?.ProductViewSummary;
      return { product: { id: summary?.ProductId ?? '', name: summary?.Name ?? r.name, tags: record(out.Tags) }, version: version(out.ProvisioningArtifactDetail) };
    },
    async listVersions(productId) {
      const out = await client.send(new ListProvisioningArtifactsCommand({ ProductId: productId }));
      return (out.ProvisioningArtifactDetails ?? []).map(version);
    },
    async createVersion(productId, v, token) {
      const out = await client.send(new CreateProvisioningArtifactCommand({ ProductId: productId, Parameters: artifactParameters(v), IdempotencyToken: token }));
      return version(out.ProvisioningArtifactDetail);
    },
    async updateVersion(productId, versionId, change) {
      await client.send(
        new UpdateProvisioningArtifactCommand({
          ProductId: productId,
          ProvisioningArtifactId: versionId,
          ...(change.active !== undefined ? { Active: change.active } : {}),
          ...(change.guidance ? { Guidance: change.guidance } : {}),
        }),
      );
    },
    portfoliosOfProduct: paged<ServiceCatalogPort['portfoliosOfProduct']>((page) => async (productId) => {
      const details = await allPages(page, async (PageToken) => {
        const out = await client.send(new ListPortfoliosForProductCommand({ ProductId: productId, ...(PageToken ? { PageToken } : {}) }));
        return { items: out.PortfolioDetails, next: out.NextPageToken };
      });
      return details.map((d) => d.Id ?? '');
    }),
    async associateProduct(productId, portfolioId) {
      await client.send(new AssociateProductWithPortfolioCommand({ ProductId: productId, PortfolioId: portfolioId }));
    },
    principals: paged<ServiceCatalogPort['principals']>((page) => async (portfolioId) => {
      const principals = await allPages(page, async (PageToken) => {
        const out = await client.send(new ListPrincipalsForPortfolioCommand({ PortfolioId: portfolioId, ...(PageToken ? { PageToken } : {}) }));
        return { items: out.Principals, next: out.NextPageToken };
      });
      return principals.map((p) => p.PrincipalARN ?? '');
    }),
    async associatePrincipal(portfolioId, principalArn) {
      await client.send(new AssociatePrincipalWithPortfolioCommand({ PortfolioId: portfolioId, PrincipalARN: principalArn, PrincipalType: 'IAM' }));
    },
    sharedWith: paged<ServiceCatalogPort['sharedWith']>((page) => async (portfolioId) => {
      return allPages(page, async (PageToken) => {
        const out = await client.send(new ListPortfolioAccessCommand({ PortfolioId: portfolioId, ...(PageToken ? { PageToken } : {}) }));
        return { items: out.AccountIds, next: out.NextPageToken };
      });
    }),
    async sharePortfolio(portfolioId, accountId) {
      await client.send(new CreatePortfolioShareCommand({ PortfolioId: portfolioId, AccountId: accountId }));
    },
    portfolioShares: paged<ServiceCatalogPort['portfolioShares']>((page) => async (portfolioId, type) => {
      const details = await allPages(page, async (PageToken) => {
        const out = await client.send(new DescribePortfolioSharesCommand({ PortfolioId: portfolioId, Type: type, ...(PageToken ? { PageToken } : {}) }));
        return { items: out.PortfolioShareDetails, next: out.NextPageToken };
      });
      return details.map((d) => ({ type: (d.Type ?? type) as typeof type, principalId: d.PrincipalId ?? '', accepted: d.Accepted ?? false }));
    }),
    async createShare(portfolioId, target) {
      const out = await client.send(new CreatePortfolioShareCommand({ PortfolioId: portfolioId, ...shareRequest(target) }));
      return out.PortfolioShareToken;
    },
    async deleteShare(portfolioId, target) {
      const out = await client.send(new DeletePortfolioShareCommand({ PortfolioId: portfolioId, ...shareRequest(target) }));
      return out.PortfolioShareToken;
    },
    async shareStatus(token) {
      const out = await client.send(new DescribePortfolioShareStatusCommand({ PortfolioShareToken: token }));
      const errors = (out.ShareDetails?.ShareErrors ?? []).map((e) => `${(e.Accounts ?? []).join(', ') || 'the node'}: ${e.Error ?? ''} ${e.Message ?? ''}`.trim());
      return { status: (out.Status ?? 'NOT_STARTED') as ShareStatus['status'], errors };
    },
    constraints: paged<ServiceCatalogPort['constraints']>((page) => async (portfolioId, productId) => {
      const details = await allPages(page, async (PageToken) => {
        const out = await client.send(new ListConstraintsForPortfolioCommand({ PortfolioId: portfolioId, ProductId: productId, ...(PageToken ? { PageToken } : {}) }));
        return { items: out.ConstraintDetails, next: out.NextPageToken };
      });
      // The listing carries no parameters: DescribeConstraint has them.
      const constraints = [];
      for (const d of details) {
        {
          const one = await page(() => client.send(new DescribeConstraintCommand({ Id: d.ConstraintId ?? '' })));
          let parameters: Record<string, unknown> = {};
          try {
            parameters = JSON.parse(one.ConstraintParameters ?? '{}') as Record<string, unknown>;
          } catch {
            parameters = {};
          }
          constraints.push({ id: d.ConstraintId ?? '', type: d.Type ?? '', parameters });
        }
      }
      return constraints;
    }),
    async createLaunchConstraint(portfolioId, productId, localRoleName, token) {
      const out = await client.send(
        new CreateConstraintCommand({
          PortfolioId: portfolioId,
          ProductId: productId,
          Type: 'LAUNCH',
          Parameters: JSON.stringify({ LocalRoleName: localRoleName }),
          Description: `Launch as the role ${localRoleName} of the launching account`,
          IdempotencyToken: token,
        }),
      );
      return out.ConstraintDetail?.ConstraintId ?? '';
    },
  };
}
