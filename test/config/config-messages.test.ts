/**
 * Every kind of wrong value in the config is named by its field path, with what the field must be and
 * what the file holds there, through `xacct plan --offline` as a person runs it. Never "is required"
 * for a value that is there, never the validator's own English.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';

type Doc = Record<string, unknown>;

const EXAMPLE = load(readFileSync('examples/deployment.yaml', 'utf8')) as Doc;
const PUBLISH = {
  owner: 'Platform team',
  support: { email: 'platform@example.com' },
  catalogs: { target: { bucket: 'orders-catalog-templates-444455556666' }, source: { bucket: 'orders-catalog-templates-111122223333' } },
};
const dir = mkdtempSync(join(tmpdir(), 'xacct-config-messages-'));

/** The example with `value` at `path` (undefined removes the key). */
function withValue(path: string, value: unknown, base: Doc = EXAMPLE): Doc {
  const doc = JSON.parse(JSON.stringify(base)) as Doc;
  const keys = path.split('.');
  let here = doc as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) here = (here[k] ??= {}) as Record<string, unknown>;
  if (value === undefined) delete here[keys.at(-1)!];
  else here[keys.at(-1)!] = value;
  return doc;
}

async function plan(doc: Doc | string, ...extra: string[]) {
  const file = join(dir, `c-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, typeof doc === 'string' ? doc : dump(doc));
  const io = recordingIo();
  const code = await main(['plan', '--config', file, '--offline', ...extra], io);
  return { code, out: io.stdout(), err: io.stderr(), file };
}

/** The validator's wording, which a person must never see. */
const VALIDATOR_WORDS = /Invalid input|Too small|Too big|expected \w+ to (be|have)|received \w+|Unrecognized key|Invalid (string|option)/;

const A = '111122223333';
const B = '444455556666';
const ROLE = `arn:aws:iam::${A}:role/deployer`;

// [field set, value, the problem line expected (path: message)]
const CASES: Array<[string, unknown, string]> = [
  // The cases of the issue: a wrong type is never "is required".
  ['source.accountId', 111122223333, 'source.accountId: must be a string of 12 digits in quotes, for example "111122223333"; found the number 111122223333'],
  ['pipeline.imageTag', 42, 'pipeline.imageTag: must be a Docker tag: 1 to 128 letters, digits, _ . and -, not starting with . or -, for example latest; found the number 42: put the value in quotes'],
  ['pipeline.artifactRetentionDays', 'thirty', 'pipeline.artifactRetentionDays: must be a whole number from 1 to 3650 (days); found the string "thirty"'],
  ['pipeline.keepUntaggedImages', 1.5, 'pipeline.keepUntaggedImages: must be a whole number from 1 to 1000 (untagged images, the previous releases); found the number 1.5'],
  ['pipeline.keepUntaggedImages', 0, 'pipeline.keepUntaggedImages: must be a whole number from 1 to 1000 (untagged images, the previous releases); found the number 0'],
  ['pipeline.ecsServiceArnFormat', 'arn', 'pipeline.ecsServiceArnFormat: must be long (service/<cluster>/<service>) or short (service/<service>, a service created before 2021 and never migrated); found the string "arn"'],
  ['pipeline.release', 'latest', 'pipeline.release: must be digest (each push deploys exactly the image it pushed) or tag (ECS runs whatever the tag points to); found the string "latest"'],
  [
    'pipeline.untaggedImageExpiryDays',
    14,
    'pipeline: unknown key untaggedImageExpiryDays: replaced by keepUntaggedImages, how many untagged images to keep (default 10): expiring them by age removed images a service still ran',
  ],
  // Ranges, lengths and patterns, field by field.
  ['name', 'Orders', 'name: must be 2 to 48 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen, for example orders-api; found the string "Orders"'],
  ['name', true, 'name: must be 2 to 48 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen, for example orders-api; found true (a yes/no value): put the value in quotes'],
  ['region', 'eu-nowhere-9', 'region: must be an AWS region the SDK knows, for example eu-west-1; found the string "eu-nowhere-9"'],
  ['region', 42, 'region: must be an AWS region the SDK knows, for example eu-west-1; found the number 42: put the value in quotes'],
  ['target.accountId', '4444', 'target.accountId: must be a string of 12 digits in quotes, for example "111122223333"; found the string "4444"'],
  ['source', 'team-a', 'source: must be a mapping of account A (the source account: the ECR repository) (keys accountId, credentials, stackName, cloudFormationRoleArn, organizationId), as in examples/deployment.yaml; found the string "team-a"'],
  ['source.credentials', 'team-a', 'source.credentials: must be one of {profile: NAME}, {roleArn: ARN[, sourceProfile, externalId, sessionName]} or {defaultChain: true}; found the string "team-a"'],
  ['source.credentials', { profile: 'a', roleArn: ROLE }, 'source.credentials: must be one of {profile: NAME}, {roleArn: ARN[, sourceProfile, externalId, sessionName]} or {defaultChain: true}; found a mapping with keys profile, roleArn'],
  ['source.credentials', {}, 'source.credentials: must be one of {profile: NAME}, {roleArn: ARN[, sourceProfile, externalId, sessionName]} or {defaultChain: true}; found an empty mapping'],
  ['source.credentials', { profile: '' }, 'source.credentials.profile: must name a profile of your AWS config files (~/.aws/config or ~/.aws/credentials); found an empty string'],
  ['source.credentials', { profile: 42 }, 'source.credentials.profile: must name a profile of your AWS config files (~/.aws/config or ~/.aws/credentials); found the number 42: put the value in quotes'],
  ['source.credentials', { roleArn: `arn:aws:iam::${A}:user/deployer` }, `source.credentials.roleArn: must be an IAM role ARN, for example arn:aws:iam::444455556666:role/deployer (role name: 1 to 64 characters); found the string "arn:aws:iam::${A}:user/deployer"`],
  ['source.credentials', { roleArn: ROLE, externalId: 'x' }, 'source.credentials.externalId: must be 2 to 1224 letters, digits or _+=,.@:/-; found the string "x"'],
  ['source.credentials', { roleArn: ROLE, sessionName: 'my session' }, 'source.credentials.sessionName: must be 2 to 64 letters, digits or +=,.@_-; found the string "my session"'],
  ['source.credentials', { roleArn: ROLE, sourceProfile: '' }, 'source.credentials.sourceProfile: must name a profile of your AWS config files (~/.aws/config or ~/.aws/credentials); found an empty string'],
  ['target.credentials', { defaultChain: false }, 'target.credentials.defaultChain: must be true: the default credential chain (environment variables, AWS_PROFILE, the default profile, container or instance credentials); found false (a yes/no value)'],
  ['source.stackName', '1-source', 'source.stackName: must be a stack name: 1 to 128 letters, digits and hyphens, starting with a letter; found the string "1-source"'],
  ['source.stackName', `s${'x'.repeat(128)}`, 'source.stackName: must be a stack name: 1 to 128 letters, digits and hyphens, starting with a letter; found a string of 129 characters ("sxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"…)'],
  ['pipeline', undefined, 'pipeline: is required (it must be a mapping of the pipeline settings (keys namePrefix, repositoryName, imageTag, containerName, ecsCluster, ecsService, ecsServiceArnFormat, ecsTaskExecutionRoleArn, ecsTaskRoleArn, keyAdministratorArn, artifactRetentionDays, keepUntaggedImages, imageDefinitionsObjectKey, release, rollbackAlarmName), as in examples/deployment.yaml)'],
  ['pipeline.namePrefix', 'x', 'pipeline.namePrefix: must be 2 to 32 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen, for example orders-api; found the string "x"'],
  ['pipeline.repositoryName', 'a', 'pipeline.repositoryName: must be an ECR repository name of 2 to 256 characters: lower-case letters and digits in parts joined by . _ - or /, for example team/orders-api; found the string "a" (1 character)'],
  ['pipeline.repositoryName', 'a'.repeat(257), 'pipeline.repositoryName: must be an ECR repository name of 2 to 256 characters: lower-case letters and digits in parts joined by . _ - or /, for example team/orders-api; found a string of 257 characters ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"…)'],
  ['pipeline.repositoryName', 'Orders_API', 'pipeline.repositoryName: must be an ECR repository name of 2 to 256 characters: lower-case letters and digits in parts joined by . _ - or /, for example team/orders-api; found the string "Orders_API"'],
  ['pipeline.imageTag', '.hidden', 'pipeline.imageTag: must be a Docker tag: 1 to 128 letters, digits, _ . and -, not starting with . or -, for example latest; found the string ".hidden"'],
  ['pipeline.containerName', 'web app', 'pipeline.containerName: must be the container name of the task definition: 1 to 255 letters, digits, _ and -; found the string "web app"'],
  ['pipeline.ecsCluster', null, 'pipeline.ecsCluster: must be an ECS cluster name: 1 to 255 letters, digits, _ and -; found nothing (the key has no value)'],
  ['pipeline.ecsService', ['orders-api'], 'pipeline.ecsService: must be an ECS service name: 1 to 255 letters, digits, _ and -; found a list of 1 item'],
  ['pipeline.ecsService', undefined, 'pipeline.ecsService: is required (it must be an ECS service name: 1 to 255 letters, digits, _ and -)'],
  ['pipeline.ecsTaskExecutionRoleArn', 'ecsTaskExecutionRole', 'pipeline.ecsTaskExecutionRoleArn: must be an IAM role ARN in the target account, for example arn:aws:iam::444455556666:role/ecsTaskExecutionRole (role name: 1 to 64 characters); found the string "ecsTaskExecutionRole"'],
  ['pipeline.ecsTaskExecutionRoleArn', `arn:aws:iam::${A}:role/ecsTaskExecutionRole`, `pipeline.ecsTaskExecutionRoleArn: must be in the target account ${B}; found the string "arn:aws:iam::${A}:role/ecsTaskExecutionRole"`],
  ['pipeline.ecsTaskRoleArn', 5, 'pipeline.ecsTaskRoleArn: must be an IAM role ARN in the target account, for example arn:aws:iam::444455556666:role/orders-api-task (role name: 1 to 64 characters); found the number 5: put the value in quotes'],
  ['pipeline.keyAdministratorArn', `arn:aws:iam::${B}:group/admins`, `pipeline.keyAdministratorArn: must be an IAM role or user ARN in the target account, for example arn:aws:iam::444455556666:role/platform-admin; found the string "arn:aws:iam::${B}:group/admins"`],
  ['pipeline.artifactRetentionDays', 0, 'pipeline.artifactRetentionDays: must be a whole number from 1 to 3650 (days); found the number 0'],
  ['pipeline.artifactRetentionDays', 3651, 'pipeline.artifactRetentionDays: must be a whole number from 1 to 3650 (days); found the number 3651'],
  ['pipeline.keepUntaggedImages', '14', 'pipeline.keepUntaggedImages: must be a whole number from 1 to 1000 (untagged images, the previous releases); found the string "14"'],
  ['pipeline.imageDefinitionsObjectKey', 'image definitions.zip', 'pipeline.imageDefinitionsObjectKey: must be an S3 object key of 1 to 1024 letters, digits and !_.*\'()/-, for example imagedefinitions.zip; found the string "image definitions.zip"'],
  ['pipeline.surprise', true, 'pipeline: unknown key surprise (see examples/deployment.yaml)'],
  ['eventBus', 'orders', 'eventBus: must be a mapping of event bus settings (keys statementId), as in examples/deployment.yaml; found the string "orders"'],
  ['eventBus', { statementId: 'x'.repeat(65) }, 'eventBus.statementId: must be 1 to 64 letters, digits, - or _; found a string of 65 characters ("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"…)'],
  ['eventBus', { statement: 'x' }, 'eventBus: unknown key statement (see examples/deployment.yaml)'],
  ['colour', 'blue', '(top level): unknown key colour (see examples/deployment.yaml)'],
];

// The publish: section, on top of a valid one.
const P = withValue('publish', PUBLISH);
const PUBLISH_CASES: Array<[string, unknown, string]> = [
  ['publish', [], 'publish: must be a mapping of publish settings (keys catalogTag, owner, distributor, support, portfolio, products, catalogs, share, launchRoleName), as in examples/deployment.yaml; found an empty list'],
  ['publish.owner', undefined, 'publish.owner: is required (it must be text of 1 to 50 characters)'],
  ['publish.owner', 'x'.repeat(51), `publish.owner: must be text of 1 to 50 characters; found the string "${'x'.repeat(51)}" (51 characters)`],
  ['publish.distributor', '', 'publish.distributor: must be text of 1 to 8191 characters; found an empty string'],
  ['publish.catalogTag', 'orders#api', 'publish.catalogTag: must be 1 to 256 letters, digits, spaces or _.:/=+-@; found the string "orders#api"'],
  ['publish.support', {}, 'publish.support: must give at least one of email, url, description'],
  ['publish.support', { email: 'platform' }, 'publish.support.email: must be an email address of at most 254 characters; found the string "platform"'],
  ['publish.support', { url: 'ftp://wiki' }, 'publish.support.url: must be an http(s) URL of at most 2083 characters; found the string "ftp://wiki"'],
  ['publish.portfolio', { name: '' }, 'publish.portfolio.name: must be text of 1 to 100 characters; found an empty string'],
  ['publish.portfolio', { description: 'd'.repeat(2001) }, 'publish.portfolio.description: must be text of at most 2000 characters; found a string of 2001 characters ("dddddddddddddddddddddddddddddddddddddddd"…)'],
  ['publish.products', { target: { catalog: 'both' } }, 'publish.products.target.catalog: must be target or source; found the string "both"'],
  ['publish.products', { target: { name: 42 } }, 'publish.products.target.name: must be text of 1 to 8191 characters; found the number 42: put the value in quotes'],
  ['publish.catalogs.target.keyPrefix', '/templates', 'publish.catalogs.target.keyPrefix: must be 1 to 200 characters of an S3 key (letters, digits, !_.*\'()/-), not starting or ending with /; found the string "/templates"'],
  ['publish.catalogs.target.portfolioId', 'portfolio-1', 'publish.catalogs.target.portfolioId: must be a portfolio id: port- and 1 to 95 lower-case letters or digits, for example port-abcdefghijklm; found the string "portfolio-1"'],
  ['publish.catalogs.target.principals', `arn:aws:iam::${B}:role/dev`, `publish.catalogs.target.principals: must be a list of IAM role, user or group ARNs; found the string "arn:aws:iam::${B}:role/dev"`],
  ['publish.catalogs.target.shareWith', [777788889999], 'publish.catalogs.target.shareWith.0: must be a string of 12 digits in quotes, for example "777788889999"; found the number 777788889999'],
  ['publish.catalogs.target.bucket', 'Orders_Templates', 'publish.catalogs.target.bucket: must be an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit; found the string "Orders_Templates"'],
];

describe('config problems name the field, what it must be and what was found (exit 2, nothing else printed)', () => {
  it.each(CASES)('%s = %j', async (path, value, expected) => {
    const r = await plan(withValue(path, value));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n').map((l) => l.trim())).toContain(expected);
    expect(r.err).not.toMatch(VALIDATOR_WORDS);
  });

  it.each(PUBLISH_CASES)('%s = %j', async (path, value, expected) => {
    const r = await plan(withValue(path, value, P));
    expect(r.code).toBe(2);
    expect(r.err.split('\n').map((l) => l.trim())).toContain(expected);
    expect(r.err).not.toMatch(VALIDATOR_WORDS);
  });

  it('a valid publish: section is accepted: the cases above fail for their own value only', async () => {
    const r = await plan(P);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('every problem is listed at once, each under its path, with the count', async () => {
    let doc = withValue('source.accountId', 111122223333);
    doc = withValue('pipeline.imageTag', 42, doc);
    doc = withValue('pipeline.artifactRetentionDays', 'thirty', doc);
    doc = withValue('pipeline.keepUntaggedImages', 1.5, doc);
    const r = await plan(doc);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^xacct: \S+\.yaml: 4 problems:\n {2}source\.accountId: .*\n {2}pipeline\.imageTag: .*\n {2}pipeline\.artifactRetentionDays: .*\n {2}pipeline\.keepUntaggedImages: .*\n$/);
  });

  it('an unquoted account id in the YAML text is the number case, said with the quotes to add', async () => {
    const text = readFileSync('examples/deployment.yaml', 'utf8').replace('accountId: "111122223333"', 'accountId: 111122223333');
    const r = await plan(text);
    expect(r.code).toBe(2);
    expect(r.err).toContain('source.accountId: must be a string of 12 digits in quotes, for example "111122223333"; found the number 111122223333');
  });
});

describe('every ARN of the config is of the partition of its region', () => {
  /** The example's ARNs with their partition replaced. */
  const inPartition = (doc: Doc, partition: string): Doc => JSON.parse(JSON.stringify(doc).replace(/"arn:aws:/g, `"arn:${partition}:`)) as Doc;

  it('refuses arn:aws: ARNs for a China region, naming each field', async () => {
    const r = await plan(withValue('region', 'cn-north-1'));
    expect(r.code).toBe(2);
    for (const field of ['target.cloudFormationRoleArn', 'pipeline.ecsTaskExecutionRoleArn', 'pipeline.keyAdministratorArn']) {
      expect(r.err).toContain(`  ${field}: must be an ARN of partition aws-cn, the partition of region cn-north-1 (arn:aws-cn:...), not aws; found the string "arn:aws:iam::`);
    }
  });

  it.each([
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['eusc-de-east-1', 'aws-eusc'],
  ])('accepts %s with %s ARNs', async (region, partition) => {
    const r = await plan(withValue('region', region, inPartition(EXAMPLE, partition)));
    expect(r.err).not.toContain('must be an ARN of partition');
  });

  it('refuses aws-cn ARNs in a commercial region', async () => {
    const r = await plan(inPartition(EXAMPLE, 'aws-cn'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('pipeline.keyAdministratorArn: must be an ARN of partition aws, the partition of region eu-west-1 (arn:aws:...), not aws-cn');
  });
});
