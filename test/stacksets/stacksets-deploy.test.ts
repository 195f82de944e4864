/**
 * `xacct deploy-sequence --engine stacksets` through the CLI against the fake AWS: three targets in two
 * waves and three regions, stage 1 as a stack set, account A's stacks and each target's steps between
 * the stages (the fleet runner's), stage 2 as a second stack set of its own stacks. A re-run writes
 * nothing, a target whose instance fails is named while the others finish (exit 7), throttling never
 * fails the run, and `--engine auto` picks the targets engine for a small fleet and says why.
 */
import { writeFileSync } from 'node:fs';
import { enforcePrintedDeployerPolicies } from '../helpers/fleet-accounts';
import { dump } from 'js-yaml';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import { STACKSET_COMMANDS } from '../fake-aws/fake-stacksets';
import { FLEET_TARGETS, fleetConfig, fleetWorld, SOURCE, type FleetLine, type FleetWorld } from '../helpers/fleet-world';
import { waveTag } from '../../templates-src/wave-tag';

import { ADMIN_REGION, pushImagesOnceRepositoriesExist, STAGE1, STAGE2 } from './stacksets-fleet';

let world: FleetWorld;
beforeEach(() => {
  world = fleetWorld({ ...fleetConfig(), stackSets: { permissionModel: 'SELF_MANAGED', maxConcurrentPercentage: 100 } });
});
afterEach(() => world.restore());

const deploy = (...args: string[]) => world.run('deploy-sequence', '--config', world.configFile, '--engine', 'stacksets', '--yes', '--json', ...args);
const summaryOf = (lines: FleetLine[]) => lines.find((l) => l.type === 'fleet-finished')?.targets as Array<{ name: string; outcome: string; reason?: string; changed: number; unchanged: number; stage1?: string; stage2?: string }>;
const sets = () => world.aws.stackSets(SOURCE, ADMIN_REGION);
/** The index in aws.calls of the first call matching. */
const firstCall = (match: (c: FleetWorld['aws']['calls'][number]) => boolean) => world.aws.calls.findIndex(match);

describe('deploy-sequence --engine stacksets', () => {
  it('deploys a three-target fleet in two waves: stage-1 stack set, account A between, stage-2 stack set', async () => {
    const r = await deploy();
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(summaryOf(r.lines).map((t) => [t.name, t.outcome])).toEqual([
      ['dev', 'succeeded'],
      ['staging', 'succeeded'],
      ['prod', 'succeeded'],
    ]);
    for (const t of FLEET_TARGETS) {
      const one = sets().instanceStack(STAGE1, t.accountId, t.region)!;
      const two = sets().instanceStack(STAGE2, t.accountId, t.region)!;
      const b1 = world.aws.cloudFormation(t.accountId, t.region).stack(one)!;
      const b2 = world.aws.cloudFormation(t.accountId, t.region).stack(two)!;
      const a = world.aws.cloudFormation(SOURCE, t.region).stack('orders-api-source')!;
      expect([t.name, b1.status, b2.status, a.status]).toEqual([t.name, 'CREATE_COMPLETE', 'CREATE_COMPLETE', 'CREATE_COMPLETE']);
      // Account A's stack took the stage-1 instance's outputs; stage 2 runs on stage 1's role and buckets.
      // (account A's fleet stack writes each target's stage-1 outputs into its template)
      expect(a.outputs.Serves!.split(',')).toContain(t.name);
      expect(JSON.stringify(a.template)).toContain(b1.outputs.PipelineRoleArn!);
      expect(b2.parameters.PipelineRoleArn).toBe(b1.outputs.PipelineRoleArn);
      expect(b2.parameters.SourceBucketName).toBe(b1.outputs.SourceBucketName);
      expect(b2.outputs.PipelineName).toBe(`orders-api-${t.name}-pipeline`);
      // The steps between the stages: A's permission on the target's bus, imagedefinitions.zip in its bucket.
      expect(world.aws.eventBridge(t.accountId, t.region).statements()).toEqual([expect.objectContaining({ Principal: { AWS: `arn:aws:iam::${SOURCE}:root` } })]);
    }
    // Order: every stage-1 instance, then account A's stacks, then the stage-2 stack set; wave 1 (dev,
    // staging) before wave 2 (prod) in each stage.
    const ops = (set: string) => sets().operationsOf(set).map((o) => ({ at: o.createdAt, end: o.endedAt!, who: [...o.results.keys()].map((k) => FLEET_TARGETS.find((t) => k.startsWith(t.accountId))!.name) }));
    const sourceWrites = world.aws.calls.filter((c) => c.account === SOURCE && c.command === 'CreateChangeSet').map((c) => c.at);
    for (const set of [STAGE1, STAGE2]) {
      const [w1a, w1b, w2] = ops(set);
      expect([...w1a!.who, ...w1b!.who].sort()).toEqual(['dev', 'staging']);
      expect(w2!.who).toEqual(['prod']);
      expect(w2!.at).toBeGreaterThanOrEqual(Math.max(w1a!.end, w1b!.end));
    }
    expect(Math.max(...ops(STAGE1).map((o) => o.end))).toBeLessThanOrEqual(Math.min(...sourceWrites));
    expect(Math.max(...sourceWrites)).toBeLessThanOrEqual(Math.min(...ops(STAGE2).map((o) => o.at)));
    // The plan came first, then the summary; identities before any write.
    const planAt = r.lines.findIndex((l) => l.type === 'fleet-plan');
    expect(r.lines[planAt]).toMatchObject({ engine: { engine: 'stacksets', why: expect.stringMatching(/^--engine stacksets/) } });
    expect(r.lines.slice(0, planAt).map((l) => l.type)).toEqual(expect.arrayContaining(['identity']));
    expect(r.lines.slice(0, planAt).every((l) => l.type === 'identity')).toBe(true);
    const firstWrite = firstCall((c) => STACKSET_COMMANDS.has(c.command) && c.command.startsWith('Create'));
    expect(world.aws.calls.slice(0, firstWrite).filter((c) => c.command === 'GetCallerIdentity').length).toBeGreaterThanOrEqual(4);
  });

  it("stage 2's pipeline runs on stage 1's role, key and buckets: a pushed image reaches each target's service", async () => {
    pushImagesOnceRepositoriesExist(world);
    expect((await deploy()).code).toBe(0);
    await world.aws.settle();
    for (const t of FLEET_TARGETS) {
      const two = world.aws.cloudFormation(t.accountId, t.region).stack(sets().instanceStack(STAGE2, t.accountId, t.region)!)!;
      const image = world.aws.ecr(SOURCE, t.region).imageOfTag('orders-api', waveTag('latest', t.wave))!;
      expect([t.name, world.aws.codePipeline(t.accountId, t.region).executions(two.outputs.PipelineName!).map((e) => e.status)]).toEqual([t.name, ['Succeeded']]);
      expect(world.aws.ecs(t.accountId, t.region).runningDigests('orders', 'orders-api')).toEqual([image.digest]);
    }
  });

  it('runs with the deployer policies `xacct permissions` prints enforced: every request of each account is allowed', async () => {
    await enforcePrintedDeployerPolicies(world, FLEET_TARGETS);
    const r = await deploy();
    expect(world.aws.identityPolicies.decisions.filter((d) => !d.allowed)).toEqual([]);
    expect(r.code).toBe(0);
    // The calls between the stages were among those checked: the instance's stack and its source bucket.
    const checked = world.aws.identityPolicies.decisions.map((d) => `${d.action} ${d.resource}`);
    expect(checked).toEqual(expect.arrayContaining([expect.stringMatching(/^cloudformation:DescribeStacks .*:stack\/StackSet-orders-api-AccB-pipeline-1-/i), expect.stringMatching(/^s3:PutObject arn:aws:s3:::stackset-orders-api-accb-pipeline-1-/i)]));
  });

  it('a second run writes nothing, asks nothing (no --yes, nobody to answer) and says every target is unchanged', async () => {
    expect((await deploy()).code).toBe(0);
    const before = world.aws.writes().length;
    const r = await world.run('deploy-sequence', '--config', world.configFile, '--engine', 'stacksets');
    expect(r.code).toBe(0);
    expect(world.aws.writes().slice(before).map((c) => `${c.account} ${c.command}`)).toEqual([]);
    for (const t of FLEET_TARGETS) expect(r.out).toMatch(new RegExp(`^  ${t.name} +${t.wave} +${t.region} +unchanged \\(0 changed, \\d+ unchanged\\)$`, 'm'));
  });

  it('a target whose stage-1 instance fails is named (account, region, reason); the others finish: exit 7', async () => {
    world.restore();
    world = fleetWorld({ ...fleetConfig(), stackSets: { permissionModel: 'SELF_MANAGED', maxConcurrentPercentage: 100, failureTolerancePercentage: 50 } });
    const staging = FLEET_TARGETS[1];
    const spec = { stack: '', logicalId: 'PipelineRole', reason: 'Role limit exceeded' };
    Object.defineProperty(spec, 'stack', { get: () => sets().instanceStack(STAGE1, staging.accountId, staging.region) ?? '' });
    world.aws.cloudFormation(staging.accountId, staging.region).failures.push(spec);
    const r = await deploy();
    expect(r.code).toBe(7);
    const summary = summaryOf(r.lines);
    expect(summary.map((t) => [t.name, t.outcome])).toEqual([
      ['dev', 'succeeded'],
      ['staging', 'failed'],
      ['prod', 'succeeded'],
    ]);
    expect(summary[1]!.reason).toBe(`account ${staging.accountId}, ${staging.region}: FAILED: ResourceLogicalId:PipelineRole, ResourceType:AWS::IAM::Role, ResourceStatusReason:Role limit exceeded.`);
    expect(summary.map((t) => [t.name, t.stage1, t.stage2])).toEqual([
      ['dev', 'succeeded', 'succeeded'],
      ['staging', 'failed', 'skipped'],
      ['prod', 'succeeded', 'succeeded'],
    ]);
    // Nothing of staging went on: no account A stack in its region, no stage-2 instance.
    expect(world.aws.cloudFormation(SOURCE, staging.region).stack('orders-api-source')).toBeUndefined();
    expect(sets().instanceStack(STAGE2, staging.accountId, staging.region)).toBeUndefined();
    for (const t of [FLEET_TARGETS[0], FLEET_TARGETS[2]]) expect(sets().instanceStack(STAGE2, t.accountId, t.region)).toBeDefined();
  });

  it("a region of two targets gets account A's fleet stack between the stages, built from both stage-1 instances", async () => {
    world.restore();
    const config = fleetConfig() as { targets: Array<{ name: string; region: string }> };
    config.targets.find((t) => t.name === 'staging')!.region = FLEET_TARGETS[0].region;
    world = fleetWorld({ ...config, stackSets: { permissionModel: 'SELF_MANAGED', maxConcurrentPercentage: 100 } });
    const r = await deploy();
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const a = world.aws.cloudFormation(SOURCE, ADMIN_REGION).stack('orders-api-source')!;
    expect(a.outputs.Serves).toBe('dev,staging');
    for (const t of [FLEET_TARGETS[0], FLEET_TARGETS[1]]) {
      const one = world.aws.cloudFormation(t.accountId, ADMIN_REGION).stack(sets().instanceStack(STAGE1, t.accountId, ADMIN_REGION)!)!;
      // Each target's source role in A trusts that target's stage-1 pipeline role.
      expect(JSON.stringify(a.template)).toContain(one.outputs.PipelineRoleArn);
      expect(sets().instanceStack(STAGE2, t.accountId, ADMIN_REGION)).toBeDefined();
    }
  });

  it("account A's stack failing in one region holds that region's target back from stage 2; the others finish: exit 7", async () => {
    const prod = FLEET_TARGETS[2];
    world.aws.onCall = (c) => {
      if (c.command === 'CreateChangeSet' && c.account === SOURCE && c.region === prod.region) world.aws.fail(1, 'cloudformation', 'CreateChangeSet', 'ValidationError', 'injected refusal', 400);
    };
    const r = await world.run('deploy-sequence', '--config', world.configFile, '--engine', 'stacksets', '--yes');
    expect(r.code).toBe(7);
    expect(r.out).toMatch(/^  prod +2 +eu-central-1 +failed: between the stages: account A's stack in eu-central-1 failed: .*injected refusal/m);
    expect(sets().instanceStack(STAGE1, prod.accountId, prod.region)).toBeDefined();
    expect(sets().instanceStack(STAGE2, prod.accountId, prod.region)).toBeUndefined();
    for (const t of [FLEET_TARGETS[0], FLEET_TARGETS[1]]) expect(r.out).toMatch(new RegExp(`^  ${t.name} +1 +${t.region} +succeeded`, 'm'));
  });

  it('with nobody to confirm and no --yes, nothing is written: exit 5', async () => {
    const r = await world.run('deploy-sequence', '--config', world.configFile, '--engine', 'stacksets');
    expect(r.code).toBe(5);
    expect(r.out).toContain('Nothing was changed: confirm, or run again with --yes.');
    expect(world.aws.writes()).toEqual([]);
  });

  it('a person is asked once for the whole run (stack sets and the steps between the stages)', async () => {
    const io = recordingIo([true]);
    const code = await main(['deploy-sequence', '--config', world.configFile, '--engine', 'stacksets'], io, world.deps);
    expect(code).toBe(0);
    expect(io.questions).toEqual(['Apply the StackSets plan over 3 target(s)?']);
    // Declined: nothing is written.
    const before = world.aws.writes().length;
    const again = recordingIo([false]);
    // A changed value of every target's stage 1: the stack sets would write.
    const changed = { ...fleetConfig(), stackSets: { permissionModel: 'SELF_MANAGED', maxConcurrentPercentage: 100 } } as unknown as { defaults: { pipeline: Record<string, string> } };
    changed.defaults.pipeline.ecsCluster = 'orders-2';
    writeFileSync(world.configFile, dump(changed));
    expect(await main(['deploy-sequence', '--config', world.configFile, '--engine', 'stacksets'], again, world.deps)).toBe(5);
    expect(again.questions).toHaveLength(1);
    expect(world.aws.writes().slice(before)).toEqual([]);
  });

  it('a target whose credentials resolve to another account fails alone, before any write for it', async () => {
    const prod = FLEET_TARGETS[2];
    world.aws.addProfile('team-prod', FLEET_TARGETS[0].accountId);
    Object.assign(process.env, world.aws.writeCredentialsFile());
    const r = await deploy();
    expect(r.code).toBe(7);
    const summary = summaryOf(r.lines);
    expect(summary.map((t) => [t.name, t.outcome])).toEqual([
      ['dev', 'succeeded'],
      ['staging', 'succeeded'],
      ['prod', 'failed'],
    ]);
    expect(summary[2]!.reason).toMatch(/^target\.credentials .* resolve to account 444455556666/);
    expect(sets().instanceStack(STAGE1, prod.accountId, prod.region)).toBeUndefined();
    expect(world.aws.writes().filter((c) => c.region === prod.region)).toEqual([]);
  });

  it('service-managed, account A a delegated administrator: the stack sets are administered with CallAs DELEGATED_ADMIN', async () => {
    world.restore();
    world = fleetWorld({ ...fleetConfig(), stackSets: { permissionModel: 'SERVICE_MANAGED', organizationalUnitIds: ['ou-abcd-12345678'], administration: 'DELEGATED_ADMIN', maxConcurrentPercentage: 100 } });
    world.aws.organization.managementAccount = '999999999999';
    for (const t of FLEET_TARGETS) world.aws.organization.place(t.accountId, 'ou-abcd-12345678');
    world.aws.organization.delegatedAdministrators.add(SOURCE);
    const r = await deploy();
    expect(r.code).toBe(0);
    expect(summaryOf(r.lines).map((t) => t.outcome)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    for (const t of FLEET_TARGETS) expect(sets().instanceStack(STAGE2, t.accountId, t.region)).toBeDefined();
  });

  it('throttling on many calls is retried and never fails the run', async () => {
    let n = 0;
    world.aws.onCall = () => {
      // Every third call, in every account and region, answers Rate exceeded.
      if (n++ % 3 === 0) world.aws.throttle(1);
    };
    const r = await deploy();
    expect(r.code).toBe(0);
    const throttled = world.aws.calls.filter((c) => /Throttl|SlowDown/.test(c.error ?? ''));
    expect(throttled.filter((c) => STACKSET_COMMANDS.has(c.command)).length).toBeGreaterThan(10);
    expect(summaryOf(r.lines).every((t) => t.outcome === 'succeeded')).toBe(true);
  });
});

describe('--engine auto', () => {
  it('picks the targets engine for a small fleet in one organization, and plan and deploy-sequence say why', async () => {
    world.restore();
    world = fleetWorld({ ...fleetConfig(), stackSets: { permissionModel: 'SERVICE_MANAGED', organizationalUnitIds: ['ou-abcd-12345678'] } });
    const why = 'auto: 3 targets, at most 30: the targets engine (a stack-set pass has a fixed cost of about 30 minutes)';
    const offline = await world.run('plan', '--config', world.configFile, '--offline', '--json');
    expect(JSON.parse(offline.out).engine).toEqual({ engine: 'targets', why });
    const online = await world.run('plan', '--config', world.configFile);
    expect(online.out.split('\n')[0]).toBe(`Engine: ${why}`);
    const r = await world.run('deploy-sequence', '--config', world.configFile, '--engine', 'auto', '--yes');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`Engine: ${why}`);
    expect(world.aws.calls.filter((c) => STACKSET_COMMANDS.has(c.command))).toEqual([]);
    for (const t of FLEET_TARGETS) expect(world.aws.cloudFormation(t.accountId, t.region).stack('orders-api-target')!.tags['xacct:template']).toBe('AccB-pipeline-2');
  });

  it('plan --engine stacksets, online or offline, says the engine in its first line and in --json', async () => {
    const online = await world.run('plan', '--config', world.configFile, '--engine', 'stacksets', '--json');
    expect(online.code).toBe(0);
    const shown = JSON.parse(online.out) as { offline: boolean; engine: unknown; operations: Array<{ kind: string; stage?: number; parameters?: Record<string, string> }> };
    expect(shown).toMatchObject({ offline: false, engine: { engine: 'stacksets', why: expect.stringMatching(/^--engine stacksets: SELF_MANAGED stack sets/) } });
    // Stage 2 is a stack of its own: it takes the stage-1 instance's outputs.
    expect(shown.operations.find((o) => o.kind === 'CreateStackSet' && o.stage === 2)!.parameters).toMatchObject({ PipelineRoleArn: "(output PipelineRoleArn of the target's stage-1 instance)", SourceBucketName: "(output SourceBucketName of the target's stage-1 instance)" });
    const offline = await world.run('plan', '--config', world.configFile, '--engine', 'stacksets', '--offline');
    expect(offline.out.split('\n')[0]).toMatch(/^StackSets plan for deployment orders-api, 3 targets \(offline: against empty accounts\)\. Engine: --engine stacksets: SELF_MANAGED/);
  });
});
