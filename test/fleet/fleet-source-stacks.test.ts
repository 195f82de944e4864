/**
 * The read commands and destroy on a fleet whose region has several targets, so account A serves them
 * from its fleet stacks (AccA-fleet): deployed with `deploy-sequence --yes` through the CLI against the
 * fake AWS (dev and staging in eu-west-1, prod alone in eu-central-1), then status, diff, doctor and
 * destroy as a user runs them.
 */
import { writeFileSync } from 'node:fs';
import { dump } from 'js-yaml';
import type { FleetDestroyPlan, FleetDestroySummary } from '../../scripts/destroy/fleet-destroy';
import type { FleetStatusReport } from '../../scripts/status/fleet-status';
import type { DeploymentDiff } from '../../scripts/diff/stack-diff';
import type { DoctorReport } from '../../scripts/doctor/doctor-types';
import { FIRST_IMAGE } from '../helpers/deploy-world';
import { fleetConfig, fleetWorld, SOURCE, FLEET_TARGETS, type FleetWorld } from '../helpers/fleet-world';

let world: FleetWorld;
afterEach(() => world.restore());

const REGION = 'eu-west-1';
const [DEV, STAGING_ACCOUNT, PROD] = [FLEET_TARGETS[0], FLEET_TARGETS[1].accountId, FLEET_TARGETS[2]];
const STAGING = { name: 'staging', accountId: STAGING_ACCOUNT, region: REGION };

/** GIVEN staging moved into dev's region (account A's stack there serves both), deployed by deploy-sequence. */
let config: { targets: Array<Record<string, unknown>> };
async function deployedFleet(): Promise<void> {
  config = fleetConfig() as typeof config;
  config.targets[1]!.region = REGION;
  world = fleetWorld(config);
  // staging's ECS service, in its new region.
  world.aws.ecs(STAGING.accountId, REGION).createService({ cluster: 'orders', service: 'orders-api', family: 'orders-api', containers: [{ name: 'web', image: FIRST_IMAGE }], executionRoleArn: `arn:aws:iam::${STAGING.accountId}:role/ecsTaskExecutionRole` });
  const r = await world.run('deploy-sequence', '--config', world.configFile, '--yes');
  expect(r.code).toBe(0);
  await release();
}

const stackB = (t: { accountId: string; region: string }) => world.aws.cloudFormation(t.accountId, t.region).stack('orders-api-target');
const stackA = (region = REGION) => world.aws.cloudFormation(SOURCE, region).stack('orders-api-source');
const pipelineOf = (t: { accountId: string; region: string }) => stackB(t)!.outputs.PipelineName;
const executions = (t: { accountId: string; region: string }) => world.aws.codePipeline(t.accountId, t.region).executions(pipelineOf(t));

/** A push in each region's repository, and every pipeline's run to its end. */
async function release(regions = [REGION, PROD.region]): Promise<void> {
  for (const region of regions) world.aws.ecr(SOURCE, region).pushImage('orders-api', 'latest', `release ${world.aws.clock.now()}`);
  await world.aws.settle();
}

async function status(...extra: string[]): Promise<{ code: number; report: FleetStatusReport; err: string }> {
  const r = await world.run('status', '--config', world.configFile, '--json', ...extra);
  return { code: r.code, report: JSON.parse(r.out) as FleetStatusReport, err: r.err };
}

describe("xacct status on a fleet whose region has account A's fleet stack", () => {
  it("reads each target's part of the fleet stack that serves it: healthy; a source role removed by hand makes that target not healthy, named", async () => {
    await deployedFleet();
    const writes = world.aws.writes().length;

    const healthy = await status();
    expect(healthy.err).toBe('');
    expect(healthy.report.targets.map((t) => `${t.name} ${t.verdict} ${t.stackA}`)).toEqual(['dev healthy CREATE_COMPLETE', 'staging healthy CREATE_COMPLETE', 'prod healthy CREATE_COMPLETE']);
    expect(healthy.code).toBe(0);
    const devA = healthy.report.targets[0]!.report!.stacks.find((s) => s.account === 'source')!;
    expect(devA).toMatchObject({ stack: 'orders-api-source', template: { name: 'AccA-fleet', current: true } });
    expect(world.aws.writes().length).toBe(writes);

    // WHEN staging's source role in account A is deleted outside CloudFormation.
    const role = stackB(STAGING)!.outputs.SourceRoleName!;
    world.aws.iam(SOURCE).deleteRole(role);
    const broken = await status();
    expect(broken.code).toBe(1);
    expect(broken.report.targets.map((t) => `${t.name} ${t.verdict}`)).toEqual(['dev healthy', 'staging not-healthy', 'prod healthy']);
    expect(broken.report.targets[1]!.report!.problems).toEqual([expect.stringMatching(new RegExp(`^staging's source role ${role} in account ${SOURCE} does not exist, though stack orders-api-source declares it`))]);
  });
});

describe("xacct status on a fleet stack's region when another target of it cannot be read", () => {
  it("reads the target's own parts, and names account A's part unread with why (exit 4)", async () => {
    await deployedFleet();
    world.aws.expire(world.aws.profileKey('team-staging'));
    const { code, report } = await status('--targets', 'dev');
    expect(code).toBe(4);
    expect(report.targets[0]).toMatchObject({ name: 'dev', verdict: 'unreadable', stackA: 'CREATE_COMPLETE', stage2: 'UPDATE_COMPLETE', pipeline: 'deployed' });
    expect(report.targets[0]!.report!.problems).toEqual([]);
    expect(report.targets[0]!.report!.unreadable).toEqual([{ part: `account A's stacks in ${REGION}`, reason: expect.stringMatching(/expired/i) }]);
  });
});

describe("xacct destroy on a fleet whose region has account A's fleet stack", () => {
  it("of one of the region's two targets: its stacks and bus permission go, account A's stack is updated to serve the other, which still deploys a push; --dry-run first writes nothing", async () => {
    await deployedFleet();
    const devRole = stackB(DEV)!.outputs.SourceRoleName!;
    const before = world.aws.writes().length;

    // --dry-run: the whole teardown said, nothing written.
    const dry = await world.run('destroy', '--config', world.configFile, '--targets', 'dev', '--dry-run', '--json');
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.out) as FleetDestroyPlan;
    expect(plan.targets[0]!.plan!.steps.map((s) => `${s.id} ${s.action}`)).toEqual(['delete-target-stack delete', 'remove-events-permission remove', 'delete-source-stack none']);
    expect(plan.sources).toEqual([expect.objectContaining({ region: REGION, goes: false, fleet: true, changes: [expect.objectContaining({ stack: 'orders-api-source', action: 'update', serves: ['staging'] })] })]);
    const text = await world.run('destroy', '--config', world.configFile, '--targets', 'dev', '--dry-run');
    expect(text.out).toMatch(/^  update orders-api-source: stack orders-api-source is updated to serve staging: the source roles and rule entries of dev are removed$/m);
    expect(world.aws.writes().length).toBe(before);

    const r = await world.run('destroy', '--config', world.configFile, '--targets', 'dev', '--yes', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out.trim().split('\n').at(-1)!) as FleetDestroySummary;
    expect(summary.sources).toEqual([expect.objectContaining({ region: REGION, outcome: 'updated', changes: [expect.objectContaining({ stack: 'orders-api-source', action: 'update' })] })]);
    expect(stackB(DEV)).toBeUndefined();
    expect(world.aws.eventBridge(DEV.accountId, REGION).statements()).toEqual([]);
    // Account A's stack serves staging alone: dev's source role is gone with its rule entry, staging's stays.
    expect(stackA()).toMatchObject({ status: 'UPDATE_COMPLETE', outputs: expect.objectContaining({ Serves: 'staging' }) });
    expect(world.aws.iam(SOURCE).role(devRole)).toBeUndefined();
    expect(world.aws.iam(SOURCE).role(stackB(STAGING)!.outputs.SourceRoleName!)).toBeDefined();
    // Writes in dev's account and account A of the region only; account A's stack updated, not deleted.
    const writes = world.aws.writes().slice(before);
    expect([...new Set(writes.map((w) => `${w.account}@${w.region}`))].sort()).toEqual([`${DEV.accountId}@${REGION}`, `${SOURCE}@${REGION}`].sort());
    expect(writes.filter((w) => w.account === SOURCE && w.command === 'DeleteStack')).toEqual([]);
    // Account A: one change set, executed (the stack's update).
    expect(writes.filter((w) => w.account === SOURCE).map((w) => w.command)).toEqual(['CreateChangeSet', 'ExecuteChangeSet']);

    // staging is still healthy, and its pipeline still runs on a push.
    const runs = executions(STAGING).length;
    await release([REGION]);
    expect(executions(STAGING)).toHaveLength(runs + 1);
    expect(executions(STAGING).at(-1)!.status).toBe('Succeeded');
    const after = await status('--targets', 'staging,prod');
    expect(after.report.targets.map((t) => `${t.name} ${t.verdict}`)).toEqual(['staging healthy', 'prod healthy']);
    expect(after.code).toBe(0);

    // Then the other: the region's last target goes, and account A's stack with it; prod's region is untouched.
    const dryLast = await world.run('destroy', '--config', world.configFile, '--targets', 'staging', '--dry-run', '--json');
    expect((JSON.parse(dryLast.out) as FleetDestroyPlan).sources).toEqual([expect.objectContaining({ goes: true, step: expect.objectContaining({ action: 'delete', stack: 'orders-api-source' }) })]);
    const last = await world.run('destroy', '--config', world.configFile, '--targets', 'staging', '--yes');
    expect(last.code).toBe(0);
    expect(last.out).toContain(`account A ${REGION}: stack orders-api-source deleted`);
    expect(stackB(STAGING)).toBeUndefined();
    expect(stackA()).toBeUndefined();
    expect(stackA(PROD.region)?.status).toBe('CREATE_COMPLETE');
    expect(stackB(PROD)?.status).toBe('UPDATE_COMPLETE');
  });
});

describe("xacct destroy of every target of a fleet stack's region at once", () => {
  it("deletes account A's fleet stack after both targets are down; the other region stays", async () => {
    await deployedFleet();
    const r = await world.run('destroy', '--config', world.configFile, '--targets', 'dev,staging', '--yes', '--json');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out.trim().split('\n').at(-1)!) as FleetDestroySummary;
    expect(summary.sources).toEqual([expect.objectContaining({ region: REGION, serves: ['dev', 'staging'], goes: true, outcome: 'deleted' })]);
    expect(stackB(DEV)).toBeUndefined();
    expect(stackB(STAGING)).toBeUndefined();
    expect(stackA()).toBeUndefined();
    expect(stackA(PROD.region)?.status).toBe('CREATE_COMPLETE');
  });
});

describe("xacct diff on a fleet whose region has account A's fleet stack", () => {
  it('says a deploy would change nothing; after a changed config, what it would change in the fleet stack', async () => {
    await deployedFleet();
    const writes = world.aws.writes().length;
    const same = await world.run('diff', '--config', world.configFile, '--json');
    const sections = JSON.parse(same.out) as Array<{ target: string; report: DeploymentDiff }>;
    expect(sections.map((s) => `${s.target} ${s.report.changed} ${s.report.stacks.map((x) => `${x.stack}:${x.template}:${x.action}`).join(' ')}`)).toEqual([
      'dev false orders-api-target:AccB-pipeline-2:none orders-api-source:AccA-fleet:none',
      'staging false orders-api-target:AccB-pipeline-2:none orders-api-source:AccA-fleet:none',
      'prod false orders-api-target:AccB-pipeline-2:none orders-api-source:AccA-fleet:none',
    ]);
    expect(same.code).toBe(0);

    // WHEN staging moves to wave 2: the fleet stack would forward wave 2's tag to it by a rule of its own.
    config.targets[1]!.wave = 2;
    writeFileSync(world.configFile, dump(config));
    const r = await world.run('diff', '--config', world.configFile, '--targets', 'dev', '--json');
    expect(r.code).toBe(1);
    const dev = (JSON.parse(r.out) as Array<{ report: DeploymentDiff }>)[0]!.report;
    const fleetStack = dev.stacks.find((x) => x.account === 'source')!;
    expect(fleetStack).toMatchObject({ stack: 'orders-api-source', template: 'AccA-fleet', action: 'update' });
    expect(fleetStack.resources.added.map((a) => a.logicalId)).toEqual(['ForwardingRuleWave2Group1']);
    expect(fleetStack.resources.modified.map((m) => m.logicalId)).toContain('ForwardingRuleWave1Group1');
    // dev's own stack B does not change.
    expect(dev.stacks.find((x) => x.account === 'target')!.action).toBe('none');
    const text = await world.run('diff', '--config', world.configFile, '--targets', 'dev');
    expect(text.out).toMatch(/^Stack A orders-api-source \(account 111122223333, CREATE_COMPLETE\) against AccA-fleet \w+$/m);
    expect(text.out).toMatch(/^    \+ ForwardingRuleWave2Group1 AWS::Events::Rule$/m);
    // status says the same: dev's part of account A's stack is out of date, and deploy-sequence would update it.
    const st = await status('--targets', 'dev');
    expect(st.code).toBe(1);
    expect(st.report.targets[0]).toMatchObject({ stackA: 'CREATE_COMPLETE (out of date)', verdict: 'not-healthy' });
    expect(st.report.targets[0]!.report!.pending).toEqual([expect.objectContaining({ stepId: `source@${REGION}:orders-api-source`, action: 'update' })]);
    expect(world.aws.writes().length).toBe(writes);
  });
});

describe("xacct doctor on a fleet whose region has account A's fleet stack", () => {
  it("checks each target's share of the fleet stack (its source role and trust, the rule to its bus): all well; a trust changed by hand is that target's problem", async () => {
    await deployedFleet();
    // Doctor reads the ECS task execution role the templates name.
    for (const accountId of [DEV.accountId, STAGING.accountId]) {
      world.aws.iam(accountId).createRole('ecsTaskExecutionRole', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    }
    const doctor = async () => {
      const r = await world.run('doctor', '--config', world.configFile, '--targets', 'dev,staging', '--json');
      return { code: r.code, sections: JSON.parse(r.out) as Array<{ target: string; report: DoctorReport }> };
    };
    const well = await doctor();
    expect(well.sections.map((s) => `${s.target} ${s.report.problems.join('; ') || 'ok'}`)).toEqual(['dev ok', 'staging ok']);
    expect(well.code).toBe(0);
    const labels = (s: { report: DoctorReport }) => s.report.policies.filter((p) => p.account === 'source').map((p) => p.resource);
    expect(labels(well.sections[0]!)).toEqual(expect.arrayContaining(['SourceRoleDev', 'ForwardingRole', 'ForwardingRuleWave1Group1']));
    expect(labels(well.sections[0]!)).not.toContain('SourceRoleStaging');

    // WHEN staging's source role trusts another principal, changed outside CloudFormation.
    const role = stackB(STAGING)!.outputs.SourceRoleName!;
    world.aws.iam(SOURCE).updateTrust(role, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${SOURCE}:root` }, Action: 'sts:AssumeRole' }] });
    const broken = await doctor();
    expect(broken.code).toBe(1);
    expect(broken.sections[0]!.report.problems).toEqual([]);
    expect(broken.sections[1]!.report.problems).toEqual([expect.stringMatching(/^AccA-fleet SourceRoleStaging trust policy: \d+ difference\(s\) from the deployed template$/)]);
  });
});
