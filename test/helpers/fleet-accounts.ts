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
import { onFakeAws, useFakeTimers } from './deploy-world';
import { createTargetService, type FleetTargetSpec } from './fleet-config';

export { createTargetService, fleetConfigOf, type FleetTargetSpec } from './fleet-config';


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
  useFakeTimers();
  aws.addProfile('team-a', source);
  for (const t of targets) {
    aws.addProfile(`team-${t.name}`, t.accountId);
    createTargetService(aws, t);
  }
  return onFakeAws(aws);
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
