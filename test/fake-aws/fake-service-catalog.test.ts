/** The fake Service Catalog against its written behaviour (fake-aws.md), through the real SDK client. */
import {
  AssociateProductWithPortfolioCommand,
  CreateConstraintCommand,
  CreatePortfolioCommand,
  CreatePortfolioShareCommand,
  CreateProductCommand,
  CreateProvisioningArtifactCommand,
  DeletePortfolioShareCommand,
  DescribeConstraintCommand,
  DescribePortfolioCommand,
  DescribePortfolioSharesCommand,
  DescribePortfolioShareStatusCommand,
  ListConstraintsForPortfolioCommand,
  DescribeProductAsAdminCommand,
  ListPortfolioAccessCommand,
  ListPortfoliosCommand,
  ListProvisioningArtifactsCommand,
  SearchProductsAsAdminCommand,
  ServiceCatalogClient,
  UpdateProvisioningArtifactCommand,
} from '@aws-sdk/client-service-catalog';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { FakeAws } from './fake-aws';

const A = '111122223333';
const B = '444455556666';
const TEMPLATE = 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n';
const URL_B = 'https://templates-b.s3.eu-west-1.amazonaws.com/t/topic.yaml';
let aws: FakeAws;
let keyA: string;
let keyB: string;

const creds = (k: string) => ({ accessKeyId: k, secretAccessKey: 'x' });
const sc = (k: string) => new ServiceCatalogClient({ region: 'eu-west-1', maxAttempts: 1, credentials: creds(k), requestHandler: aws.requestHandler });
let token = 0;
const version = (name: string, url = URL_B) => ({ Name: name, Description: `v ${name}`, Type: 'CLOUD_FORMATION_TEMPLATE' as const, Info: { LoadTemplateFromURL: url } });
const createProduct = (k: string, name = 'Pipeline', t = `t-${++token}`, url = URL_B) =>
  sc(k).send(new CreateProductCommand({ Name: name, Owner: 'Platform', ProductType: 'CLOUD_FORMATION_TEMPLATE', ProvisioningArtifactParameters: version('v1', url), IdempotencyToken: t, Tags: [{ Key: 'xacct:catalog', Value: 'x' }] }));

beforeEach(async () => {
  aws = new FakeAws([A, B]);
  keyA = aws.addUser(A, 'alice');
  keyB = aws.addUser(B, 'bob');
  aws.s3.createBucket('templates-b', B, 'eu-west-1', undefined);
  aws.s3.createBucket('templates-a', A, 'eu-west-1', undefined);
  await new S3Client({ region: 'eu-west-1', credentials: creds(keyB), requestHandler: aws.requestHandler }).send(new PutObjectCommand({ Bucket: 'templates-b', Key: 't/topic.yaml', Body: TEMPLATE }));
});

describe('fake Service Catalog: portfolios', () => {
  it('creates portfolios with AWS-shaped ids; names are not unique; tags come back from DescribePortfolio', async () => {
    const one = await sc(keyB).send(new CreatePortfolioCommand({ DisplayName: 'Pipelines', ProviderName: 'Platform', IdempotencyToken: 'a', Tags: [{ Key: 'xacct:catalog', Value: 'x' }] }));
    const two = await sc(keyB).send(new CreatePortfolioCommand({ DisplayName: 'Pipelines', ProviderName: 'Platform', IdempotencyToken: 'b' }));
    expect(one.PortfolioDetail?.Id).toMatch(/^port-[a-z0-9]{13}$/);
    expect(two.PortfolioDetail?.Id).not.toBe(one.PortfolioDetail?.Id);
    expect((await sc(keyB).send(new ListPortfoliosCommand({}))).PortfolioDetails?.map((p) => p.DisplayName)).toEqual(['Pipelines', 'Pipelines']);
    expect((await sc(keyB).send(new DescribePortfolioCommand({ Id: one.PortfolioDetail!.Id! }))).Tags).toEqual([{ Key: 'xacct:catalog', Value: 'x' }]);
    // Each account has its own catalog.
    expect((await sc(keyA).send(new ListPortfoliosCommand({}))).PortfolioDetails).toEqual([]);
    await expect(sc(keyA).send(new DescribePortfolioCommand({ Id: one.PortfolioDetail!.Id! }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('a repeated idempotency token returns the original portfolio; the SDK fills in a fresh token when the caller gives none', async () => {
    const send = () => sc(keyB).send(new CreatePortfolioCommand({ DisplayName: 'P', ProviderName: 'Platform', IdempotencyToken: 'same' }));
    const [first, again] = [await send(), await send()];
    expect(again.PortfolioDetail?.Id).toBe(first.PortfolioDetail?.Id);
    expect(aws.serviceCatalog(B).portfolioList()).toHaveLength(1);
    // The idempotencyToken trait: the SDK generates a token (a UUID) per call, so two such calls are two portfolios.
    await sc(keyB).send(new CreatePortfolioCommand({ DisplayName: 'P', ProviderName: 'Platform' }));
    await sc(keyB).send(new CreatePortfolioCommand({ DisplayName: 'P', ProviderName: 'Platform' }));
    expect(aws.serviceCatalog(B).portfolioList()).toHaveLength(3);
  });

  it('sharing with an account that has the share already does nothing and is no error', async () => {
    const id = (await sc(keyB).send(new CreatePortfolioCommand({ DisplayName: 'P', ProviderName: 'Platform', IdempotencyToken: 't' }))).PortfolioDetail!.Id!;
    await sc(keyB).send(new CreatePortfolioShareCommand({ PortfolioId: id, AccountId: A }));
    await sc(keyB).send(new CreatePortfolioShareCommand({ PortfolioId: id, AccountId: A }));
    expect((await sc(keyB).send(new ListPortfolioAccessCommand({ PortfolioId: id }))).AccountIds).toEqual([A]);
    await expect(sc(keyB).send(new CreatePortfolioShareCommand({ PortfolioId: id, AccountId: B }))).rejects.toMatchObject({ name: 'InvalidParametersException' });
  });
});

describe('fake Service Catalog: products and versions', () => {
  it('lists a new product in search only after the lag; DescribeProductAsAdmin knows it at once', async () => {
    aws.serviceCatalog(B).searchLagMs = 30_000;
    const created = await createProduct(keyB);
    const id = created.ProductViewDetail!.ProductViewSummary!.ProductId!;
    expect(id).toMatch(/^prod-[a-z0-9]{13}$/);
    expect(created.ProvisioningArtifactDetail?.Id).toMatch(/^pa-[a-z0-9]{13}$/);
    const search = async () => (await sc(keyB).send(new SearchProductsAsAdminCommand({}))).ProductViewDetails ?? [];
    expect(await search()).toEqual([]);
    expect((await sc(keyB).send(new DescribeProductAsAdminCommand({ Id: id }))).Tags).toEqual([{ Key: 'xacct:catalog', Value: 'x' }]);
    aws.clock.advance(30_000);
    expect((await search()).map((p) => p.ProductViewSummary?.ProductId)).toEqual([id]);
  });

  it('accepts two products of one name; a repeated token returns the first product and version', async () => {
    const first = await createProduct(keyB, 'Pipeline', 'one');
    await createProduct(keyB, 'Pipeline', 'two');
    const again = await createProduct(keyB, 'Pipeline', 'one');
    expect(again.ProductViewDetail?.ProductViewSummary?.ProductId).toBe(first.ProductViewDetail?.ProductViewSummary?.ProductId);
    expect(again.ProvisioningArtifactDetail?.Id).toBe(first.ProvisioningArtifactDetail?.Id);
    expect(aws.serviceCatalog(B).productList().map((p) => p.name)).toEqual(['Pipeline', 'Pipeline']);
  });

  it('searches within a portfolio once the product is associated', async () => {
    aws.serviceCatalog(B).searchLagMs = 0;
    const portfolio = (await sc(keyB).send(new CreatePortfolioCommand({ DisplayName: 'P', ProviderName: 'Platform', IdempotencyToken: 't' }))).PortfolioDetail!.Id!;
    const product = (await createProduct(keyB)).ProductViewDetail!.ProductViewSummary!.ProductId!;
    await createProduct(keyB, 'Other');
    const inPortfolio = async () => ((await sc(keyB).send(new SearchProductsAsAdminCommand({ PortfolioId: portfolio }))).ProductViewDetails ?? []).map((p) => p.ProductViewSummary?.ProductId);
    expect(await inPortfolio()).toEqual([]);
    await sc(keyB).send(new AssociateProductWithPortfolioCommand({ ProductId: product, PortfolioId: portfolio }));
    await sc(keyB).send(new AssociateProductWithPortfolioCommand({ ProductId: product, PortfolioId: portfolio }));
    expect(await inPortfolio()).toEqual([product]);
  });

  it('refuses a template URL it cannot read or a body that is no template (InvalidParametersException)', async () => {
    await expect(createProduct(keyB, 'P', 'missing', 'https://templates-b.s3.eu-west-1.amazonaws.com/t/nothing.yaml')).rejects.toMatchObject({ name: 'InvalidParametersException', message: expect.stringMatching(/Unable to retrieve the template/) });
    // Another account's bucket: not readable with these credentials.
    await expect(createProduct(keyA, 'P', 'other', URL_B)).rejects.toMatchObject({ name: 'InvalidParametersException' });
    await expect(createProduct(keyB, 'P', 'not-s3', 'ftp://example.com/t.yaml')).rejects.toMatchObject({ name: 'InvalidParametersException' });
    await new S3Client({ region: 'eu-west-1', credentials: creds(keyB), requestHandler: aws.requestHandler }).send(new PutObjectCommand({ Bucket: 'templates-b', Key: 'bad.yaml', Body: 'just: text' }));
    await expect(createProduct(keyB, 'P', 'bad', 'https://s3.eu-west-1.amazonaws.com/templates-b/bad.yaml')).rejects.toMatchObject({ message: 'Invalid templateBody. Please make sure that your template is valid' });
    expect(aws.serviceCatalog(B).productList()).toEqual([]);
  });

  it('keeps versions in order, updates guidance, and refuses the 101st version (LimitExceededException)', async () => {
    const id = (await createProduct(keyB)).ProductViewDetail!.ProductViewSummary!.ProductId!;
    for (let i = 2; i <= 100; i++) await sc(keyB).send(new CreateProvisioningArtifactCommand({ ProductId: id, Parameters: version(`v${i}`), IdempotencyToken: `v${i}` }));
    await expect(sc(keyB).send(new CreateProvisioningArtifactCommand({ ProductId: id, Parameters: version('v101'), IdempotencyToken: 'v101' }))).rejects.toMatchObject({ name: 'LimitExceededException' });
    const versions = (await sc(keyB).send(new ListProvisioningArtifactsCommand({ ProductId: id }))).ProvisioningArtifactDetails!;
    expect(versions).toHaveLength(100);
    expect(versions.slice(0, 2).map((v) => [v.Name, v.Active, v.Guidance])).toEqual([['v1', true, 'DEFAULT'], ['v2', true, 'DEFAULT']]);
    await sc(keyB).send(new UpdateProvisioningArtifactCommand({ ProductId: id, ProvisioningArtifactId: versions[0].Id!, Guidance: 'DEPRECATED' }));
    expect((await sc(keyB).send(new ListProvisioningArtifactsCommand({ ProductId: id }))).ProvisioningArtifactDetails![0].Guidance).toBe('DEPRECATED');
    await expect(sc(keyB).send(new UpdateProvisioningArtifactCommand({ ProductId: id, ProvisioningArtifactId: 'pa-nope', Guidance: 'DEPRECATED' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('answers ThrottlingException and ExpiredTokenException, and counts Search as a read', async () => {
    const before = aws.writes().length;
    aws.throttle(1, 'servicecatalog');
    await expect(sc(keyB).send(new SearchProductsAsAdminCommand({}))).rejects.toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded' });
    await sc(keyB).send(new SearchProductsAsAdminCommand({}));
    expect(aws.writes()).toHaveLength(before);
    aws.expire(keyB);
    await expect(sc(keyB).send(new ListPortfoliosCommand({}))).rejects.toMatchObject({ name: 'ExpiredTokenException' });
  });
});

describe('fake Service Catalog: shares and launch constraints', () => {
  const OU = 'ou-ab12-cdef3456';
  const portfolio = async () => (await sc(keyB).send(new CreatePortfolioCommand({ DisplayName: 'P', ProviderName: 'Platform', IdempotencyToken: `p-${++token}` }))).PortfolioDetail!.Id!;

  it('an account share is listed as ACCOUNT, not accepted until the recipient accepts; a repeat has no effect', async () => {
    const id = await portfolio();
    await sc(keyB).send(new CreatePortfolioShareCommand({ PortfolioId: id, AccountId: A }));
    await sc(keyB).send(new CreatePortfolioShareCommand({ PortfolioId: id, AccountId: A }));
    const shares = await sc(keyB).send(new DescribePortfolioSharesCommand({ PortfolioId: id, Type: 'ACCOUNT' }));
    expect(shares.PortfolioShareDetails).toEqual([{ PrincipalId: A, Type: 'ACCOUNT', Accepted: false, ShareTagOptions: false, SharePrincipals: false }]);
    aws.serviceCatalog(B).acceptShare(id, A);
    expect((await sc(keyB).send(new DescribePortfolioSharesCommand({ PortfolioId: id, Type: 'ACCOUNT' }))).PortfolioShareDetails![0].Accepted).toBe(true);
    expect((await sc(keyB).send(new DescribePortfolioSharesCommand({ PortfolioId: id, Type: 'ORGANIZATIONAL_UNIT' }))).PortfolioShareDetails).toEqual([]);
    await sc(keyB).send(new DeletePortfolioShareCommand({ PortfolioId: id, AccountId: A }));
    expect((await sc(keyB).send(new DescribePortfolioSharesCommand({ PortfolioId: id, Type: 'ACCOUNT' }))).PortfolioShareDetails).toEqual([]);
  });

  it('an organization node share needs Organizations access, answers a token, and is IN_PROGRESS before COMPLETED', async () => {
    const id = await portfolio();
    const node = { PortfolioId: id, OrganizationNode: { Type: 'ORGANIZATIONAL_UNIT' as const, Value: OU } };
    await expect(sc(keyB).send(new CreatePortfolioShareCommand(node))).rejects.toMatchObject({ name: 'InvalidStateException' });
    aws.serviceCatalog(B).organization = { id: 'o-abcdef1234', accessEnabled: false, units: { [OU]: [A] } };
    await expect(sc(keyB).send(new CreatePortfolioShareCommand(node))).rejects.toMatchObject({ name: 'InvalidStateException', message: expect.stringContaining('AWSOrganizationsAccess') });
    aws.serviceCatalog(B).organization!.accessEnabled = true;
    const { PortfolioShareToken } = await sc(keyB).send(new CreatePortfolioShareCommand(node));
    expect(PortfolioShareToken).toMatch(/^share-/);
    expect((await sc(keyB).send(new DescribePortfolioShareStatusCommand({ PortfolioShareToken }))).Status).toBe('IN_PROGRESS');
    aws.clock.advance(3_000);
    const done = await sc(keyB).send(new DescribePortfolioShareStatusCommand({ PortfolioShareToken }));
    expect(done).toMatchObject({ Status: 'COMPLETED', OrganizationNodeValue: OU, ShareDetails: { SuccessfulShares: [A], ShareErrors: [] } });
    expect((await sc(keyB).send(new DescribePortfolioSharesCommand({ PortfolioId: id, Type: 'ORGANIZATIONAL_UNIT' }))).PortfolioShareDetails).toEqual([
      { PrincipalId: OU, Type: 'ORGANIZATIONAL_UNIT', Accepted: true, ShareTagOptions: false, SharePrincipals: false },
    ]);
  });

  it('a launch constraint takes RoleArn or LocalRoleName (a role of the account), one per product and portfolio; DescribeConstraint has its parameters', async () => {
    const id = await portfolio();
    const product = (await createProduct(keyB)).ProductViewDetail!.ProductViewSummary!.ProductId!;
    await sc(keyB).send(new AssociateProductWithPortfolioCommand({ PortfolioId: id, ProductId: product }));
    const launch = (parameters: object, t: string) => sc(keyB).send(new CreateConstraintCommand({ PortfolioId: id, ProductId: product, Type: 'LAUNCH', Parameters: JSON.stringify(parameters), IdempotencyToken: t }));
    await expect(launch({ LocalRoleName: 'launch', RoleArn: `arn:aws:iam::${B}:role/launch` }, 'c1')).rejects.toMatchObject({ name: 'InvalidParametersException' });
    await expect(launch({ LocalRoleName: 'launch' }, 'c2')).rejects.toMatchObject({ name: 'InvalidParametersException' });
    aws.iam(B).createRole('launch', { Version: '2012-10-17', Statement: [] });
    const made = await launch({ LocalRoleName: 'launch' }, 'c3');
    expect((await launch({ LocalRoleName: 'launch' }, 'c3')).ConstraintDetail!.ConstraintId).toBe(made.ConstraintDetail!.ConstraintId);
    await expect(launch({ LocalRoleName: 'launch' }, 'c4')).rejects.toMatchObject({ name: 'DuplicateResourceException' });
    const listed = await sc(keyB).send(new ListConstraintsForPortfolioCommand({ PortfolioId: id, ProductId: product }));
    expect(listed.ConstraintDetails).toEqual([expect.objectContaining({ ConstraintId: made.ConstraintDetail!.ConstraintId, Type: 'LAUNCH' })]);
    const described = await sc(keyB).send(new DescribeConstraintCommand({ Id: made.ConstraintDetail!.ConstraintId! }));
    expect(JSON.parse(described.ConstraintParameters!)).toEqual({ LocalRoleName: 'launch' });
  });
});
