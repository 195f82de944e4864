/**
 * S3 answers an expired session token with ExpiredToken, HTTP 400 (S3 error responses); a HEAD answer has
 * no body, so the SDK sees only "400" with no name. The tool reads a bare 400 on HeadObject as the
 * credentials (exit 6, with the command that refreshes them), not as AWS refusing (exit 4).
 */
import { twoAccountWorld, type World } from '../helpers/deploy-world';

let world: World;
beforeEach(() => {
  world = twoAccountWorld();
});
afterEach(() => world.restore());

it('credentials expiring right at the HeadObject of the image definitions: exit 6, refresh the profile, nothing uploaded', async () => {
  let expired = false;
  world.aws.onCall = (call) => {
    if (!expired && call.command === 'HeadObject') {
      expired = true;
      world.aws.expire(world.aws.profileKey('team-b'));
    }
  };
  const r = await world.run('deploy-sequence', '--config', world.configFile, '--yes');
  const head = world.aws.callsOf('HeadObject');
  expect(head[0].error).toBe('ExpiredToken');
  expect(r.code).toBe(6);
  expect(r.err).toMatch(/HeadObject .* 400 Bad Request and no reason/);
  expect(r.err).toMatch(/expired/);
  expect(r.err).toMatch(/aws configure --profile team-b|profile team-b/);
  expect(world.aws.callsOf('PutObject')).toEqual([]);
});
