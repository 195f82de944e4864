/**
 * What every fleet world of the tests and the fleet bench shares: the config of a fleet (account A and
 * its targets, each with a profile of its own) and, in the fake, those accounts with their profiles,
 * each target's ECS service in place, and the environment pointed at the fake's credentials file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import type { FakeAws } from '../fake-aws/fake-aws';
import { FIRST_IMAGE } from './deploy-world';

export interface FleetTargetSpec {
  name: string;
  accountId: string;
  region: string;
  wave: number;
}

/** A fleet config: account A (profile team-a), each target with profile team-<name>; `region`: the defaults' region. */
export function fleetConfigOf(source: string, targets: readonly FleetTargetSpec[], region?: string): Record<string, unknown> {
  return {
    name: 'orders-api',
    source: { accountId: source, credentials: { profile: 'team-a' }, stackName: 'orders-api-source' },
    defaults: {
      ...(region ? { region } : {}),
      stackName: 'orders-api-target',
      pipeline: { namePrefix: 'orders-api', repositoryName: 'orders-api', imageTag: 'latest', containerName: 'web', ecsCluster: 'orders', ecsService: 'orders-api' },
    },
    targets: targets.map((t) => ({
      name: t.name,
      accountId: t.accountId,
      region: t.region,
      wave: t.wave,
      credentials: { profile: `team-${t.name}` },
      pipeline: { ecsTaskExecutionRoleArn: `arn:aws:iam::${t.accountId}:role/ecsTaskExecutionRole`, keyAdministratorArn: `arn:aws:iam::${t.accountId}:role/platform-admin` },
    })),
  };
}

/** The service each target's pipeline deploys to, in place before it, running a first image. */
export function createTargetService(aws: FakeAws, t: FleetTargetSpec): void {
  aws.ecs(t.accountId, t.region).createService({
    cluster: 'orders',
    service: 'orders-api',
    family: 'orders-api',
    containers: [{ name: 'web', image: FIRST_IMAGE }],
    executionRoleArn: `arn:aws:iam::${t.accountId}:role/ecsTaskExecutionRole`,
  });
}

/** `config` written to a fleet.yaml of a fresh folder; its path. */
export function writeFleetConfig(config: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'xacct-fleet-')), 'fleet.yaml');
  writeFileSync(file, dump(config));
  return file;
}

/**
 * The fleet's accounts in `aws` (virtual clock, fake timers): profiles team-a and team-<name>, each
 * target's service, and the environment on the fake's credentials file. `restore()` puts the timers and
 * the environment back, and fails the test on any failed background work of the fake.
 */
export function fleetAccounts(aws: FakeAws, source: string, targets: readonly FleetTargetSpec[]): { restore(): void } {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  aws.addProfile('team-a', source);
  for (const t of targets) {
    aws.addProfile(`team-${t.name}`, t.accountId);
    createTargetService(aws, t);
  }
  const saved = { ...process.env };
  Object.assign(process.env, aws.writeCredentialsFile());
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  return {
    restore() {
      jest.useRealTimers();
      const broken = aws.background.errors;
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      if (broken.length > 0) throw new Error(`the fake's background work failed: ${broken.map((b) => `${b.what}: ${String((b.error as Error)?.stack ?? b.error)}`).join('\n')}`);
    },
  };
}

/**
 * Has the fake enforce the deployer policies `xacct permissions` prints for the fleet: account A's
 * (profile team-a) and each target account's (profile team-<name>), as a user would attach them.
 */
export async function enforcePrintedDeployerPolicies(
  world: { run(...argv: string[]): Promise<{ code: number; out: string }>; configFile: string; aws: FakeAws },
  targets: readonly Pick<FleetTargetSpec, 'name' | 'accountId'>[],
): Promise<void> {
  const policies = async (account: 'source' | 'target') => {
    const r = await world.run('permissions', '--config', world.configFile, '--account', account, '--role', 'deployer', '--json');
    if (r.code !== 0) throw new Error(`xacct permissions --account ${account} exited ${r.code}`);
    return JSON.parse(r.out) as Array<{ accountId: string; policy: Parameters<FakeAws['enforceIdentityPolicy']>[1] }>;
  };
  const [source] = await policies('source');
  world.aws.enforceIdentityPolicy(world.aws.profileKey('team-a'), source!.policy);
  for (const p of await policies('target')) world.aws.enforceIdentityPolicy(world.aws.profileKey(`team-${targets.find((t) => t.accountId === p.accountId)!.name}`), p.policy);
}
