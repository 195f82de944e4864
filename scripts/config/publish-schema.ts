/**
 * The `publish:` section of the deployment config: where `xacct publish` puts the templates as AWS
 * Service Catalog products. Optional; strict like the rest. Limits are Service Catalog's own, so a value
 * the config accepts is one the API accepts.
 */
import { z } from './zod';
import { PATTERNS } from '../../templates-src/parameters';
import { freeText, list, mapping, text } from './fields';

/** The two products: the target-account one (AccB-pipeline-1 and -2) and the source-account one (AccA-pipeline). */
export const PRODUCT_KEYS = ['target', 'source'] as const;
/** A catalog is the Service Catalog of one of the deployment's accounts. */
export const CATALOG_KEYS = ['target', 'source'] as const;

const accountId = text('must be a string of 12 digits in quotes, for example "777788889999"', PATTERNS.accountId);
// Service Catalog tag values: letters, digits, spaces and _.:/=+-@ (1 to 256).
const tagValue = text('must be 1 to 256 letters, digits, spaces or _.:/=+-@', /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u);

export const productSchema = mapping(
  {
    /** Which account's catalog holds the product; default: the product's own account. */
    catalog: z.enum(CATALOG_KEYS, { error: 'must be target or source' }).optional(),
    name: freeText(8191).optional(),
    description: freeText(8191).optional(),
  },
  'product settings',
);

export const catalogSchema = mapping(
  {
    /** Bucket in this catalog's account and the config's region; Service Catalog loads the templates from it. */
    bucket: text('must be an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit', PATTERNS.bucketName),
    /** Key prefix of the uploaded templates; default xacct-templates. */
    keyPrefix: text("must be 1 to 200 characters of an S3 key (letters, digits, !_.*'()/-), not starting or ending with /", /^[A-Za-z0-9!_.*'()/-]{1,200}$/)
      .refine((p) => !p.startsWith('/') && !p.endsWith('/'))
      .default('xacct-templates'),
    /** Use this portfolio; default: the one tagged xacct:catalog=<catalogTag>, created when missing. */
    portfolioId: text('must be a portfolio id: port- and 1 to 95 lower-case letters or digits, for example port-abcdefghijklm', /^port-[a-z0-9]{1,95}$/).optional(),
    /** IAM roles, users or groups of this account given access to the portfolio. */
    principals: list(
      text('must be the ARN of an IAM role, user or group, for example arn:aws:iam::444455556666:role/developers', /^arn:aws[\w-]*:iam::\d{12}:(role|user|group)\/[\w+=,.@/-]{1,512}$/),
      'must be a list of IAM role, user or group ARNs',
    ).default([]),
    /** Accounts the portfolio is shared with. */
    shareWith: list(accountId, 'must be a list of 12-digit account ids in quotes, for example ["777788889999"]').default([]),
  },
  'catalog settings',
);

/** At least one way to reach the team that supports the products. */
export const supportSchema = mapping(
  {
    email: z.email({ error: 'must be an email address of at most 254 characters' }).max(254).optional(),
    url: text('must be an http(s) URL of at most 2083 characters', /^https?:\/\/\S{1,2075}$/).optional(),
    description: freeText(8191).optional(),
  },
  'support contacts',
).refine((s) => s.email !== undefined || s.url !== undefined || s.description !== undefined, { error: 'must give at least one of email, url, description' });

export const portfolioSchema = mapping(
  {
    name: freeText(100).optional(),
    description: freeText(2000, 0).optional(),
  },
  'portfolio settings',
);

// Organizations API reference: OrganizationalUnit.Id pattern ^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$
// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_OrganizationalUnit.html) and
// Organization.Id pattern ^o-[a-z0-9]{10,32}$ (https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html).
export const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

/**
 * Who the target product's portfolio is shared with. `accounts: auto` is every target account of the
 * fleet (the default of a config with several targets); organizational units and the organization are
 * shared through AWS Organizations (CreatePortfolioShare with OrganizationNode).
 */
export const shareSchema = mapping(
  {
    accounts: z
      .union([z.literal('auto'), list(accountId, 'must be auto or a list of 12-digit account ids in quotes')], { error: 'must be auto (every target account of the fleet) or a list of 12-digit account ids in quotes, for example ["777788889999"]' })
      .default('auto'),
    organizationalUnits: list(
      text('must be an organizational unit id: ou-, 4 to 32 lower-case letters or digits, -, 8 to 32 lower-case letters or digits, for example ou-ab12-cdef3456', OU_ID),
      'must be a list of organizational unit ids, for example ["ou-ab12-cdef3456"]',
    ).default([]),
    organization: text('must be an organization id: o- and 10 to 32 lower-case letters or digits, for example o-abcdef1234', ORGANIZATION_ID).optional(),
  },
  'portfolio sharing',
);

export const publishSchema = mapping(
  {
    /** Value of the xacct:catalog tag on the portfolios and products (how they are found again); default: name. */
    catalogTag: tagValue.optional(),
    /** Product owner and portfolio provider. */
    owner: freeText(50),
    distributor: freeText(8191).optional(),
    support: supportSchema,
    portfolio: portfolioSchema.default({}),
    products: mapping({ target: productSchema.default({}), source: productSchema.default({}) }, 'the two products').default({ target: {}, source: {} }),
    /** One entry per account whose catalog holds a product. */
    catalogs: mapping({ target: catalogSchema.optional(), source: catalogSchema.optional() }, 'one catalog per account'),
    /** Share the target product's portfolio (default for a fleet: accounts auto; a single target: no share). */
    share: shareSchema.optional(),
    /**
     * The launch constraint of the target product: the IAM role of this name in the launching account
     * (LocalRoleName), so one constraint serves every account that has the role.
     */
    // IAM role names: 1 to 64 of [\w+=,.@-] (IAM API reference, CreateRole RoleName).
    launchRoleName: text('must be an IAM role name: 1 to 64 letters, digits and +=,.@_-', /^[\w+=,.@-]{1,64}$/).optional(),
  },
  'publish settings',
);

export type PublishConfig = z.infer<typeof publishSchema>;
export type ProductKey = (typeof PRODUCT_KEYS)[number];
export type CatalogKey = (typeof CATALOG_KEYS)[number];
export type CatalogConfig = z.infer<typeof catalogSchema>;
export type ShareConfig = z.infer<typeof shareSchema>;

/** The catalog holding a product: the config's choice, or the product's own account. */
export const catalogOf = (p: PublishConfig, key: ProductKey): CatalogKey => p.products[key].catalog ?? key;

type Issue = { path: Array<string | number>; message: string };

/** Checks across fields: every product has its catalog, every catalog a product, principals and shares fit the account. */
export function publishProblems(p: PublishConfig, accountIds: Record<CatalogKey, string>): Issue[] {
  const issues: Issue[] = [];
  const used = new Set(PRODUCT_KEYS.map((k) => catalogOf(p, k)));
  for (const key of PRODUCT_KEYS) {
    const c = catalogOf(p, key);
    if (!p.catalogs[c]) issues.push({ path: ['publish', 'catalogs', c], message: `is required: the ${key} product is published in the catalog of account ${accountIds[c]} (${c}); give its bucket` });
  }
  for (const c of CATALOG_KEYS) {
    const entry = p.catalogs[c];
    if (!entry) continue;
    if (!used.has(c)) issues.push({ path: ['publish', 'catalogs', c], message: `no product is published in this catalog (see publish.products.*.catalog): remove it` });
    entry.principals.forEach((arn, i) => {
      if (arn.split(':')[4] !== accountIds[c]) issues.push({ path: ['publish', 'catalogs', c, 'principals', i], message: `must be in account ${accountIds[c]}, whose catalog this is` });
    });
    entry.shareWith.forEach((a, i) => {
      if (a === accountIds[c]) issues.push({ path: ['publish', 'catalogs', c, 'shareWith', i], message: 'is the catalog\'s own account: a portfolio is not shared with itself' });
    });
  }
  const home = catalogOf(p, 'target');
  if (Array.isArray(p.share?.accounts)) {
    p.share.accounts.forEach((a, i) => {
      if (a === accountIds[home]) issues.push({ path: ['publish', 'share', 'accounts', i], message: `is account ${a}, whose catalog holds the target product (${home}): a portfolio is not shared with itself` });
    });
  }
  return issues;
}
