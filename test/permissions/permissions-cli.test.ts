/**
 * `xacct permissions` as a person runs it: the policy and why each statement is there, --json for
 * scripts, help, and every wrong input refused with exit 2 and what to do. Also the config's
 * cloudFormationRoleArn: validated, and sent as RoleARN with every change set and delete.
 */
import { execFileSync } from 'node:child_process';
import { dump } from 'js-yaml';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import { ACCOUNT_A, ACCOUNT_B, exampleConfig } from '../helpers/deploy-world';
import { permissionsConfig, permissionsWorld, ROLE_A, ROLE_B } from '../helpers/permissions-world';

const dir = mkdtempSync(join(tmpdir(), 'xacct-permissions-'));
const file = (config: unknown) => {
  const f = join(dir, `c-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(f, dump(config));
  return f;
};
async function run(...argv: string[]) {
  const io = recordingIo();
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}
const permissions = (config: unknown, ...rest: string[]) => run('permissions', '--config', file(config), ...rest);

describe('xacct permissions', () => {
  it('prints the policy document, then one line per statement saying why', async () => {
    const r = await permissions(permissionsConfig(), '--account', 'target', '--role', 'deployer', '--explain');
    expect(r.code).toBe(0);
    const [json, reasons] = r.out.split('\n\nWhy each of the ');
    const policy = JSON.parse(json!);
    expect(policy).toMatchObject({ Version: '2012-10-17', Id: 'xacct-orders-api-target-deployer' });
    const lines = reasons!.trim().split('\n').slice(1);
    expect(lines).toHaveLength(policy.Statement.length);
    policy.Statement.forEach((s: { Sid: string }, i: number) => expect(lines[i]).toMatch(new RegExp(`^  ${s.Sid}: .+\\(sources: https://`)));
    expect(r.out).toContain(`events:PutPermission and events:RemovePermission can only be granted on "*"`);
  });

  it('--json: the policy and the reasons as one document', async () => {
    const r = await permissions(permissionsConfig(), '--account', 'source', '--role', 'cloudformation', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ deployment: 'orders-api', account: 'source', accountId: ACCOUNT_A, role: 'cloudformation', policy: { Version: '2012-10-17' } });
    expect(report.statements.map((s: { sid: string }) => s.sid)).toEqual(report.policy.Statement.map((s: { Sid: string }) => s.Sid));
    expect(report.policy.Statement.find((s: { Sid: string }) => s.Sid === 'StackRoles').Resource).toEqual([`arn:aws:iam::${ACCOUNT_A}:role/orders-api-ecr-source`, `arn:aws:iam::${ACCOUNT_A}:role/orders-api-source-*`]);
  });

  it('--help says what each option takes', async () => {
    const r = await run('permissions', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--account <account>[^]*\(choices:\s+"source",\s+"target"\)/);
    expect(r.out).toMatch(/--role <role>[^]*\(choices:\s+"deployer",\s+"cloudformation"\)/);
    expect(r.out).toContain('cloudFormationRoleArn');
  });

  it.each([
    [['--account', 'b', '--role', 'deployer'], /option '-a, --account <account>' argument 'b' is invalid\. Allowed choices are source, target/],
    [['--account', 'source', '--role', 'admin'], /argument 'admin' is invalid\. Allowed choices are deployer, cloudformation/],
    [['--account', 'source'], /required option '-r, --role <role>' not specified/],
  ])('refuses %j with exit 2', async (args, message) => {
    const r = await permissions(exampleConfig(), ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('is a runtime command: it loads neither the IAM simulator (AGPL) nor any other development dependency', () => {
    const script = `require('./dist/scripts/cli/main.js').main(['permissions', '--config', 'examples/deployment.yaml', '--account', 'target', '--role', 'deployer', '--json'], { out: () => {}, err: (t) => process.stderr.write(t), isTty: false }).then((code) => process.stdout.write(code + ' ' + Object.keys(require.cache).some((k) => k.includes('@cloud-copilot'))))`;
    expect(execFileSync(process.execPath, ['-e', script], { cwd: join(__dirname, '..', '..'), encoding: 'utf8' })).toBe('0 false');
  });

  it('a bad config is named by its field, exit 2', async () => {
    const r = await permissions({ ...exampleConfig(), region: 'mars-1' }, '--account', 'source', '--role', 'deployer');
    expect(r.code).toBe(2);
    expect(r.err).toContain('region');
  });
});

describe('cloudFormationRoleArn in the config', () => {
  const withRole = (account: 'source' | 'target', role: unknown) => {
    const c = exampleConfig();
    return { ...c, [account]: { ...(c[account] as object), cloudFormationRoleArn: role } };
  };

  it('must be a role ARN, and a role of that account', async () => {
    const notArn = await permissions(withRole('target', 'orders-cfn'), '--account', 'target', '--role', 'deployer');
    expect(notArn.code).toBe(2);
    expect(notArn.err).toMatch(/target\.cloudFormationRoleArn: must be an IAM role ARN in this account, for example arn:aws:iam::444455556666:role\/orders-api-cloudformation .*; found the string "orders-cfn"\n$/);
    const otherAccount = await permissions(withRole('target', ROLE_A), '--account', 'target', '--role', 'deployer');
    expect(otherAccount.code).toBe(2);
    expect(otherAccount.err).toContain(`target.cloudFormationRoleArn: must be a role in the target account ${ACCOUNT_B} (CloudFormation uses a role of the stack's own account); found the string "${ROLE_A}"`);
  });

  it('change sets, deletes and rollback continuations run with it: CloudFormation holds each stack\'s role', async () => {
    const world = permissionsWorld();
    try {
      expect((await world.run('deploy-sequence', '--config', world.configFile, '--yes')).code).toBe(0);
      expect(world.aws.cloudFormation(ACCOUNT_A).stack('orders-api-source')?.roleArn).toBe(ROLE_A);
      expect(world.aws.cloudFormation(ACCOUNT_B).stack('orders-api-target')?.roleArn).toBe(ROLE_B);
      expect((await world.run('destroy', '--config', world.configFile, '--yes')).code).toBe(0);
    } finally {
      world.restore();
    }
  });
});
