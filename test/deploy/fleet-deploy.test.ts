/**
 * `xacct deploy-sequence` of a fleet through the CLI against the fake AWS: three targets, one per
 * region, in two waves. The end state in every account, a re-run without a write, one target's
 * failure leaving the others deployed (exit 7), throttling that never fails the run, --targets and
 * --wave, and the order of the calls against the plan's dependsOn.
 */
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import { FLEET_TARGETS, fleetConfig, fleetWorld, SOURCE, type FleetLine, type FleetWorld } from '../helpers/fleet-world';

let world: FleetWorld;
beforeEach(() => {
  world = fleetWorld();
});
afterEach(() => world.restore());

const deploy = (...args: string[]) => world.run('deploy-sequence', '--config', world.configFile, '--yes', '--json', ...args);
const summaryOf = (lines: Array<Record<string, any>>) => lines.find((l) => l.type === 'fleet-finished')?.targets as Array<{ name: string; outcome: string; reason?: string }>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('xacct deploy-sequence over a fleet', () => {
  it('deploys every target in its region, and account A once per region', async () => {
    const r = await deploy();
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const t of FLEET_TARGETS) {
      const b = world.aws.cloudFormation(t.accountId, t.region).stack('orders-api-target')!;
      const a = world.aws.cloudFormation(SOURCE, t.region).stack('orders-api-source')!;
      expect([t.name, b.status, b.tags['xacct:template']]).toEqual([t.name, 'UPDATE_COMPLETE', 'AccB-pipeline-2']);
      // Account A's fleet stack of the region, even with one target there: it serves that target.
      expect([t.name, a.status, a.tags['xacct:template'], a.outputs.Serves]).toEqual([t.name, 'CREATE_COMPLETE', 'AccA-fleet', t.name]);
      expect(world.aws.eventBridge(t.accountId, t.region).statements()).toEqual([expect.objectContaining({ Principal: { AWS: `arn:aws:iam::${SOURCE}:root` } })]);
    }
    expect(summaryOf(r.lines).map((t) => [t.name, t.outcome])).toEqual([
      ['dev', 'succeeded'],
      ['staging', 'succeeded'],
      ['prod', 'succeeded'],
    ]);
  });

  it('a second run over a deployed fleet makes no write, and says every target is unchanged', async () => {
    expect((await deploy()).code).toBe(0);
    const before = world.aws.writes().length;
    const r = await world.run('deploy-sequence', '--config', world.configFile, '--yes');
    expect(r.code).toBe(0);
    expect(world.aws.writes().slice(before)).toEqual([]);
    for (const t of FLEET_TARGETS) expect(r.out).toMatch(new RegExp(`^  ${t.name} +${t.wave} +${t.region} +unchanged \\(0 changed, 6 unchanged\\)$`, 'm'));
    // Each progress line says whose it is.
    expect(r.out).toMatch(/^\[staging\] \[\d+\/\d+\] staging:target-pipeline: /m);
    expect(r.out).toMatch(/^\[account A us-east-1\] \[\d+\/\d+\] source@us-east-1:source-stack: /m);
  });

  it("one target whose stage 1 fails stops only that target: the others deploy, exit 7, and the summary names it", async () => {
    const staging = FLEET_TARGETS[1];
    world.aws.onCall = (c) => {
      // CloudFormation refuses staging's stage-1 change set (a ValidationError: not retried).
      if (c.command === 'CreateChangeSet' && c.account === staging.accountId) world.aws.fail(1, 'cloudformation', 'CreateChangeSet', 'ValidationError', 'Template error: injected', 400);
    };
    const r = await deploy();
    expect(r.code).toBe(7);
    const summary = summaryOf(r.lines);
    expect(summary.map((t) => [t.name, t.outcome])).toEqual([
      ['dev', 'succeeded'],
      ['staging', 'failed'],
      ['prod', 'succeeded'],
    ]);
    expect(summary[1].reason).toMatch(/^staging:target-foundation: .*injected/);
    // Nothing of staging's later steps ran: account A's stack of its region was not even asked for.
    expect(world.aws.cloudFormation(SOURCE, staging.region).stack('orders-api-source')).toBeUndefined();
    expect(world.aws.calls.filter((c) => c.account === SOURCE && c.region === staging.region && c.service === 'cloudformation' && c.command === 'CreateChangeSet')).toEqual([]);
    for (const t of [FLEET_TARGETS[0], FLEET_TARGETS[2]]) expect(world.aws.cloudFormation(t.accountId, t.region).stack('orders-api-target')!.tags['xacct:template']).toBe('AccB-pipeline-2');
  });

  it("account A's stack failing in one region stops that region's target (not run), the others deploy", async () => {
    const prod = FLEET_TARGETS[2];
    world.aws.onCall = (c) => {
      if (c.command === 'CreateChangeSet' && c.account === SOURCE && c.region === prod.region) world.aws.fail(1, 'cloudformation', 'CreateChangeSet', 'ValidationError', 'injected refusal', 400);
    };
    const r = await world.run('deploy-sequence', '--config', world.configFile, '--yes');
    expect(r.code).toBe(7);
    expect(r.out).toMatch(/^  prod +2 +eu-central-1 +not run: account A's stack in eu-central-1 failed: .*injected refusal/m);
    expect(world.aws.cloudFormation(prod.accountId, prod.region).stack('orders-api-target')!.tags['xacct:template']).toBe('AccB-pipeline-1');
  });

  it('a target whose credentials resolve to another account fails alone, before anything of it is written', async () => {
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
    expect(summary[2].reason).toMatch(/^target\.credentials .* resolve to account 444455556666/);
    expect(world.aws.writes().filter((c) => c.region === prod.region)).toEqual([]);
  });

  it('every target failing is exit 4', async () => {
    world.aws.onCall = (c) => {
      if (c.command === 'CreateChangeSet') world.aws.fail(1, 'cloudformation', 'CreateChangeSet', 'ValidationError', 'injected', 400);
    };
    const r = await deploy();
    expect(r.code).toBe(4);
    expect(summaryOf(r.lines).map((t) => t.outcome)).toEqual(['failed', 'failed', 'failed']);
    expect(world.aws.writes().filter((c) => c.error === undefined)).toEqual([]);
  });

  it('throttling on many calls is retried and never fails the run', async () => {
    let n = 0;
    world.aws.onCall = () => {
      // Every third call, in every account and region, answers Rate exceeded.
      if (n++ % 3 === 0) world.aws.throttle(1);
    };
    const r = await deploy('--concurrency', '8');
    expect(r.code).toBe(0);
    const throttled = world.aws.calls.filter((c) => /Throttl|SlowDown/.test(c.error ?? ''));
    expect(throttled.length).toBeGreaterThan(50);
    expect(summaryOf(r.lines).every((t) => t.outcome === 'succeeded')).toBe(true);
  });

  it('--targets and --wave limit the run to those targets (and account A in their regions)', async () => {
    const dev = FLEET_TARGETS[0];
    let r = await deploy('--targets', 'dev');
    expect(r.code).toBe(0);
    expect(summaryOf(r.lines).map((t) => t.name)).toEqual(['dev']);
    expect([...new Set(world.aws.writes().map((c) => `${c.account}@${c.region}`))].sort()).toEqual([`${SOURCE}@${dev.region}`, `${dev.accountId}@${dev.region}`].sort());
    const before = world.aws.calls.length;
    r = await deploy('--wave', '2');
    expect(r.code).toBe(0);
    expect(summaryOf(r.lines).map((t) => t.name)).toEqual(['prod']);
    const prod = FLEET_TARGETS[2];
    expect([...new Set(world.aws.calls.slice(before).map((c) => `${c.account}@${c.region}`))].sort()).toEqual([`${SOURCE}@${prod.region}`, `${prod.accountId}@${prod.region}`].sort());
    // An unknown target is refused before any AWS call.
    const calls = world.aws.calls.length;
    r = await deploy('--targets', 'qa');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--targets names qa, which the config does not have');
    expect(world.aws.calls.length).toBe(calls);
  });

  it('runs each step only after the steps it depends on, as the calls to AWS show', async () => {
    const r = await deploy('--concurrency', '8');
    expect(r.code).toBe(0);
    const steps = r.lines.find((l) => l.type === 'fleet-plan')!.plan.steps as Array<{ id: string; dependsOn: string[] }>;
    const at = (type: string, id: string) => r.lines.findIndex((l) => l.type === type && (l.stepId ?? l.step?.id) === id);
    for (const s of steps) for (const d of s.dependsOn) expect({ step: s.id, after: d, ok: at('step-finished', d) < at('step-started', s.id) }).toEqual({ step: s.id, after: d, ok: true });
    // The calls agree: in each region account A's first change set comes after the target's stage 1
    // was executed, and stage 2's after the bus permission and the upload.
    const calls = world.aws.calls;
    const first = (pred: (c: (typeof calls)[number]) => boolean) => calls.findIndex(pred);
    for (const t of FLEET_TARGETS) {
      const inB = (command: string) => (c: (typeof calls)[number]) => c.account === t.accountId && c.region === t.region && c.command === command;
      const stage1 = first(inB('ExecuteChangeSet'));
      const source = first((c) => c.account === SOURCE && c.region === t.region && c.command === 'CreateChangeSet');
      const stage2 = calls.findIndex((c, i) => i > stage1 && inB('CreateChangeSet')(c));
      expect(stage1).toBeLessThan(source);
      expect(first(inB('PutPermission'))).toBeLessThan(stage2);
      expect(first(inB('PutObject'))).toBeLessThan(stage2);
      expect(source).toBeLessThan(first(inB('PutPermission')));
    }
    // More than one target ran at a time (the regions' steps overlap), never two stack operations in one account and region.
    const started = r.lines.filter((l) => l.type === 'step-started').map((l) => l.target ?? l.region);
    expect(new Set(started.slice(0, 3)).size).toBeGreaterThan(1);
    const stackOps = r.lines.flatMap((l, i) => (l.type === 'step-started' && l.step.kind === 'deploy-stack' ? [{ id: l.step.id, lock: `${l.step.accountId}@${l.step.region}`, from: i, to: at('step-finished', l.step.id) }] : []));
    const overlapping = stackOps.filter((a) => stackOps.some((b) => a !== b && a.lock === b.lock && b.from > a.from && b.from < a.to));
    expect(overlapping).toEqual([]);
  });

  it('without --yes and nobody to ask, the plan is shown once and nothing is written (exit 5)', async () => {
    const r = await world.run('deploy-sequence', '--config', world.configFile);
    expect(r.code).toBe(5);
    expect(r.out).toContain('Plan for deployment orders-api, 3 targets');
    expect(r.out).toContain('Nothing was changed: confirm, or run again with --yes.');
    expect(world.aws.writes()).toEqual([]);
  });

  it('asks once for the whole fleet, then applies every stack without asking again', async () => {
    const io = recordingIo([true], true);
    expect(await main(['deploy-sequence', '--config', world.configFile], io, world.deps)).toBe(0);
    expect(io.questions).toEqual([expect.stringMatching(/^Apply \d+ change\(s\) over 3 target\(s\)\?$/)]);
    // Each change set is still shown as its stack is applied.
    expect(io.stdout()).toMatch(/^\[dev\]\s+\d+ change\(s\) to orders-api-target:$/m);
  });

  it('a "no" to that one question writes nothing (exit 5)', async () => {
    const io = recordingIo([false], true);
    expect(await main(['deploy-sequence', '--config', world.configFile], io, world.deps)).toBe(5);
    expect(io.questions).toHaveLength(1);
    expect(world.aws.writes()).toEqual([]);
  });

  it("a region of two targets gets account A's fleet stack serving both: every target deploys, and a re-run writes nothing", async () => {
    world.restore();
    // GIVEN staging moved into dev's region: account A's stack there serves both.
    const config = fleetConfig() as { targets: Array<Record<string, unknown>> };
    config.targets[1]!.region = 'eu-west-1';
    world = fleetWorld(config);
    const r = await deploy();
    expect(r.err).not.toMatch(/failed/);
    expect(r.code).toBe(0);
    expect(summaryOf(r.lines).map((t: FleetLine) => [t.name, t.outcome])).toEqual([
      ['dev', 'succeeded'],
      ['staging', 'succeeded'],
      ['prod', 'succeeded'],
    ]);
    // One stack of account A in eu-west-1, from the fleet template, serving both; each target's own source role.
    const source = world.aws.cloudFormation(SOURCE, 'eu-west-1').stack('orders-api-source')!;
    expect(source.outputs.Serves).toBe('dev,staging');
    for (const t of FLEET_TARGETS.slice(0, 2)) {
      expect(world.aws.cloudFormation(t.accountId, 'eu-west-1').stack('orders-api-target')!.tags['xacct:template']).toBe('AccB-pipeline-2');
    }
    const before = world.aws.writes().length;
    const again = await deploy();
    expect(again.code).toBe(0);
    expect(summaryOf(again.lines).every((t: FleetLine) => t.outcome === 'unchanged')).toBe(true);
    expect(world.aws.writes().slice(before)).toEqual([]);
  });

  it('Ctrl-C stops the whole fleet run (exit 130), and the next run finishes it', async () => {
    const controller = new AbortController();
    world.deps.signal = controller.signal;
    world.aws.onCall = (c) => {
      if (c.command === 'ExecuteChangeSet') controller.abort();
    };
    const r = await deploy();
    expect(r.code).toBe(130);
    expect(summaryOf(r.lines)).toBeUndefined();
    world.aws.onCall = undefined;
    delete world.deps.signal;
    const again = await deploy();
    expect(again.code).toBe(0);
    expect(summaryOf(again.lines).every((t) => t.outcome === 'succeeded')).toBe(true);
  });
});
