/**
 * A fleet in the fake AWS for the StackSets engine: account A administers the stack sets, three targets
 * in two waves and two regions; ports built under the real SDK with the fake's request handler.
 */
import { dump } from 'js-yaml';
import { accountPorts, stackSetsPorts } from '../../scripts/aws/clients';
import { parseFleetConfig } from '../../scripts/config/load-config';
import type { FleetConfig } from '../../scripts/config/fleet-config';
import { resolveTargets, type ResolvedTarget } from '../../scripts/targets/resolve-targets';
import { stackParameters } from '../../scripts/targets/stack-parameters';
import { runStackSetsEngine, type StackSetsRunResult } from '../../scripts/stacksets/run-stacksets';
import { FakeAws } from '../fake-aws/fake-aws';

export const A = '111122223333';
export const DEV = '444455556666';
export const STAGING = '555566667777';
export const PROD = '777788889999';

/**
 * Stand-ins for the two target templates: every parameter the real templates take (so the engine sends
 * each target's real values), one resource, and the outputs account A's stack reads.
 */
function template(name: 'AccB-pipeline-1' | 'AccB-pipeline-2', outputs: Record<string, unknown>): string {
  const names = Object.keys(stackParameters({ pipeline: {} as never, source: { accountId: A, stackName: 's' }, target: { stackName: 't' } }, name));
  return dump({
    Parameters: Object.fromEntries(names.map((n) => [n, { Type: 'String', Default: '' }])),
    Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::Sub': `\${NamePrefix}-${name}` } } } },
    Outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { Value: v }])),
  });
}

export const TEMPLATES = {
  stage1: template('AccB-pipeline-1', {
    AccountId: { Ref: 'AWS::AccountId' },
    SourceRoleName: { 'Fn::Sub': '${NamePrefix}-source' },
    PipelineRoleArn: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:role/${NamePrefix}-pipeline' },
    EcsTaskExecutionRoleArn: { Ref: 'EcsTaskExecutionRoleArn' },
    ArtifactBucketName: { 'Fn::Sub': '${NamePrefix}-artifacts' },
    ArtifactKeyArn: { 'Fn::Sub': 'arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/k' },
  }),
  stage2: template('AccB-pipeline-2', { PipelineName: { 'Fn::Sub': '${NamePrefix}-pipeline' }, Repository: { Ref: 'RepositoryName' } }),
};

export function fleetDoc(stackSets?: Record<string, unknown>): Record<string, unknown> {
  const target = (name: string, accountId: string, extra: Record<string, unknown> = {}) => ({
    name,
    accountId,
    credentials: { profile: `orders-${name}-admin` }, // profiles of test/fixtures/aws-config
    pipeline: { ecsTaskExecutionRoleArn: `arn:aws:iam::${accountId}:role/ecsTaskExecutionRole`, keyAdministratorArn: `arn:aws:iam::${accountId}:role/platform-admin` },
    ...extra,
  });
  return {
    name: 'orders-api',
    source: { accountId: A, credentials: { profile: 'orders-source-admin' }, stackName: 'orders-api-source' },
    defaults: { region: 'eu-west-1', stackName: 'orders-api-target', pipeline: { namePrefix: 'orders-api', repositoryName: 'orders-api', imageTag: 'latest', containerName: 'web', ecsCluster: 'orders', ecsService: 'orders-api' } },
    targets: [target('dev', DEV), target('staging', STAGING, { wave: 2 }), target('prod', PROD, { wave: 2, region: 'us-east-1' })],
    ...(stackSets ? { stackSets } : {}),
  };
}

export interface StackSetsWorld {
  aws: FakeAws;
  fleet: FleetConfig;
  targets: ResolvedTarget[];
  /** When account A's update ran, as an index into aws.calls, and what it was given. */
  sourceUpdates: Array<{ atCall: number; outputs: Map<string, Record<string, string>> }>;
  run(o?: { admin?: string; callAs?: 'SELF' | 'DELEGATED_ADMIN' }): Promise<StackSetsRunResult>;
  throttled: number[];
}

export function stackSetsWorld(stackSets?: Record<string, unknown>): StackSetsWorld {
  const aws = new FakeAws([A, DEV, STAGING, PROD]);
  const keys = new Map([A, DEV, STAGING, PROD].map((a) => [a, aws.addUser(a)]));
  const fleet = parseFleetConfig(dump(fleetDoc(stackSets)), 'fleet.yaml');
  const targets = resolveTargets(fleet);
  const ports = (account: string, region: string) => ({
    region,
    credentials: async () => ({ accessKeyId: keys.get(account)!, secretAccessKey: 'x' }),
    requestHandler: aws.requestHandler,
    sleep: (ms: number) => aws.clock.sleep(ms),
  });
  const world: StackSetsWorld = {
    aws,
    fleet,
    targets,
    sourceUpdates: [],
    throttled: [],
    run: (o = {}) =>
      runStackSetsEngine({
        fleet,
        targets,
        templates: TEMPLATES,
        admin: stackSetsPorts(ports(o.admin ?? A, 'eu-west-1'), o.callAs),
        targetCloudFormation: (t) => accountPorts(ports(t.target.accountId, t.region)).cloudFormation,
        // Account A's update, stubbed: it records that it ran and answers A's outputs per region.
        updateSource: async (outputs) => {
          world.sourceUpdates.push({ atCall: aws.calls.length, outputs });
          return { outputs: { 'eu-west-1': { RepositoryName: 'orders-api' }, 'us-east-1': { RepositoryName: 'orders-api-use1' } } };
        },
        clock: aws.clock,
        onThrottled: (attempt) => world.throttled.push(attempt),
      }),
  };
  return world;
}
