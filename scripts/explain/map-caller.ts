/**
 * The caller of a message as the deployment knows it: one of its roles (the source and forwarding roles
 * in A; the pipeline, trigger and ECS task execution roles and the key administrator in B), another
 * principal of account A or B (a developer pushing, an administrator), or someone outside the two
 * accounts. A role session (`assumed-role/NAME/SESSION`) and CodePipeline's bare role ARN are the role.
 */
import { lastSegment, type AccessModel, type AccountKey, type Principal } from '../access-model/access-model';
import type { CallerRef } from './message';
import { findByName } from './names';

export interface MappedCaller {
  /** The model's principal; for another principal of A or B a stand-in whose policies are unknown. */
  principal: Principal;
  /** Whether it is one of the deployment's principals (its identity policies are then known). */
  ours: boolean;
  account: AccountKey;
  /** How the name was recognised: as written (`name`), by CloudFormation's pattern, or not at all (`other`). */
  matchedBy: 'name' | 'pattern' | 'other';
  /** The caller's real name (the model holds stand-ins for generated names). */
  realName?: string;
  /** The ARN the evaluator sees: a session of the model's role, so that conditions naming the role match. */
  requestArn: string;
  /** The role CloudFormation deploys the stack with (the config's cloudFormationRoleArn): its policy is generated/permissions/<side>-cloudformation.json, no template's. */
  cloudFormationRole?: 'A' | 'B';
  /** The role's ARN as the message gives it (a session's role, with the message's account): what commands may name. */
  roleArn?: string;
}

/** The CloudFormation roles the config names, by account. */
export type CloudFormationRoles = Partial<Record<'A' | 'B', string>>;

/** The principals whose names a message may carry, beside the templates' roles. */
const CONFIG_PRINCIPALS = ['B:TaskExecutionRole', 'B:KeyAdministrator'];

function accountOf(model: AccessModel, ref: CallerRef): AccountKey | undefined {
  if (!ref.account) return undefined;
  if (ref.partition && ref.partition !== model.deployment.example.partition) return undefined;
  return (['A', 'B'] as const).find((k) => model.accountIds[k] === ref.account);
}

const sessionOf = (partition: string, accountId: string, roleName: string, session: string) =>
  `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${session}`;

/** A caller of a third account (or another partition): no principal of the deployment, whatever its name. */
function foreign(ref: CallerRef): MappedCaller | undefined {
  if (!ref.account) return undefined;
  const arn = ref.kind === 'assumed-role' && ref.roleName ? `arn:${ref.partition}:iam::${ref.account}:role/${ref.roleName}` : ref.text;
  const principal: Principal = {
    key: 'C:caller',
    account: 'C',
    description: `${ref.roleName ? `role ${ref.roleName}` : ref.userName ? `user ${ref.userName}` : ref.text} of account ${ref.account}, which is neither account of the deployment`,
    arn,
    service: false,
    identityPolicies: [],
  };
  return { principal, ours: false, account: 'C', matchedBy: 'other', realName: ref.roleName ?? ref.userName, requestArn: ref.text, ...(ref.roleName ? { roleArn: arn } : {}) };
}

export function mapCaller(model: AccessModel, ref: CallerRef | undefined, cloudFormationRoles: CloudFormationRoles = {}): MappedCaller | undefined {
  if (!ref) return undefined;
  const account = accountOf(model, ref);
  if (!account) return foreign(ref);
  const p = model.deployment.example.partition;
  const accountId = model.accountIds[account];
  const session = ref.session ?? 'xacct-explain';
  const roleArn = ref.roleName ? `arn:${p}:iam::${accountId}:role/${ref.roleName}` : undefined;
  const cfn = cloudFormationRoles[account as 'A' | 'B'];
  if (cfn && ref.roleName && lastSegment(cfn).toLowerCase() === ref.roleName.toLowerCase()) {
    const principal: Principal = {
      key: `${account}:CloudFormationRole`,
      account,
      description: `the CloudFormation role ${ref.roleName} (the config's ${account === 'A' ? 'source' : 'target'}.cloudFormationRoleArn), which deploys stack ${model.deployment.example.stackNames[account as 'A' | 'B']}`,
      arn: cfn,
      service: false,
      identityPolicies: [],
    };
    return { principal, ours: true, account, matchedBy: 'name', realName: ref.roleName, requestArn: ref.text, cloudFormationRole: account as 'A' | 'B', roleArn: cfn };
  }
  if (ref.roleName) {
    const found = findByName(model, 'AWS::IAM::Role', account, ref.roleName);
    if (found) {
      const principal = model.principals.get(found.resource.key);
      if (principal) {
        return { principal, ours: true, account, matchedBy: found.how, realName: ref.roleName, requestArn: sessionOf(p, accountId, found.resource.modelName, session), ...(roleArn ? { roleArn } : {}) };
      }
    }
    for (const key of CONFIG_PRINCIPALS) {
      const principal = model.principals.get(key);
      if (principal && principal.account === account && /:role\//.test(principal.arn) && lastSegment(principal.arn).toLowerCase() === ref.roleName.toLowerCase()) {
        return { principal, ours: true, account, matchedBy: 'name', realName: ref.roleName, requestArn: sessionOf(p, accountId, lastSegment(principal.arn), session), roleArn: principal.arn };
      }
    }
  }
  if (ref.kind === 'user') {
    const admin = model.principals.get('B:KeyAdministrator');
    if (admin && admin.arn === ref.text) return { principal: admin, ours: true, account, matchedBy: 'name', realName: ref.userName, requestArn: ref.text };
  }
  // Someone else in A or B: a developer or CI pushing images, an administrator. Their policies are not the templates'.
  const arn = ref.kind === 'assumed-role' && ref.roleName ? `arn:${p}:iam::${accountId}:role/${ref.roleName}` : ref.text;
  const stand: Principal = {
    key: `${account}:caller`,
    account,
    description: `${ref.roleName ? `role ${ref.roleName}` : ref.text}, which is none of the deployment's roles`,
    arn,
    service: false,
    identityPolicies: [],
  };
  return { principal: stand, ours: false, account, matchedBy: 'other', realName: ref.roleName ?? ref.userName, requestArn: ref.text, ...(roleArn ? { roleArn } : {}) };
}
