/**
 * `xacct init`: a starter config from flags, with what the flags leave out discovered through the real
 * SDK against the fake AWS; never overwriting; the written file passes `plan --offline` as is.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import { ACCOUNT_A, ACCOUNT_B, twoAccountWorld, type World } from '../helpers/deploy-world';

const dir = mkdtempSync(join(tmpdir(), 'xacct-init-'));
const fresh = () => join(dir, `c-${Math.random().toString(36).slice(2)}.yaml`);
const NINE = ['--source-account', ACCOUNT_A, '--target-account', ACCOUNT_B, '--source-profile', 'orders-source-admin', '--target-profile', 'orders-target-admin', '--region', 'eu-west-1', '--repository', 'orders-api', '--cluster', 'orders', '--service', 'orders-api', '--container', 'web'];
const run = async (argv: string[], io = recordingIo(), deps = {}) => {
  const code = await main(argv, io, deps);
  return { code, out: io.stdout(), err: io.stderr() };
};

describe('with the nine flags, the profiles in the AWS config files and no credentials at all', () => {
  it('writes a commented config that passes plan --offline as is', async () => {
    const f = fresh();
    const r = await run(['init', '--config', f, ...NINE]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('marked "check this"');
    const text = readFileSync(f, 'utf8');
    expect(text).toMatch(/^# A deployment of the cross-account container pipeline/);
    expect(text).toContain(`ecsTaskExecutionRoleArn: arn:aws:iam::${ACCOUNT_B}:role/ecsTaskExecutionRole`);
    expect(text).toMatch(/check this/);
    const plan = await run(['plan', '--config', f, '--offline']);
    expect(plan.err).toBe('');
    expect(plan.code).toBe(0);
  });

  it('refuses to overwrite a file (exit 2, the file unchanged)', async () => {
    const f = fresh();
    writeFileSync(f, 'mine\n');
    const r = await run(['init', '--config', f, ...NINE]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('already exists: xacct init does not overwrite a file');
    expect(readFileSync(f, 'utf8')).toBe('mine\n');
  });

  it('a missing value without a terminal: exit 2 naming the flags, nothing written', async () => {
    const f = fresh();
    const r = await run(['init', '--config', f, '--no-discover', '--repository', 'orders-api']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/needs --source-account, --target-account, --source-profile, --target-profile, --region, --cluster, --service, --container/);
    expect(existsSync(f)).toBe(false);
  });

  it('a bad account id is named (exit 2)', async () => {
    const r = await run(['init', '--config', fresh(), ...NINE.map((a) => (a === ACCOUNT_A ? '1234' : a))]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--source-account "1234" must be a 12-digit AWS account id');
  });

  it('on a terminal, asks for what is missing', async () => {
    const f = fresh();
    const io = recordingIo(undefined, true, ['web']);
    const r = await run(['init', '--config', f, '--no-discover', ...NINE.slice(0, -2)], io);
    expect(r.code).toBe(0);
    expect(io.questions).toEqual(['container: ']);
    expect(readFileSync(f, 'utf8')).toContain('containerName: web');
  });
});

describe('discovery through the real SDK against the fake AWS', () => {
  let world: World;
  beforeEach(() => (world = twoAccountWorld()));
  afterEach(() => world.restore());

  it('account ids (STS), the region of the profile, the only container of the service, the key administrator', async () => {
    const { appendFileSync } = await import('node:fs');
    appendFileSync(process.env.AWS_CONFIG_FILE!, '[profile team-b]\nregion = eu-west-1\n');
    const f = fresh();
    const r = await run(['init', '--config', f, '--source-profile', 'team-a', '--target-profile', 'team-b', '--repository', 'orders-api', '--cluster', 'orders', '--service', 'orders-api'], recordingIo(), world.deps);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(f, 'utf8');
    expect(text).toMatch(new RegExp(`accountId: "${ACCOUNT_A}"  # discovered: profile team-a is arn:aws:iam::${ACCOUNT_A}:user/`));
    expect(text).toContain(`accountId: "${ACCOUNT_B}"  # discovered`);
    expect(text).toMatch(/containerName: web {2}# discovered: the only container of/);
    expect(text).toMatch(/region: eu-west-1 {2}# from profile team-b/);
    expect(text).toMatch(new RegExp(`keyAdministratorArn: arn:aws:iam::${ACCOUNT_B}:user/`));
    // Read-only: only reads were made.
    expect(world.aws.calls.map((c) => c.command).filter((c) => !/^(GetCallerIdentity|Describe|List)/.test(c))).toEqual([]);
    const plan = await world.run('plan', '--config', f, '--offline');
    expect(plan.code).toBe(0);
  });

  describe('the cluster and the service, when --cluster and --service are not given', () => {
    const argv = (f: string) => ['init', '--config', f, '--source-profile', 'team-a', '--target-profile', 'team-b', '--region', 'eu-west-1', '--repository', 'orders-api'];

    it('the only cluster and its only service (ListClusters, ListServices)', async () => {
      const f = fresh();
      const r = await run(argv(f), recordingIo(), world.deps);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const text = readFileSync(f, 'utf8');
      expect(text).toMatch(new RegExp(`ecsCluster: orders {2}# discovered: the only cluster of account ${ACCOUNT_B} in eu-west-1`));
      expect(text).toMatch(/ecsService: orders-api {2}# discovered: the only service of cluster orders/);
      expect(text).toMatch(/containerName: web {2}# discovered/);
      expect(world.aws.calls.filter((c) => ['ListClusters', 'ListServices'].includes(c.command)).map((c) => [c.command, c.account])).toEqual([
        ['ListClusters', ACCOUNT_B],
        ['ListServices', ACCOUNT_B],
      ]);
    });

    const second = () =>
      world.aws.ecs(ACCOUNT_B).createService({ cluster: 'orders', service: 'payments', family: 'payments', containers: [{ name: 'api', image: 'public.ecr.aws/nginx/nginx:stable' }], executionRoleArn: `arn:aws:iam::${ACCOUNT_B}:role/ecsTaskExecutionRole` });

    it('several services without a terminal: exit 2 naming them, nothing written', async () => {
      second();
      const f = fresh();
      const r = await run(argv(f), recordingIo(), world.deps);
      expect(r.code).toBe(2);
      expect(r.err).toContain('--service');
      expect(r.err).toContain('cluster orders of account 444455556666 in eu-west-1 has 2 ECS services (orders-api, payments): pass --service with one of them.');
      expect(existsSync(f)).toBe(false);
    });

    it('several clusters at a terminal: asks which, naming them', async () => {
      world.aws.ecs(ACCOUNT_B).createService({ cluster: 'batch', service: 'jobs', family: 'jobs', containers: [{ name: 'job', image: 'public.ecr.aws/nginx/nginx:stable' }], executionRoleArn: `arn:aws:iam::${ACCOUNT_B}:role/ecsTaskExecutionRole` });
      const f = fresh();
      const io = recordingIo(undefined, true, ['orders']);
      const r = await run(argv(f), io, world.deps);
      expect(r.code).toBe(0);
      expect(io.questions[0]).toBe(`cluster (account ${ACCOUNT_B} in eu-west-1 has orders, batch): `);
      const text = readFileSync(f, 'utf8');
      expect(text).toMatch(/ecsCluster: orders {2}# chosen of the clusters/);
      expect(text).toMatch(/ecsService: orders-api {2}# discovered: the only service of cluster orders/);
    });
  });
});
