/**
 * Each target of a deployment resolved once into one value: its accounts, region, credentials, stack
 * names, name prefix, bus statement, the parameters its stacks take, and its wave. The planner takes
 * this value, never the raw config; a single-target config is a fleet of one and resolves the same way.
 */
import type { FleetConfig, FleetMember } from '../config/fleet-config';
import { fleetOfOne } from '../config/fleet-config';
import { statementIdOf, type CredentialsConfig, type DeploymentConfig } from '../config/schema';
import { TEMPLATES, type TemplateName } from '../../templates-src';
import { stackParameters, type ParameterSource } from './stack-parameters';
import { waveTag } from '../../templates-src/wave-tag';

/** One account of a target: where its stack is and how to reach it. */
export interface AccountBinding {
  accountId: string;
  region: string;
  credentials: CredentialsConfig;
  stackName: string;
  cloudFormationRoleArn?: string;
  /** Account A only: the organization its targets share (config source.organizationId). */
  organizationId?: string;
}

export interface ResolvedTarget {
  /** The target's name (a single-target config: the deployment's name). */
  name: string;
  /** The deployment's name: stack tags, the default bus statement id. */
  deployment: string;
  /** Release wave, 1 first. */
  wave: number;
  /**
   * The tag the target's pipeline watches: `pipeline.imageTag` in wave 1, `<imageTag>-wave<N>` in a
   * later wave (the tag `xacct promote --wave N` moves). Its image definitions and first-image check name it.
   */
  releaseTag: string;
  /** The region of the target's pipeline, and of account A's stack that serves it. */
  region: string;
  /** Account A, in the target's region. */
  source: AccountBinding;
  /** Account B. */
  target: AccountBinding;
  /** Names the pipeline, its roles (one in account A) and its key alias. */
  namePrefix: string;
  /** The statement of account A's permission on the target's default bus. */
  statementId: string;
  pipeline: DeploymentConfig['pipeline'];
  /** The parameters each template's stack takes: values, or outputs of the other account's stack. */
  parameters: Record<TemplateName, Record<string, ParameterSource>>;
  /**
   * The single-target config this value was resolved from. The engine's steps, status, destroy,
   * doctor, explain and publish still read it (docs/fleet.md says which): they move to the fields
   * above one by one.
   */
  config: DeploymentConfig;
}

const binding = (a: DeploymentConfig['target'] & { organizationId?: string }, region: string): AccountBinding => ({
  accountId: a.accountId,
  region,
  credentials: a.credentials,
  stackName: a.stackName,
  ...(a.cloudFormationRoleArn ? { cloudFormationRoleArn: a.cloudFormationRoleArn } : {}),
  ...(a.organizationId ? { organizationId: a.organizationId } : {}),
});

export function resolveTarget(member: FleetMember): ResolvedTarget {
  const c = member.config;
  return {
    name: member.name,
    deployment: c.name,
    wave: member.wave,
    releaseTag: waveTag(c.pipeline.imageTag, member.wave),
    region: c.region,
    source: binding(c.source, c.region),
    target: binding(c.target, c.region),
    namePrefix: c.pipeline.namePrefix,
    statementId: statementIdOf(c),
    pipeline: c.pipeline,
    parameters: Object.fromEntries(TEMPLATES.map((t) => [t.name, stackParameters({ ...c, wave: member.wave }, t.name)])) as ResolvedTarget['parameters'],
    config: c,
  };
}

export const resolveTargets = (fleet: FleetConfig): ResolvedTarget[] => fleet.targets.map(resolveTarget);

/** A single-target config as its one resolved target. */
export const resolveSingle = (config: DeploymentConfig): ResolvedTarget => resolveTargets(fleetOfOne(config))[0];
