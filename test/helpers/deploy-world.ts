/**
 * A two-account fake world and a config for it, and a way to run the CLI against it exactly as a user
 * would (main with argv), with the fake's virtual clock.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import type { RunDeps } from '../../scripts/cli/run-deps';
import type { ProgressEvent } from '../../scripts/deploy/events';
import { FakeAws } from '../fake-aws/fake-aws';
import { FIRST_IMAGE } from './fleet-config';

export const ACCOUNT_A = '111122223333';
export const ACCOUNT_B = '444455556666';
export const REGION = 'eu-west-1';
/** What the ECS service runs before the pipeline's first deployment (fleet-config.ts, shared with the fleet bench). */
export { FIRST_IMAGE };

export function exampleConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'orders-api',
    region: REGION,
    source: { accountId: ACCOUNT_A, credentials: { profile: 'team-a' }, stackName: 'orders-api-source' },
    target: { accountId: ACCOUNT_B, credentials: { profile: 'team-b' }, stackName: 'orders-api-target' },
    pipeline: {
      namePrefix: 'orders-api',
      repositoryName: 'orders-api',
      imageTag: 'latest',
      containerName: 'web',
      ecsCluster: 'orders',
      ecsService: 'orders-api',
      ecsTaskExecutionRoleArn: `arn:aws:iam::${ACCOUNT_B}:role/ecsTaskExecutionRole`,
      keyAdministratorArn: `arn:aws:iam::${ACCOUNT_B}:role/platform-admin`,
    },
    ...overrides,
  };
}

export interface World {
  aws: FakeAws;
  /** What a CLI run against this world gets: the virtual clock, polling, and the fake under the real SDK. */
  deps: RunDeps;
  configFile: string;
  writeConfig(config: Record<string, unknown>): string;
  run(...argv: string[]): Promise<{ code: number; out: string; err: string; events: ProgressEvent[] }>;
  restore(): void;
}

/** Fake timers: nothing may wait for real. The engine waits on the fake's virtual clock. Before the fake is made. */
export const useFakeTimers = () => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });

/**
 * A test on the fake (fake timers already in use): the environment on the fake's credentials file, with
 * no other credentials. `restore()` puts the timers and the environment back, and fails the test on any
 * failed background work of the fake (an event delivery, a pipeline action that threw is a bug of the fake).
 */
export function onFakeAws(aws: FakeAws): { restore(): void } {
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

/** GIVEN two accounts with a profile each (team-a in A, team-b in B) and the example config. */
export function twoAccountWorld(config: Record<string, unknown> = exampleConfig()): World {
  useFakeTimers();
  const aws = new FakeAws([ACCOUNT_A, ACCOUNT_B]);
  aws.addProfile('team-a', ACCOUNT_A);
  aws.addProfile('team-b', ACCOUNT_B);
  // The ECS service the pipeline deploys to exists before it (the config names it), running a first image.
  const p = config.pipeline as Record<string, string> | undefined;
  if (p?.ecsCluster && p.ecsService && p.containerName) {
    aws.ecs(ACCOUNT_B, String(config.region ?? REGION)).createService({
      cluster: p.ecsCluster,
      service: p.ecsService,
      family: p.ecsService,
      containers: [{ name: p.containerName, image: FIRST_IMAGE }],
      executionRoleArn: p.ecsTaskExecutionRoleArn,
      ...(p.ecsTaskRoleArn ? { taskRoleArn: p.ecsTaskRoleArn } : {}),
    });
  }
  // The profiles are in place: the credentials file is written with them.
  const environment = onFakeAws(aws);
  const dir = mkdtempSync(join(tmpdir(), 'xacct-config-'));
  const writeConfig = (c: Record<string, unknown>) => {
    const file = join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, dump(c));
    return file;
  };
  const configFile = writeConfig(config);
  const deps: RunDeps = { clock: aws.clock, pollIntervalMs: 10_000, requestHandler: aws.requestHandler };
  return {
    aws,
    deps,
    configFile,
    writeConfig,
    async run(...argv: string[]) {
      const io = recordingIo();
      const code = await main(argv, io, deps);
      const out = io.stdout();
      const events = argv.includes('--json') && ['deploy-sequence', 'destroy'].includes(argv[0]) && !argv.includes('--dry-run')
        ? out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as ProgressEvent)
        : [];
      return { code, out, err: io.stderr(), events };
    },
    restore: () => environment.restore(),
  };
}
