/**
 * What the policies are scoped to: the names a deployment gives its stacks, buckets, repository, roles
 * and catalogs. Built from a deployment config (config-scope.ts) or, for `xacct generate`, written out
 * for examples/deployment.yaml (example-scope.ts): the policy builders read only this, so generating the
 * example's policies needs neither the config file nor its validator.
 */
import type { AccountKey } from './policy-types';

export interface AccountScope {
  key: AccountKey;
  accountId: string;
  stackName: string;
  /** The role CloudFormation uses for this account's stack (config `<account>.cloudFormationRoleArn`). */
  cloudFormationRoleArn?: string;
}

/** One account's Service Catalog, when the config publishes a product there. */
export interface CatalogScope {
  bucket: string;
  keyPrefix: string;
  /** Value of the xacct:catalog tag on the portfolio and products (how publish finds them again). */
  catalogTag: string;
  /** A portfolio named in the config: used as it is, never created or tagged. */
  portfolioId?: string;
  /** Whether principals are associated with the portfolio / the portfolio is shared (calls made only then). */
  associatesPrincipals: boolean;
  sharesPortfolio: boolean;
  /** publish.share: the target product's portfolio (in this catalog) is shared with accounts or organization nodes. */
  sharesWithFleet?: boolean;
  /** publish.launchRoleName: the target product (in this catalog) gets a launch constraint. */
  constrainsLaunch?: boolean;
}

export interface PermissionScope {
  deployment: string;
  region: string;
  partition: string;
  source: AccountScope;
  target: AccountScope;
  namePrefix: string;
  repositoryName: string;
  imageDefinitionsObjectKey: string;
  /** The ECS cluster and service of account B the pipeline deploys to (`xacct status` reads what they run). */
  ecsCluster: string;
  ecsService: string;
  /** pipeline.rollbackAlarmName: the alarm promote reads in account B. */
  rollbackAlarmName?: string;
  /**
   * The deployment is a fleet released in waves: promote tags images in account A's repository. Not set
   * for a single-target config (it has one wave), whose deployer then never writes to the repository.
   */
  releasesInWaves?: boolean;
  catalogs: Partial<Record<AccountKey, CatalogScope>>;
  /**
   * Account A administers the targets' stacks as stack sets (the StackSets engine, a fleet's
   * `stackSets:` block). Never set from a single-target config, so its policies do not change.
   */
  stackSets?: boolean;
  /**
   * Account A serves the targets of each region from numbered fleet stacks (`<stackName>`,
   * `<stackName>-2`, ...: deploy/fleet-source.ts), as it does for every config with several targets.
   */
  fleetSourceStacks?: boolean;
}
