/**
 * Throttling arrives under several codes across AWS services, and as HTTP 429 (the SDK's own list,
 * @smithy/core retry THROTTLING_ERROR_CODES): each is backed off and retried, never taken for a failure.
 */
import { twoAccountWorld, type World } from '../helpers/deploy-world';

let world: World;
beforeEach(() => {
  world = twoAccountWorld();
});
afterEach(() => world.restore());

const deploy = () => world.run('deploy-sequence', '--config', world.configFile, '--yes', '--json');

describe('throttling under every code', () => {
  it.each([
    ['Throttling', 400],
    ['ThrottlingException', 400],
    ['RequestThrottled', 400],
    ['ThrottledException', 400],
    ['RequestLimitExceeded', 400],
    ['TooManyRequestsException', 400],
    ['PriorRequestNotComplete', 400],
    ['SomeNewCode', 429],
  ] as const)('%s (HTTP %i) is backed off and the run completes', async (code, status) => {
    world.aws.fail(2, 'cloudformation', 'DescribeStacks', code, 'Slow down', status);
    const r = await deploy();
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(world.aws.calls.filter((c) => c.error === code)).toHaveLength(2);
    expect(r.events.filter((e) => e.type === 'notice' && /throttled by AWS/.test(e.message))).toHaveLength(2);
  });
});
