/**
 * The SDK's standard endpoint configuration reaches every client the tool builds: with
 * AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_<SERVICE>, or a profile's endpoint_url) pointing at an
 * AWS-compatible endpoint — here the fake served on a local port, as LocalStack would be — the whole
 * deployment runs against it (AWS SDKs and Tools reference guide, "Service-specific endpoints").
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import { endpointsOfProfile, profileEndpoint } from '../../scripts/aws/profile-endpoints';
import { serveFake, type FakeEndpoint } from '../fake-aws/wire/fake-http-server';
import { ACCOUNT_A, ACCOUNT_B, twoAccountWorld, type World } from '../helpers/deploy-world';

let world: World;
let endpoint: FakeEndpoint;
beforeEach(async () => {
  world = twoAccountWorld();
  endpoint = await serveFake(world.aws);
});
afterEach(async () => {
  await endpoint.close();
  world.restore();
});

// No request handler: the SDK's own HTTP handler, over a real socket.
const run = async (...argv: string[]) => {
  const io = recordingIo();
  const code = await main(argv, io, { clock: world.aws.clock, pollIntervalMs: 5_000 });
  return { code, out: io.stdout(), err: io.stderr() };
};

it('AWS_ENDPOINT_URL sends every call of a whole deployment to that endpoint', async () => {
  process.env.AWS_ENDPOINT_URL = endpoint.url;
  const r = await run('deploy-sequence', '--config', world.configFile, '--yes');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  expect(world.aws.cloudFormation(ACCOUNT_B).stack('orders-api-target')?.status).toBe('UPDATE_COMPLETE');
  expect(world.aws.cloudFormation(ACCOUNT_A).stack('orders-api-source')?.status).toBe('CREATE_COMPLETE');
  // S3 too (path style to an address), and every service the run used.
  expect(new Set(world.aws.calls.map((c) => c.service))).toEqual(new Set(['sts', 'cloudformation', 'eventbridge', 's3', 'ecr']));
});

it('a profile\'s endpoint_url applies to the account that uses that profile only', async () => {
  const config = process.env.AWS_CONFIG_FILE!;
  // Account B's profile names the endpoint; account A's names a port nobody listens on.
  appendFileSync(config, `[profile team-b]\nendpoint_url = ${endpoint.url}\n[profile team-a]\nendpoint_url = http://127.0.0.1:9\n`);
  const r = await run('status', '--config', world.configFile, '--json');
  expect(world.aws.calls.some((c) => c.account === ACCOUNT_B)).toBe(true);
  expect(world.aws.calls.some((c) => c.account === ACCOUNT_A)).toBe(false);
  expect(r.code).toBe(6);
  expect(r.err).toMatch(/source account 111122223333 \(profile team-a[^)]*\): AWS was not reached: the connection to 127\.0\.0\.1:9 was refused/);
  expect(readFileSync(config, 'utf8')).toContain('endpoint_url');
  writeFileSync(config, '');
});

describe('precedence of the endpoint settings (AWS SDKs and Tools reference guide, service-specific endpoints)', () => {
  const services = { 'services.local': { 'cloudformation.endpoint_url': 'http://cfn', 'service_catalog.endpoint_url': 'http://sc' } };
  const profile = { services: 'local', endpoint_url: 'http://all' };
  it('a service of the services section, else the profile\'s global endpoint_url', () => {
    expect(profileEndpoint(profile, services, 'CloudFormation', {})).toBe('http://cfn');
    expect(profileEndpoint(profile, services, 'Service Catalog', {})).toBe('http://sc');
    expect(profileEndpoint(profile, services, 'S3', {})).toBe('http://all');
    expect(profileEndpoint({}, services, 'S3', {})).toBeUndefined();
  });
  it('CloudWatch (promote\'s alarm read) is one of the services: its key is `cloudwatch`', () => {
    const files = { configFile: { 'team-b': { services: 'local' }, 'services.local': { 'cloudwatch.endpoint_url': 'http://cw' } }, credentialsFile: {} };
    expect(endpointsOfProfile(files, 'team-b')).toEqual({ CloudWatch: 'http://cw' });
  });
  it('the environment wins (the SDK applies it), and the ignore switches turn file settings off', () => {
    expect(profileEndpoint(profile, services, 'CloudFormation', { AWS_ENDPOINT_URL_CLOUDFORMATION: 'http://env' })).toBeUndefined();
    expect(profileEndpoint(profile, services, 'S3', { AWS_ENDPOINT_URL: 'http://env' })).toBeUndefined();
    expect(profileEndpoint(profile, services, 'S3', { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' })).toBeUndefined();
    expect(profileEndpoint({ ...profile, ignore_configured_endpoint_urls: 'true' }, services, 'S3', {})).toBeUndefined();
  });
});
