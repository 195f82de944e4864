/**
 * A fleet in the fake AWS: account A and three target accounts, one target per region (eu-west-1,
 * us-east-1, eu-central-1) in two waves, each with its ECS service in place, and a way to run the CLI
 * against it as a user would (main with argv), with the fake's virtual clock.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import type { RunDeps } from '../../scripts/cli/run-deps';
import { FakeAws } from '../fake-aws/fake-aws';
import { FIRST_IMAGE } from './deploy-world';

export const SOURCE = '111122223333';
export const FLEET_TARGETS = [
  { name: 'dev', accountId: '444455556666', region: 'eu-west-1', wave: 1 },
  { name: 'staging', accountId: '555566667777', region: 'us-east-1', wave: 1 },
  { name: 'prod', accountId: '777788889999', region: 'eu-central-1', wave: 2 },
] as const;

export function fleetConfig(): Record<string, unknown> {
  return {
    name: 'orders-api',
    source: { accountId: SOURCE, credentials: { profile: 'team-a' }, stackName: 'orders-api-source' },
    defaults: {
      region: 'eu-west-1',
      stackName: 'orders-api-target',
      pipeline: { namePrefix: 'orders-api', repositoryName: 'orders-api', imageTag: 'latest', containerName: 'web', ecsCluster: 'orders', ecsService: 'orders-api' },
    },
    targets: FLEET_TARGETS.map((t) => ({
      name: t.name,
      accountId: t.accountId,
      region: t.region,
      wave: t.wave,
      credentials: { profile: `team-${t.name}` },
      pipeline: { ecsTaskExecutionRoleArn: `arn:aws:iam::${t.accountId}:role/ecsTaskExecutionRole`, keyAdministratorArn: `arn:aws:iam::${t.accountId}:role/platform-admin` },
    })),
  };
}

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
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  const aws = new FakeAws([SOURCE, ...FLEET_TARGETS.map((t) => t.accountId)]);
  aws.addProfile('team-a', SOURCE);
  for (const t of FLEET_TARGETS) {
    aws.addProfile(`team-${t.name}`, t.accountId);
    aws.ecs(t.accountId, t.region).createService({
      cluster: 'orders',
      service: 'orders-api',
      family: 'orders-api',
      containers: [{ name: 'web', image: FIRST_IMAGE }],
      executionRoleArn: `arn:aws:iam::${t.accountId}:role/ecsTaskExecutionRole`,
    });
  }
  const saved = { ...process.env };
  Object.assign(process.env, aws.writeCredentialsFile());
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  const configFile = join(mkdtempSync(join(tmpdir(), 'xacct-fleet-')), 'fleet.yaml');
  writeFileSync(configFile, dump(config));
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
    restore() {
      jest.useRealTimers();
      const broken = aws.background.errors;
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      if (broken.length > 0) throw new Error(`the fake's background work failed: ${broken.map((b) => `${b.what}: ${String((b.error as Error)?.stack ?? b.error)}`).join('\n')}`);
    },
  };
}
