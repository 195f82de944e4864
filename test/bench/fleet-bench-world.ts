/**
 * The fleet bench's world: account A and one account per target, each target's ECS service in place,
 * a profile per account in a credentials file, and the fake AWS served over HTTP on 127.0.0.1 on the
 * wall clock (RealTimeClock), each stack operation and change set lasting a fixed real time. Every
 * `throttleEvery`-th CloudFormation request is answered Throttling ("Rate exceeded"), and every
 * CloudFormation request is logged with its answer (fleet-bench-calls.ts). The CLI runs as a user runs
 * it: `main` with argv, its own clients and the SDK's standard endpoint configuration (AWS_ENDPOINT_URL).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import type { RunDeps } from '../../scripts/cli/run-deps';
import { FakeAws } from '../fake-aws/fake-aws';
import { RealTimeClock } from '../fake-aws/virtual-clock';
import { serveFake } from '../fake-aws/wire/fake-http-server';
import { CfnCallLog } from './fleet-bench-calls';
import { createTargetService, fleetConfigOf, type FleetTargetSpec } from '../helpers/fleet-config';

export const SOURCE = '111122223333';
export const REGIONS = ['eu-west-1', 'us-east-1'] as const;

/** A target of the bench fleet: its name, account, region and wave. */
export type BenchTarget = FleetTargetSpec;

/** `count` targets spread evenly over `regions`, each in an account of its own; the first fifth of each region is wave 1. */
export function benchTargets(count: number, regions: readonly string[] = REGIONS): BenchTarget[] {
  const perRegion = Math.ceil(count / regions.length);
  return Array.from({ length: count }, (_, i) => ({
    name: `t${String(i + 1).padStart(2, '0')}`,
    accountId: `3${String(i + 1).padStart(11, '0')}`,
    region: regions[Math.floor(i / perRegion)]!,
    wave: i % perRegion < Math.max(1, Math.floor(perRegion / 5)) ? 1 : 2,
  }));
}

export function benchConfig(targets: BenchTarget[]): Record<string, unknown> {
  return fleetConfigOf(SOURCE, targets, REGIONS[0]);
}

export interface BenchOptions {
  operationMs: number;
  changeSetMs: number;
  /** Every n-th CloudFormation request is answered Throttling; 0: none. */
  throttleEvery: number;
  /** What the CLI's run takes beyond argv (the tests' shorter poll interval); default: nothing, as a user runs it. */
  deps?: RunDeps;
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
  wallMs: number;
  /** Each chunk of stdout with the ms from the run's start it was written at (a JSON progress line each with --json). */
  chunks: Array<{ atMs: number; text: string }>;
}

export interface BenchWorld {
  aws: FakeAws;
  log: CfnCallLog;
  targets: BenchTarget[];
  configFile: string;
  run(...argv: string[]): Promise<CliRun>;
  close(): Promise<void>;
}

export async function benchWorld(targets: BenchTarget[], o: BenchOptions): Promise<BenchWorld> {
  const aws = new FakeAws([SOURCE, ...targets.map((t) => t.accountId)], new RealTimeClock());
  const accountOfKey = new Map<string, string>();
  const profile = (name: string, account: string) => accountOfKey.set(aws.addProfile(name, account), account);
  profile('team-a', SOURCE);
  const timed = (account: string, region: string) => {
    aws.cloudFormation(account, region).operationMs = o.operationMs;
    aws.cloudFormation(account, region).changeSetMs = o.changeSetMs;
  };
  for (const region of new Set(targets.map((t) => t.region))) timed(SOURCE, region);
  for (const t of targets) {
    profile(`team-${t.name}`, t.accountId);
    timed(t.accountId, t.region);
    createTargetService(aws, t);
  }

  const log = new CfnCallLog();
  let cfnRequests = 0;
  const endpoint = await serveFake({
    answerHeaders: () => aws.answerHeaders(),
    dispatch: async (service, operation, input, caller) => {
      if (service !== 'cloudformation') return aws.dispatch(service, operation, input, caller);
      const at = aws.clock.now();
      const account = accountOfKey.get(caller.accessKeyId) ?? '?';
      // The fake answers its next CloudFormation request "Rate exceeded" (FakeAws.throttle).
      if (o.throttleEvery > 0 && ++cfnRequests % o.throttleEvery === 0) aws.throttle(1, 'cloudformation');
      try {
        const answer = await aws.dispatch(service, operation, input, caller);
        log.record(at, account, caller.region, operation, input, answer);
        return answer;
      } catch (e) {
        log.record(at, account, caller.region, operation, input, undefined, (e as Error).name);
        throw e;
      }
    },
  });

  const saved = { ...process.env };
  Object.assign(process.env, aws.writeCredentialsFile(), { AWS_ENDPOINT_URL: endpoint.url });
  for (const k of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete process.env[k];
  const configFile = join(mkdtempSync(join(tmpdir(), 'xacct-fleet-bench-')), 'fleet.yaml');
  writeFileSync(configFile, dump(benchConfig(targets)));

  return {
    aws,
    log,
    targets,
    configFile,
    async run(...argv: string[]) {
      const io = recordingIo();
      const start = Date.now();
      const chunks: CliRun['chunks'] = [];
      const out = io.out;
      io.out = (text) => {
        chunks.push({ atMs: Date.now() - start, text });
        out(text);
      };
      const code = await main(argv, io, o.deps ?? {});
      return { code, out: io.stdout(), err: io.stderr(), wallMs: Date.now() - start, chunks };
    },
    async close() {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      await endpoint.close();
      const broken = aws.background.errors;
      if (broken.length > 0) throw new Error(`the fake's background work failed: ${broken.map((b) => `${b.what}: ${String((b.error as Error)?.stack ?? b.error)}`).join('\n')}`);
    },
  };
}
