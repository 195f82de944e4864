/**
 * `xacct status` says, for the ECS service, the digest it runs, the digest the tracked tag points to, and
 * the execution that deployed it: read-only calls (ECS DescribeServices, DescribeTaskDefinition,
 * ListTasks, DescribeTasks; CodePipeline ListPipelineExecutions, GetPipelineExecution; ECR
 * DescribeImages), against pushes the fake pipeline really deployed.
 */
import { releaseReport } from '../../scripts/status/release-report';
import type { StatusReport } from '../../scripts/status/status-types';
import { ACCOUNT_A, ACCOUNT_B, exampleConfig, twoAccountWorld, type World } from '../helpers/deploy-world';

let world: World;
afterEach(() => world?.restore());

const URI = `${ACCOUNT_A}.dkr.ecr.eu-west-1.amazonaws.com/orders-api`;

async function deployed(release: 'digest' | 'tag' = 'digest'): Promise<void> {
  world = twoAccountWorld(exampleConfig({ pipeline: { ...(exampleConfig().pipeline as object), release } }));
  expect((await world.run('deploy-sequence', '--config', world.configFile, '--yes')).code).toBe(0);
  await world.aws.settle();
}

async function status(): Promise<{ report: StatusReport; text: string }> {
  const json = await world.run('status', '--config', world.configFile, '--json');
  const text = await world.run('status', '--config', world.configFile);
  return { report: JSON.parse(json.out) as StatusReport, text: text.out };
}

const push = (content: string) => world.aws.ecr(ACCOUNT_A).pushImage('orders-api', 'latest', content);
const pipelineName = () => world.aws.cloudFormation(ACCOUNT_B).stack('orders-api-target')!.outputs.PipelineName;
const pushExecutions = () => world.aws.codePipeline(ACCOUNT_B).executions(pipelineName()).filter((e) => e.trigger.triggerType === 'CloudWatchEvent');

describe('xacct status: what the service runs', () => {
  it('after a push deployed: the pinned digest, the same digest behind the tag, and the execution that released it, with reads only', async () => {
    await deployed();
    const digest = push('release 1');
    await world.aws.settle();
    const writes = world.aws.writes().length;
    const calls = world.aws.calls.length;

    const { report, text } = await status();
    expect(report.release).toEqual({
      service: 'orders/orders-api',
      container: 'web',
      exists: true,
      image: `${URI}@${digest}`,
      pinned: true,
      runningDigests: [digest],
      tagDigest: digest,
      deployedBy: { executionId: pushExecutions()[0].pipelineExecutionId, status: 'Succeeded', trigger: 'CloudWatchEvent', executionMode: 'QUEUED', releasedDigest: digest, startTime: expect.any(String) },
      summary: expect.stringMatching(new RegExp(`^orders/orders-api runs ${digest.slice(0, 19)} \\(pinned by digest\\); the image latest points to; deployed by execution ${pushExecutions()[0].pipelineExecutionId}$`)),
      // The service was made without a deployment circuit breaker: healthy, with a warning.
      circuitBreakerWarning: expect.stringContaining('ECS service orders-api has no deployment circuit breaker with rollback'),
    });
    expect(report.healthy).toBe(true);
    expect(text).toContain(`  image      ${URI}@${digest} (pinned by digest)`);
    expect(text).toContain(`  runs       ${digest}`);
    expect(text).toContain(`  deployed   by execution ${pushExecutions()[0].pipelineExecutionId} (Succeeded, CloudWatchEvent, QUEUED, `);
    expect(world.aws.writes().length).toBe(writes);
    const read = world.aws.calls.slice(calls).map((c) => `${c.service} ${c.command}`);
    for (const call of ['ecs DescribeServices', 'ecs DescribeTaskDefinition', 'ecs ListTasks', 'ecs DescribeTasks', 'codepipeline ListPipelineExecutions', 'codepipeline GetPipelineExecution', 'ecr DescribeImages']) {
      expect(read).toContain(call);
    }
  });

  it('no warning once the service has a deployment circuit breaker with rollback (DescribeServices deploymentConfiguration)', async () => {
    await deployed();
    world.aws.ecs(ACCOUNT_B).UpdateService({ cluster: 'orders', service: 'orders-api', deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } } });
    const { report, text } = await status();
    expect(report.release!.circuitBreakerWarning).toBeUndefined();
    expect(text).not.toContain('circuit breaker');
    world.aws.ecs(ACCOUNT_B).UpdateService({ cluster: 'orders', service: 'orders-api', deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } } });
    expect((await status()).text).toContain('  warning: ECS service orders-api has no deployment circuit breaker with rollback');
  });

  it('while a newer push is on its way: the service still runs the previous digest, the tag already the new one', async () => {
    await deployed();
    const first = push('release 1');
    await world.aws.settle();
    const second = push('release 2');
    await world.aws.advance(10_000);
    const { report } = await status();
    expect(report.release).toMatchObject({ runningDigests: [first], tagDigest: second, deployedBy: { releasedDigest: first } });
    expect(report.release!.summary).toContain(`latest points to ${second.slice(0, 19)}`);
  });

  it('release by tag: the service runs repository:latest as ECS resolved it, which may be a later push than the execution read', async () => {
    await deployed('tag');
    push('release 1');
    await world.aws.advance(2_000);
    const second = push('release 2');
    // The first execution has deployed (ECS resolved latest to the second push); the second is still on its way.
    await world.aws.advance(150_000);
    const { report } = await status();
    const [first] = pushExecutions();
    expect(first.status).toBe('Succeeded');
    expect(report.release).toMatchObject({ image: `${URI}:latest`, pinned: false, runningDigests: [second], tagDigest: second, deployedBy: { executionId: first.pipelineExecutionId } });
    expect(report.release!.summary).toMatch(/\(orders-api:latest as ECS resolved it when the deployment started\); the image latest points to; deployed by execution \S+, whose source read sha256:/);
  });
});

describe('the release report (pure)', () => {
  it('names a missing ECS service, which makes the deployment unhealthy', () => {
    const r = releaseReport({ cluster: 'orders', service: 'orders-api', container: 'web', imageTag: 'latest', images: undefined, tagged: 'missing', executions: [] });
    expect(r).toEqual({ service: 'orders/orders-api', container: 'web', exists: false, runningDigests: [], summary: 'ECS service orders-api does not exist in cluster orders: the pipeline has nothing to deploy to' });
  });

  it('finds no execution when none released the pinned digest (a service changed outside the pipeline)', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const r = releaseReport({
      cluster: 'orders',
      service: 'orders-api',
      container: 'web',
      imageTag: 'latest',
      images: { taskDefinition: 'td:3', images: { web: `${URI}@${digest}` }, runningDigests: { web: [digest] }, deploymentsInProgress: 0 },
      tagged: { digest },
      executions: [{ id: 'e1', status: 'Succeeded', sourceRevisions: { Image: `sha256:${'b'.repeat(64)}` } }],
    });
    expect(r.deployedBy).toBeUndefined();
    expect(r.summary).toMatch(/no recent execution deployed it$/);
  });
});
