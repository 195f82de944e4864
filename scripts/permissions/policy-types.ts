/**
 * IAM identity policies as data, with the reason each statement is there. The JSON document is what a
 * person attaches; the reasons and sources are what `xacct permissions` prints beside it (IAM policies
 * hold no comments).
 */

export type AccountKey = 'source' | 'target';
export type PolicyRole = 'deployer' | 'cloudformation';

export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  /** Letters and digits only (IAM's rule for identity policies). */
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  /** Names the deployment, account and role the document was generated for. */
  Id: string;
  Statement: PolicyStatement[];
}

/** A statement with why it is there and where the facts it rests on come from. */
export interface ExplainedStatement {
  statement: PolicyStatement;
  why: string;
  sources: string[];
}

export interface ExplainedPolicy {
  deployment: string;
  account: AccountKey;
  accountId: string;
  role: PolicyRole;
  statements: ExplainedStatement[];
}

export const documentOf = (p: ExplainedPolicy): PolicyDocument => ({
  Version: '2012-10-17',
  Id: `xacct-${p.deployment}-${p.account}-${p.role}`,
  Statement: p.statements.map((s) => s.statement),
});

/** Every action a policy grants, lower-cased (IAM compares action names case-insensitively). */
export const grantedActions = (p: ExplainedPolicy): string[] => [...new Set(p.statements.flatMap((s) => s.statement.Action.map((a) => a.toLowerCase())))].sort();
