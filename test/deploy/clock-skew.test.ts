/**
 * A machine whose clock is off: AWS refuses requests signed more than 5 minutes from its time (15 for
 * STS and S3). The SDK corrects its clock from the answer's Date header and tries again; where it cannot
 * (an answer through a cache carries Age, and the SDK then keeps its clock), the tool says it is the
 * clock, by how much, and how to sync it: exit 6, not "expired credentials", and nothing changed.
 */
import { ACCOUNT_B, twoAccountWorld, type World } from '../helpers/deploy-world';

let world: World;
beforeEach(() => {
  world = twoAccountWorld();
});
afterEach(() => world.restore());

const deploy = () => world.run('deploy-sequence', '--config', world.configFile, '--yes');

describe('a skewed clock', () => {
  it('10 minutes behind AWS: the SDK corrects its clock from the refusal and the deployment completes', async () => {
    world.aws.clockSkewMs = 10 * 60_000;
    const r = await deploy();
    expect(r.code).toBe(0);
    // CloudFormation refused the first request of each client (5 minutes) and took the retry; STS (15 minutes) never refused.
    const refused = world.aws.calls.filter((c) => c.error === 'SignatureDoesNotMatch');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((c) => c.service === 'cloudformation')).toBe(true);
    expect(world.aws.calls.some((c) => c.service === 'sts' && c.error)).toBe(false);
  });

  it('answers through a cache (Age): the SDK keeps its clock; exit 6 naming the clock and its offset, nothing changed', async () => {
    world.aws.clockSkewMs = 10 * 60_000;
    world.aws.answersThroughCache = true;
    const r = await deploy();
    expect(r.code).toBe(6);
    expect(r.err).toMatch(/AWS refused the request as signed at the wrong time \(SignatureDoesNotMatch: Signature expired: \d{8}T\d{6}Z is now earlier than/);
    // AWS's Date header counts whole seconds: the offset read from it is true to a second.
    expect(r.err).toMatch(/this machine's clock is (9 min 59 s|10 min 0 s|10 min 1 s) behind AWS's/);
    expect(r.err).toMatch(/Sync the clock with a time server .*timedatectl/);
    expect(r.err).not.toMatch(/expired \(|credentials have expired/);
    expect(world.aws.writes().filter((c) => !c.error)).toEqual([]);
  });

  it('20 minutes ahead of AWS, through a cache: STS refuses too; status exits 6 saying the clock is ahead', async () => {
    world.aws.clockSkewMs = -20 * 60_000;
    world.aws.answersThroughCache = true;
    const r = await world.run('status', '--config', world.configFile);
    expect(r.code).toBe(6);
    expect(r.err).toMatch(/Signature not yet current/);
    expect(r.err).toMatch(/this machine's clock is (19 min 59 s|20 min 0 s|20 min 1 s) ahead of AWS's/);
    expect(world.aws.calls.filter((c) => c.error).map((c) => c.service)).toContain('sts');
    expect(world.aws.calls.filter((c) => c.account === ACCOUNT_B && c.service !== 'sts' && !c.error)).toEqual([]);
  });
});
