/**
 * The `publish:` section of the deployment config: where `xacct publish` puts the templates as AWS
 * Service Catalog products. Optional; strict like the rest. Limits are Service Catalog's own, so a value
 * the config accepts is one the API accepts.
 */
import { z } from 'zod';
import { PATTERNS } from '../../templates-src/parameters';

/** The two products: the target-account one (AccB-pipeline-1 and -2) and the source-account one (AccA-pipeline). */
export const PRODUCT_KEYS = ['target', 'source'] as const;
/** A catalog is the Service Catalog of one of the deployment's accounts. */
export const CATALOG_KEYS = ['target', 'source'] as const;

const accountId = z.string().regex(new RegExp(PATTERNS.accountId), { message: 'must be a 12-digit AWS account id in quotes, for example "777788889999"' });
// Service Catalog tag values: letters, digits, spaces and _.:/=+-@ (1 to 256).
const tagValue = z.string().regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u, { message: 'must be 1 to 256 letters, digits, spaces or _.:/=+-@' });
const text = (max: number) => z.string().min(1, { message: 'must not be empty' }).max(max, { message: `must be at most ${max} characters` });

export const productSchema = z.strictObject({
  /** Which account's catalog holds the product; default: the product's own account. */
  catalog: z.enum(CATALOG_KEYS, { error: () => 'must be target or source' }).optional(),
  name: text(8191).optional(),
  description: text(8191).optional(),
});

export const catalogSchema = z.strictObject({
  /** Bucket in this catalog's account and the config's region; Service Catalog loads the templates from it. */
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens' }),
  /** Key prefix of the uploaded templates; default xacct-templates. */
  keyPrefix: z
    .string()
    .regex(/^[A-Za-z0-9!_.*'()/-]{1,200}$/, { message: 'must be 1 to 200 characters of an S3 key (letters, digits, !_.*\'()/-)' })
    .refine((p) => !p.startsWith('/') && !p.endsWith('/'), { message: 'must not start or end with /' })
    .default('xacct-templates'),
  /** Use this portfolio; default: the one tagged xacct:catalog=<catalogTag>, created when missing. */
  portfolioId: z.string().regex(/^port-[a-z0-9]{1,95}$/, { message: 'must be a portfolio id, for example port-abcdefghijklm' }).optional(),
  /** IAM roles, users or groups of this account given access to the portfolio. */
  principals: z.array(z.string().regex(/^arn:aws[\w-]*:iam::\d{12}:(role|user|group)\/[\w+=,.@/-]{1,512}$/, { message: 'must be the ARN of an IAM role, user or group' })).default([]),
  /** Accounts the portfolio is shared with. */
  shareWith: z.array(accountId).default([]),
});

/** At least one way to reach the team that supports the products. */
export const supportSchema = z
  .strictObject({
    email: z.email({ message: 'must be an email address' }).max(254).optional(),
    url: z.string().regex(/^https?:\/\/\S{1,2075}$/, { message: 'must be an http(s) URL' }).optional(),
    description: text(8191).optional(),
  })
  .refine((s) => s.email !== undefined || s.url !== undefined || s.description !== undefined, { message: 'must give at least one of email, url, description' });

export const portfolioSchema = z.strictObject({
  name: text(100).optional(),
  description: z.string().max(2000, { message: 'must be at most 2000 characters' }).optional(),
});

export const publishSchema = z.strictObject({
  /** Value of the xacct:catalog tag on the portfolios and products (how they are found again); default: name. */
  catalogTag: tagValue.optional(),
  /** Product owner and portfolio provider. */
  owner: text(50),
  distributor: text(8191).optional(),
  support: supportSchema,
  portfolio: portfolioSchema.default({}),
  products: z.strictObject({ target: productSchema.default({}), source: productSchema.default({}) }).default({ target: {}, source: {} }),
  /** One entry per account whose catalog holds a product. */
  catalogs: z.strictObject({ target: catalogSchema.optional(), source: catalogSchema.optional() }),
});

export type PublishConfig = z.infer<typeof publishSchema>;
export type ProductKey = (typeof PRODUCT_KEYS)[number];
export type CatalogKey = (typeof CATALOG_KEYS)[number];
export type CatalogConfig = z.infer<typeof catalogSchema>;

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
  return issues;
}
