/**
 * A push in account A reaches ECS in account B through the templates `make generate` writes, deployed
 * by `xacct deploy-sequence` into the fake: the push event, account A's forwarding rule, B's bus and
 * trigger rule, the pipeline's execution (each action checked against the deployed policies), and the
 * ECS deployment. Release by digest (the default): each push deploys exactly its image, in push order.
 * Release by tag (the article): ECS runs whatever the tag points to when the deployment starts.
 */
import type { ExecutionRecord } from '../fake-aws/fake-codepipeline';
import { ACCOUNT_A, ACCOUNT_B, exampleConfig, FIRST_IMAGE, twoAccountWorld, type World } from '../helpers/deploy-world';

let world: World;
afterEach(() => world.restore());

const URI = `${ACCOUNT_A}.dkr.ecr.eu-west-1.amazonaws.com/orders-api`;
const withRelease = (release: 'digest' | 'tag') => exampleConfig({ pipeline: { ...(exampleConfig().pipeline as object), release } });

async function deployed(release: 'digest' | 'tag' = 'digest'): Promise<void> {
  world = twoAccountWorld(withRelease(release));
  const r = await world.run('deploy-sequence', '--config', world.configFile, '--yes');
  expect(r.code).toBe(0);
  // The execution the pipeline's creation started stops at the ECR source: the repository is empty.
  await world.aws.settle();
}

const pipelineName = () => world.aws.cloudFormation(ACCOUNT_B).stack('orders-api-target')!.outputs.PipelineName;
const push = (content: string) => world.aws.ecr(ACCOUNT_A).pushImage('orders-api', 'latest', content);
/** Executions the pushes started, oldest first. */
const pushExecutions = (): ExecutionRecord[] => world.aws.codePipeline(ACCOUNT_B).executions(pipelineName()).filter((e) => e.trigger.triggerType === 'CloudWatchEvent');
const releasedDigest = (e: ExecutionRecord) => e.sourceRevisions.find((r) => r.actionName === 'Image')?.revisionId;
const ecs = () => world.aws.ecs(ACCOUNT_B);
/** The digests ECS deployments ran, oldest first, without the service's first image. */
const deployedDigests = () =>
  ecs()
    .deploymentsOf('orders', 'orders-api')
    .reverse()
    .filter((d) => d.images && d.images.web.image !== FIRST_IMAGE)
    .map((d) => d.images!.web.digest);

/** Two pushes released in turn, then the service rolled back by hand to the first release's task definition; the two digests. */
async function rolledBackAfterTwoReleases(): Promise<[string, string]> {
  const first = push('release 1');
  await world.aws.settle();
  const previous = ecs().deploymentsOf('orders', 'orders-api')[0].taskDefinition;
  const second = push('release 2');
  await world.aws.settle();
  ecs().UpdateService({ cluster: 'orders', service: 'orders-api', taskDefinition: previous });
  await world.aws.settle();
  return [first, second];
}

describe('Release = digest (the default)', () => {
  it('GIVEN a deployment WHEN an image is pushed THEN the push starts an execution that deploys that digest to ECS', async () => {
    await deployed();
    const digest = push('release 1');
    await world.aws.settle();

    expect(world.aws.deliveries.map((d) => [d.rule.replace(/-[A-Z0-9]+$/, ''), d.outcome])).toEqual([
      ['orders-api-source-ForwardingRule', 'delivered'],
      ['orders-api-target-TriggerRule', 'started'],
    ]);
    const [execution] = pushExecutions();
    expect(execution).toMatchObject({ status: 'Succeeded', overrides: [{ actionName: 'Image', revisionType: 'IMAGE_DIGEST', revisionValue: digest }] });
    expect(releasedDigest(execution)).toBe(digest);
    expect(execution.actions.map((a) => `${a.stage}/${a.action} ${a.status}`)).toEqual([
      'Source/Image Succeeded',
      'Source/ImageDefinitions Succeeded',
      'Pin/PinDigest Succeeded',
      'Deploy/Service Succeeded',
    ]);
    // The override hides the tag: "When the source revision is overridden, the ImageTag output variable is not output".
    expect(execution.variables.SourceVariables).toEqual({ RegistryId: ACCOUNT_A, RepositoryName: 'orders-api', ImageDigest: digest, ImageURI: `${URI}@${digest}` });
    expect(ecs().serviceImage('orders', 'orders-api', 'web')).toBe(`${URI}@${digest}`);
    expect(ecs().runningDigests('orders', 'orders-api')).toEqual([digest]);
  });

  it('WHEN images are pushed two seconds apart THEN the executions queue and each deploys its own digest, in push order', async () => {
    await deployed();
    const first = push('release 1');
    await world.aws.advance(2_000);
    const second = push('release 2');
    await world.aws.advance(2_000);
    const third = push('release 3');
    // The tag moved on before the first execution read its source: the override still names the first push.
    expect(world.aws.ecr(ACCOUNT_A).imageOfTag('orders-api', 'latest')!.digest).toBe(third);
    await world.aws.settle();

    const executions = pushExecutions();
    expect(executions.map((e) => [e.status, releasedDigest(e)])).toEqual([
      ['Succeeded', first],
      ['Succeeded', second],
      ['Succeeded', third],
    ]);
    expect(executions.every((e) => e.executionMode === 'QUEUED')).toBe(true);
    expect(deployedDigests()).toEqual([first, second, third]);
    expect(ecs().runningDigests('orders', 'orders-api')).toEqual([third]);
  });

  it('a rollback to the previous task definition runs the previous image, not whatever the tag points to now', async () => {
    await deployed();
    const [first] = await rolledBackAfterTwoReleases();
    expect(ecs().runningDigests('orders', 'orders-api')).toEqual([first]);
  });
});

describe('Release = tag (the article)', () => {
  it('ECS runs repository:latest as it is when the deployment starts: the first execution deploys a later push, and a waiting one is superseded', async () => {
    await deployed('tag');
    const first = push('release 1');
    await world.aws.advance(2_000);
    push('release 2');
    await world.aws.advance(2_000);
    const third = push('release 3');
    await world.aws.settle();

    const executions = pushExecutions();
    expect(executions.map((e) => [e.status, e.executionMode])).toEqual([
      ['Succeeded', 'SUPERSEDED'],
      ['Superseded', 'SUPERSEDED'],
      ['Succeeded', 'SUPERSEDED'],
    ]);
    // The first execution's source read the first push, but what ECS ran was the tag a moment later.
    expect(releasedDigest(executions[0])).toBe(first);
    expect(ecs().serviceImage('orders', 'orders-api', 'web')).toBe(`${URI}:latest`);
    expect(deployedDigests()).toEqual([third, third]);
    expect(executions[0].actions.map((a) => a.stage)).not.toContain('Pin');
  });

  it('a rollback to the previous task definition redeploys latest, whatever it points to now', async () => {
    await deployed('tag');
    const [, second] = await rolledBackAfterTwoReleases();
    expect(ecs().runningDigests('orders', 'orders-api')).toEqual([second]);
  });
});

describe('switching the release mode with deploy-sequence', () => {
  it('changes the pipeline in place and removes its logs policy; nothing else of stack B changes', async () => {
    await deployed('digest');
    const tagConfig = world.writeConfig(withRelease('tag'));
    const r = await world.run('deploy-sequence', '--config', tagConfig, '--yes', '--json');
    expect(r.code).toBe(0);
    const changes = r.events.flatMap((e) => (e.type === 'changes' ? e.changes.map((c) => `${c.action} ${c.logicalId}${c.replacement === 'True' ? ' (replaced)' : ''}`) : []));
    expect(changes).toEqual(['Modify Pipeline', 'Remove PipelineCommandsLogsPolicy']);
    const definition = world.aws.codePipeline(ACCOUNT_B).definition(pipelineName());
    expect(definition.Stages.map((s: { Name: string }) => s.Name)).toEqual(['Source', 'Deploy']);
    expect(definition.ExecutionMode).toBe('SUPERSEDED');
  });
});
