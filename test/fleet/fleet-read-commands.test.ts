/**
 * `xacct diff`, `doctor` and `permissions` of a fleet through the CLI: a section per target headed by
 * its name, each target read with its own credentials; a target name the config does not have is the
 * only thing refused; account A's policy for every target it serves as one document.
 */
import type { DoctorReport } from '../../scripts/doctor/doctor-types';
import type { DeploymentDiff } from '../../scripts/diff/stack-diff';
import type { PolicyStatement } from '../../scripts/permissions/policy-types';
import { ACCOUNT_A } from '../helpers/deploy-world';
import { FLEET_TARGETS, fleetWorld, type FleetWorld } from '../helpers/fleet-deployed-world';

let world: FleetWorld;
beforeEach(() => {
  world = fleetWorld();
  // Doctor reads the ECS task execution role the templates name.
  for (const t of FLEET_TARGETS) {
    world.aws.iam(t.accountId).createRole('ecsTaskExecutionRole', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  }
});
afterEach(() => world.restore());

const [DEV, STAGING, PROD] = FLEET_TARGETS;
const sections = (out: string) => [...out.matchAll(/^== (\S+) \(account (\d+), (\S+)\) ==$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);

describe('xacct diff of a fleet', () => {
  it('a section per target: the deployed one would change nothing, the others would create their stacks; exit 1', async () => {
    await world.deploy('dev');
    const writes = world.aws.writes().length;

    const r = await world.run('diff', '--config', world.configFile);

    expect(r.code).toBe(1);
    expect(sections(r.out)).toEqual(FLEET_TARGETS.map((t) => `${t.name} ${t.accountId} ${t.region}`));
    const staging = r.out.slice(r.out.indexOf('== staging'), r.out.indexOf('== prod'));
    expect(staging).toMatch(/orders-api-target/);
    expect(world.aws.writes().length).toBe(writes);

    const dev = await world.run('diff', '--config', world.configFile, '--targets', 'dev', '--json');
    expect(dev.code).toBe(0);
    const json = JSON.parse(dev.out) as Array<{ target: string; report: DeploymentDiff }>;
    expect(json.map((s) => `${s.target} ${s.report.changed}`)).toEqual(['dev false']);
  });

  it('a target whose credentials are refused is its section\'s error; the others are still compared', async () => {
    await world.deploy();
    world.aws.expire(world.aws.profileKey('team-staging'));
    const r = await world.run('diff', '--config', world.configFile, '--json');
    const json = JSON.parse(r.out) as Array<{ target: string; report?: DeploymentDiff; error?: { message: string } }>;
    expect(json.map((s) => `${s.target} ${s.report ? s.report.changed : 'error'}`)).toEqual(['dev false', 'staging error', 'prod false']);
    expect(json[1].error!.message).toMatch(/expired/);
    expect(r.code).toBe(6);
  });
});

describe('xacct doctor of a fleet', () => {
  it('a section per selected target, each read in its own account and region', async () => {
    await world.deploy('dev', 'prod');
    for (const t of [DEV, PROD]) {
      world.aws.ecr(ACCOUNT_A, t.region).pushImage('orders-api', 'latest');
      const pipeline = world.aws.cloudFormation(t.accountId, t.region).stack('orders-api-target')!.outputs.PipelineName;
      world.aws.codePipeline(t.accountId, t.region).recordExecution(pipeline, { revisions: { Image: 'sha256:1' } });
    }
    const writes = world.aws.writes().length;

    const text = await world.run('doctor', '--config', world.configFile, '--targets', 'dev,prod');
    expect(sections(text.out)).toEqual([`dev ${DEV.accountId} ${DEV.region}`, `prod ${PROD.accountId} ${PROD.region}`]);

    const r = await world.run('doctor', '--config', world.configFile, '--wave', '3', '--json');
    const json = JSON.parse(r.out) as Array<{ target: string; report: DoctorReport }>;
    expect(json.map((s) => s.target)).toEqual(['prod']);
    expect(json[0].report.problems).toEqual([]);
    expect(r.code).toBe(0);
    expect(world.aws.calls.some((c) => c.account === STAGING.accountId)).toBe(false);
    expect(world.aws.writes().length).toBe(writes);
  });
});

describe('a target name the config does not have', () => {
  it.each([['diff'], ['doctor'], ['permissions', '--account', 'target', '--role', 'deployer'], ['status'], ['destroy', '--dry-run']])('is refused by %s with the known names, before any call', async (command, ...rest) => {
    const calls = world.aws.calls.length;
    const r = await world.run(command, '--config', world.configFile, '--targets', 'dev,qa', ...rest);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--targets names qa, which the config does not have: its targets are dev, staging, prod/);
    expect(world.aws.calls.length).toBe(calls);
  });
});

describe('xacct permissions of a fleet', () => {
  const policies = async (...args: string[]) => {
    const r = await world.run('permissions', '--config', world.configFile, '--json', ...args);
    expect(r.code).toBe(0);
    return JSON.parse(r.out) as Array<{ targets: string[]; accountId: string; regions: string[]; policy: { Statement: PolicyStatement[] } }>;
  };
  const single = async (name: string, account: string) => {
    const r = await world.run('permissions', '--config', world.configFile, '--json', '--targets', name, '--account', account, '--role', 'deployer');
    return (JSON.parse(r.out) as Array<{ policy: { Statement: PolicyStatement[] } }>)[0].policy.Statement;
  };
  const resources = (s: PolicyStatement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

  it('account A: one policy for every target it serves, granting what each target\'s own policy grants', async () => {
    const [a] = [await policies('--account', 'source', '--role', 'deployer')];
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ targets: ['dev', 'staging', 'prod'], accountId: ACCOUNT_A, regions: ['eu-west-1', 'eu-central-1', 'us-east-1'] });
    // Every statement of each target's own policy is covered: same actions and condition, its resources included.
    for (const t of FLEET_TARGETS) {
      for (const s of await single(t.name, 'source')) {
        const merged = a[0].policy.Statement.find((m) => m.Sid.startsWith(s.Sid) && JSON.stringify([...m.Action].sort()) === JSON.stringify([...s.Action].sort()) && JSON.stringify(m.Condition) === JSON.stringify(s.Condition));
        expect(merged).toBeDefined();
        for (const res of resources(s)) expect(resources(merged!)).toContain(res);
      }
    }
    const stack = a[0].policy.Statement.find((s) => s.Sid === 'DeploymentStack')!;
    // The stack of each region and its numbered fleet stacks (<stackName>-2 to -99).
    expect(resources(stack)).toEqual(FLEET_TARGETS.flatMap((t) => ['', '-?', '-??'].map((n) => `arn:aws:cloudformation:${t.region}:${ACCOUNT_A}:stack/orders-api-source${n}/*`)).sort());
  });

  it('the targets\' accounts: one policy per account, headed by the targets it is for', async () => {
    const b = await policies('--account', 'target', '--role', 'cloudformation');
    expect(b.map((p) => `${p.accountId} ${p.targets.join(',')}`)).toEqual(FLEET_TARGETS.map((t) => `${t.accountId} ${t.name}`));
    const text = await world.run('permissions', '--config', world.configFile, '--account', 'target', '--role', 'deployer', '--wave', '2');
    expect(text.out.split('\n')[0]).toBe(`== deployer policy of account ${STAGING.accountId} for staging (eu-central-1) ==`);
    expect(JSON.parse(text.out.slice(text.out.indexOf('\n') + 1))).toMatchObject({ Version: '2012-10-17' });
  });
});
