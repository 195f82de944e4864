/**
 * The `publish:` section of a deployment config with every default applied: which catalogs (accounts)
 * hold which products, their names, and how the portfolios are found. The planner works from this.
 */
import { CATALOG_KEYS, PRODUCT_KEYS, catalogOf, type CatalogConfig, type CatalogKey, type ProductKey } from '../config/publish-schema';
import type { FleetConfig } from '../config/fleet-config';
import type { DeploymentConfig } from '../config/schema';
import { usageError } from '../errors';
import { PRODUCTS, type ProductDefinition } from './products';

export interface CatalogSettings extends CatalogConfig {
  key: CatalogKey;
  accountId: string;
  /** The products this catalog holds, target product first. */
  products: ProductKey[];
}

export interface ProductSettings {
  key: ProductKey;
  catalog: CatalogKey;
  name: string;
  description: string;
  definition: ProductDefinition;
}

/** Who the target product's portfolio is shared with, resolved (`auto`: the fleet's target accounts). */
export interface ShareSettings {
  /** The catalog that holds the target product: its portfolio is the one shared. */
  catalog: CatalogKey;
  accounts: string[];
  organizationalUnits: string[];
  organization?: string;
}

/** A target of the fleet: who launches the target product, and where. */
export interface FleetAccount {
  target: string;
  accountId: string;
  region: string;
}

export interface PublishSettings {
  deployment: string;
  region: string;
  /** Value of the xacct:catalog tag on portfolios and products. */
  catalogTag: string;
  owner: string;
  distributor?: string;
  support: { email?: string; url?: string; description?: string };
  portfolio: { name: string; description: string };
  catalogs: CatalogSettings[];
  products: Record<ProductKey, ProductSettings>;
  /** Absent: the portfolio is not shared beyond catalogs.*.shareWith (a single-target config without publish.share). */
  share?: ShareSettings;
  launchRoleName?: string;
  /** Every target of the config (one for a single-target config). */
  fleet: FleetAccount[];
}

/**
 * The settings of a publish. A fleet publishes from its first target's resolved config (account A's
 * catalog in that target's region: every target merges the same publish: section) and shares by
 * default with every target account.
 */
export function publishSettings(config: DeploymentConfig, fleet?: FleetConfig): PublishSettings {
  const p = config.publish;
  if (!p) throw usageError('no-publish-section', 'the config has no publish: section: add one (see examples/deployment.yaml) to say where the products go');
  const products = Object.fromEntries(
    PRODUCT_KEYS.map((key): [ProductKey, ProductSettings] => [
      key,
      {
        key,
        catalog: catalogOf(p, key),
        name: p.products[key].name ?? PRODUCTS[key].defaultName(config.name),
        description: p.products[key].description ?? PRODUCTS[key].defaultDescription,
        definition: PRODUCTS[key],
      },
    ]),
  ) as Record<ProductKey, ProductSettings>;
  const catalogs = CATALOG_KEYS.flatMap((key): CatalogSettings[] => {
    const c = p.catalogs[key];
    const held = PRODUCT_KEYS.filter((k) => products[k].catalog === key);
    return c && held.length > 0 ? [{ ...c, key, accountId: config[key].accountId, products: held }] : [];
  });
  return {
    deployment: config.name,
    region: config.region,
    catalogTag: p.catalogTag ?? config.name,
    owner: p.owner,
    ...(p.distributor ? { distributor: p.distributor } : {}),
    support: p.support,
    portfolio: {
      name: p.portfolio.name ?? `${config.name} pipeline`,
      description: p.portfolio.description ?? 'Cross-account container pipeline: ECR in the source account, CodePipeline and ECS in the target account.',
    },
    catalogs,
    products,
    ...shareOf(config, products.target.catalog, fleet),
    ...(p.launchRoleName ? { launchRoleName: p.launchRoleName } : {}),
    fleet: (fleet?.targets ?? [{ name: config.name, config }]).map((t) => ({ target: t.name, accountId: t.config.target.accountId, region: t.config.region })),
  };
}

function shareOf(config: DeploymentConfig, catalog: CatalogKey, fleet: FleetConfig | undefined): { share?: ShareSettings } {
  // A fleet's targets carry share (default: accounts auto) from fleet-config; a single target only when it says so.
  const wanted = config.publish?.share;
  if (!wanted) return {};
  const home = config[catalog].accountId;
  const targets = (fleet?.targets ?? [{ config }]).map((t) => t.config.target.accountId);
  const accounts = [...new Set(wanted.accounts === 'auto' ? targets : wanted.accounts)].filter((a) => a !== home);
  return { share: { catalog, accounts, organizationalUnits: wanted.organizationalUnits, ...(wanted.organization ? { organization: wanted.organization } : {}) } };
}
