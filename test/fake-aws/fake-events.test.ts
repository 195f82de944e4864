/**
 * The fake's EventBridge matching and input transformation, held to the documented rules they model, and
 * the S3 side of the trigger: a new imagedefinitions.zip starts the pipeline as a push does.
 */
import { zipSync, strToU8 } from 'fflate';
import { matchesPattern, transformInput } from './event-pattern';
import { FakeAws } from './fake-aws';
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

  // The EventBridge user guide's table ("Input transformation"), on its example EC2 event.
  const EC2 = { 'detail-type': 'EC2 Instance State-change Notification', source: 'aws.ec2', time: '2015-11-11T21:29:54Z', detail: { 'instance-id': 'i-0123456789', state: 'RUNNING' } };
  const paths = { instance: '$.detail.instance-id', state: '$.detail.state' };
  it('substitute a variable among other text of a string with its text, as the user guide shows', () => {
    expect(transformInput({ InputPathsMap: paths, InputTemplate: '"instance <instance> is in <state>"' }, EC2)).toBe('instance i-0123456789 is in RUNNING');
    expect(
      transformInput({ InputPathsMap: paths, InputTemplate: '{"instance" : <instance>, "state": "<state>", "instanceStatus": "instance \\"<instance>\\" is in <state>"}' }, EC2),
    ).toEqual({ instance: 'i-0123456789', state: 'RUNNING', instanceStatus: 'instance "i-0123456789" is in RUNNING' });
    expect(transformInput({ InputPathsMap: paths, InputTemplate: '{"instance" : <instance>, "state": [ 9, <state>, true ], "Transformed" : "Yes"}' }, EC2)).toEqual({
      instance: 'i-0123456789',
      state: [9, 'RUNNING', true],
      Transformed: 'Yes',
    });
  });

  it('give nothing for a path the event lacks inside a string (LocalStack, validated against AWS), and know the predefined variables', () => {
    const missing = { InputPathsMap: { ...paths, command: '$.detail.command' }, InputTemplate: '{"state": "<state>", "command": "<command>", "text": "info <command>"}' };
    expect(transformInput(missing, EC2)).toEqual({ state: 'RUNNING', command: '', text: 'info ' });
    const rule = { name: 'r', arn: 'arn:aws:events:eu-west-1:111122223333:rule/r' };
    expect(transformInput({ InputTemplate: '"<aws.events.rule-name> triggered by <aws.events.rule-arn>"' }, EC2, rule)).toBe(`r triggered by ${rule.arn}`);
    expect(transformInput({ InputTemplate: '{"e": <aws.events.event>, "j": <aws.events.event.json>}' }, EC2, rule)).toEqual({
      e: { detailType: EC2['detail-type'], source: 'aws.ec2', time: EC2.time },
      j: EC2,
    });
  });
});

describe('events between accounts', () => {
  it('arrive on the other account\'s bus unchanged, and go no further than that bus ("third account" hop)', async () => {
    const [A, B, C] = ['111122223333', '444455556666', '777788889999'];
    const aws = new FakeAws([A, B, C]);
    const forward = (from: string, to: string) =>
      aws.eventBridge(from).putRule(`forward-${from}`, { EventPattern: { source: ['aws.ecr'] }, Targets: [{ Id: 'bus', Arn: `arn:aws:events:eu-west-1:${to}:event-bus/default`, DeadLetterConfig: { Arn: 'dlq' } }] });
    forward(A, B);
    forward(B, C);
    aws.ecr(A).createRepository('r');
    aws.ecr(A).pushImage('r', 'latest');
    await aws.settle();
    expect(aws.deliveries.map((d) => [d.rule, d.outcome, d.errorCode])).toEqual([
      [`forward-${A}`, 'delivered', undefined],
      [`forward-${B}`, 'dead-letter', 'THIRD_ACCOUNT_HOP_DETECTED'],
    ]);
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
