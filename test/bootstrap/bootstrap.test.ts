/**
 * `xacct bootstrap` through the CLI and the real SDK against the fake: the roles and their policies
 * (exactly what `xacct permissions` prints), a second run that writes nothing, --dry-run that writes
 * nothing, and trust that is refused before any call.
 */
import { ACCOUNT_A, ACCOUNT_B, exampleConfig, twoAccountWorld, type World } from '../helpers/deploy-world';

const SSO_ROLE = `arn:aws:iam::${ACCOUNT_B}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef`;

function configWithRoles(): Record<string, unknown> {
  const c = exampleConfig();
  (c.source as Record<string, unknown>).cloudFormationRoleArn = `arn:aws:iam::${ACCOUNT_A}:role/orders-api-cloudformation`;
  (c.target as Record<string, unknown>).cloudFormationRoleArn = `arn:aws:iam::${ACCOUNT_B}:role/orders-api-cloudformation`;
  return c;
}

let world: World;
beforeEach(() => {
  world = twoAccountWorld(configWithRoles());
});
afterEach(() => world.restore());

describe('xacct bootstrap', () => {
  it('creates both roles in each account with the policies xacct permissions prints; a second run writes nothing', async () => {
    const r = await world.run('bootstrap', '--config', world.configFile, '--trust', SSO_ROLE);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const [account, key] of [[ACCOUNT_B, 'target'], [ACCOUNT_A, 'source']] as const) {
      const stack = world.aws.cloudFormation(account).stack('orders-api-xacct-bootstrap')!;
      expect(stack.status).toBe('CREATE_COMPLETE');
      const iam = world.aws.iam(account);
      const deployer = iam.role('orders-api-deployer')!;
      expect(deployer.trust).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: SSO_ROLE }, Action: 'sts:AssumeRole' }] });
      const cfnRole = iam.role('orders-api-cloudformation')!;
      expect(cfnRole.trust).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
      for (const [role, roleKind, policyName] of [[deployer, 'deployer', 'xacct-deployer'], [cfnRole, 'cloudformation', 'xacct-cloudformation']] as const) {
        const printed = await world.run('permissions', '--config', world.configFile, '--account', key, '--role', roleKind);
        expect(printed.code).toBe(0);
        expect(role.inline.get(policyName)).toEqual(JSON.parse(printed.out));
      }
    }
    expect(r.out).toContain('cloudFormationRoleArn: arn:aws:iam::444455556666:role/orders-api-cloudformation');
    expect(r.out).toContain('role_arn = arn:aws:iam::444455556666:role/orders-api-deployer');
    expect(r.out).toContain('source_profile = team-b');

    const before = world.aws.writes().length;
    const again = await world.run('bootstrap', '--config', world.configFile, '--trust', SSO_ROLE, '--json');
    expect(again.code).toBe(0);
    expect(world.aws.writes().length).toBe(before);
    const last = JSON.parse(again.out.trim().split('\n').at(-1)!) as { accounts: Array<{ outcome: string }> };
    expect(last.accounts.map((a) => a.outcome)).toEqual(['no-change', 'no-change']);
  });

  it('--dry-run reads and says what a run would do, and writes nothing', async () => {
    const r = await world.run('bootstrap', '--config', world.configFile, '--account', 'target', '--trust', SSO_ROLE, '--dry-run', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ dryRun: true, accounts: [{ account: 'target', stack: 'orders-api-xacct-bootstrap', action: 'create' }] });
    expect(world.aws.writes()).toEqual([]);
    const text = await world.run('bootstrap', '--config', world.configFile, '--trust', SSO_ROLE, '--dry-run');
    expect(text.out).toContain('Dry run: nothing was changed.');
    expect(world.aws.writes()).toEqual([]);
  });

  it.each([
    [['--trust', '*'], '"*"'],
    [['--trust', ACCOUNT_B], ACCOUNT_B],
    [['--trust', `arn:aws:iam::${ACCOUNT_B}:role/*`], 'role/*'],
    [[], '--trust ARN'],
  ])('refuses trust %j with exit 2 before any call', async (trust, named) => {
    const r = await world.run('bootstrap', '--config', world.configFile, ...trust);
    expect(r.code).toBe(2);
    expect(r.err).toContain(named);
    expect(r.err).toContain('Nothing was changed.');
    expect(world.aws.writes()).toEqual([]);
    expect(world.aws.calls?.length ?? 0).toBe(0);
  });
});

describe('xacct plan says when bootstrap is due', () => {
  const due = async (file = world.configFile) => {
    const r = await world.run('plan', '--config', file, '--json');
    expect(r.code).toBe(0);
    return (JSON.parse(r.out) as { bootstrapDue: Array<{ account: string; command: string }> }).bootstrapDue;
  };

  it('says nothing while the bootstrap stacks hold what bootstrap would deploy, or when there are none', async () => {
    expect(await due()).toEqual([]);
    expect((await world.run('bootstrap', '--config', world.configFile, '--trust', SSO_ROLE)).code).toBe(0);
    expect(await due()).toEqual([]);
    const text = await world.run('plan', '--config', world.configFile);
    expect(text.code).toBe(0);
    expect(text.out).not.toContain('bootstrap is due');
  });

  it('names the account and the command when the config changes what bootstrap would deploy', async () => {
    expect((await world.run('bootstrap', '--config', world.configFile, '--trust', SSO_ROLE)).code).toBe(0);
    const c = configWithRoles();
    (c.pipeline as Record<string, unknown>).ecsService = 'orders-api-v2';
    const changed = world.writeConfig(c);
    const command = `xacct bootstrap --config ${changed} --account target --trust ${SSO_ROLE}`;
    expect(await due(changed)).toEqual([expect.objectContaining({ account: 'target', accountId: ACCOUNT_B, stack: 'orders-api-xacct-bootstrap', command })]);
    const text = await world.run('plan', '--config', changed);
    expect(text.code).toBe(0);
    expect(text.out).toContain(`bootstrap is due in account target (${ACCOUNT_B})`);
    expect(text.out).toContain(`run ${command}`);
    expect(text.out).not.toContain('account source');
    // The command it names brings it up to date.
    expect((await world.run(...command.split(' ').slice(1))).code).toBe(0);
    expect(await due(changed)).toEqual([]);
  });

  it('says nothing when the read of the bootstrap stack is denied', async () => {
    expect((await world.run('bootstrap', '--config', world.configFile, '--trust', SSO_ROLE)).code).toBe(0);
    const c = configWithRoles();
    (c.pipeline as Record<string, unknown>).ecsService = 'orders-api-v2';
    const changed = world.writeConfig(c);
    for (const [profile, account] of [['team-a', ACCOUNT_A], ['team-b', ACCOUNT_B]] as const) {
      world.aws.enforceIdentityPolicy(world.aws.profileKey(profile), {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: 'cloudformation:DescribeStacks', Resource: `arn:aws:cloudformation:eu-west-1:${account}:stack/orders-api-xacct-bootstrap/*` },
        ],
      });
    }
    expect(await due(changed)).toEqual([]);
    const text = await world.run('plan', '--config', changed);
    expect(text.code).toBe(0);
    expect(text.out).not.toContain('bootstrap is due');
    expect(world.aws.calls.filter((c) => c.command === 'DescribeStacks' && c.error === 'AccessDenied').length).toBe(4);
  });
});
