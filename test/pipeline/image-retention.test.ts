/**
 * The repository's lifecycle policy, as stack A deploys it, applied by the fake ECR: it keeps the newest
 * KeepUntaggedImages untagged images, so the image a service still runs and the previous releases a
 * rollback returns to stay, however old they are. The same run with the age rule the templates used to
 * have deletes the running image, and ECS can no longer start its tasks.
 */
import { ACCOUNT_A, ACCOUNT_B, exampleConfig, twoAccountWorld, type World } from '../helpers/deploy-world';

let world: World;
afterEach(() => world.restore());

const DAY = 86_400_000;
const ecr = () => world.aws.ecr(ACCOUNT_A);
const ecs = () => world.aws.ecs(ACCOUNT_B);
const push = (content: string) => ecr().pushImage('orders-api', 'latest', content);

async function deployed(config = exampleConfig()): Promise<void> {
  world = twoAccountWorld(config);
  expect((await world.run('deploy-sequence', '--config', world.configFile, '--yes')).code).toBe(0);
  await world.aws.settle();
}

/** The repository policy the templates had before: untagged images expired 14 days after their push. */
const AGE_RULE = { LifecyclePolicy: { LifecyclePolicyText: JSON.stringify({ rules: [{ rulePriority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 }, action: { type: 'expire' } }] }) } };

describe('the lifecycle policy never expires an image the service may still run', () => {
  async function runningImageUntaggedAfterAMonth(): Promise<{ running: string; newer: string }> {
    const running = push('release 1');
    await world.aws.settle();
    await world.aws.advance(30 * DAY);
    // A newer push untags the running image; its execution has not deployed yet.
    const newer = push('release 2');
    await world.aws.advance(3_000);
    expect(ecs().runningDigests('orders', 'orders-api')).toEqual([running]);
    return { running, newer };
  }

  it('GIVEN the service runs an image pushed a month ago, untagged by a newer push THEN a lifecycle run keeps it and ECS can still start its tasks', async () => {
    await deployed();
    const { running, newer } = await runningImageUntaggedAfterAMonth();
    expect(ecr().applyLifecyclePolicy('orders-api')).toEqual([]);
    expect(await ecs().replaceTasks('orders', 'orders-api')).toEqual([]);
    expect(ecs().runningDigests('orders', 'orders-api')).toEqual([running]);
    await world.aws.settle();
    expect(ecs().runningDigests('orders', 'orders-api')).toEqual([newer]);
  });

  it('(the age rule it replaces deletes that image, and the service cannot replace its tasks)', async () => {
    await deployed();
    const { running } = await runningImageUntaggedAfterAMonth();
    ecr().setRepositoryProperties('orders-api', AGE_RULE);
    expect(ecr().applyLifecyclePolicy('orders-api')).toEqual([running]);
    const failures = await ecs().replaceTasks('orders', 'orders-api');
    expect(new Set(failures)).toEqual(
      // ECR answers a digest it no longer holds with 403 Forbidden (aws/containers-roadmap#2493), as it answers a refused pull.
      new Set([
        `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${ACCOUNT_A}.dkr.ecr.eu-west-1.amazonaws.com/orders-api@${running}: unexpected status from HEAD request to https://${ACCOUNT_A}.dkr.ecr.eu-west-1.amazonaws.com/v2/orders-api/blobs/${running}: 403 Forbidden`,
      ]),
    );
    expect(ecs().runningDigests('orders', 'orders-api')).toEqual([]);
  });

  it('keeps the ten previous releases (the default) and expires the older ones', async () => {
    await deployed();
    const digests: string[] = [];
    for (let i = 1; i <= 12; i++) {
      digests.push(push(`release ${i}`));
      await world.aws.settle();
    }
    expect(ecr().applyLifecyclePolicy('orders-api')).toEqual([digests[0]]);
    for (const kept of digests.slice(1)) expect(ecr().imageByDigest('orders-api', kept)).toBeDefined();
    expect(ecs().runningDigests('orders', 'orders-api')).toEqual([digests[11]]);
  });

  it('keeps as many as pipeline.keepUntaggedImages says', async () => {
    await deployed(exampleConfig({ pipeline: { ...(exampleConfig().pipeline as object), keepUntaggedImages: 2 } }));
    expect(world.aws.cloudFormation(ACCOUNT_A).stack('orders-api-source')!.parameters.KeepUntaggedImages).toBe('2');
    const digests = [push('release 1'), push('release 2'), push('release 3'), push('release 4')];
    expect(ecr().applyLifecyclePolicy('orders-api')).toEqual([digests[0]]);
  });
});
