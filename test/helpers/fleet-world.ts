/**
 * A fleet in the fake AWS: account A and three target accounts, one target per region (eu-west-1,
 * us-east-1, eu-central-1) in two waves, each with its ECS service in place, and a way to run the CLI
 * against it as a user would (main with argv), with the fake's virtual clock.
 */
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import type { RunDeps } from '../../scripts/cli/run-deps';
import { FakeAws } from '../fake-aws/fake-aws';
import { fleetAccounts, fleetConfigOf, writeFleetConfig } from './fleet-accounts';

export const SOURCE = '111122223333';
export const FLEET_TARGETS = [
  { name: 'dev', accountId: '444455556666', region: 'eu-west-1', wave: 1 },
  { name: 'staging', accountId: '555566667777', region: 'us-east-1', wave: 1 },
  { name: 'prod', accountId: '777788889999', region: 'eu-central-1', wave: 2 },
] as const;

export const fleetConfig = (): Record<string, unknown> => fleetConfigOf(SOURCE, FLEET_TARGETS, 'eu-west-1');

/** What a JSON line of a fleet run holds: a progress event with its scope, the plan, or the summary. */
export type FleetLine = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface FleetWorld {
  aws: FakeAws;
  deps: RunDeps;
  configFile: string;
  run(...argv: string[]): Promise<{ code: number; out: string; err: string; lines: FleetLine[] }>;
  restore(): void;
}

/** GIVEN the fleet's accounts with a profile each, and `config` (default: fleetConfig()). */
export function fleetWorld(config: Record<string, unknown> = fleetConfig()): FleetWorld {
  const aws = new FakeAws([SOURCE, ...FLEET_TARGETS.map((t) => t.accountId)]);
  const accounts = fleetAccounts(aws, SOURCE, FLEET_TARGETS);
  const configFile = writeFleetConfig(config);
  const deps: RunDeps = { clock: aws.clock, pollIntervalMs: 10_000, requestHandler: aws.requestHandler };
  return {
    aws,
    deps,
    configFile,
    async run(...argv: string[]) {
      const io = recordingIo();
      const code = await main(argv, io, deps);
      const out = io.stdout();
      const lines = argv.includes('--json') && argv[0] === 'deploy-sequence' ? out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as FleetLine) : [];
      return { code, out, err: io.stderr(), lines };
    },
    restore: () => accounts.restore(),
  };
}
