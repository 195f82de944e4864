/**
 * The publish plan is data: ordered steps per catalog, each a record that `xacct publish --dry-run`
 * prints and the executor runs. Ids of things that do not exist yet are filled in at run time from the
 * steps that create them (the portfolio of a catalog, a product).
 */
import type { TemplateName } from '../../templates-src';
import type { PortfolioShareType, ShareTarget } from '../aws/ports';
import type { CatalogKey, ProductKey } from '../config/publish-schema';

/** A version as it is (or would be) created: name, description with the template hash, template URL. */
export interface PlannedVersion {
  name: string;
  description: string;
  template: TemplateName;
  hash: string;
  templateUrl: string;
}

interface StepBase {
  id: string;
  /** The account whose catalog this step works in. */
  catalog: CatalogKey;
  accountId: string;
  /** Why the action was chosen (for people; not parsed). */
  reason: string;
}

export interface UploadTemplateStep extends StepBase {
  kind: 'upload-template';
  action: 'upload' | 'none';
  template: TemplateName;
  hash: string;
  bucket: string;
  key: string;
}

export interface PortfolioStep extends StepBase {
  kind: 'portfolio';
  action: 'create' | 'none' | 'blocked';
  name: string;
  /** Known when the portfolio exists. */
  portfolioId?: string;
}

export interface ProductStep extends StepBase {
  kind: 'product';
  action: 'create' | 'none' | 'blocked';
  product: ProductKey;
  name: string;
  productId?: string;
  /** The version a new product is created with. */
  firstVersion?: PlannedVersion;
}

export interface VersionStep extends StepBase {
  kind: 'version';
  /** restore: the version exists but is inactive or deprecated: make it active and DEFAULT again. */
  action: 'create' | 'none' | 'restore' | 'blocked';
  product: ProductKey;
  productId?: string;
  version: PlannedVersion;
  /** The existing version that already carries this template (none, restore). */
  versionId?: string;
}

export interface AssociateProductStep extends StepBase {
  kind: 'associate-product';
  action: 'associate' | 'none';
  product: ProductKey;
  productId?: string;
  portfolioId?: string;
}

export interface AssociatePrincipalStep extends StepBase {
  kind: 'associate-principal';
  action: 'associate' | 'none';
  principalArn: string;
  portfolioId?: string;
}

export interface SharePortfolioStep extends StepBase {
  kind: 'share-portfolio';
  action: 'share' | 'none';
  shareWith: string;
  portfolioId?: string;
}

/** A share of the target product's portfolio from publish.share: an account, an OU or the organization. */
export interface ShareStep extends StepBase {
  kind: 'share';
  action: 'share' | 'none';
  shareTarget: ShareTarget;
  portfolioId?: string;
}

/** A share of the portfolio that publish.share no longer names: removed only with --prune-shares. */
export interface UnshareStep extends StepBase {
  kind: 'unshare';
  /** kept: reported, left in place (no --prune-shares). */
  action: 'unshare' | 'kept';
  shareType: PortfolioShareType;
  principalId: string;
  portfolioId: string;
}

/** The target product's launch constraint: the role of this name in the launching account. */
export interface LaunchConstraintStep extends StepBase {
  kind: 'launch-constraint';
  action: 'create' | 'none' | 'blocked';
  localRoleName: string;
  productId?: string;
  portfolioId?: string;
}

export interface DeprecateVersionStep extends StepBase {
  kind: 'deprecate-version';
  action: 'deprecate';
  product: ProductKey;
  productId: string;
  versionId: string;
  versionName: string;
}

export type PublishStep =
  | UploadTemplateStep
  | PortfolioStep
  | ProductStep
  | VersionStep
  | AssociateProductStep
  | AssociatePrincipalStep
  | SharePortfolioStep
  | ShareStep
  | UnshareStep
  | LaunchConstraintStep
  | DeprecateVersionStep;

export interface PublishPlan {
  catalogTag: string;
  region: string;
  packageVersion: string;
  commit?: string;
  deprecateOlder: boolean;
  steps: PublishStep[];
}

/** Whether a step's action writes anything. */
export const writes = (step: PublishStep): boolean => step.action !== 'none' && step.action !== 'blocked' && step.action !== 'kept';
