/** The permission scope of a validated deployment config. */
import { partitionOf } from '../config/regions';
import { CATALOG_KEYS, PRODUCT_KEYS, catalogOf } from '../config/publish-schema';
import type { DeploymentConfig } from '../config/schema';
import type { AccountScope, CatalogScope, PermissionScope } from './scope';
import type { AccountKey } from './policy-types';

function account(config: DeploymentConfig, key: AccountKey): AccountScope {
  const a = config[key];
  return { key, accountId: a.accountId, stackName: a.stackName, ...(a.cloudFormationRoleArn ? { cloudFormationRoleArn: a.cloudFormationRoleArn } : {}) };
}

function catalogs(config: DeploymentConfig): PermissionScope['catalogs'] {
  const p = config.publish;
  if (!p) return {};
  const out: PermissionScope['catalogs'] = {};
  for (const key of CATALOG_KEYS) {
    const c = p.catalogs[key];
    // A catalog holds something only when a product is published in it (publish settings do the same).
    if (!c || !PRODUCT_KEYS.some((k) => catalogOf(p, k) === key)) continue;
    const scope: CatalogScope = {
      bucket: c.bucket,
      keyPrefix: c.keyPrefix,
      catalogTag: p.catalogTag ?? config.name,
      associatesPrincipals: c.principals.length > 0,
      sharesPortfolio: c.shareWith.length > 0,
      sharesWithFleet: p.share !== undefined && catalogOf(p, 'target') === key,
      constrainsLaunch: p.launchRoleName !== undefined && catalogOf(p, 'target') === key,
      ...(c.portfolioId ? { portfolioId: c.portfolioId } : {}),
    };
    out[key] = scope;
  }
  return out;
}

export function permissionScope(config: DeploymentConfig): PermissionScope {
  return {
    deployment: config.name,
    region: config.region,
    partition: partitionOf(config.region),
    source: account(config, 'source'),
    target: account(config, 'target'),
    namePrefix: config.pipeline.namePrefix,
    repositoryName: config.pipeline.repositoryName,
    imageDefinitionsObjectKey: config.pipeline.imageDefinitionsObjectKey,
    ecsCluster: config.pipeline.ecsCluster,
    ecsService: config.pipeline.ecsService,
    ...(config.pipeline.rollbackAlarmName ? { rollbackAlarmName: config.pipeline.rollbackAlarmName } : {}),
    catalogs: catalogs(config),
  };
}
