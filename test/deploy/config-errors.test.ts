/**
 * Bad input stops before any AWS call: every config problem at once with its path, exit code 2;
 * missing profiles, unknown regions, one account twice.
 */
import { writeFileSync } from 'node:fs';
import { ACCOUNT_A, ACCOUNT_B, exampleConfig, twoAccountWorld, type World } from '../helpers/deploy-world';

let world: World;
beforeEach(() => {
  world = twoAccountWorld();
});
afterEach(() => world.restore());

const withPipeline = (p: Record<string, unknown>) => exampleConfig({ pipeline: { ...(exampleConfig().pipeline as object), ...p } });

describe('config errors', () => {
  it('lists every problem at once with its field path and rule, exits 2 and calls no AWS API', async () => {
    const bad = exampleConfig({
      region: 'eu-nowhere-9',
      source: { accountId: '1111', credentials: { profile: 'team-a' }, stackName: 'orders-api-source' },
      pipeline: { ...(exampleConfig().pipeline as object), imageTag: '-bad', ecsCluster: undefined, surprise: true },
      colour: 'blue',
    });
    const file = world.writeConfig(bad);
    for (const argv of [['plan'], ['deploy-sequence', '--yes']]) {
      const r = await world.run(...argv, '--config', file);
      expect(r.code).toBe(2);
      expect(r.err).toContain('problems:');
      expect(r.err).toMatch(/region: must be an AWS region the SDK knows, for example eu-west-1; found the string "eu-nowhere-9"/);
      expect(r.err).toMatch(/source\.accountId: must be a string of 12 digits in quotes, for example "111122223333"; found the string "1111"/);
      expect(r.err).toMatch(/pipeline\.imageTag: must be a Docker tag: 1 to 128 letters, digits, _ \. and -, not starting with \. or -, for example latest; found the string "-bad"/);
      expect(r.err).toMatch(/pipeline\.ecsCluster: is required \(it must be an ECS cluster name: 1 to 255 letters, digits, _ and -\)/);
      expect(r.err).toMatch(/pipeline: unknown key surprise/);
      expect(r.err).toMatch(/\(top level\): unknown key colour/);
    }
    expect(world.aws.calls).toEqual([]);
  });

  it('account A equal to account B is refused', async () => {
    const file = world.writeConfig(exampleConfig({ target: { accountId: ACCOUNT_A, credentials: { profile: 'team-a' }, stackName: 'b' } }));
    const r = await world.run('plan', '--config', file, '--offline');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/target\.accountId: must differ from source\.accountId/);
  });

  it('one stack name for both accounts is refused: the stacks\' outputs are told apart by name', async () => {
    const file = world.writeConfig(exampleConfig({ target: { accountId: ACCOUNT_B, credentials: { profile: 'team-b' }, stackName: 'orders-api-source' } }));
    const r = await world.run('plan', '--config', file, '--offline');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/target\.stackName: must differ from source\.stackName \(both are orders-api-source\)/);
    expect(world.aws.calls).toEqual([]);
  });

  it('roles of the ECS service must be in the target account', async () => {
    const file = world.writeConfig(withPipeline({ ecsTaskExecutionRoleArn: `arn:aws:iam::${ACCOUNT_A}:role/ecsTaskExecutionRole` }));
    const r = await world.run('plan', '--config', file, '--offline');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/pipeline\.ecsTaskExecutionRoleArn: must be in the target account 444455556666/);
  });

  it('credentials must take exactly one form', async () => {
    const file = world.writeConfig(exampleConfig({ source: { accountId: ACCOUNT_A, credentials: { profile: 'a', roleArn: 'x' }, stackName: 's' } }));
    const r = await world.run('plan', '--config', file, '--offline');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/source\.credentials: must be one of \{profile: NAME\}/);
  });

  it('a missing profile is named with the files to add it to and the commands that create it, exit 6, before any AWS call', async () => {
    const file = world.writeConfig(exampleConfig({ target: { accountId: '444455556666', credentials: { profile: 'team-typo' }, stackName: 't' } }));
    const r = await world.run('deploy-sequence', '--config', file, '--yes');
    expect(r.code).toBe(6);
    expect(r.err).toMatch(/target\.credentials\.profile \(target account 444455556666\): profile "team-typo" is in neither \S*config nor \S*credentials\./);
    expect(r.err).toContain('Create it: aws configure sso --profile team-typo (IAM Identity Center;');
    expect(r.err).toContain('or aws configure --profile team-typo (access keys;');
    expect(r.err).toContain('AWS was not called; nothing was changed.');
    expect(world.aws.calls).toEqual([]);
  });

  it('broken YAML is a config error in one sentence', async () => {
    const broken = world.writeConfig({});
    writeFileSync(broken, 'name: [unclosed\n');
    const r = await world.run('plan', '--config', broken, '--offline');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^xacct: config file \S+ is not valid YAML: /);
  });

  it('--config is required', async () => {
    const r = await world.run('deploy-sequence', '--yes');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/required option '-c, --config <file>' not specified/);
  });

  it('the example config in examples/ is valid', async () => {
    world.aws.addProfile('orders-source-admin', ACCOUNT_A);
    world.aws.addProfile('orders-target-admin', ACCOUNT_B);
    Object.assign(process.env, world.aws.writeCredentialsFile());
    const r = await world.run('plan', '--config', 'examples/deployment.yaml', '--offline');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });
});
