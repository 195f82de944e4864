/**
 * A fake of AWS Service Catalog for one account and region, as an administrator uses it (see
 * fake-aws.md): portfolios, products and their versions (provisioning artifacts), associations and
 * shares. Names are not unique; product search lags behind creation; idempotency tokens return the
 * original response; templates are loaded from the fake S3 by URL.
 */
import { createHash } from 'node:crypto';
import { parsedTemplate } from './parsed-templates';
import { fault } from './fault';
import { pageOf } from './paging';
import type { VirtualClock } from './virtual-clock';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The body of the object a template URL names, when the caller's account may read it. */
export type TemplateLoader = (url: string, account: string) => string | undefined;

interface Portfolio {
  id: string;
  name: string;
  description?: string;
  providerName: string;
  createdAt: number;
  tags: Record<string, string>;
  principals: Map<string, string>;
  shares: Set<string>;
  /** DescribePortfolioShares' view: by `<type>:<principal id>`. */
  nodeShares: Map<string, { type: ShareType; id: string; accepted: boolean }>;
}

type ShareType = 'ACCOUNT' | 'ORGANIZATION' | 'ORGANIZATIONAL_UNIT' | 'ORGANIZATION_MEMBER_ACCOUNT';

/** The organization this account manages (or is a delegated administrator of), for organization-node shares. */
export interface FakeOrganization {
  id: string;
  /** Service Catalog's EnableAWSOrganizationsAccess has been called by the management account. */
  accessEnabled: boolean;
  /** Accounts per organizational unit; the organization's accounts are all of them. */
  units: Record<string, string[]>;
}

interface Constraint {
  id: string;
  type: string;
  portfolioId: string;
  productId: string;
  parameters: string;
  description: string;
}

interface Version {
  id: string;
  name: string;
  description: string;
  type: string;
  createdAt: number;
  active: boolean;
  guidance: 'DEFAULT' | 'DEPRECATED';
  template: string;
}

interface Product {
  id: string;
  viewId: string;
  input: Json;
  createdAt: number;
  tags: Record<string, string>;
  versions: Version[];
  portfolios: Set<string>;
}

const PAGE_SIZE = 20;
export const MAX_VERSIONS = 100;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

const tagsOf = (tags: Array<{ Key: string; Value: string }> | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) {
    if (!t.Key || t.Key.length > 128 || (t.Value ?? '').length > 256 || !TAG_VALUE.test(t.Key) || !TAG_VALUE.test(t.Value ?? '') || t.Key.startsWith('aws:')) {
      throw fault('InvalidParametersException', `Invalid tag: ${t.Key}`);
    }
    out[t.Key] = t.Value;
  }
  return out;
};
const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

const page = <T>(items: T[], input: Json) => pageOf(items, input.PageToken, Math.min(input.PageSize ?? PAGE_SIZE, PAGE_SIZE));

export class FakeServiceCatalog {
  /** How long a new product stays out of SearchProductsAsAdmin results (eventual consistency). */
  searchLagMs = 10_000;
  private readonly portfolios = new Map<string, Portfolio>();
  private readonly products = new Map<string, Product>();
  /** Responses by command and idempotency token: a repeated token returns the original. */
  private readonly tokens = new Map<string, Json>();
  private counter = 0;
  /** Set to give this account an organization it may share with; undefined: not in one. */
  organization: FakeOrganization | undefined;
  /** How long a share to an organization node stays IN_PROGRESS (virtual time). */
  shareLagMs = 3_000;
  private readonly shareTokens = new Map<string, { at: number; accounts: string[]; node: string; portfolioId: string }>();
  private readonly constraints = new Map<string, Constraint>();

  constructor(
    readonly account: string,
    readonly region: string,
    private readonly clock: VirtualClock,
    private readonly loadTemplateBody: TemplateLoader,
    readonly partition = 'aws',
    private readonly roleExists: (name: string) => boolean = () => true,
  ) {}

  private nextId(prefix: string): string {
    const digest = createHash('sha256').update(`${this.account}/${this.region}/${++this.counter}`).digest('hex');
    const alnum = BigInt(`0x${digest.slice(0, 20)}`).toString(36).padStart(13, '0').slice(0, 13);
    return `${prefix}-${alnum}`;
  }

  /** Runs a create once per token; the same token again returns the first response. */
  private once(command: string, token: unknown, create: () => Json): Json {
    if (typeof token !== 'string' || !/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,127}$/.test(token)) {
      // Required by the API; the SDK fills a fresh one in when the caller gives none (so only a raw request lacks it).
      throw fault('InvalidParametersException', `IdempotencyToken must be 1 to 128 letters, digits, _ or - (got ${JSON.stringify(token)})`);
    }
    const key = `${command}:${token}`;
    const before = this.tokens.get(key);
    if (before) return structuredClone(before);
    const response = create();
    this.tokens.set(key, structuredClone(response));
    return response;
  }

  private portfolio(id: string): Portfolio {
    const p = this.portfolios.get(id);
    if (!p) throw fault('ResourceNotFoundException', `Portfolio ${id} not found.`);
    return p;
  }

  private product(id: string): Product {
    const p = this.products.get(id);
    if (!p) throw fault('ResourceNotFoundException', `Product ${id} not found.`);
    return p;
  }

  private portfolioDetail(p: Portfolio): Json {
    return {
      Id: p.id,
      ARN: `arn:${this.partition}:catalog:${this.region}:${this.account}:portfolio/${p.id}`,
      DisplayName: p.name,
      ...(p.description ? { Description: p.description } : {}),
      CreatedTime: new Date(p.createdAt),
      ProviderName: p.providerName,
    };
  }

  private productView(p: Product): Json {
    const i = p.input;
    return {
      ProductViewSummary: {
        Id: p.viewId,
        ProductId: p.id,
        Name: i.Name,
        Owner: i.Owner,
        ...(i.Description ? { ShortDescription: i.Description } : {}),
        Type: 'CLOUD_FORMATION_TEMPLATE',
        ...(i.Distributor ? { Distributor: i.Distributor } : {}),
        HasDefaultPath: false,
        ...(i.SupportEmail ? { SupportEmail: i.SupportEmail } : {}),
        ...(i.SupportUrl ? { SupportUrl: i.SupportUrl } : {}),
        ...(i.SupportDescription ? { SupportDescription: i.SupportDescription } : {}),
      },
      Status: 'AVAILABLE',
      ProductARN: `arn:${this.partition}:catalog:${this.region}:${this.account}:product/${p.id}`,
      CreatedTime: new Date(p.createdAt),
    };
  }

  private versionDetail(v: Version): Json {
    return { Id: v.id, Name: v.name, Description: v.description, Type: v.type, CreatedTime: new Date(v.createdAt), Active: v.active, Guidance: v.guidance };
  }

  /** A version from ProvisioningArtifactParameters: the template is loaded (and checked) now, as AWS copies it. */
  private newVersion(parameters: Json | undefined): Version {
    const url = parameters?.Info?.LoadTemplateFromURL;
    if (typeof url !== 'string') throw fault('InvalidParametersException', 'Info must contain LoadTemplateFromURL or ImportFromPhysicalId');
    if (/\s/.test(parameters?.Name ?? '')) throw fault('InvalidParametersException', 'The provisioning artifact name must not contain spaces');
    const body = this.loadTemplateBody(url, this.account);
    if (body === undefined) throw fault('InvalidParametersException', `Unable to retrieve the template from URL ${url}. Make sure the object exists and that you can read it.`);
    try {
      const t = parsedTemplate(body) as Json;
      if (!t || typeof t.Resources !== 'object') throw new Error('no Resources');
    } catch {
      throw fault('InvalidParametersException', 'Invalid templateBody. Please make sure that your template is valid');
    }
    return {
      id: this.nextId('pa'),
      name: parameters?.Name ?? '',
      description: parameters?.Description ?? '',
      type: parameters?.Type ?? 'CLOUD_FORMATION_TEMPLATE',
      createdAt: this.clock.now(),
      active: true,
      guidance: 'DEFAULT',
      template: body,
    };
  }

  // ----- portfolios ---------------------------------------------------------------------------

  CreatePortfolio(input: Json): Json {
    return this.once('CreatePortfolio', input.IdempotencyToken, () => {
      if (!input.DisplayName || input.DisplayName.length > 100) throw fault('InvalidParametersException', 'DisplayName must be 1 to 100 characters');
      if (!input.ProviderName || input.ProviderName.length > 50) throw fault('InvalidParametersException', 'ProviderName must be 1 to 50 characters');
      const p: Portfolio = {
        id: this.nextId('port'),
        name: input.DisplayName,
        ...(input.Description ? { description: input.Description } : {}),
        providerName: input.ProviderName,
        createdAt: this.clock.now(),
        tags: tagsOf(input.Tags),
        principals: new Map(),
        shares: new Set(),
        nodeShares: new Map(),
      };
      this.portfolios.set(p.id, p);
      return { PortfolioDetail: this.portfolioDetail(p), Tags: tagList(p.tags) };
    });
  }

  DescribePortfolio(input: Json): Json {
    const p = this.portfolio(input.Id);
    return { PortfolioDetail: this.portfolioDetail(p), Tags: tagList(p.tags), TagOptions: [], Budgets: [] };
  }

  ListPortfolios(input: Json): Json {
    const { items, next } = page([...this.portfolios.values()], input);
    return { PortfolioDetails: items.map((p) => this.portfolioDetail(p)), ...(next ? { NextPageToken: next } : {}) };
  }

  AssociatePrincipalWithPortfolio(input: Json): Json {
    const p = this.portfolio(input.PortfolioId);
    if (input.PrincipalType === 'IAM' && !/^arn:aws[\w-]*:iam::\d{12}:(role|user|group)\/.+$/.test(input.PrincipalARN ?? '')) {
      throw fault('InvalidParametersException', `Invalid principal ARN ${input.PrincipalARN} for PrincipalType IAM`);
    }
    if (input.PrincipalType !== 'IAM' && input.PrincipalType !== 'IAM_PATTERN') throw fault('InvalidParametersException', 'PrincipalType must be IAM or IAM_PATTERN');
    p.principals.set(input.PrincipalARN, input.PrincipalType);
    return {};
  }

  ListPrincipalsForPortfolio(input: Json): Json {
    const p = this.portfolio(input.PortfolioId);
    const { items, next } = page([...p.principals.entries()], input);
    return { Principals: items.map(([PrincipalARN, PrincipalType]) => ({ PrincipalARN, PrincipalType })), ...(next ? { NextPageToken: next } : {}) };
  }

  CreatePortfolioShare(input: Json): Json {
    const p = this.portfolio(input.PortfolioId);
    if (input.OrganizationNode) return this.shareNode(p, input.OrganizationNode, 'create');
    if (!/^\d{12}$/.test(input.AccountId ?? '')) throw fault('InvalidParametersException', 'AccountId must be a 12-digit account id');
    if (input.AccountId === this.account) throw fault('InvalidParametersException', 'A portfolio cannot be shared with its own account');
    // A share that exists already: no effect, no error.
    p.shares.add(input.AccountId);
    if (!p.nodeShares.has(`ACCOUNT:${input.AccountId}`)) p.nodeShares.set(`ACCOUNT:${input.AccountId}`, { type: 'ACCOUNT', id: input.AccountId, accepted: false });
    return {};
  }

  DeletePortfolioShare(input: Json): Json {
    const p = this.portfolio(input.PortfolioId);
    if (input.OrganizationNode) return this.shareNode(p, input.OrganizationNode, 'delete');
    if (!p.nodeShares.delete(`ACCOUNT:${input.AccountId}`)) throw fault('ResourceNotFoundException', `Portfolio ${p.id} is not shared with account ${input.AccountId}.`);
    p.shares.delete(input.AccountId);
    return {};
  }

  /** An organization node share or unshare: asynchronous, followed by its token. */
  private shareNode(p: Portfolio, node: Json, change: 'create' | 'delete'): Json {
    const org = this.organization;
    if (!org) throw fault('InvalidStateException', 'The account is not a member of an organization.');
    if (!org.accessEnabled) throw fault('InvalidStateException', 'AWSOrganizationsAccess is not enabled. Enable it from the management account with EnableAWSOrganizationsAccess.');
    const members = [...new Set(Object.values(org.units).flat())];
    let type: ShareType;
    let accounts: string[];
    if (node.Type === 'ORGANIZATION') {
      if (node.Value !== org.id) throw fault('InvalidParametersException', `${node.Value} is not this account's organization.`);
      [type, accounts] = ['ORGANIZATION', members];
    } else if (node.Type === 'ORGANIZATIONAL_UNIT') {
      if (!org.units[node.Value]) throw fault('InvalidParametersException', `Organizational unit ${node.Value} is not in organization ${org.id}.`);
      [type, accounts] = ['ORGANIZATIONAL_UNIT', org.units[node.Value]];
    } else if (node.Type === 'ACCOUNT') {
      if (!members.includes(node.Value)) throw fault('InvalidParametersException', `Account ${node.Value} is not in organization ${org.id}.`);
      [type, accounts] = ['ORGANIZATION_MEMBER_ACCOUNT', [node.Value]];
    } else {
      throw fault('InvalidParametersException', 'OrganizationNode.Type must be ORGANIZATION, ORGANIZATIONAL_UNIT or ACCOUNT');
    }
    const key = `${type}:${node.Value}`;
    if (change === 'create') p.nodeShares.set(key, { type, id: node.Value, accepted: true });
    else if (!p.nodeShares.delete(key)) throw fault('ResourceNotFoundException', `Portfolio ${p.id} is not shared with ${node.Value}.`);
    const token = this.nextId('share');
    this.shareTokens.set(token, { at: this.clock.now(), accounts: accounts.filter((a) => a !== this.account), node: node.Value, portfolioId: p.id });
    return { PortfolioShareToken: token };
  }

  DescribePortfolioShareStatus(input: Json): Json {
    const t = this.shareTokens.get(input.PortfolioShareToken);
    if (!t) throw fault('ResourceNotFoundException', `Portfolio share token ${input.PortfolioShareToken} not found.`);
    const done = this.clock.now() >= t.at + this.shareLagMs;
    return {
      PortfolioShareToken: input.PortfolioShareToken,
      PortfolioId: t.portfolioId,
      OrganizationNodeValue: t.node,
      Status: done ? 'COMPLETED' : 'IN_PROGRESS',
      ShareDetails: { SuccessfulShares: done ? t.accounts : [], ShareErrors: [] },
    };
  }

  DescribePortfolioShares(input: Json): Json {
    const p = this.portfolio(input.PortfolioId);
    if (!['ACCOUNT', 'ORGANIZATION', 'ORGANIZATIONAL_UNIT', 'ORGANIZATION_MEMBER_ACCOUNT'].includes(input.Type)) {
      throw fault('InvalidParametersException', 'Type must be ACCOUNT, ORGANIZATION, ORGANIZATIONAL_UNIT or ORGANIZATION_MEMBER_ACCOUNT');
    }
    const shares = [...p.nodeShares.values()].filter((x) => x.type === input.Type);
    const { items, next } = page(shares, input);
    return {
      PortfolioShareDetails: items.map((x) => ({ PrincipalId: x.id, Type: x.type, Accepted: x.accepted, ShareTagOptions: false, SharePrincipals: false })),
      ...(next ? { NextPageToken: next } : {}),
    };
  }

  /** What a recipient's AcceptPortfolioShare does to the sharer's view (control). */
  acceptShare(portfolioId: string, account: string): void {
    const x = this.portfolio(portfolioId).nodeShares.get(`ACCOUNT:${account}`);
    if (x) x.accepted = true;
  }

  // ----- constraints --------------------------------------------------------------------------

  CreateConstraint(input: Json): Json {
    return this.once('CreateConstraint', input.IdempotencyToken, () => {
      const p = this.portfolio(input.PortfolioId);
      const product = this.product(input.ProductId);
      if (!product.portfolios.has(p.id)) throw fault('ResourceNotFoundException', `Product ${product.id} is not in portfolio ${p.id}.`);
      if (input.Type !== 'LAUNCH') throw fault('InvalidParametersException', `The fake supports Type LAUNCH only (got ${input.Type})`);
      let parameters: Json;
      try {
        parameters = JSON.parse(input.Parameters ?? '');
      } catch {
        throw fault('InvalidParametersException', 'Parameters must be JSON');
      }
      if ((parameters.RoleArn === undefined) === (parameters.LocalRoleName === undefined)) throw fault('InvalidParametersException', 'Specify either RoleArn or LocalRoleName, not both.');
      if (parameters.LocalRoleName !== undefined && !this.roleExists(parameters.LocalRoleName)) {
        throw fault('InvalidParametersException', `Role ${parameters.LocalRoleName} does not exist in account ${this.account}.`);
      }
      if ([...this.constraints.values()].some((c) => c.type === 'LAUNCH' && c.portfolioId === p.id && c.productId === product.id)) {
        throw fault('DuplicateResourceException', `Product ${product.id} already has a launch constraint in portfolio ${p.id}.`);
      }
      const c: Constraint = { id: this.nextId('cons'), type: 'LAUNCH', portfolioId: p.id, productId: product.id, parameters: input.Parameters, description: input.Description ?? '' };
      this.constraints.set(c.id, c);
      return { ConstraintDetail: this.constraintDetail(c), ConstraintParameters: c.parameters, Status: 'CREATING' };
    });
  }

  private constraintDetail(c: Constraint): Json {
    return { ConstraintId: c.id, Type: c.type, Description: c.description, Owner: this.account, ProductId: c.productId, PortfolioId: c.portfolioId };
  }

  ListConstraintsForPortfolio(input: Json): Json {
    const p = this.portfolio(input.PortfolioId);
    const all = [...this.constraints.values()].filter((c) => c.portfolioId === p.id && (!input.ProductId || c.productId === input.ProductId));
    const { items, next } = page(all, input);
    return { ConstraintDetails: items.map((c) => this.constraintDetail(c)), ...(next ? { NextPageToken: next } : {}) };
  }

  DescribeConstraint(input: Json): Json {
    const c = this.constraints.get(input.Id);
    if (!c) throw fault('ResourceNotFoundException', `Constraint ${input.Id} not found.`);
    return { ConstraintDetail: this.constraintDetail(c), ConstraintParameters: c.parameters, Status: 'AVAILABLE' };
  }

  constraintList(): Array<{ id: string; type: string; portfolioId: string; productId: string; parameters: Json }> {
    return [...this.constraints.values()].map((c) => ({ id: c.id, type: c.type, portfolioId: c.portfolioId, productId: c.productId, parameters: JSON.parse(c.parameters) }));
  }

  ListPortfolioAccess(input: Json): Json {
    const p = this.portfolio(input.PortfolioId);
    const { items, next } = page([...p.shares], input);
    return { AccountIds: items, ...(next ? { NextPageToken: next } : {}) };
  }

  // ----- products -----------------------------------------------------------------------------

  CreateProduct(input: Json): Json {
    return this.once('CreateProduct', input.IdempotencyToken, () => {
      if (!input.Name || !input.Owner) throw fault('InvalidParametersException', 'Name and Owner are required');
      if (input.ProductType !== 'CLOUD_FORMATION_TEMPLATE') throw fault('InvalidParametersException', `The fake supports ProductType CLOUD_FORMATION_TEMPLATE only (got ${input.ProductType})`);
      if (input.SupportUrl && !/^https?:\/\//.test(input.SupportUrl)) throw fault('InvalidParametersException', 'SupportUrl must start with http:// or https://');
      const version = this.newVersion(input.ProvisioningArtifactParameters);
      const p: Product = {
        id: this.nextId('prod'),
        viewId: this.nextId('prodview'),
        input: structuredClone({ ...input, IdempotencyToken: undefined }),
        createdAt: this.clock.now(),
        tags: tagsOf(input.Tags),
        versions: [version],
        portfolios: new Set(),
      };
      this.products.set(p.id, p);
      return { ProductViewDetail: this.productView(p), ProvisioningArtifactDetail: this.versionDetail(version), Tags: tagList(p.tags) };
    });
  }

  /** Eventually consistent: a product is listed only `searchLagMs` after its creation. */
  SearchProductsAsAdmin(input: Json): Json {
    if (input.PortfolioId) this.portfolio(input.PortfolioId);
    const terms: string[] = (input.Filters?.FullTextSearch ?? []).map((t: string) => t.toLowerCase());
    const visible = [...this.products.values()].filter(
      (p) =>
        p.createdAt + this.searchLagMs <= this.clock.now() &&
        (!input.PortfolioId || p.portfolios.has(input.PortfolioId)) &&
        (terms.length === 0 || terms.some((t) => String(p.input.Name).toLowerCase().includes(t))),
    );
    const { items, next } = page(visible, input);
    return { ProductViewDetails: items.map((p) => this.productView(p)), ...(next ? { NextPageToken: next } : {}) };
  }

  DescribeProductAsAdmin(input: Json): Json {
    const p = this.product(input.Id);
    return {
      ProductViewDetail: this.productView(p),
      ProvisioningArtifactSummaries: p.versions.map((v) => ({ Id: v.id, Name: v.name, Description: v.description, CreatedTime: new Date(v.createdAt) })),
      Tags: tagList(p.tags),
      TagOptions: [],
      Budgets: [],
    };
  }

  AssociateProductWithPortfolio(input: Json): Json {
    const product = this.product(input.ProductId);
    this.portfolio(input.PortfolioId);
    product.portfolios.add(input.PortfolioId);
    return {};
  }

  ListPortfoliosForProduct(input: Json): Json {
    const product = this.product(input.ProductId);
    const { items, next } = page([...product.portfolios].map((id) => this.portfolio(id)), input);
    return { PortfolioDetails: items.map((p) => this.portfolioDetail(p)), ...(next ? { NextPageToken: next } : {}) };
  }

  // ----- versions -----------------------------------------------------------------------------

  CreateProvisioningArtifact(input: Json): Json {
    return this.once('CreateProvisioningArtifact', input.IdempotencyToken, () => {
      const p = this.product(input.ProductId);
      if (p.versions.length >= MAX_VERSIONS) {
        throw fault('LimitExceededException', `Product ${p.id} has reached the limit of ${MAX_VERSIONS} provisioning artifacts.`);
      }
      const v = this.newVersion(input.Parameters);
      p.versions.push(v);
      return { ProvisioningArtifactDetail: this.versionDetail(v), Info: { TemplateUrl: input.Parameters.Info.LoadTemplateFromURL }, Status: 'CREATING' };
    });
  }

  ListProvisioningArtifacts(input: Json): Json {
    return { ProvisioningArtifactDetails: this.product(input.ProductId).versions.map((v) => this.versionDetail(v)) };
  }

  UpdateProvisioningArtifact(input: Json): Json {
    const v = this.product(input.ProductId).versions.find((x) => x.id === input.ProvisioningArtifactId);
    if (!v) throw fault('ResourceNotFoundException', `Provisioning artifact ${input.ProvisioningArtifactId} not found.`);
    if (input.Guidance !== undefined && input.Guidance !== 'DEFAULT' && input.Guidance !== 'DEPRECATED') throw fault('InvalidParametersException', 'Guidance must be DEFAULT or DEPRECATED');
    if (input.Name !== undefined) v.name = input.Name;
    if (input.Description !== undefined) v.description = input.Description;
    if (input.Active !== undefined) v.active = input.Active;
    if (input.Guidance !== undefined) v.guidance = input.Guidance;
    return { ProvisioningArtifactDetail: this.versionDetail(v), Status: 'AVAILABLE' };
  }

  // ----- inspection ---------------------------------------------------------------------------

  portfolioList(): Array<{ id: string; name: string; tags: Record<string, string>; principals: string[]; shares: string[]; nodeShares: string[] }> {
    return [...this.portfolios.values()].map((p) => ({ id: p.id, name: p.name, tags: { ...p.tags }, principals: [...p.principals.keys()], shares: [...p.shares], nodeShares: [...p.nodeShares.keys()] }));
  }

  productList(): Array<{ id: string; name: string; tags: Record<string, string>; portfolios: string[]; versions: Array<Omit<Version, 'createdAt'>> }> {
    return [...this.products.values()].map((p) => ({
      id: p.id,
      name: p.input.Name,
      tags: { ...p.tags },
      portfolios: [...p.portfolios],
      versions: p.versions.map(({ createdAt: _, ...v }) => ({ ...v })), // eslint-disable-line @typescript-eslint/no-unused-vars
    }));
  }
}
