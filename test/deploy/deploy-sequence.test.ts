/**
 * The whole cross-account run through the CLI (`xacct deploy-sequence`) against the fake AWS: the end
 * state in both accounts, a re-run that changes nothing, and resuming after a stop between steps.
 */
import { ACCOUNT_A, ACCOUNT_B, twoAccountWorld, type World } from '../helpers/deploy-world';
import { unzipSync, strFromU8 } from 'fflate';

let world: World;
beforeEach(() => {
  world = twoAccountWorld();
});
afterEach(() => world.restore());

describe('xacct deploy-sequence', () => {
  it('deploys both stacks in order, grants account A on the bus, and uploads imagedefinitions.zip', async () => {
    const r = await world.run('deploy-sequence', '--config', world.configFile, '--yes', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);

    const b = world.aws.cloudFormation(ACCOUNT_B).stack('orders-api-target')!;
    const a = world.aws.cloudFormation(ACCOUNT_A).stack('orders-api-source')!;
    expect(b.status).toBe('UPDATE_COMPLETE');
    expect(b.tags['xacct:template']).toBe('AccB-pipeline-2');
    expect(a.status).toBe('CREATE_COMPLETE');
    // Stack A got B's outputs as parameters, B's stage 2 got A's.
    expect(a.parameters.PipelineRoleArn).toBe(b.outputs.PipelineRoleArn);
    expect(a.parameters.ArtifactKeyArn).toBe(b.outputs.ArtifactKeyArn);
    expect(a.parameters.TargetAccountId).toBe(ACCOUNT_B);
    // Stage 2 names account A's role from NamePrefix: the role stack A created under the name B gave it.
    expect(a.outputs.CrossAccountRoleName).toBe(b.outputs.SourceRoleName);
    expect(b.parameters.RepositoryName).toBe('orders-api');

    expect(world.aws.eventBridge(ACCOUNT_B).statements()).toEqual([
      expect.objectContaining({ Sid: 'xacct-orders-api', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, Action: 'events:PutEvents' }),
    ]);

    const [version] = world.aws.s3.versions(b.outputs.SourceBucketName, 'imagedefinitions.zip');
    const files = unzipSync(version.body);
    expect(JSON.parse(strFromU8(files['imagedefinitions.json']))).toEqual([
      { name: 'web', imageUri: `${ACCOUNT_A}.dkr.ecr.eu-west-1.amazonaws.com/orders-api:latest` },
    ]);

    const finished = r.events.filter((e) => e.type === 'step-finished').map((e) => (e.type === 'step-finished' ? [e.stepId, e.result.outcome] : []));
    expect(finished).toEqual([
      ['target-foundation', 'created'],
      ['source-stack', 'created'],
      ['events-permission', 'permission-added'],
      ['image-definitions', 'uploaded'],
      ['first-image', 'no-change'],
      ['target-pipeline', 'updated'],
    ]);
  });

  it('with the tracked tag already in the repository, the first execution reads both sources, and the run says where to watch it', async () => {
    // GIVEN a repository that already holds orders-api:latest (pushed right after stack A was created).
    world.aws.onCall = (c) => {
      if (c.command === 'PutPermission' && world.aws.ecr(ACCOUNT_A).repositoryNames().includes('orders-api') && !world.aws.ecr(ACCOUNT_A).imageOfTag('orders-api', 'latest')) {
        world.aws.ecr(ACCOUNT_A).pushImage('orders-api', 'latest', 'first image');
      }
    };
    const r = await world.run('deploy-sequence', '--config', world.configFile, '--yes', '--json');
    expect(r.code).toBe(0);
    const pipeline = world.aws.cloudFormation(ACCOUNT_B).stack('orders-api-target')!.outputs.PipelineName;
    // The execution the pipeline's creation started (AWS runs it on its own time) found the image and imagedefinitions.zip.
    await world.aws.settle();
    const state = world.aws.codePipeline(ACCOUNT_B).GetPipelineState({ name: pipeline });
    const source = state.stageStates.find((st: { stageName: string }) => st.stageName === 'Source');
    expect(source.latestExecution.status).toBe('Succeeded');
    expect(source.actionStates.map((a: { actionName: string; currentRevision?: { revisionId: string } }) => [a.actionName, a.currentRevision?.revisionId])).toEqual([
      ['Image', world.aws.ecr(ACCOUNT_A).imageOfTag('orders-api', 'latest')!.digest],
      ['ImageDefinitions', expect.stringMatching(/^v\d+$/)],
    ]);
    // The run ends while that execution is on its way, and says where to watch it.
    const run = r.events.find((e) => e.type === 'pipeline-run');
    expect(run).toMatchObject({
      state: 'started',
      pipeline,
      execution: { status: 'InProgress', trigger: 'CreatePipeline' },
      url: expect.stringMatching(new RegExp(`^https://eu-west-1\\.console\\.aws\\.amazon\\.com/codesuite/codepipeline/pipelines/${pipeline}/executions/[0-9a-f-]{36}/timeline\\?region=eu-west-1$`)),
    });
    // THEN it deploys the image to the service, by digest.
    await world.aws.settle();
    const image = world.aws.ecr(ACCOUNT_A).imageOfTag('orders-api', 'latest')!;
    expect(world.aws.codePipeline(ACCOUNT_B).executions(pipeline).map((e) => e.status)).toEqual(['Succeeded']);
    expect(world.aws.ecs(ACCOUNT_B).serviceImage('orders', 'orders-api', 'web')).toBe(`${ACCOUNT_A}.dkr.ecr.eu-west-1.amazonaws.com/orders-api@${image.digest}`);
    expect(world.aws.ecs(ACCOUNT_B).runningDigests('orders', 'orders-api')).toEqual([image.digest]);
  });

  it('with an empty repository, the run prints the push commands and status says the pipeline waits for the first push', async () => {
    const r = await world.run('deploy-sequence', '--config', world.configFile, '--yes');
    expect(r.code).toBe(0);
    const uri = `${ACCOUNT_A}.dkr.ecr.eu-west-1.amazonaws.com/orders-api`;
    expect(r.out).toContain('no image is tagged latest in orders-api yet');
    expect(r.out).toContain(`aws ecr get-login-password --region eu-west-1 --profile team-a | docker login --username AWS --password-stdin ${ACCOUNT_A}.dkr.ecr.eu-west-1.amazonaws.com`);
    expect(r.out).toContain(`docker push ${uri}:latest`);
    expect(r.out).toMatch(/Pipeline orders-api-pipeline waits for the first push/);
    const status = await world.run('status', '--config', world.configFile, '--json');
    const report = JSON.parse(status.out);
    expect(report.pipeline).toMatchObject({ verdict: 'waiting-for-first-push', pushCommands: expect.arrayContaining([`docker push ${uri}:latest`]) });
    // Waiting for a push is no failure.
    expect(report.problems.join('\n')).not.toMatch(/pipeline|push/i);
    expect(status.code).toBe(0);
  });

  it('a second run over a finished deployment changes nothing and says so', async () => {
    await world.run('deploy-sequence', '--config', world.configFile, '--yes', '--json');
    const writesBefore = world.aws.writes().length;
    const r = await world.run('deploy-sequence', '--config', world.configFile, '--yes');
    expect(r.code).toBe(0);
    expect(world.aws.writes().length).toBe(writesBefore);
    expect(r.out).toContain('No changes: the deployment is up to date');
    expect(world.aws.eventBridge(ACCOUNT_B).statements()).toHaveLength(1);
  });
});
