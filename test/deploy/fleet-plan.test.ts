/**
 * `xacct plan --offline` of a config with several targets (examples/fleet.yaml), through the CLI:
 * every step names its target (or the targets account A's stack serves), account and region, and the
 * order respects what the accounts need of each other, checked from the steps' own data rather than
 * against a written-out list.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import { fleetDoc, targetName } from '../targets/fleet-world';

interface Step {
  id: string;
  kind: string;
  account: 'source' | 'target';
  accountId: string;
  region: string;
  action: string;
  template?: string;
  target?: string;
  serves?: string[];
  dependsOn: string[];
  parameters?: Record<string, { value?: string; fromStack?: string; output?: string; accountId?: string; region?: string }>;
  parametersByTarget?: Record<string, Record<string, unknown>>;
}

const FLEET_FILE = 'examples/fleet.yaml';
const FLEET = load(readFileSync(FLEET_FILE, 'utf8')) as { targets: Array<{ name: string; accountId: string; region?: string }>; defaults: { region: string } };
const regionOf = (name: string) => FLEET.targets.find((t) => t.name === name)!.region ?? FLEET.defaults.region;
const accountOf = (name: string) => FLEET.targets.find((t) => t.name === name)!.accountId;
const SOURCE = '111122223333';

async function plan(...args: string[]) {
  const io = recordingIo();
  const code = await main(['plan', '--config', FLEET_FILE, ...args], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

async function planSteps(...args: string[]): Promise<Step[]> {
  const r = await plan('--offline', '--json', ...args);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out).steps;
}

const stage1 = (s: Step) => s.kind === 'deploy-stack' && s.template === 'AccB-pipeline-1';
const stage2 = (s: Step) => s.kind === 'deploy-stack' && s.template === 'AccB-pipeline-2';
/** Account A's stack of a region: AccA-fleet stacks in every region of a fleet (AccA-pipeline for a fleet of one). */
const sourceStack = (s: Step) => s.kind === 'deploy-stack' && (s.template === 'AccA-pipeline' || s.template === 'AccA-fleet');

/** Every dependency between accounts the sequence has, as "a before b" over the plan's steps. */
function violations(steps: Step[]): string[] {
  const at = (s: Step) => steps.indexOf(s);
  const found: string[] = [];
  const before = (a: Step | undefined, b: Step, why: string) => {
    if (!a) found.push(`${b.id}: nothing to come after (${why})`);
    else if (at(a) > at(b)) found.push(`${a.id} must come before ${b.id}: ${why}`);
  };
  for (const a of steps.filter(sourceStack)) {
    for (const s of steps.filter((x) => stage1(x) && x.region === a.region)) before(s, a, "account A's stack takes the outputs of stage 1 of every target of its region");
  }
  for (const s of steps.filter((x) => x.target !== undefined && !stage1(x))) {
    before(steps.find((a) => sourceStack(a) && a.region === s.region), s, "it reads account A's stack of its region");
    before(steps.find((a) => sourceStack(a) && a.serves!.includes(s.target!)), s, "it needs its source role and rule, in the account A stack that serves it");
  }
  for (const s of steps.filter(stage2)) {
    const own = steps.filter((x) => x.target === s.target && x !== s);
    for (const kind of ['put-events-permission', 'upload-image-definitions', 'check-image']) {
      before(own.find((x) => x.kind === kind), s, 'the pipeline stage 2 creates starts at once and needs its sources');
    }
    before(own.find(stage1), s, 'stage 2 updates the stack stage 1 creates');
  }
  // The dependencies the plan states itself come first too.
  for (const s of steps) for (const d of s.dependsOn) before(steps.find((x) => x.id === d), s, `${s.id} names ${d}`);
  return found;
}

describe('xacct plan --offline of a fleet', () => {
  it('lists every target step with its target, account and region, and account A once per region', async () => {
    const steps = await planSteps();
    expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);
    for (const s of steps.filter((x) => x.target !== undefined)) {
      expect(s.region).toBe(regionOf(s.target!));
      expect(s.accountId).toBe(s.account === 'target' ? accountOf(s.target!) : SOURCE);
    }
    const shared = steps.filter((s) => s.target === undefined);
    expect(shared.map((s) => [s.accountId, s.region, s.serves])).toEqual([
      [SOURCE, 'eu-west-1', ['dev', 'staging']],
      [SOURCE, 'us-east-1', ['prod']],
    ]);
    expect(shared.every(sourceStack)).toBe(true);
    // Six steps per target, as for one deployment, with account A's stacks shared.
    for (const t of FLEET.targets) expect(steps.filter((s) => s.target === t.name)).toHaveLength(5);
  });

  it('orders the steps by what the accounts need of each other', async () => {
    expect(violations(await planSteps())).toEqual([]);
  });

  it('the order check finds a step moved before what it needs', async () => {
    const steps = await planSteps();
    const a = steps.findIndex(sourceStack);
    const moved = [steps[a]!, ...steps.slice(0, a), ...steps.slice(a + 1)];
    expect(violations(moved)).toContain(`dev:target-foundation must come before ${steps[a]!.id}: account A's stack takes the outputs of stage 1 of every target of its region`);
  });

  it('names the account and region of every stack output a step takes: every target has a stack of the same name', async () => {
    const steps = await planSteps();
    const prod2 = steps.find((s) => s.target === 'prod' && stage2(s))!;
    expect(prod2.parameters!.RepositoryName).toEqual({ fromStack: 'orders-api-source', output: 'RepositoryName', accountId: SOURCE, region: 'us-east-1' });
    const a = steps.find((s) => sourceStack(s) && s.region === 'eu-west-1')!;
    expect(a.parametersByTarget!.staging!.PipelineRoleArn).toEqual({ fromStack: 'orders-api-target', output: 'PipelineRoleArn', accountId: '555566667777', region: 'eu-west-1' });
    expect(Object.keys(a.parametersByTarget!)).toEqual(['dev', 'staging']);
  });

  it('--targets prod plans prod alone, with the account A stack of its region', async () => {
    const steps = await planSteps('--targets', 'prod');
    expect([...new Set(steps.map((s) => s.target ?? `A@${s.region}`))]).toEqual(['prod', 'A@us-east-1']);
    expect(violations(steps)).toEqual([]);
  });

  it("--targets dev keeps account A's stack serving every target of the region, and needs only dev's stage 1", async () => {
    const steps = await planSteps('--targets', 'dev');
    const a = steps.find(sourceStack)!;
    expect(a.serves).toEqual(['dev', 'staging']);
    expect(a.dependsOn).toEqual(['dev:target-foundation']);
    expect(steps.filter((s) => s.target === 'staging')).toEqual([]);
  });

  it('--wave 2 plans the targets of wave 2', async () => {
    const steps = await planSteps('--wave', '2');
    expect([...new Set(steps.flatMap((s) => (s.target ? [s.target] : [])))]).toEqual(['staging']);
  });

  it('lists waves in order, whatever the order of the config', async () => {
    const doc = load(readFileSync(FLEET_FILE, 'utf8')) as { targets: unknown[] };
    doc.targets.reverse();
    const file = join(mkdtempSync(join(tmpdir(), 'xacct-fleet-plan-')), 'fleet.yaml');
    writeFileSync(file, dump(doc));
    const io = recordingIo();
    expect(await main(['plan', '--config', file, '--offline', '--json'], io)).toBe(0);
    const steps: Step[] = JSON.parse(io.stdout()).steps;
    expect(steps.filter(stage2).map((s) => s.target)).toEqual(['dev', 'staging', 'prod']);
    expect(violations(steps)).toEqual([]);
  });

  it('refuses a target the config does not have, and a wave no target is in (exit 2)', async () => {
    const r = await plan('--offline', '--targets', 'dev,qa');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--targets names qa, which the config does not have: its targets are dev, staging, prod.');
    const w = await plan('--offline', '--wave', '9');
    expect(w.code).toBe(2);
    expect(w.err).toContain("no target is in wave 9: the config's waves are 1, 2, 3.");
  });

  it('plans a fleet against AWS only where the accounts answer: with no credentials at all, it says so and plans nothing', async () => {
    const r = await plan();
    expect(r.code).toBe(6);
    expect(r.out).toBe('');
  });

  it('the human form names each step\'s target, or the targets account A\'s stack serves', async () => {
    const r = await plan('--offline');
    expect(r.code).toBe(0);
    expect(r.out).toContain('3 targets: dev (wave 1, account 444455556666, eu-west-1), staging (wave 2, account 555566667777, eu-west-1), prod (wave 3, account 777788889999, us-east-1)');
    expect(r.out).toMatch(/\d+\. \[account A for dev, staging\] create\s+stack orders-api-source with AccA-fleet in account 111122223333 \(source\) in eu-west-1/);
    expect(r.out).toMatch(/\d+\. \[account A for prod\] create\s+stack orders-api-source with AccA-fleet in account 111122223333 \(source\) in us-east-1/);
    expect(r.out).toMatch(/\d+\. \[prod\] update\s+stack orders-api-target with AccB-pipeline-2 in account 777788889999 \(target\) in us-east-1/);
  });
});

describe("xacct plan --offline of a region whose targets need several account A stacks", () => {
  /** A config of `count` targets in eu-west-1, with the profiles the tests' AWS config file has. */
  function bigFleet(count: number, organizationId?: string): string {
    const doc = fleetDoc({ count, ...(organizationId ? { organizationId } : {}) }) as { source: { credentials: unknown }; targets: Array<{ credentials: unknown }> };
    doc.source.credentials = { profile: 'orders-source-admin' };
    for (const t of doc.targets) t.credentials = { profile: 'orders-dev-admin' };
    const file = join(mkdtempSync(join(tmpdir(), 'xacct-fleet-plan-')), 'fleet.yaml');
    writeFileSync(file, dump(doc));
    return file;
  }
  const run = async (file: string, ...args: string[]) => {
    const io = recordingIo();
    const code = await main(['plan', '--config', file, '--offline', ...args], io);
    return { code, out: io.stdout(), err: io.stderr() };
  };

  it('40 targets: stacks orders-api-source, -2, -3 serving 12, 18 and 10 targets, each target after the stack that serves it', async () => {
    const r = await run(bigFleet(40), '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const steps: Step[] = JSON.parse(r.out).steps;
    const a = steps.filter(sourceStack);
    expect(a.map((s) => [s.id, (s as unknown as { stack: string }).stack, s.template, s.serves!.length])).toEqual([
      ['source@eu-west-1:source-stack', 'orders-api-source', 'AccA-fleet', 12],
      ['source@eu-west-1:source-stack-2', 'orders-api-source-2', 'AccA-fleet', 18],
      ['source@eu-west-1:source-stack-3', 'orders-api-source-3', 'AccA-fleet', 10],
    ]);
    expect(a.flatMap((s) => s.serves)).toEqual(Array.from({ length: 40 }, (_v, i) => targetName(i)));
    expect(a.map((s) => Object.keys(s.parameters!))).toEqual([['RepositoryName', 'ImageTag', 'KeepUntaggedImages'], ['RepositoryName', 'ImageTag'], ['RepositoryName', 'ImageTag']]);
    // Each stack names the stage-1 outputs it takes, of its own targets only.
    expect(Object.keys(a[2]!.parametersByTarget!)).toEqual(a[2]!.serves);
    expect(a[2]!.parametersByTarget![targetName(39)]!.ArtifactKeyArn).toEqual({ fromStack: 'orders-api-target', output: 'ArtifactKeyArn', accountId: '200000000039', region: 'eu-west-1' });
    // The plan is data: no template body in it.
    expect(r.out).not.toContain('AWSTemplateFormatVersion');
    const last = steps.find((s) => s.target === targetName(39) && stage2(s))!;
    expect(last.dependsOn).toEqual(expect.arrayContaining(['source@eu-west-1:source-stack', 'source@eu-west-1:source-stack-3']));
    expect(last.dependsOn).not.toContain('source@eu-west-1:source-stack-2');
    expect(violations(steps)).toEqual([]);
  });

  it('200 targets without source.organizationId: refused before any call, naming the limit, the size and the fix (exit 2)', async () => {
    const r = await run(bigFleet(200));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the repository policy of account A in eu-west-1 would list 200 execution roles in \d+ characters; ECR takes at most 10240 \(SetRepositoryPolicy\)\. Set source\.organizationId/);
  });

  it('200 targets with source.organizationId: 12 stacks', async () => {
    const r = await run(bigFleet(200, 'o-a1b2c3d4e5'), '--json');
    expect(r.code).toBe(0);
    const a = (JSON.parse(r.out).steps as Step[]).filter(sourceStack);
    expect(a.map((s) => (s as unknown as { stack: string }).stack)).toEqual(Array.from({ length: 12 }, (_v, i) => (i === 0 ? 'orders-api-source' : `orders-api-source-${i + 1}`)));
  });
});

describe('xacct plan of a single-target config with --targets or --wave', () => {
  const run = async (...args: string[]) => {
    const io = recordingIo();
    const code = await main(['plan', '--config', 'examples/deployment.yaml', '--offline', '--json', ...args], io);
    return { code, out: io.stdout(), err: io.stderr() };
  };

  it('is the fleet of one named after the deployment: the same plan', async () => {
    const plain = await run();
    expect(await run('--targets', 'orders-api')).toEqual(plain);
    expect(await run('--wave', '1')).toEqual(plain);
  });

  it('refuses another name', async () => {
    const r = await run('--targets', 'prod');
    expect(r.code).toBe(2);
    expect(r.err).toContain('its targets are orders-api.');
  });
});
