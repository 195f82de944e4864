/**
 * `xacct bootstrap`: one small stack per account, `<namePrefix>-xacct-bootstrap`, with the deployer
 * role (trusting exactly the principals given) and the CloudFormation service role, each holding the
 * policy `xacct permissions` prints for that account. Deployed by the deploy engine's stack step
 * (change set, wait, events; "no change" when it runs already), so a second run writes nothing. It
 * runs once with an administrator's credentials; every later command runs as the deployer.
 */
import type { AccountPorts } from '../aws/ports';
import type { DeploymentConfig } from '../config/schema';
import { isAccessDenied } from '../aws/aws-errors';
import { usageError, XacctError } from '../errors';
import type { Clock } from '../deploy/clock';
import { decideStack, needsDeployedTemplate, type StackDecision } from '../deploy/decide';
import type { Emit, StepResult } from '../deploy/events';
import type { Accounts } from '../deploy/observe';
import { createRunContext } from '../deploy/run-steps';
import { deployStack, type OwnStackStep } from '../deploy/steps/deploy-stack';
import { belongsTo, TAG } from '../deploy/stack-tags';
import { artifactOf, type StackArtifact } from '../deploy/template-artifacts';
import { bootstrapTemplate, pathlessRoleNameOf, type BootstrapTemplate } from '../generate/bootstrap-template';
import { permissionScope } from '../permissions/config-scope';
import { BOOTSTRAP_TEMPLATE, TRUSTED_PRINCIPALS, bootstrapStackName } from '../../templates-src/bootstrap';

export type AccountKey = 'source' | 'target';

/**
 * A principal the deployer role may trust: an IAM role (an IAM Identity Center permission set's role,
 * with its path, included) or user, by full ARN. Never "*", never a whole account.
 */
const PRINCIPAL = /^arn:aws[\w-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;

/** Refuses what the deployer role must not trust; returns the principals as given. Nothing is called. */
export function checkTrust(trust: readonly string[]): string[] {
  if (trust.length === 0) {
    throw usageError('no-trust', 'bootstrap needs --trust ARN: the role or user that may assume the deployer role (for example the role of your IAM Identity Center permission set). Nothing was changed.');
  }
  const bad = trust.filter((t) => !PRINCIPAL.test(t));
  if (bad.length > 0) {
    throw usageError(
      'bad-trust',
      `--trust ${bad.map((b) => JSON.stringify(b)).join(', ')}: each --trust must be the full ARN of an IAM role or user, like arn:aws:iam::999988887777:role/ci-deployer; "*", account ids and wildcards are refused (the deployer role trusts exactly the principals named). Nothing was changed.`,
    );
  }
  return [...new Set(trust)];
}

/** The bootstrap of one account: the template, the stack step that deploys it, and the names it creates. */
export interface AccountBootstrap {
  account: AccountKey;
  accountId: string;
  template: BootstrapTemplate;
  artifact: StackArtifact;
  step: OwnStackStep;
}

export function accountBootstrap(config: DeploymentConfig, account: AccountKey, trust: readonly string[]): AccountBootstrap {
  const configured = config[account].cloudFormationRoleArn;
  if (configured && (!pathlessRoleNameOf(configured) || !configured.includes(`::${config[account].accountId}:`))) {
    throw usageError(
      'bad-cloudformation-role',
      `${account}.cloudFormationRoleArn ${configured} cannot be created by bootstrap: it must be a role without a path in account ${config[account].accountId} (arn:aws:iam::${config[account].accountId}:role/NAME). Fix it or delete the line (bootstrap then names the role ${config.pipeline.namePrefix}-cloudformation). Nothing was changed.`,
    );
  }
  const template = bootstrapTemplate(permissionScope(config), account);
  const artifact = artifactOf(BOOTSTRAP_TEMPLATE, template.json);
  const stack = bootstrapStackName(config.pipeline.namePrefix);
  return {
    account,
    accountId: config[account].accountId,
    template,
    artifact,
    step: {
      id: `bootstrap-${account}`,
      kind: 'deploy-stack',
      account,
      accountId: config[account].accountId,
      region: config.region,
      action: 'update',
      reason: `the deployer and CloudFormation roles of ${account} account ${config[account].accountId}`,
      stack,
      template: BOOTSTRAP_TEMPLATE,
      parameters: { [TRUSTED_PRINCIPALS]: { value: trust.join(',') } },
      capabilities: artifact.capabilities,
      artifact,
    },
  };
}

/** What a run would do to the bootstrap stack, read-only (--dry-run). */
export async function decideBootstrap(config: DeploymentConfig, ports: AccountPorts, b: AccountBootstrap): Promise<StackDecision> {
  const cfn = ports.cloudFormation;
  const current = await cfn.describeStack(b.step.stack);
  const deployed = needsDeployedTemplate(current, config.name, b.accountId) ? await cfn.templateBody(b.step.stack) : undefined;
  const parameters = { [TRUSTED_PRINCIPALS]: (b.step.parameters[TRUSTED_PRINCIPALS] as { value: string }).value };
  return decideStack(current, { deployment: config.name, stackName: b.step.stack, accountId: b.accountId, artifact: b.artifact, parameters }, deployed);
}

/** Deploys the bootstrap stack of one account through the deploy engine's stack step. */
export async function runBootstrap(config: DeploymentConfig, ports: AccountPorts, b: AccountBootstrap, o: { clock: Clock; emit: Emit; pollIntervalMs?: number; signal?: AbortSignal }): Promise<StepResult> {
  const ctx = createRunContext(config, { aws: { source: ports, target: ports }, clock: o.clock, emit: o.emit, yes: true, ...(o.pollIntervalMs !== undefined ? { pollIntervalMs: o.pollIntervalMs } : {}), ...(o.signal ? { signal: o.signal } : {}) }, () => b.step.id);
  // Only this account's credentials exist: the step of a stack of its own reads no other account, and
  // the other account's ports are not there to be read by mistake.
  return deployStack({ ...ctx, aws: { [b.account]: ctx.aws[b.account] } as unknown as Accounts }, b.step);
}

/** The lines to add to the config and to ~/.aws/config once the roles exist. */
export function configLines(config: DeploymentConfig, b: AccountBootstrap): { profile: string; config: string[]; awsConfig: string[] } {
  const profile = `${config.name}-${b.account}-deployer`;
  const current = config[b.account].credentials;
  const source = 'profile' in current ? current.profile : '<a profile whose identity is one of the --trust principals>';
  return {
    profile,
    config: [`${b.account}:`, `  cloudFormationRoleArn: ${b.template.cloudFormationRoleArn}`, '  credentials:', `    profile: ${profile}`],
    awsConfig: [`[profile ${profile}]`, `role_arn = ${b.template.deployerRoleArn}`, `source_profile = ${source}`, `region = ${config.region}`],
  };
}

/** A bootstrap stack whose template is not the one bootstrap would deploy now. */
export interface BootstrapDue {
  account: AccountKey;
  accountId: string;
  stack: string;
  /** The xacct:template-sha256 tag of the deployed stack (absent: the stack carries none). */
  deployedHash?: string;
  /** The hash of the template bootstrap would deploy now. */
  currentHash: string;
  /** The command that brings it up to date (with the principals the stack trusts now). */
  command: string;
}

/**
 * Whether bootstrap is due in each account: one DescribeStacks of `<namePrefix>-xacct-bootstrap` per
 * account, compared by its xacct:template-sha256 tag with what bootstrap would deploy now. No stack
 * (the roles may have been made by hand), a read that is denied, or a config bootstrap cannot deploy
 * says nothing.
 */
export async function bootstrapDue(config: DeploymentConfig, aws: Record<AccountKey, AccountPorts>, configFile: string): Promise<BootstrapDue[]> {
  const due: BootstrapDue[] = [];
  for (const account of ['target', 'source'] as const) {
    let b: AccountBootstrap;
    try {
      b = accountBootstrap(config, account, []);
    } catch {
      continue;
    }
    let stack;
    try {
      stack = await aws[account].cloudFormation.describeStack(b.step.stack);
    } catch (e) {
      if (isAccessDenied(e) || (e instanceof XacctError && e.code === 'access-denied')) continue;
      throw e;
    }
    if (!stack || !belongsTo(stack.tags, config.name)) continue;
    const deployedHash = stack.tags[TAG.templateHash];
    if (deployedHash === b.artifact.hash) continue;
    const trust = (stack.parameters[TRUSTED_PRINCIPALS] ?? '').split(',').filter((t) => t !== '');
    const trustArgs = trust.length > 0 ? trust.map((t) => ` --trust ${t}`).join('') : ' --trust ARN';
    due.push({
      account,
      accountId: b.accountId,
      stack: b.step.stack,
      ...(deployedHash ? { deployedHash } : {}),
      currentHash: b.artifact.hash,
      command: `xacct bootstrap --config ${configFile} --account ${account}${trustArgs}`,
    });
  }
  return due;
}
