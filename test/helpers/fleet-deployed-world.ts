/**
 * A fleet in the fake AWS: account A and three targets, each in its own account and region (so each
 * region's account-A stack is the single-target template's, one per target), and a way to deploy each
 * target through `deploy-sequence` over the fleet, as a user does.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import { loadFleetConfig } from '../../scripts/config/load-config';
import { resolveTargets, type ResolvedTarget } from '../../scripts/targets/resolve-targets';
import { FakeAws } from '../fake-aws/fake-aws';
import { ACCOUNT_A, FIRST_IMAGE } from './deploy-world';

export const FLEET_TARGETS = [
  { name: 'dev', accountId: '444455556666', region: 'eu-west-1', wave: 1 },
  { name: 'staging', accountId: '555566667777', region: 'eu-central-1', wave: 2 },
  { name: 'prod', accountId: '777788889999', region: 'us-east-1', wave: 3 },
] as const;

type FleetTarget = { name: string; accountId: string; region: string; wave: number };

export function fleetConfig(targets: readonly FleetTarget[] = FLEET_TARGETS): Record<string, unknown> {
  return {
    name: 'orders-api',
    source: { accountId: ACCOUNT_A, credentials: { profile: 'team-a' }, stackName: 'orders-api-source' },
    defaults: {
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

export interface FleetWorld {
  aws: FakeAws;
  configFile: string;
  targets: ResolvedTarget[];
  run(...argv: string[]): Promise<{ code: number; out: string; err: string }>;
  /** Each named target (default: all) deployed with the single-target deploy sequence. */
  deploy(...names: string[]): Promise<void>;
  restore(): void;
}

/** `extra`: targets beyond the three (a second target in a region shares account A's stack there). */
export function fleetWorld(extra: readonly FleetTarget[] = []): FleetWorld {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  const all = [...FLEET_TARGETS, ...extra];
  const aws = new FakeAws([ACCOUNT_A, ...all.map((t) => t.accountId)]);
  aws.addProfile('team-a', ACCOUNT_A);
  for (const t of all) {
    aws.addProfile(`team-${t.name}`, t.accountId);
    // The ECS service each pipeline deploys to exists before it, running a first image.
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
  writeFileSync(configFile, dump(fleetConfig(all)));
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
    restore() {
      jest.useRealTimers();
      const broken = aws.background.errors;
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      if (broken.length > 0) throw new Error(`the fake's background work failed: ${broken.map((b) => `${b.what}: ${String((b.error as Error)?.stack ?? b.error)}`).join('\n')}`);
    },
  };
}
