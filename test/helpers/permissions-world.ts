/**
 * Runs of the CLI with the deployer policies `xacct permissions` prints enforced by the fake AWS: a
 * two-account world whose config names a CloudFormation role per account and publishes to both
 * catalogs (principals and a share in account B), and the scenarios that between them make every call
 * the tool has: a first deploy, a re-run, status (and --drift), publish (and a changed release with
 * --deprecate-older), destroy, and the fault scenarios that take other paths (a create rolled back and
 * recreated, a rollback continued, a change set with nothing to change, early validation refusing a
 * kept repository, a stack left DELETE_FAILED).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dump } from 'js-yaml';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACCOUNT_A, ACCOUNT_B, exampleConfig } from './deploy-world';
import { examplePublish, olderTemplate, publishWorld, type PublishWorld } from './publish-world';
import type { Decision } from '../fake-aws/iam/identity-policies';

export const ROLE_A = `arn:aws:iam::${ACCOUNT_A}:role/orders-api-cloudformation`;
export const ROLE_B = `arn:aws:iam::${ACCOUNT_B}:role/orders-api-cloudformation`;

export type Account = 'source' | 'target';
export const ACCOUNT_OF: Record<Account, string> = { source: ACCOUNT_A, target: ACCOUNT_B };
const PROFILE: Record<Account, string> = { source: 'team-a', target: 'team-b' };

/** The organizational unit the target product's portfolio is shared with, and the launch role's name. */
export const SHARED_OU = 'ou-ab12-cdef3456';
export const LAUNCH_ROLE = 'xacct-launch';

export function permissionsConfig(share: Record<string, unknown> = { accounts: ['999988887777'], organizationalUnits: [SHARED_OU] }): Record<string, unknown> {
  const base = exampleConfig();
  return {
    ...base,
    source: { ...(base.source as object), cloudFormationRoleArn: ROLE_A },
    target: { ...(base.target as object), cloudFormationRoleArn: ROLE_B },
    publish: examplePublish({
      catalogs: {
        target: { bucket: 'catalog-templates-b', principals: [`arn:aws:iam::${ACCOUNT_B}:role/developers`], shareWith: ['777788889999'] },
        source: { bucket: 'catalog-templates-a' },
      },
      share,
      launchRoleName: LAUNCH_ROLE,
    }),
  };
}

export interface Policy {
  Version: string;
  Statement: Array<{ Sid: string; Action: string[]; Resource: string | string[]; Condition?: unknown }>;
}

/** The deployer policy of one account, as the CLI prints it with --json. */
export async function deployerPolicyOf(world: PublishWorld, account: Account): Promise<Policy> {
  const r = await world.run('permissions', '--config', world.configFile, '--account', account, '--role', 'deployer', '--json');
  if (r.code !== 0) throw new Error(`xacct permissions failed: ${r.err}`);
  return (JSON.parse(r.out) as { policy: Policy }).policy;
}

export const grantedActions = (p: Policy) => [...new Set(p.Statement.flatMap((s) => s.Action.map((a) => a.toLowerCase())))].sort();

/** A policy without one action (statements left without actions are dropped). */
export function without(policy: Policy, action: string): Policy {
  const Statement = policy.Statement.map((s) => ({ ...s, Action: s.Action.filter((a) => a.toLowerCase() !== action) })).filter((s) => s.Action.length > 0);
  return { ...policy, Statement };
}

export interface PermissionsWorld extends PublishWorld {
  /** Enforces these policies (by account) for the deployer's credentials from now on. */
  enforce(policies: Partial<Record<Account, Policy>>): void;
  decisions(): Decision[];
}

export function permissionsWorld(): PermissionsWorld {
  const world = publishWorld(permissionsConfig());
  // Account B manages an organization with Service Catalog access enabled, and has the launch role.
  world.catalogB().organization = { id: 'o-abcdef1234', accessEnabled: true, units: { [SHARED_OU]: ['999988887777', '888877776666'] } };
  world.aws.iam(ACCOUNT_B).createRole(LAUNCH_ROLE, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'servicecatalog.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  return {
    ...world,
    enforce(policies) {
      for (const [account, policy] of Object.entries(policies) as Array<[Account, Policy]>) world.aws.enforceIdentityPolicy(world.aws.profileKey(PROFILE[account]), policy);
    },
    decisions: () => world.aws.identityPolicies.decisions,
  };
}

/** One CLI run of a scenario and the exit code it ends with when everything it needs is allowed. */
export interface Step {
  argv: string[];
  code: number;
  /** Done to the world before the run (a fault to inject, time to pass). */
  before?: (world: PermissionsWorld) => void | (() => void) | Promise<void>;
}

export interface Scenario {
  name: string;
  steps: Step[];
}

const deploy = (code = 0, ...extra: string[]): Step => ({ argv: ['deploy-sequence', '--yes', ...extra], code });

const cfn = (w: PermissionsWorld, account: string) => w.aws.cloudFormation(account);

/** An image pushed to account A's repository, and time for the pipeline to release it. */
async function releasePushed(w: PermissionsWorld): Promise<void> {
  w.aws.ecr(ACCOUNT_A).pushImage('orders-api', 'latest', 'release 1');
  await w.aws.settle();
}

/** Where the init scenario writes its config (removed before each run: init never overwrites). */
const INIT_FILE = join(mkdtempSync(join(tmpdir(), 'xacct-init-scenario-')), 'init.yaml');

export const SCENARIOS: Scenario[] = [
  {
    name: 'init discovers the accounts, the cluster, the service and its container',
    steps: [
      {
        argv: ['init', '--config', INIT_FILE, '--source-profile', 'team-a', '--target-profile', 'team-b', '--region', 'eu-west-1', '--repository', 'orders-api'],
        code: 0,
        before: () => rmSync(INIT_FILE, { force: true }),
      },
    ],
  },
  {
    name: 'first deploy, plan, re-run, status, drift, destroy',
    steps: [
      deploy(),
      { argv: ['plan'], code: 0 },
      deploy(),
      // Before any push: the first execution failed at its source, and doctor reads why.
      { argv: ['doctor'], code: 0, before: (w) => w.aws.settle() },
      // A release deployed by the pipeline: status reads what ECS runs and the execution that deployed it.
      { argv: ['status'], code: 0, before: (w) => releasePushed(w) },
      { argv: ['status', '--drift'], code: 0 },
      { argv: ['destroy', '--yes'], code: 0 },
    ],
  },
  {
    name: 'publish, then a changed release with --deprecate-older',
    steps: [
      { argv: ['publish'], code: 0, before: () => olderTemplate('AccA-pipeline', 'AccB-pipeline-2') },
      { argv: ['publish', '--deprecate-older'], code: 0, before: (w) => w.aws.clock.advance(60_000) },
    ],
  },
  {
    name: 'publish shares with an account and an organizational unit, then --prune-shares removes the unit',
    steps: [
      { argv: ['publish'], code: 0 },
      {
        argv: ['publish', '--prune-shares'],
        code: 0,
        before: (w) => {
          w.aws.clock.advance(60_000);
          writeFileSync(w.configFile, dump(permissionsConfig({ accounts: ['999988887777'] })));
        },
      },
    ],
  },
  {
    name: 'a create rolled back, then deleted and created again',
    steps: [
      { ...deploy(4), before: (w) => void cfn(w, ACCOUNT_B).failures.push({ stack: 'orders-api-target', logicalId: 'ArtifactBucket', reason: 'Bucket limit exceeded', times: 1 }) },
      deploy(),
    ],
  },
  {
    name: 'a rollback that failed, continued with --continue-update-rollback',
    steps: [
      { ...deploy(4), before: (w) => void cfn(w, ACCOUNT_B).failures.push({ stack: 'orders-api-target', logicalId: 'Pipeline', on: 'update', reason: 'Internal failure', rollbackFails: true, times: 1 }) },
      deploy(0, '--continue-update-rollback'),
    ],
  },
  {
    name: 'stack A found UPDATE_ROLLBACK_FAILED is rolled on, then updated',
    steps: [{ ...deploy(0, '--continue-update-rollback'), before: (w) => cfn(w, ACCOUNT_A).seedStack('orders-api-source', 'UPDATE_ROLLBACK_FAILED', { 'xacct:deployment': 'orders-api' }) }],
  },
  {
    name: 'a change set with nothing to change is withdrawn',
    steps: [
      deploy(),
      {
        ...deploy(),
        before: (w) => {
          // Shown as '****' (as NoEcho parameters are), the values look changed: CloudFormation finds nothing to change.
          cfn(w, ACCOUNT_A).maskedParameters.add('ArtifactKeyArn');
          cfn(w, ACCOUNT_B).maskedParameters.add('SourceAccountId');
        },
      },
    ],
  },
  {
    name: 'a change set a CloudFormation Hook refuses',
    steps: [
      {
        ...deploy(4),
        before: (w) => void cfn(w, ACCOUNT_B).hookRefusals.push({ stack: 'orders-api-target', hook: 'Private::Guard::BucketNaming', logicalId: 'SourceBucket', reason: 'Bucket names must carry the team prefix', times: 1 }),
      },
    ],
  },
  {
    name: 'early validation refuses the kept repository',
    steps: [deploy(), { argv: ['destroy', '--yes'], code: 0, before: (w) => void w.aws.ecr(ACCOUNT_A).pushImage('orders-api', 'latest') }, deploy(4)],
  },
  {
    name: 'a stack left DELETE_FAILED is deleted keeping what holds data',
    steps: [
      deploy(),
      {
        argv: ['destroy', '--yes'],
        code: 0,
        before: (w) => {
          cfn(w, ACCOUNT_B).DeleteStack({ StackName: 'orders-api-target' });
          void w.aws.clock.advance(120_000);
        },
      },
    ],
  },
];

export interface StepResult {
  step: Step;
  code: number;
  out: string;
  err: string;
}

/** Runs a scenario's steps in order; stops after the first step that ends otherwise than expected when `stopOnSurprise`. */
export async function runScenario(world: PermissionsWorld, scenario: Scenario, o: { stopWhen?: (r: StepResult) => boolean } = {}): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const step of scenario.steps) {
    const undo = await step.before?.(world);
    try {
      // A step that names its own config (init writes a new one) runs with it.
      const r = await world.run(...step.argv, ...(step.argv.includes('--config') ? [] : ['--config', world.configFile]));
      const result = { step, code: r.code, out: r.out, err: r.err };
      results.push(result);
      if (o.stopWhen?.(result)) break;
    } finally {
      if (typeof undo === 'function') undo();
    }
  }
  return results;
}
