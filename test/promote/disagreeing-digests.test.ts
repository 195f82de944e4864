/**
 * `xacct promote` when the targets of the wave before run different digests, with the state built
 * directly in the fake (no stacks): two wave-1 targets in two regions, each with its pipeline's latest
 * execution released from a different digest and its ECS service stable on it. Without DIGEST promote
 * refuses and names each target's digest; with DIGEST it names the target that does not run it.
 */
import { ACCOUNT_A, ACCOUNT_B, twoAccountWorld, type World } from '../helpers/deploy-world';

const REGIONS = { west: 'eu-west-1', central: 'eu-central-1', east: 'us-east-1' } as const;
const ROLE = `arn:aws:iam::${ACCOUNT_B}:role/ecsTaskExecutionRole`;
const FLEET = {
  name: 'orders-api',
  source: { accountId: ACCOUNT_A, credentials: { profile: 'team-a' }, stackName: 'orders-api-source' },
  defaults: {
    region: REGIONS.west,
    stackName: 'orders-api-target',
    pipeline: { namePrefix: 'orders-api', repositoryName: 'orders-api', imageTag: 'latest', containerName: 'web', ecsCluster: 'orders', ecsService: 'orders-api', ecsTaskExecutionRoleArn: ROLE, keyAdministratorArn: `arn:aws:iam::${ACCOUNT_B}:role/platform-admin` },
  },
  targets: (['west', 'central', 'east'] as const).map((name) => ({ name, accountId: ACCOUNT_B, credentials: { profile: 'team-b' }, region: REGIONS[name], wave: name === 'east' ? 2 : 1 })),
};

let world: World;
afterAll(() => world?.restore());

/** A wave-1 target as its deployment would leave it: the image pushed, the pipeline's execution of it, the service on it. */
function released(name: 'west' | 'central', content: string): string {
  const region = REGIONS[name];
  const ecr = world.aws.ecr(ACCOUNT_A, region);
  ecr.createRepository('orders-api');
  const digest = ecr.pushImage('orders-api', 'latest', content);
  const pipelines = world.aws.codePipeline(ACCOUNT_B, region);
  const pipeline = `orders-api-${name}-pipeline`;
  pipelines.createPipeline(pipeline, { Stages: [{ Name: 'Source', Actions: [{ Name: 'Image', ActionTypeId: { Category: 'Source' } }] }, { Name: 'Deploy', Actions: [{ Name: 'Service', ActionTypeId: { Category: 'Deploy' } }] }] });
  pipelines.recordExecution(pipeline, { revisions: { Image: digest }, trigger: 'CloudWatchEvent' });
  world.aws.ecs(ACCOUNT_B, region).createService({ cluster: 'orders', service: 'orders-api', family: 'orders-api', containers: [{ name: 'web', image: `${ACCOUNT_A}.dkr.ecr.${region}.amazonaws.com/orders-api@${digest}` }], executionRoleArn: ROLE });
  return digest;
}

describe('xacct promote: the wave before runs different digests', () => {
  let west: string;
  let central: string;

  beforeAll(async () => {
    world = twoAccountWorld(FLEET);
    west = released('west', 'release 2');
    central = released('central', 'release 1');
    await world.aws.settle();
  });

  it('without DIGEST: refuses (exit 1), naming each target\'s digest; nothing tagged', async () => {
    const run = await world.run('promote', '--config', world.configFile, '--wave', '2', '--yes');
    expect(run.code).toBe(1);
    expect(run.out).toContain(`the targets of wave 1 run different digests (west: ${west}, central: ${central}): name the DIGEST to promote once they agree`);
    // Each target is otherwise healthy: the table says so.
    expect(run.out).toMatch(/west\s+444455556666 eu-west-1\s+sha256:\S+\s+healthy/);
    expect(world.aws.calls.filter((c) => c.command === 'PutImage' || c.command === 'BatchGetImage')).toEqual([]);
  });

  it('with DIGEST: refuses, naming the target that does not run it', async () => {
    const run = await world.run('promote', '--config', world.configFile, '--wave', '2', west, '--yes', '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.out)).toMatchObject({ outcome: 'refused', digest: west, reasons: [`central: runs ${central}, not ${west}`] });
  });

  it('refuses a DIGEST that is no digest (exit 2)', async () => {
    const run = await world.run('promote', '--config', world.configFile, '--wave', '2', 'latest');
    expect(run.code).toBe(2);
    expect(run.err).toContain('DIGEST must be an image digest');
  });
});
