/**
 * Policies that no template holds but that can deny a call the templates allow: service and resource
 * control policies of AWS Organizations, a permissions boundary on the role, a session policy passed
 * when the role was assumed, a VPC endpoint policy on the way. For each: what it means here and the
 * command that shows it. Organizations policies can only be read from the management account (or a
 * delegated administrator), which is neither A nor B as a rule: those commands carry no profile.
 */
import type { MappedCaller } from './map-caller';
import type { DeniedBy } from './message';
import { awsFlags, roleName, type Check } from './live-commands';
import type { DeploymentView } from './deployment-view';

const policyIdOf = (arn: string | undefined) => (arn ? /\/(p-[a-z0-9_]+)$/i.exec(arn)?.[1] : undefined);

export interface GuardrailAnswer {
  fix: string;
  checks: Check[];
}

export function guardrailAnswer(
  deniedBy: Extract<DeniedBy, 'scp' | 'rcp' | 'boundary' | 'session' | 'vpce'>,
  view: DeploymentView,
  caller: MappedCaller | undefined,
  resourceAccount: 'A' | 'B' | undefined,
  policyArn: string | undefined,
  explicit: boolean,
): GuardrailAnswer {
  const accountOfCaller = caller?.account === 'A' || caller?.account === 'B' ? caller.account : undefined;
  const callerId = accountOfCaller ? view.model.accountIds[accountOfCaller] : undefined;
  const resourceId = resourceAccount ? view.model.accountIds[resourceAccount] : undefined;
  const id = policyIdOf(policyArn);
  const how = explicit ? 'denies it with a Deny statement' : 'allows nothing that covers it (an SCP or RCP must allow every action, e.g. FullAWSAccess)';
  switch (deniedBy) {
    case 'scp': {
      const target = callerId ?? 'ACCOUNT_ID';
      return {
        fix: `A service control policy of AWS Organizations ${how}${policyArn ? ` (${policyArn})` : ''}: it applies to every principal of account ${target}, and xacct's templates cannot override it. Ask whoever administers the organization to exempt this action for this role (for example with a condition on aws:PrincipalArn), or move the account.`,
        checks: [
          id
            ? { what: `the denying service control policy ${id} (from the organization's management account)`, command: `aws organizations describe-policy --policy-id ${id} --query Policy.Content --output text` }
            : { what: `the service control policies on account ${target} (from the management account; also check its parent OUs: aws organizations list-parents --child-id ${target})`, command: `aws organizations list-policies-for-target --target-id ${target} --filter SERVICE_CONTROL_POLICY` },
        ],
      };
    }
    case 'rcp': {
      const target = resourceId ?? 'ACCOUNT_ID';
      return {
        fix: `A resource control policy of AWS Organizations ${how}${policyArn ? ` (${policyArn})` : ''}: it limits access to the resources of account ${target} whatever their own policies say. A common one denies principals outside the organization: with the two accounts in different organizations, the cross-account calls of this pipeline fall under it. Ask the organization's administrators for an exception for the deployment's roles.`,
        checks: [
          id
            ? { what: `the denying resource control policy ${id} (from the management account)`, command: `aws organizations describe-policy --policy-id ${id} --query Policy.Content --output text` }
            : { what: `the resource control policies on account ${target} (from the management account)`, command: `aws organizations list-policies-for-target --target-id ${target} --filter RESOURCE_CONTROL_POLICY` },
        ],
      };
    }
    case 'boundary': {
      const role = caller?.principal && caller.ours ? roleName(view, caller.principal.key, caller.realName) : { text: caller?.realName ?? 'ROLE_NAME', lookups: [] };
      const name = role.text;
      const flags = accountOfCaller ? awsFlags(view, accountOfCaller, false) : '';
      return {
        fix: `A permissions boundary on role ${name} ${explicit ? 'denies it' : 'does not allow it'}${policyArn ? ` (${policyArn})` : ''}. The templates set no boundary: someone attached one afterwards (or an account-wide automation does). Add the action to the boundary, or remove the boundary from the role (aws iam delete-role-permissions-boundary).`,
        checks: [
          ...role.lookups,
          { what: `the boundary of role ${name} (then: aws iam get-policy-version --policy-arn <that ARN> --version-id <its default version>)`, command: `aws iam get-role --role-name ${name} --query Role.PermissionsBoundary${flags}` },
        ],
      };
    }
    case 'session': {
      const role = caller?.realName ?? 'ROLE_NAME';
      const flags = accountOfCaller ? awsFlags(view, accountOfCaller) : '';
      // The role's ARN as the message gives it (never a stand-in of the model for a generated name).
      const arn = caller?.roleArn ?? 'ROLE_ARN';
      return {
        fix: `A session policy ${explicit ? 'denies it' : 'does not allow it'}: whoever assumed role ${role} passed a policy (Policy or PolicyArns of AssumeRole) that narrows the session. Unsure whether AWS's services (CodePipeline assuming the pipeline role or an action role, EventBridge assuming a target role) ever pass one: no AWS page we found says. The AssumeRole event in CloudTrail of the role's account tells: its requestParameters show policy or policyArns when one was passed, and its userIdentity who assumed the role.`,
        checks: [
          {
            what: `who assumed role ${role}, and whether they passed a session policy (CloudTrail AssumeRole events: requestParameters.policy, requestParameters.policyArns)`,
            command: `aws cloudtrail lookup-events --lookup-attributes AttributeKey=ResourceName,AttributeValue=${arn} --max-results 20${flags}`,
          },
        ],
      };
    }
    case 'vpce': {
      const flags = accountOfCaller ? awsFlags(view, accountOfCaller) : '';
      return {
        fix: `A VPC endpoint policy ${explicit ? 'denies it' : 'does not allow it'}: the request went through an interface or gateway endpoint (ECS tasks in private subnets pull through com.amazonaws.${view.config.region}.ecr.dkr, ecr.api and the s3 gateway) whose policy does not cover this action, this principal or this resource. Add it to the endpoint's policy.`,
        checks: [
          {
            what: 'the VPC endpoints of the caller\'s account and their policies',
            command: `aws ec2 describe-vpc-endpoints --query 'VpcEndpoints[].[VpcEndpointId,ServiceName,PolicyDocument]'${flags}`,
          },
        ],
      };
    }
  }
}
