/** Service Catalog's port: portfolios, products, their versions, principals and shares. */
import {
  AssociatePrincipalWithPortfolioCommand,
  AssociateProductWithPortfolioCommand,
  CreatePortfolioCommand,
  CreatePortfolioShareCommand,
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
import type { ServiceCatalogPort, VersionRequest, VersionSummary } from '../ports';

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
  };
}
