/**
 * With --json, every command's failure is one JSON object on stdout: the code, the message and the
 * exit code (the shape of deploy-sequence's `failed` event), for usage, config, credential and AWS
 * errors alike. People still read the message on stderr.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import { ACCOUNT_A, exampleConfig, twoAccountWorld, type World } from '../helpers/deploy-world';

jest.setTimeout(60_000);

async function xacct(...argv: string[]) {
  const io = recordingIo();
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

/** The one JSON object a failed --json run ends with; every line of stdout is JSON. */
function failure(out: string): Record<string, unknown> {
  const lines = out.trim().split('\n');
  const last = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
  expect(last.type).toBe('failed');
  return last;
}

describe('usage errors (commander)', () => {
  it.each([
    [['plan', '--config', 'examples/deployment.yaml', '--offline', '--json', '--colour'], 'unknown-option', "unknown option '--colour'"],
    [['status', '--json'], 'missing-mandatory-option-value', "required option '-c, --config <file>' not specified"],
    [['deploy', '--json'], 'unknown-command', "unknown command 'deploy'"],
    [['destroy', '--json', '--config'], 'option-missing-argument', "option '-c, --config <file>' argument missing"],
  ])('%j', async (argv, code, message) => {
    const r = await xacct(...argv);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toEqual({ type: 'failed', code, message: expect.stringContaining(message), exitCode: 2 });
    expect(r.err).toContain(message);
  });

  it('without --json stdout stays empty', async () => {
    const r = await xacct('status', '--colour');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
  });
});

describe('config errors list the problems as data', () => {
  it('plan --json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-json-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, readFileSync('examples/deployment.yaml', 'utf8').replace('imageTag: latest', 'imageTag: 42').replace('artifactRetentionDays: 30', 'artifactRetentionDays: thirty'));
    const r = await xacct('plan', '--config', file, '--offline', '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toEqual({
      type: 'failed',
      code: 'invalid-config',
      message: expect.stringContaining(`${file}: 2 problems:`),
      exitCode: 2,
      problems: [
        { path: 'pipeline.imageTag', message: expect.stringMatching(/^must be a Docker tag: .*; found the number 42: put the value in quotes$/) },
        { path: 'pipeline.artifactRetentionDays', message: 'must be a whole number from 1 to 3650 (days); found the string "thirty"' },
      ],
    });
  });
});

describe('commands without AWS', () => {
  it('generate --json: an output folder that cannot be made (exit 3)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-json-'));
    writeFileSync(join(dir, 'a-file'), '');
    const r = await xacct('generate', '--out', join(dir, 'a-file', 'generated'), '--json');
    expect(r.code).toBe(3);
    expect(failure(r.out)).toEqual({ type: 'failed', code: 'unwritable-output', message: expect.stringContaining('cannot create output folder'), exitCode: 3 });
  });

  it.each([['lint'], ['verify-access']])('%s --json: a folder without templates (exit 2)', async (command) => {
    const r = await xacct(command, '--dir', mkdtempSync(join(tmpdir(), 'xacct-empty-')), '--json');
    expect(r.code).toBe(2);
    expect(failure(r.out)).toEqual({ type: 'failed', code: 'missing-template', message: expect.stringContaining('run `make generate` first'), exitCode: 2 });
  });
});

describe('commands against AWS (the fake)', () => {
  let world: World;
  beforeEach(() => {
    world = twoAccountWorld();
  });
  afterEach(() => world.restore());

  it('deploy-sequence --json: an AWS failure ends the event stream with one failed object carrying the exit code', async () => {
    world.aws.cloudFormation(ACCOUNT_A).seedStack('orders-api-source', 'CREATE_COMPLETE', { team: 'billing' });
    const r = await world.run('deploy-sequence', '--config', world.configFile, '--yes', '--json');
    expect(r.code).toBe(4);
    expect(r.events.filter((e) => e.type === 'failed')).toHaveLength(1);
    expect(failure(r.out)).toEqual({ type: 'failed', code: 'plan-blocked', message: expect.stringContaining('was not deployed by xacct'), exitCode: 4 });
  });

  it('publish --json: a profile that does not exist (exit 6), with the account as data', async () => {
    const file = world.writeConfig(
      exampleConfig({
        target: { accountId: '444455556666', credentials: { profile: 'team-typo' }, stackName: 'orders-api-target' },
        publish: { owner: 'Platform team', support: { email: 'platform@example.com' }, catalogs: { target: { bucket: 'catalog-b' }, source: { bucket: 'catalog-a' } } },
      }),
    );
    const r = await world.run('publish', '--config', file, '--json');
    expect(r.code).toBe(6);
    expect(failure(r.out)).toEqual({ type: 'failed', code: 'missing-profile', message: expect.stringContaining('profile "team-typo" is in neither'), exitCode: 6 });
    expect(world.aws.calls).toEqual([]);
  });

  it('status --json and destroy --json: expired credentials (exit 6)', async () => {
    world.aws.expire(world.aws.profileKey('team-a'));
    for (const argv of [['status'], ['destroy', '--yes']]) {
      const r = await world.run(...argv, '--config', world.configFile, '--json');
      expect(r.code).toBe(6);
      expect(failure(r.out)).toMatchObject({ type: 'failed', code: 'expired-credentials', exitCode: 6, account: { name: 'source', id: ACCOUNT_A, profile: 'team-a', via: 'config' } });
    }
  });

  it('plan --json: a config error (exit 2) prints no plan, only the failure', async () => {
    const file = world.writeConfig(exampleConfig({ region: 'eu-nowhere-9' }));
    const r = await world.run('plan', '--config', file, '--json');
    expect(r.code).toBe(2);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    expect(failure(r.out)).toMatchObject({ code: 'invalid-config', exitCode: 2, problems: [{ path: 'region', message: expect.stringContaining('found the string "eu-nowhere-9"') }] });
  });
});
