/**
 * `xacct promote` through the CLI, against the fake under the real SDK. Two targets of one fleet in two
 * regions: staging (wave 1, eu-west-1, with a rollback alarm) and prod (wave 2, eu-central-1). Each is
 * deployed with the existing engine from its single-target config; prod's config watches the wave tag
 * `latest-wave2`, which is what account A's fleet stack and prod's stage 2 watch in a fleet deployment.
 * Account A serves each region from its own stack, so the pushed image is pushed to both regions'
 * repositories (same content, same digest) as a replication would.
 */
import { loadFleetConfig } from '../../scripts/config/load-config';
import type { PromoteResult } from '../../scripts/promote/promote-types';
import { resolveTargets } from '../../scripts/targets/resolve-targets';
import { ACCOUNT_A, ACCOUNT_B, exampleConfig, twoAccountWorld, FIRST_IMAGE, type World } from '../helpers/deploy-world';

const WEST = 'eu-west-1';
const CENTRAL = 'eu-central-1';
const ALARM = 'orders-api-5xx';
/** The example deployment's pipeline settings, shared by both targets. */
const PIPELINE = exampleConfig().pipeline as Record<string, string>;
const FLEET = {
  name: 'orders-api',
  source: { accountId: ACCOUNT_A, credentials: { profile: 'team-a' }, stackName: 'orders-api-source' },
  defaults: { region: WEST, stackName: 'orders-api-target', pipeline: PIPELINE },
  targets: [
    { name: 'staging', accountId: ACCOUNT_B, credentials: { profile: 'team-b' }, wave: 1, pipeline: { rollbackAlarmName: ALARM } },
    { name: 'prod', accountId: ACCOUNT_B, credentials: { profile: 'team-b' }, wave: 2, region: CENTRAL },
  ],
};

let world: World;
afterAll(() => world?.restore());

const pushExecutions = (region: string, pipeline: string) => world.aws.codePipeline(ACCOUNT_B, region).executions(pipeline).filter((e) => e.trigger.triggerType === 'CloudWatchEvent');
const promote = async (...extra: string[]) => world.run('promote', '--config', world.configFile, '--wave', '2', '--yes', ...extra);
const tagged = () => world.aws.calls.filter((c) => c.command === 'PutImage');

describe('xacct promote: releases in waves', () => {
  let digest: string;

  beforeAll(async () => {
    world = twoAccountWorld(FLEET);
    for (const region of [WEST, CENTRAL]) {
      world.aws.ecs(ACCOUNT_B, region).createService({ cluster: 'orders', service: 'orders-api', family: 'orders-api', containers: [{ name: 'web', image: FIRST_IMAGE }], executionRoleArn: PIPELINE.ecsTaskExecutionRoleArn });
    }
    const [staging, prod] = resolveTargets(loadFleetConfig(world.configFile));
    // Each target deployed by the engine from its single-target config; prod's watches its wave's tag.
    for (const config of [staging!.config, { ...prod!.config, pipeline: { ...prod!.config.pipeline, imageTag: prod!.releaseTag } }]) {
      const { fleetWave: _wave, ...plain } = config;
      const file = world.writeConfig(JSON.parse(JSON.stringify(plain)) as Record<string, unknown>);
      const run = await world.run('deploy-sequence', '--config', file, '--yes');
      expect({ code: run.code, err: run.err }).toEqual({ code: 0, err: expect.any(String) });
    }
    await world.aws.settle();
  }, 120_000);

  it('wave 2 watches its wave tag: stage 2 ImageTag is latest-wave2, and a push releases to wave 1 only', async () => {
    expect(world.aws.cloudFormation(ACCOUNT_B, CENTRAL).stack('orders-api-target')!.parameters.ImageTag).toBe('latest-wave2');
    expect(world.aws.cloudFormation(ACCOUNT_B, WEST).stack('orders-api-target')!.parameters.ImageTag).toBe('latest');
    digest = world.aws.ecr(ACCOUNT_A, WEST).pushImage('orders-api', 'latest', 'release 1');
    // The same image in the second region's repository (as replication would put it): no wave tag, no release.
    expect(world.aws.ecr(ACCOUNT_A, CENTRAL).pushImage('orders-api', 'latest', 'release 1')).toBe(digest);
    await world.aws.settle();
    expect(pushExecutions(WEST, 'orders-api-staging-pipeline').map((e) => e.status)).toEqual(['Succeeded']);
    expect(pushExecutions(CENTRAL, 'orders-api-prod-pipeline')).toEqual([]);
    expect(world.aws.ecs(ACCOUNT_B, WEST).serviceImage('orders', 'orders-api', 'web')).toBe(`${ACCOUNT_A}.dkr.ecr.${WEST}.amazonaws.com/orders-api@${digest}`);
  });

  it('refuses while wave 1\'s rollback alarm is in ALARM, naming the target and the alarm; nothing tagged', async () => {
    world.aws.cloudWatch(ACCOUNT_B, WEST).setAlarm(ALARM, 'ALARM', 'Threshold Crossed: 5xx above 1%');
    const run = await promote();
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/staging\s+444455556666 eu-west-1\s+sha256:\S+\s+CloudWatch alarm orders-api-5xx is ALARM: Threshold Crossed/);
    expect(run.out).toContain('Refused: nothing was tagged.');
    expect(tagged()).toEqual([]);
    // The alarm was read in the target's account and region, with its credentials.
    expect(world.aws.calls.filter((c) => c.command === 'DescribeAlarms').map((c) => `${c.account} ${c.region}`)).toContain(`${ACCOUNT_B} ${WEST}`);
  });

  it('refuses while wave 1\'s ECS service is not stable (a deployment in progress)', async () => {
    world.aws.cloudWatch(ACCOUNT_B, WEST).setAlarm(ALARM, 'OK');
    world.aws.ecs(ACCOUNT_B, WEST).UpdateService({ cluster: 'orders', service: 'orders-api', forceNewDeployment: true });
    const run = await promote('--json');
    expect(run.code).toBe(1);
    const result = JSON.parse(run.out) as PromoteResult;
    expect(result).toMatchObject({ outcome: 'refused', wave: 2, tag: 'latest-wave2', tagged: [] });
    expect(result.checked).toEqual([
      expect.objectContaining({ target: 'staging', healthy: false, digest, reasons: [expect.stringMatching(/^ECS service orders-api( has 2 deployments|'s deployment is IN_PROGRESS)/)] }),
    ]);
    expect(tagged()).toEqual([]);
    await world.aws.settle();
  });

  it('refuses a DIGEST wave 1 does not run', async () => {
    const other = `sha256:${'0'.repeat(64)}`;
    const run = await promote(other);
    expect(run.code).toBe(1);
    expect(run.out).toContain(`staging: runs ${digest}, not ${other}`);
    expect(tagged()).toEqual([]);
  });

  it('reads the alarm through CloudWatch\'s own client: a refused read is a reason naming the alarm, a throttled one is retried', async () => {
    const alarmReads = () => world.aws.calls.filter((c) => c.command === 'DescribeAlarms').map((c) => c.error ?? 'ok');
    world.aws.fail(1, 'cloudwatch', 'DescribeAlarms', 'AccessDenied', `User: arn:aws:iam::${ACCOUNT_B}:user/deployer is not authorized to perform: cloudwatch:DescribeAlarms`, 403);
    const refused = await promote();
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/could not read: reading CloudWatch alarm orders-api-5xx in account 444455556666: access denied: User: \S+ is not authorized to perform: cloudwatch:DescribeAlarms/);
    expect(tagged()).toEqual([]);
    // Throttling (the Query API's code, in x-amzn-query-error) is known as such and retried.
    const before = alarmReads().length;
    world.aws.throttle(2, 'cloudwatch', 'DescribeAlarms');
    const retried = await world.run('promote', '--config', world.configFile, '--wave', '2', '--dry-run');
    expect({ code: retried.code, out: retried.out }).toEqual({ code: 0, out: expect.stringContaining(`Dry run: would tag ${digest} as latest-wave2:`) });
    expect(alarmReads().slice(before)).toEqual(['Throttling', 'Throttling', 'ok']);
  });

  it('once wave 1 is healthy: tags the digest latest-wave2 in account A (BatchGetImage, PutImage) and wave 2\'s pipeline deploys it', async () => {
    const run = await promote();
    expect({ code: run.code, out: run.out }).toEqual({ code: 0, out: expect.stringContaining(`Promoted ${digest} to wave 2 as latest-wave2:`) });
    // The service has no circuit breaker with rollback: healthy, with a warning.
    expect(run.err).toContain('staging: warning: ECS service orders-api has no deployment circuit breaker with rollback');
    expect(tagged().map((c) => `${c.account} ${c.region}`)).toEqual([`${ACCOUNT_A} ${CENTRAL}`]);
    expect(world.aws.ecr(ACCOUNT_A, CENTRAL).imageOfTag('orders-api', 'latest-wave2')?.digest).toBe(digest);
    await world.aws.settle();
    expect(pushExecutions(CENTRAL, 'orders-api-prod-pipeline').map((e) => e.status)).toEqual(['Succeeded']);
    expect(world.aws.ecs(ACCOUNT_B, CENTRAL).serviceImage('orders', 'orders-api', 'web')).toBe(`${ACCOUNT_A}.dkr.ecr.${CENTRAL}.amazonaws.com/orders-api@${digest}`);
    expect(world.aws.ecs(ACCOUNT_B, CENTRAL).runningDigests('orders', 'orders-api')).toEqual([digest]);
  });

  it('a second promote of the same digest writes nothing and exits 0', async () => {
    const writes = world.aws.writes().length;
    const run = await promote('--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ outcome: 'unchanged', digest, tagged: [{ region: CENTRAL, repository: 'orders-api', outcome: 'unchanged', targets: ['prod'] }] });
    expect(world.aws.writes().slice(writes)).toEqual([]);
  });

  it('--dry-run checks and tags nothing', async () => {
    world.aws.ecr(ACCOUNT_A, CENTRAL).pushImage('orders-api', 'latest-wave2', 'something else');
    const before = tagged().length;
    const run = await world.run('promote', '--config', world.configFile, '--wave', '2', '--dry-run');
    expect(run.code).toBe(0);
    expect(run.out).toContain(`Dry run: would tag ${digest} as latest-wave2:`);
    expect(tagged().length).toBe(before);
    await world.aws.settle();
  });

  it('without --yes and nobody to ask: exit 5, nothing tagged', async () => {
    const before = tagged().length;
    const run = await world.run('promote', '--config', world.configFile, '--wave', '2');
    expect(run.code).toBe(5);
    expect(run.err).toContain('Not confirmed: nothing was tagged. Run again with --yes');
    expect(tagged().length).toBe(before);
  });

  it('refuses when wave 1\'s latest execution failed, naming the target and the execution', async () => {
    await world.aws.advance(60_000);
    const failed = world.aws.codePipeline(ACCOUNT_B, WEST).recordExecution('orders-api-staging-pipeline', { failAt: { stage: 'Deploy', message: 'deployment failed' }, revisions: { Image: digest }, trigger: 'CloudWatchEvent' });
    const run = await promote();
    expect(run.code).toBe(1);
    expect(run.out).toContain(`staging: the latest execution ${failed} of pipeline orders-api-staging-pipeline is Failed`);
  });

  it('refuses a wave below 2 and a wave the config does not have (exit 2)', async () => {
    expect((await world.run('promote', '--config', world.configFile, '--wave', '1')).code).toBe(2);
    const run = await world.run('promote', '--config', world.configFile, '--wave', '3');
    expect(run.code).toBe(2);
    expect(run.err).toContain("no target is in wave 3: the config's waves are 1, 2.");
  });
});
