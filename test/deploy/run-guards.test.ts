/**
 * What stops a run, and what a run after a stop does: wrong account, confirmation, resume, foreign
 * stacks, unversioned bucket, failures, the bus permission repeated.
 */
import { ACCOUNT_A, ACCOUNT_B, exampleConfig, twoAccountWorld, type World } from '../helpers/deploy-world';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';

let world: World;
beforeEach(() => {
  world = twoAccountWorld();
});
afterEach(() => world.restore());

const deploy = (...extra: string[]) => world.run('deploy-sequence', '--config', world.configFile, ...extra);
const stackB = () => world.aws.cloudFormation(ACCOUNT_B).stack('orders-api-target');
const stackA = () => world.aws.cloudFormation(ACCOUNT_A).stack('orders-api-source');

describe('identity', () => {
  it('a profile that resolves to the wrong account stops the run before any write', async () => {
    world.aws.addProfile('team-b-in-a', ACCOUNT_A);
    Object.assign(process.env, world.aws.writeCredentialsFile());
    const file = world.writeConfig(exampleConfig({ target: { accountId: ACCOUNT_B, credentials: { profile: 'team-b-in-a' }, stackName: 'orders-api-target' } }));
    const r = await world.run('deploy-sequence', '--config', file, '--yes');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/target\.credentials \(profile team-b-in-a\) resolve to account 111122223333 as arn:aws:iam::111122223333:user\/team-b-in-a, but target\.accountId is 444455556666/);
    expect(r.err).toContain('Nothing was changed');
    expect(world.aws.writes()).toEqual([]);
    expect(world.aws.calls.map((c) => c.command)).toEqual(['GetCallerIdentity', 'GetCallerIdentity']);
  });

  it('a role to assume is resolved through STS and checked like a profile', async () => {
    const role = `arn:aws:iam::${ACCOUNT_A}:role/deployer`;
    world.aws.addRole(role, [ACCOUNT_B]);
    const file = world.writeConfig(exampleConfig({ source: { accountId: ACCOUNT_A, credentials: { roleArn: role, sourceProfile: 'team-b' }, stackName: 'orders-api-source' } }));
    const r = await world.run('deploy-sequence', '--config', file, '--yes', '--json');
    expect(r.code).toBe(0);
    expect(stackA()?.status).toBe('CREATE_COMPLETE');
    expect(r.events.find((e) => e.type === 'identity' && e.account === 'source')).toMatchObject({ arn: `arn:aws:sts::${ACCOUNT_A}:assumed-role/deployer/xacct` });
  });
});

describe('confirmation', () => {
  it('a non-interactive run without --yes shows the first change set and stops (exit 5), leaving nothing half-done', async () => {
    const r = await deploy();
    expect(r.code).toBe(5);
    expect(r.out).toMatch(/change\(s\) to orders-api-target:\n\s+Add\s+ArtifactKey AWS::KMS::Key/);
    expect(r.out).toContain('Run again with --yes');
    // The change set was withdrawn, and with it the empty REVIEW_IN_PROGRESS stack it made: nothing is left.
    expect(stackB()).toBeUndefined();
    expect(world.aws.callsOf('DeleteStack').map((c) => c.account)).toEqual([ACCOUNT_B]);
    expect(world.aws.callsOf('ExecuteChangeSet')).toEqual([]);
    // And the next run creates it.
    expect((await deploy('--yes')).code).toBe(0);
    expect(stackB()?.status).toBe('UPDATE_COMPLETE');
  });

  it('asks at a terminal before each change, and stops when the answer is no', async () => {
    const io = recordingIo([true, true, false]);
    const code = await main(['deploy-sequence', '--config', world.configFile], io, { ...world.deps });
    expect(code).toBe(5);
    expect(io.questions).toEqual([
      'Apply these 10 changes to orders-api-target in account 444455556666?',
      expect.stringMatching(/^Apply these 8 changes to orders-api-source in account 111122223333\?$/),
      'Allow account 111122223333 to put events on the default bus of account 444455556666?',
    ]);
    expect(stackA()?.status).toBe('CREATE_COMPLETE');
    expect(world.aws.eventBridge(ACCOUNT_B).statements()).toEqual([]);
  });
});

describe('resume', () => {
  it('a run stopped after stack A continues with the bus permission and ends where a full run ends', async () => {
    const io = recordingIo([true, true, false]);
    await main(['deploy-sequence', '--config', world.configFile], io, { ...world.deps });
    const r = await deploy('--yes', '--json');
    expect(r.code).toBe(0);
    const outcomes = r.events.flatMap((e) => (e.type === 'step-finished' ? [[e.stepId, e.result.outcome]] : []));
    expect(outcomes).toEqual([
      ['target-foundation', 'no-change'],
      ['source-stack', 'no-change'],
      ['events-permission', 'permission-added'],
      ['image-definitions', 'uploaded'],
      ['first-image', 'no-change'],
      ['target-pipeline', 'updated'],
    ]);
    expect(stackB()?.tags['xacct:template']).toBe('AccB-pipeline-2');
  });
});

describe('guards', () => {
  it('a stack of the same name that is not ours is refused before anything is written', async () => {
    world.aws.cloudFormation(ACCOUNT_A).seedStack('orders-api-source', 'CREATE_COMPLETE', { team: 'billing' });
    const r = await deploy('--yes');
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/stack orders-api-source in account 111122223333 exists but was not deployed by xacct \(tag xacct:deployment\): choose another stack name/);
    expect(world.aws.writes()).toEqual([]);
    expect(stackA()?.status).toBe('CREATE_COMPLETE');
  });

  it('a stack of ours busy with an operation is waited for, then decided again', async () => {
    world.aws.cloudFormation(ACCOUNT_B).seedStack('orders-api-target', 'UPDATE_IN_PROGRESS', { 'xacct:deployment': 'orders-api' }, { Resources: {} }, { status: 'UPDATE_COMPLETE', afterMs: 90_000 });
    const r = await deploy('--yes', '--json');
    expect(r.code).toBe(0);
    expect(r.events).toContainEqual(expect.objectContaining({ type: 'notice', stepId: 'target-foundation', message: 'stack orders-api-target is UPDATE_IN_PROGRESS: waiting for it to settle' }));
    expect(stackB()?.status).toBe('UPDATE_COMPLETE');
  });

  it('a stack that stays busy past the wait limit stops the run with what to do, having written nothing', async () => {
    world.aws.cloudFormation(ACCOUNT_B).seedStack('orders-api-target', 'UPDATE_IN_PROGRESS', { 'xacct:deployment': 'orders-api' });
    const r = await deploy('--yes');
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/stack orders-api-target is still UPDATE_IN_PROGRESS after 180 minutes: it goes on in AWS\. Run again later/);
    expect(world.aws.writes()).toEqual([]);
  });
});
