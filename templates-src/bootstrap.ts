/**
 * The bootstrap stack of one account, `<namePrefix>-xacct-bootstrap`: the two roles xacct works
 * through. The deployer role, assumed by exactly the principals of the TrustedPrincipals parameter (so
 * the template, and its digest, do not depend on who is trusted), and the CloudFormation service role,
 * assumed by CloudFormation ("Specify CloudFormation (cloudformation.amazonaws.com) as the service that
 * can assume the role", CloudFormation user guide, CloudFormation service role). Each role holds its
 * policy inline, as given: the builder takes the documents and knows nothing of how they were made.
 */
export interface BootstrapTemplateInput {
  account: 'source' | 'target';
  deployment: string;
  deployerRoleName: string;
  cloudFormationRoleName: string;
  deployerPolicy: unknown;
  cloudFormationPolicy: unknown;
}

/** The name of the bootstrap stack of a deployment with this name prefix. */
export const bootstrapStackName = (namePrefix: string) => `${namePrefix}-xacct-bootstrap`;
/** The name the bootstrap template goes by (its xacct:template tag and the header of its file). */
export const BOOTSTRAP_TEMPLATE = 'xacct-bootstrap';
export const TRUSTED_PRINCIPALS = 'TrustedPrincipals';

export function buildBootstrapTemplate(i: BootstrapTemplateInput): { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>; Parameters: Record<string, { Type: string; Description: string; AllowedPattern?: string }>; [k: string]: unknown } {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `xacct bootstrap of deployment ${i.deployment}, ${i.account} account: the deployer role and the CloudFormation service role, with the policies \`xacct permissions\` prints.`,
    Parameters: {
      [TRUSTED_PRINCIPALS]: {
        Type: 'CommaDelimitedList',
        Description: 'The IAM principals (role or user ARNs) that may assume the deployer role; never "*".',
      },
    },
    Resources: {
      DeployerRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: i.deployerRoleName,
          Description: `Runs xacct for deployment ${i.deployment} (${i.account} account)`,
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: { Ref: TRUSTED_PRINCIPALS } }, Action: 'sts:AssumeRole' }],
          },
          Policies: [{ PolicyName: 'xacct-deployer', PolicyDocument: i.deployerPolicy }],
        },
      },
      CloudFormationRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: i.cloudFormationRoleName,
          Description: `Builds the ${i.account} stack of deployment ${i.deployment} for CloudFormation`,
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
          Policies: [{ PolicyName: 'xacct-cloudformation', PolicyDocument: i.cloudFormationPolicy }],
        },
      },
    },
    Outputs: {
      DeployerRoleArn: { Value: { 'Fn::GetAtt': ['DeployerRole', 'Arn'] } },
      CloudFormationRoleArn: { Value: { 'Fn::GetAtt': ['CloudFormationRole', 'Arn'] } },
    },
  };
}
