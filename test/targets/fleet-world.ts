/**
 * Fleets of many targets in one region, as a person writes them (a config with `targets:`, parsed and
 * resolved by the tool's own code), and the stage-1 outputs each target's stack would have. The values
 * are the longest the config and stage 1 allow, so the sizes measured on them are the worst case.
 */
import { fleetOf } from '../../scripts/config/fleet-config';
import { resolveTargets, type ResolvedTarget } from '../../scripts/targets/resolve-targets';
import { loadTemplate } from '../../scripts/yaml/cfn-yaml';
import type { FleetSourceStack } from '../../scripts/deploy/fleet-source';

export const SOURCE_ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';

/** 20 characters, the most a target name may have: `t007-...`. */
export const targetName = (i: number): string => `t${String(i).padStart(3, '0')}-${'x'.repeat(15)}`;
const accountOf = (i: number): string => String(200000000000 + i);

export interface FleetOptions {
  count: number;
  /** The wave of target i (default: two waves, alternating). */
  waveOf?: (i: number) => number;
  organizationId?: string;
}

export function fleetDoc(o: FleetOptions): Record<string, unknown> {
  const waveOf = o.waveOf ?? ((i: number) => (i % 2) + 1);
  return {
    name: 'orders-api',
    source: { accountId: SOURCE_ACCOUNT, credentials: { profile: 'src' }, stackName: 'orders-api-source', ...(o.organizationId ? { organizationId: o.organizationId } : {}) },
    defaults: { region: REGION, stackName: 'orders-api-target', pipeline: { repositoryName: 'orders-api', imageTag: 'latest', containerName: 'web', ecsCluster: 'orders', ecsService: 'orders-api' } },
    targets: Array.from({ length: o.count }, (_, i) => ({
      name: targetName(i),
      accountId: accountOf(i),
      wave: waveOf(i),
      credentials: { profile: `t${i}` },
      pipeline: {
        // 32 characters, the most a name prefix may have.
        namePrefix: `p${String(i).padStart(3, '0')}-${'y'.repeat(27)}`,
        ecsTaskExecutionRoleArn: `arn:aws:iam::${accountOf(i)}:role/ecsTaskExecutionRole`,
        keyAdministratorArn: `arn:aws:iam::${accountOf(i)}:role/platform-admin`,
      },
    })),
  };
}

export function fleetTargets(o: FleetOptions): ResolvedTarget[] {
  const r = fleetOf(fleetDoc(o));
  if ('problems' in r) throw new Error(JSON.stringify(r.problems));
  return resolveTargets(r.fleet);
}

/**
 * What stage 1 (templates-src/acc-b-foundation.ts) outputs: the role and bucket names CloudFormation
 * generates (`<stack>-<logical id>-<12 characters>`, role names cut to 64), the key by id.
 */
export function stageOneOutputs(t: ResolvedTarget): Record<string, string> {
  const a = t.target.accountId;
  return {
    AccountId: a,
    SourceRoleName: `${t.namePrefix}-ecr-source`,
    PipelineRoleArn: `arn:aws:iam::${a}:role/${`${t.target.stackName}-PipelineRole-ABCDEFGHIJKL`.slice(0, 64)}`,
    EcsTaskExecutionRoleArn: t.pipeline.ecsTaskExecutionRoleArn,
    ArtifactBucketName: `${t.target.stackName}-artifactbucket-${t.name}`.slice(0, 63).replace(/-+$/, ''),
    ArtifactKeyArn: `arn:aws:kms:${t.region}:${a}:key/1234abcd-12ab-34cd-56ef-${a}`,
    ArtifactBucketArn: 'unused',
    SourceBucketName: 'unused',
  };
}

export interface CfnResource {
  Type: string;
  Properties: Record<string, any>;
}
export interface CfnTemplate {
  Parameters: Record<string, unknown>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, unknown>;
}

export const templateOf = (s: FleetSourceStack): CfnTemplate => loadTemplate(s.artifact.body) as CfnTemplate;

export const ofType = (t: CfnTemplate, type: string): Array<[string, CfnResource]> => Object.entries(t.Resources).filter(([, r]) => r.Type === type);

/** Characters IAM counts in a policy: its JSON without white space ("IAM and AWS STS quotas"). */
export const iamLength = (policy: unknown): number => JSON.stringify(policy).replace(/\s/g, '').length;
