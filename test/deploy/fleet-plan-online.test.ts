/**
 * `xacct plan` of a fleet against the accounts (without --offline), through the CLI: read-only, each
 * target planned from what its accounts hold, and a target that cannot be read said (exit 4).
 */
import { FLEET_TARGETS, fleetWorld, type FleetWorld } from '../helpers/fleet-world';

let world: FleetWorld;
beforeEach(() => {
  world = fleetWorld();
});
afterEach(() => world.restore());

interface Step {
  id: string;
  target?: string;
  action: string;
}

describe('xacct plan of a fleet against the accounts', () => {
  it('plans each target from what it holds, without a write', async () => {
    expect((await world.run('deploy-sequence', '--config', world.configFile, '--yes', '--targets', 'dev')).code).toBe(0);
    const writes = world.aws.writes().length;
    const r = await world.run('plan', '--config', world.configFile, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(world.aws.writes().length).toBe(writes);
    const steps = JSON.parse(r.out).steps as Step[];
    const changing = (name: string) => steps.filter((s) => (s.target === name || s.id.startsWith(`source@${FLEET_TARGETS.find((t) => t.name === name)!.region}`)) && s.action !== 'none').map((s) => s.id);
    expect(changing('dev')).toEqual([]);
    expect(changing('staging')).toEqual(expect.arrayContaining(['staging:target-foundation', 'source@us-east-1:source-stack', 'staging:events-permission']));
  });

  it('a target whose credentials resolve to another account is said, planned as if empty, and exit 4', async () => {
    // GIVEN prod's profile holds keys of dev's account.
    world.aws.addProfile('team-prod', FLEET_TARGETS[0].accountId);
    Object.assign(process.env, world.aws.writeCredentialsFile());
    const r = await world.run('plan', '--config', world.configFile);
    expect(r.code).toBe(4);
    expect(r.out).toContain('Plan for deployment orders-api, 3 targets');
    expect(r.err).toMatch(/^prod: could not be read, planned as if empty: target\.credentials .* resolve to account 444455556666/m);
    expect(world.aws.writes()).toEqual([]);
  });
});
