/**
 * What the fleet worlds of the tests and the fleet bench set up alike, free of jest (the bench builds
 * under tsconfig.bench.json): the fleet's config, account A and its targets with a profile each, and
 * each target's ECS service running a first image.
 */
import type { FakeAws } from '../fake-aws/fake-aws';

/** What an ECS service runs before the pipeline's first deployment (a public image). */
export const FIRST_IMAGE = 'public.ecr.aws/nginx/nginx:stable';

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
