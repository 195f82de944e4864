/**
 * Account A's fleet stacks deployed the way the fleet runner deploys them: each returned stack as a
 * stack of its own (OwnStackStep) through the engine's deploy-stack step, the real SDK over the fake
 * AWS. Then a push of each wave's tag reaches the default buses of that wave's targets, and no other.
 */
import { accountPorts } from '../../scripts/aws/clients';
import { collectFleetStatus } from '../../scripts/status/fleet-status';
import { fleetSourceStacks, type DeployedFleetStack, type FleetSourceStack } from '../../scripts/deploy/fleet-source';
import type { AccountPorts } from '../../scripts/aws/ports';
import { createRunContext } from '../../scripts/deploy/run-steps';
import { deployStack, type OwnStackStep } from '../../scripts/deploy/steps/deploy-stack';
import { FLEET_TEMPLATE } from '../../templates-src/acc-a-fleet';
import { waveTag } from '../../templates-src/wave-tag';
import { FakeAws } from '../fake-aws/fake-aws';
import { fleetTargets, REGION, SOURCE_ACCOUNT, stageOneOutputs } from './fleet-world';

// 14 targets: two stacks (12 in the first, with the repository; 2 in the second), two waves.
const targets = fleetTargets({ count: 14 });

const portsOf = (aws: FakeAws): AccountPorts => {
  const key = aws.addUser(SOURCE_ACCOUNT);
  return accountPorts({ region: REGION, credentials: async () => ({ accessKeyId: key, secretAccessKey: 'x' }), requestHandler: aws.requestHandler, sleep: (ms) => aws.clock.sleep(ms) });
};

async function deployAll(aws: FakeAws, stacks: FleetSourceStack[]): Promise<string[]> {
  const ports = portsOf(aws);
  const outcomes: string[] = [];
  for (const [i, s] of stacks.entries()) {
    const step: OwnStackStep = {
      id: `source-stack-${i + 1}`,
      kind: 'deploy-stack',
      account: 'source',
      accountId: SOURCE_ACCOUNT,
      region: REGION,
      action: 'create',
      reason: `account A's stack ${i + 1}`,
      stack: s.stackName,
      template: FLEET_TEMPLATE,
      parameters: Object.fromEntries(Object.entries(s.parameters).map(([n, v]) => [n, { value: v }])),
      capabilities: s.artifact.capabilities,
      artifact: s.artifact,
    };
    const ctx = createRunContext(targets.find((t) => s.serves.includes(t.name))?.config ?? targets[0]!.config, { aws: { source: ports, target: ports }, clock: aws.clock, emit: () => undefined, yes: true }, () => step.id);
    const result = await deployStack(ctx, step);
    outcomes.push(`${s.stackName}: ${result.outcome}`);
  }
  return outcomes;
}

it("deploys every stack, and a push of a wave's tag reaches exactly that wave's targets' buses", async () => {
  const aws = new FakeAws([SOURCE_ACCOUNT, ...targets.map((t) => t.target.accountId)]);
  const stacks = fleetSourceStacks(REGION, targets, stageOneOutputs);
  expect(stacks.map((s) => s.serves.length)).toEqual([12, 2]);
  expect(await deployAll(aws, stacks)).toEqual(['orders-api-source: created', 'orders-api-source-2: created']);

  const busOf = (t: (typeof targets)[number]) => `arn:aws:events:${REGION}:${t.target.accountId}:event-bus/default`;
  for (const wave of [1, 2]) {
    const before = aws.deliveries.length;
    aws.ecr(SOURCE_ACCOUNT).pushImage('orders-api', waveTag('latest', wave));
    await aws.settle();
    const reached = aws.deliveries.slice(before).filter((d) => d.outcome === 'delivered').map((d) => d.target);
    expect(reached.sort()).toEqual(targets.filter((t) => t.wave === wave).map(busOf).sort());
  }
  // A release tag is not tracked: nothing is forwarded.
  const before = aws.deliveries.length;
  aws.ecr(SOURCE_ACCOUNT).pushImage('orders-api', 'v1.4.2');
  await aws.settle();
  expect(aws.deliveries.slice(before)).toEqual([]);
});

it('a later deploy keeps every target in the stack that holds its role (read back from the Serves outputs), and a new target takes the place a removed one left', async () => {
  const many = fleetTargets({ count: 15 });
  const before = many.slice(0, 14);
  const aws = new FakeAws([SOURCE_ACCOUNT, ...many.map((t) => t.target.accountId)]);
  const first = fleetSourceStacks(REGION, before, stageOneOutputs);
  await deployAll(aws, first);
  const ports = portsOf(aws);
  const deployed: DeployedFleetStack[] = [];
  for (const s of first) {
    const live = await ports.cloudFormation.describeStack(s.stackName);
    deployed.push({ stackName: s.stackName, serves: live!.outputs.Serves!.split(',') });
  }
  expect(deployed.map((d) => d.serves)).toEqual(first.map((s) => s.serves));

  // t003 leaves, t014 joins at the end of the list.
  const after = [...many.slice(0, 3), ...many.slice(4)];
  const second = fleetSourceStacks(REGION, after, stageOneOutputs, deployed);
  expect(second.map((s) => s.serves)).toEqual([[...first[0]!.serves.filter((n) => n !== many[3]!.name), many[14]!.name], first[1]!.serves]);
  // Without the deployed stacks (a plan, config order) t012 would move into the first stack.
  expect(fleetSourceStacks(REGION, after, stageOneOutputs)[0]!.serves).toContain(many[12]!.name);
  expect(await deployAll(aws, second)).toEqual(['orders-api-source: updated', 'orders-api-source-2: no-change']);
});

it("status --drift reads each target's drift on the fleet stack that serves it, once per stack for the targets it serves", async () => {
  const aws = new FakeAws([SOURCE_ACCOUNT, ...targets.map((t) => t.target.accountId)]);
  const stacks = fleetSourceStacks(REGION, targets, stageOneOutputs);
  await deployAll(aws, stacks);
  const [inFirst, inSecond] = [stacks[0]!.serves.at(-1)!, stacks[1]!.serves[0]!];
  // GIVEN a source role of the second stack deleted by hand.
  aws.cloudFormation(SOURCE_ACCOUNT).driftResource('orders-api-source-2', `SourceRole${inSecond.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())}`, { status: 'DELETED' });
  const keys = new Map<string, string>();
  const ports = (account: string) =>
    accountPorts({ region: REGION, credentials: async () => ({ accessKeyId: keys.get(account) ?? keys.set(account, aws.addUser(account)).get(account)!, secretAccessKey: 'x' }), requestHandler: aws.requestHandler, sleep: (ms) => aws.clock.sleep(ms) });
  const selected = targets.filter((t) => [inFirst, inSecond, stacks[1]!.serves[1]!].includes(t.name));
  const before = aws.callsOf('DetectStackDrift').length;
  const report = await collectFleetStatus('orders-api', selected, async (t) => ({ source: ports(SOURCE_ACCOUNT), target: ports(t.target.accountId) }), { drift: true, clock: aws.clock, pollIntervalMs: 1000, concurrency: 3 }, targets);
  const sourceOf = (name: string) => report.targets.find((r) => r.name === name)!.report!.stacks.find((s) => s.account === 'source')!;
  expect(sourceOf(inFirst)).toMatchObject({ stack: 'orders-api-source', drift: { status: 'IN_SYNC' } });
  for (const name of stacks[1]!.serves) {
    expect(sourceOf(name)).toMatchObject({ stack: 'orders-api-source-2', drift: { status: 'DRIFTED' } });
    expect(report.targets.find((r) => r.name === name)!.report!.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^stack orders-api-source-2: drift DRIFTED \(SourceRole\w+ DELETED\)/)]));
  }
  // Three targets, two stacks: one detection of each (the second serves two of them), none per target.
  expect(aws.callsOf('DetectStackDrift').length - before).toBe(2);
});
