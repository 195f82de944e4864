/**
 * The fake's EventBridge matching and input transformation, held to the documented rules they model, and
 * the S3 side of the trigger: a new imagedefinitions.zip starts the pipeline as a push does.
 */
import { zipSync, strToU8 } from 'fflate';
import { matchesPattern, transformInput } from './event-pattern';
import { ACCOUNT_A, ACCOUNT_B, twoAccountWorld, type World } from '../helpers/deploy-world';

const PUSH = {
  source: 'aws.ecr',
  'detail-type': 'ECR Image Action',
  account: ACCOUNT_A,
  detail: { result: 'SUCCESS', 'repository-name': 'orders-api', 'image-digest': 'sha256:ab', 'action-type': 'PUSH', 'image-tag': 'latest' },
};
const PATTERN = { source: ['aws.ecr'], 'detail-type': ['ECR Image Action'], account: [ACCOUNT_A], detail: { 'action-type': ['PUSH'], result: ['SUCCESS'], 'repository-name': ['orders-api'], 'image-tag': ['latest'] } };

describe('event patterns', () => {
  it('match when every field of the pattern has one of its values, nested fields included', () => {
    expect(matchesPattern(PATTERN, PUSH)).toBe(true);
  });

  it('do not match an event of another account, another tag, or one without a field the pattern names', () => {
    expect(matchesPattern(PATTERN, { ...PUSH, account: '777788889999' })).toBe(false);
    expect(matchesPattern(PATTERN, { ...PUSH, detail: { ...PUSH.detail, 'image-tag': 'v1' } })).toBe(false);
    expect(matchesPattern(PATTERN, { ...PUSH, detail: { result: 'SUCCESS' } })).toBe(false);
  });
});

describe('input transformers', () => {
  it('put a string in quotes as the string, and a value outside quotes as JSON', () => {
    const transformer = { InputPathsMap: { d: '$.detail.image-digest', t: '$.detail.image-tag' }, InputTemplate: '{"quoted": "<d>", "bare": <t>}' };
    expect(transformInput(transformer, PUSH)).toEqual({ quoted: 'sha256:ab', bare: 'latest' });
  });
});

describe('a new imagedefinitions.zip', () => {
  let world: World;
  afterEach(() => world.restore());

  it('starts the pipeline through ImageDefinitionsTriggerRule; without an override it deploys the digest the tag points to then', async () => {
    world = twoAccountWorld();
    expect((await world.run('deploy-sequence', '--config', world.configFile, '--yes')).code).toBe(0);
    const digest = world.aws.ecr(ACCOUNT_A).pushImage('orders-api', 'latest', 'release 1');
    await world.aws.settle();
    const stack = world.aws.cloudFormation(ACCOUNT_B).stack('orders-api-target')!;
    const file = `[{"name":"web","imageUri":"${ACCOUNT_A}.dkr.ecr.eu-west-1.amazonaws.com/orders-api:latest"}]\n`;
    world.aws.s3.putObject(stack.outputs.SourceBucketName, 'imagedefinitions.zip', zipSync({ 'imagedefinitions.json': strToU8(file) }));
    await world.aws.settle();
    const executions = world.aws.codePipeline(ACCOUNT_B).executions(stack.outputs.PipelineName);
    expect(world.aws.deliveries.at(-1)).toMatchObject({ rule: expect.stringMatching(/ImageDefinitionsTriggerRule/), outcome: 'started' });
    expect(executions.at(-1)).toMatchObject({ status: 'Succeeded', overrides: [], trigger: { triggerType: 'CloudWatchEvent' } });
    expect(world.aws.ecs(ACCOUNT_B).runningDigests('orders', 'orders-api')).toEqual([digest]);
  });
});
