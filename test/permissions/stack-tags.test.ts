/**
 * Stack tags reach every taggable resource: CloudFormation passes the stack's tags to each resource whose
 * type takes tags (AWS::Events::Rule too, since August 2025: cloudformation-coverage-roadmap #358), and
 * without the service's tag permissions the stack reports "Unauthorized tagging operation"
 * (service-cloud-voice/examples-from-doc #97). For every resource type of the generated templates, whether
 * it takes tags is read from the CloudFormation specification (@aws-cdk/aws-service-spec, built from the
 * registry schemas: `tagInformation`), which permissions tagging needs from the type's schema entry
 * (handler-permissions.ts, `tagging`); the account's CloudFormation policy, and the deployer policy when
 * no cloudFormationRoleArn is set, must grant each of them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import { handlerPermissionsOf } from '../../scripts/permissions/handler-permissions';
import { EXAMPLE_SCOPE } from '../../scripts/permissions/example-scope';
import { grantedActions } from '../../scripts/permissions/policy-types';
import { policyFor } from '../../scripts/permissions/render-policy';
import type { PermissionScope } from '../../scripts/permissions/scope';
import { TEMPLATES } from '../../templates-src';
import { loadTemplate } from '../../scripts/yaml/cfn-yaml';
import { GENERATED, type Json } from '../helpers/templates';

const db = loadAwsServiceSpecSync();
const taggable = (type: string): boolean => {
  const [resource] = db.lookup('resource', 'cloudFormationType', 'equals', type);
  if (!resource) throw new Error(`${type} is not in the CloudFormation specification`);
  return resource.tagInformation !== undefined;
};

/** Resource types of each account, read from the generated templates. */
function generatedTypes(account: 'source' | 'target'): string[] {
  const files = readdirSync(GENERATED).filter((f) => f.endsWith('.yaml'));
  const names = TEMPLATES.filter((t) => t.account === account).map((t) => `${t.name}.yaml`);
  const types = files
    .filter((f) => names.includes(f))
    .flatMap((f) => Object.values(((loadTemplate(readFileSync(join(GENERATED, f), 'utf8')) as Json).Resources ?? {}) as Record<string, { Type: string }>).map((r) => r.Type));
  return [...new Set(types)].sort();
}

const withoutRole = ({ cloudFormationRoleArn: _, ...account }: PermissionScope['source']) => account; // eslint-disable-line @typescript-eslint/no-unused-vars
const noRoles: PermissionScope = { ...EXAMPLE_SCOPE, source: withoutRole(EXAMPLE_SCOPE.source), target: withoutRole(EXAMPLE_SCOPE.target) };

describe.each(['source', 'target'] as const)('stack tags in the %s account', (account) => {
  const types = generatedTypes(account);
  const cases = types.map((type) => [type] as [string]);

  it('the generated templates have resources', () => expect(types.length).toBeGreaterThan(3));

  it.each(cases)('%s: the schema entry says whether it takes tags, as the specification does', (type) => {
    const entry = handlerPermissionsOf(type);
    expect(entry).toBeDefined();
    expect(entry!.tagging !== undefined).toBe(taggable(type));
  });

  it.each(cases.filter(([t]) => taggable(t)))('%s: the CloudFormation policy, and the deployer policy without a CloudFormation role, grant its tag permissions', (type) => {
    const needed = handlerPermissionsOf(type)!.tagging!.permissions.map((a) => a.toLowerCase());
    expect(needed.length).toBeGreaterThan(0);
    const cfn = grantedActions(policyFor(EXAMPLE_SCOPE, account, 'cloudformation'));
    const deployer = grantedActions(policyFor(noRoles, account, 'deployer'));
    expect(needed.filter((a) => !cfn.includes(a))).toEqual([]);
    expect(needed.filter((a) => !deployer.includes(a))).toEqual([]);
  });
});

it('AWS::Events::Rule takes tags, and both accounts grant events:TagResource on their rules', () => {
  expect(taggable('AWS::Events::Rule')).toBe(true);
  for (const account of ['source', 'target'] as const) {
    const s = policyFor(EXAMPLE_SCOPE, account, 'cloudformation').statements.find((x) => x.statement.Action.includes('events:TagResource'));
    expect([s?.statement.Resource].flat()).toEqual([`arn:aws:events:eu-west-1:${EXAMPLE_SCOPE[account].accountId}:rule/${EXAMPLE_SCOPE[account].stackName}-*`]);
  }
});

/**
 * The stack's own tags: every change set carries them, and a request that sets tags is also authorized as
 * cloudformation:TagResource on the stack with cloudformation:CreateAction naming the call (AWS's managed
 * policies SecretsManagerReadWrite and AWSQuickSetupPatchPolicyDeploymentRolePolicy grant it so). The
 * fake AWS checks it (test/fake-aws/iam/authorization-table.ts), so deployer-policy-runs.test.ts proves
 * the deploy needs it; this test holds its scope.
 */
describe.each(['source', 'target'] as const)('tagging the %s stack through its change sets', (account) => {
  it.each([['with a CloudFormation role', EXAMPLE_SCOPE], ['without one', noRoles]] as const)('%s: cloudformation:TagResource on the stack only, for CreateChangeSet and ExecuteChangeSet only', (_, scope) => {
    const statements = policyFor(scope, account, 'deployer').statements.filter((s) => s.statement.Action.includes('cloudformation:TagResource'));
    expect(statements.map((s) => s.statement)).toEqual([
      {
        Sid: 'TagDeploymentStackThroughChangeSets',
        Effect: 'Allow',
        Action: ['cloudformation:TagResource'],
        Resource: `arn:aws:cloudformation:eu-west-1:${scope[account].accountId}:stack/${scope[account].stackName}/*`,
        Condition: { StringEquals: { 'cloudformation:CreateAction': ['CreateChangeSet', 'ExecuteChangeSet'] } },
      },
    ]);
    expect(statements[0]!.sources).toEqual(expect.arrayContaining(['https://docs.aws.amazon.com/aws-managed-policy/latest/reference/SecretsManagerReadWrite.html']));
    expect(grantedActions(policyFor(scope, account, 'deployer'))).not.toContain('cloudformation:untagresource');
  });
});
