/**
 * A fleet in the fake AWS: account A and three targets, each in its own account and region (account A
 * serves each region from its fleet stack), and a way to deploy them through `deploy-sequence` over the
 * fleet, as a user does.
 */
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import { loadFleetConfig } from '../../scripts/config/load-config';
import { resolveTargets, type ResolvedTarget } from '../../scripts/targets/resolve-targets';
import { FakeAws } from '../fake-aws/fake-aws';
import { ACCOUNT_A } from './deploy-world';
import { fleetAccounts, fleetConfigOf, writeFleetConfig, type FleetTargetSpec } from './fleet-accounts';

export const FLEET_TARGETS = [
  { name: 'dev', accountId: '444455556666', region: 'eu-west-1', wave: 1 },
  { name: 'staging', accountId: '555566667777', region: 'eu-central-1', wave: 2 },
  { name: 'prod', accountId: '777788889999', region: 'us-east-1', wave: 3 },
] as const;

type FleetTarget = FleetTargetSpec;

export const fleetConfig = (targets: readonly FleetTarget[] = FLEET_TARGETS): Record<string, unknown> => fleetConfigOf(ACCOUNT_A, targets);

export interface FleetWorld {
  aws: FakeAws;
  configFile: string;
  targets: ResolvedTarget[];
  run(...argv: string[]): Promise<{ code: number; out: string; err: string }>;
  /** The named targets (default: all) deployed by `deploy-sequence --yes` over the fleet. */
  deploy(...names: string[]): Promise<void>;
  restore(): void;
}

/** `extra`: targets beyond the three (a second target in a region shares account A's stack there). */
export function fleetWorld(extra: readonly FleetTarget[] = []): FleetWorld {
  const all = [...FLEET_TARGETS, ...extra];
  const aws = new FakeAws([ACCOUNT_A, ...all.map((t) => t.accountId)]);
  const accounts = fleetAccounts(aws, ACCOUNT_A, all);
  const configFile = writeFleetConfig(fleetConfig(all));
  const targets = resolveTargets(loadFleetConfig(configFile));
  const deps = { clock: aws.clock, pollIntervalMs: 10_000, requestHandler: aws.requestHandler };
  return {
    aws,
    configFile,
    targets,
    async run(...argv: string[]) {
      const io = recordingIo();
      const code = await main(argv, io, deps);
      return { code, out: io.stdout(), err: io.stderr() };
    },
    async deploy(...names: string[]) {
      // As a user deploys a fleet: deploy-sequence over it (or the named targets).
      const io = recordingIo();
      const code = await main(['deploy-sequence', '--config', configFile, '--yes', ...(names.length > 0 ? ['--targets', names.join(',')] : [])], io, deps);
      if (code !== 0) throw new Error(`deploy-sequence exited ${code}:\n${io.stdout()}\n${io.stderr()}`);
    },
    restore: () => accounts.restore(),
  };
}
