/**
 * The AWS CLI command that shows the live version of each policy an explanation names, with the
 * account's profile from the config and the region. Names CloudFormation generated are looked up from
 * the stack when the message does not give them (`$(aws cloudformation describe-stack-resource ...)`),
 * so every command can be pasted as it is.
 */
import { lastSegment, type AccountKey, type Principal, type Resource } from '../access-model/access-model';
import type { DeploymentView } from './deployment-view';
import { TEMPLATE_OF } from './names';
import { baseKey } from './policy-source';

export interface Check {
  what: string;
  command: string;
}

/** `--profile NAME` when the config names a profile for the account; the region for regional services. */
export function awsFlags(view: DeploymentView, account: 'A' | 'B', regional = true): string {
  const credentials = (account === 'A' ? view.config.source : view.config.target).credentials;
  const profile = 'profile' in credentials ? ` --profile ${credentials.profile}` : '';
  return `${profile}${regional ? ` --region ${view.config.region}` : ''}`;
}

const stackOf = (view: DeploymentView, account: 'A' | 'B') => (account === 'A' ? view.config.source.stackName : view.config.target.stackName);

/** A name that is known, or a shell variable set by a lookup of the stack resource (which comes first in the checks). */
export interface Name {
  text: string;
  lookups: Check[];
}

/** A physical name: the one the message gave, else `"$LogicalId"`, read from the stack by a lookup command. */
function physicalName(view: DeploymentView, account: 'A' | 'B', logicalId: string, known?: string): Name {
  if (known) return { text: known, lookups: [] };
  return {
    text: `"$${logicalId}"`,
    lookups: [
      {
        what: `the name CloudFormation gave ${logicalId} in stack ${stackOf(view, account)} (the commands below use it)`,
        command: `${logicalId}=$(aws cloudformation describe-stack-resource --stack-name ${stackOf(view, account)} --logical-resource-id ${logicalId} --query StackResourceDetail.PhysicalResourceId --output text${awsFlags(view, account)})`,
      },
    ],
  };
}

const isOurs = (account: AccountKey): account is 'A' | 'B' => account === 'A' || account === 'B';

/** The role's real name: what the message said, the name the template or config sets, or a lookup. */
export function roleName(view: DeploymentView, key: string, realName?: string): Name {
  const [account, id] = key.split(':') as ['A' | 'B', string];
  if (realName) return { text: realName, lookups: [] };
  const t = view.model.deployment.templates[TEMPLATE_OF[account]];
  const fixed = t.resources[id]?.Properties.RoleName;
  if (typeof fixed === 'string') return { text: fixed, lookups: [] };
  const principal = view.model.principals.get(key) ?? view.model.resources.get(key);
  if (principal && !t.resources[id]) return { text: lastSegment(principal.arn), lookups: [] };
  return physicalName(view, account, id);
}

/** Commands that show the caller's live identity policies. */
export function identityChecks(view: DeploymentView, principal: Principal, realName?: string): Check[] {
  if (principal.service || !isOurs(principal.account)) return [];
  const account = principal.account;
  const role = principal.key.endsWith(':caller') ? { text: realName ?? lastSegment(principal.arn), lookups: [] } : roleName(view, principal.key, realName);
  const name = role.text;
  const flags = awsFlags(view, account, false);
  if (/:user\//.test(principal.arn)) {
    return [{ what: `the policies of user ${name}`, command: `aws iam list-user-policies --user-name ${name}${flags} && aws iam list-attached-user-policies --user-name ${name}${flags}` }];
  }
  const checks: Check[] = [...role.lookups];
  const t = view.model.deployment.templates[TEMPLATE_OF[account]];
  for (const policy of principal.identityPolicies) {
    const id = policy.label.split(' ')[1];
    const resource = t.resources[id];
    const inline = resource?.Type === 'AWS::IAM::Policy' ? resource.Properties.PolicyName : undefined;
    if (typeof inline === 'string') {
      checks.push({ what: `the live ${policy.label} (inline policy ${inline} of role ${name})`, command: `aws iam get-role-policy --role-name ${name} --policy-name ${inline}${flags}` });
    }
  }
  checks.push({ what: `the policies attached to role ${name} (managed policies and their ARNs)`, command: `aws iam list-attached-role-policies --role-name ${name}${flags}` });
  return checks;
}

/** The command that shows the live policy of a resource. */
export function resourceChecks(view: DeploymentView, resource: Resource, realName?: string, messageArn?: string): Check[] {
  if (!isOurs(resource.account)) return [];
  const account = resource.account;
  const key = baseKey(resource.key);
  const id = key.split(':')[1];
  const flags = awsFlags(view, account);
  const global = awsFlags(view, account, false);
  const label = resource.policy?.label ?? `the policy of ${resource.description}`;
  if (/:role\//.test(resource.arn)) {
    const name = roleName(view, key, realName);
    return [...name.lookups, { what: `the live trust policy of role ${name.text}`, command: `aws iam get-role --role-name ${name.text} --query Role.AssumeRolePolicyDocument${global}` }];
  }
  if (resource.arn.includes(':s3:::')) {
    const bucket = physicalName(view, 'B', id, realName);
    return [...bucket.lookups, { what: `the live ${label}`, command: `aws s3api get-bucket-policy --bucket ${bucket.text} --query Policy --output text${global}` }];
  }
  if (resource.arn.includes(':kms:')) {
    // get-key-policy takes a key id or ARN, not an alias: the alias the template sets finds it.
    const alias = view.model.deployment.templates['AccB-pipeline-2'].resources.ArtifactKeyAlias?.Properties.AliasName;
    const known = messageArn && messageArn.includes(':key/');
    const lookup: Check[] = known ? [] : [{ what: `the ARN of the artifact key (alias ${alias})`, command: `ArtifactKey=$(aws kms describe-key --key-id ${alias} --query KeyMetadata.Arn --output text${flags})` }];
    return [...lookup, { what: `the live ${label}`, command: `aws kms get-key-policy --key-id ${known ? messageArn : '"$ArtifactKey"'} --policy-name default --query Policy --output text${flags}` }];
  }
  if (resource.arn.includes(':ecr:')) {
    return [{ what: `the live ${label}`, command: `aws ecr get-repository-policy --repository-name ${view.config.pipeline.repositoryName} --query policyText --output text${flags}` }];
  }
  if (resource.arn.includes(':sqs:')) {
    // A queue's physical id is its URL.
    const url = physicalName(view, account, id);
    return [...url.lookups, { what: `the live ${label}`, command: `aws sqs get-queue-attributes --queue-url ${url.text} --attribute-names Policy --query Attributes.Policy --output text${flags}` }];
  }
  if (resource.arn.endsWith(':event-bus/default')) {
    return [{ what: `the live policy of account B's default event bus (the put-permission statement ${view.model.deployment.busPermission?.StatementId ?? 'of deployment step 3'})`, command: `aws events describe-event-bus --name default --query Policy --output text${flags}` }];
  }
  return [];
}

/** Whether each stack runs the templates this xacct generates (a stack deployed by an older release does not). */
export const statusCheck = (view: DeploymentView): Check => ({
  what: 'whether each stack runs the templates this xacct deploys, and whether a stack drifted',
  command: `xacct status --config ${view.configFile} --drift`,
});
