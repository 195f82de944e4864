/**
 * The deployer table and both policies against AWS's own data: every call scripts/aws/clients/ can make has a row
 * (a new call fails here until it gets one), every action and resource format is the Service
 * Authorization Reference's (iam-data), "*" only where IAM allows nothing else, condition keys the
 * actions take, no wildcard actions, and the policies fit IAM's limits.
 */
import { readFileSync } from 'node:fs';
import { parseConfig } from '../../scripts/config/load-config';
import { permissionScope } from '../../scripts/permissions/config-scope';
import { DEPLOYER_CALLS } from '../../scripts/permissions/deployer-calls';
import { EXAMPLE_CONFIG_FILE, EXAMPLE_SCOPE } from '../../scripts/permissions/example-scope';
import { documentOf, type ExplainedPolicy } from '../../scripts/permissions/policy-types';
import { ACCOUNTS, policyFor, ROLES } from '../../scripts/permissions/render-policy';
import type { PermissionScope } from '../../scripts/permissions/scope';
import { actionData, isAnyResourceOnly } from '../fake-aws/iam/iam-reference';
import { grantProblems } from '../helpers/iam-policy-checks';
import { permissionsConfig } from '../helpers/permissions-world';
import { sdkCalls } from '../helpers/sdk-calls';
import { dump } from 'js-yaml';

const scopeOf = (config: Record<string, unknown>) => permissionScope(parseConfig(dump(config), 'test'));
const rich = scopeOf(permissionsConfig());
const withoutRole = ({ cloudFormationRoleArn: _, ...account }: PermissionScope['source']) => account; // eslint-disable-line @typescript-eslint/no-unused-vars
const withoutRoles: PermissionScope = { ...rich, source: withoutRole(rich.source), target: withoutRole(rich.target) };
const namedPortfolio: PermissionScope = { ...rich, catalogs: { target: { ...rich.catalogs.target!, portfolioId: 'port-abcdefghijklm' } } };
const SCOPES: Array<[string, PermissionScope]> = [
  ['a config with CloudFormation roles and both catalogs', rich],
  ['a config without CloudFormation roles', withoutRoles],
  ['a config that names its portfolio', namedPortfolio],
  ['the example deployment', EXAMPLE_SCOPE],
  ['a fleet deployed with the StackSets engine', { ...rich, stackSets: true, fleetSourceStacks: true, releasesInWaves: true }],
];
const allPolicies = (): Array<[string, ExplainedPolicy]> =>
  SCOPES.flatMap(([name, scope]) => ACCOUNTS.flatMap((a) => ROLES.map((r): [string, ExplainedPolicy] => [`${name}: ${a} ${r}`, policyFor(scope, a, r)])));

describe('the deployer table', () => {
  const operations = new Set(DEPLOYER_CALLS.map((r) => r.operation));

  it.each(sdkCalls().map((c) => [`${c.client}:${c.operation}`] as const))('has a row for %s, which scripts/aws/clients/ can send', (operation) => {
    expect(operations).toContain(operation);
  });

  it('has no row for a call scripts/aws/clients/ does not make', () => {
    const made = new Set(sdkCalls().map((c) => `${c.client}:${c.operation}`));
    expect([...operations].filter((o) => !made.has(o))).toEqual([]);
  });

  it.each(DEPLOYER_CALLS.filter((r) => r.action).map((r) => [`${r.operation} → ${r.action}`, r] as const))('%s: an action of the reference, on "*" exactly when IAM allows nothing else', (_, row) => {
    expect(actionData(row.action!)).toBeDefined();
    expect(row.scope === 'any-resource').toBe(isAnyResourceOnly(row.action!));
    expect(row.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  it('asks no permission only of sts:GetCallerIdentity, whose API reference says none is needed', () => {
    expect(DEPLOYER_CALLS.filter((r) => !r.action).map((r) => [r.operation, r.source])).toEqual([['STS:GetCallerIdentity', 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html']]);
  });
});

describe.each(allPolicies())('%s', (_, policy) => {
  const where = { partition: 'aws', region: 'eu-west-1', account: policy.accountId };

  it('grants only actions of the reference, on resources of their types, with condition keys they take', () => {
    const problems = policy.statements.flatMap(({ statement: s }) => {
      const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
      const keys = Object.values(s.Condition ?? {}).flatMap((block) => Object.keys(block));
      return s.Action.flatMap((a) => grantProblems(a, resources, keys, where).map((p) => `${s.Sid}: ${p}`));
    });
    expect(problems).toEqual([]);
  });

  it('has no "*" action, no service wildcard, unique letter-and-digit statement ids, and a reason and a source per statement', () => {
    const actions = policy.statements.flatMap((s) => s.statement.Action);
    expect(actions.filter((a) => a.includes('*') || !/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(a))).toEqual([]);
    const sids = policy.statements.map((s) => s.statement.Sid);
    expect(new Set(sids).size).toBe(sids.length);
    expect(sids.filter((s) => !/^[A-Za-z0-9]+$/.test(s))).toEqual([]);
    for (const s of policy.statements) {
      expect(s.why.length).toBeGreaterThan(20);
      expect(s.sources.length).toBeGreaterThan(0);
    }
  });

  it("fits IAM's limit for the inline policies of a role (10,240 characters without white space)", () => {
    expect(JSON.stringify(documentOf(policy)).replace(/\s/g, '').length).toBeLessThanOrEqual(10_240);
  });
});

describe('the deployer policy with and without a CloudFormation role', () => {
  it('without one, holds the cloudformation policy too and passes no role; with one, holds no resource permissions and passes only that role, to CloudFormation', () => {
    for (const account of ACCOUNTS) {
      const bare = policyFor(withoutRoles, account, 'deployer').statements.map((s) => s.statement);
      const cfn = policyFor(withoutRoles, account, 'cloudformation').statements.map((s) => s.statement);
      expect(bare).toEqual(expect.arrayContaining(cfn));
      expect(bare.filter((s) => s.Sid === 'PassCloudFormationRole')).toEqual([]);

      const withRole = policyFor(rich, account, 'deployer').statements.map((s) => s.statement);
      const calls = new Set(DEPLOYER_CALLS.flatMap((r) => (r.action ? [r.action] : [])));
      expect(withRole.flatMap((s) => s.Action).filter((a) => !calls.has(a))).toEqual([]);
      expect(withRole.filter((s) => s.Action.includes('iam:PassRole'))).toEqual([
        { Sid: 'PassCloudFormationRole', Effect: 'Allow', Action: ['iam:PassRole'], Resource: rich[account].cloudFormationRoleArn, Condition: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } } },
      ]);
    }
  });
});

describe('the reference checks', () => {
  const where = { partition: 'aws', region: 'eu-west-1', account: '444455556666' };
  it('can fail: a bucket for an object action, "*" for a scoped action, a resource for a "*"-only one, a key the action does not take', () => {
    expect(grantProblems('s3:GetObject', ['arn:aws:s3:::bucket'], [], where)).toHaveLength(1);
    expect(grantProblems('cloudformation:DescribeStacks', ['*'], [], where)).toHaveLength(1);
    expect(grantProblems('events:PutPermission', ['arn:aws:events:eu-west-1:444455556666:event-bus/default'], [], where)).toHaveLength(1);
    expect(grantProblems('cloudformation:DescribeStacks', ['arn:aws:cloudformation:eu-west-1:444455556666:stack/x/*'], ['cloudformation:RoleArn'], where)).toHaveLength(1);
    expect(grantProblems('cloudformation:CreateStacks', ['*'], [], where)).toHaveLength(1);
    expect(grantProblems('cloudformation:CreateChangeSet', ['arn:aws:cloudformation:eu-west-1:444455556666:stack/x/*'], ['cloudformation:RoleArn', 'aws:RequestTag/k'], where)).toEqual([]);
  });
});

describe('the example deployment of generated/permissions', () => {
  it('is examples/deployment.yaml, as permissionScope() reads it', () => {
    expect(permissionScope(parseConfig(readFileSync(EXAMPLE_CONFIG_FILE, 'utf8'), EXAMPLE_CONFIG_FILE))).toEqual(EXAMPLE_SCOPE);
  });
});

describe('policies made once per process (policyFor)', () => {
  it('gives the policy made before for an equal scope, and a policy of its own for a scope that differs in one nested field', () => {
    const first = policyFor(rich, 'target', 'deployer');
    expect(policyFor({ ...rich }, 'target', 'deployer')).toBe(first);
    const otherStack: PermissionScope = { ...rich, target: { ...rich.target, stackName: 'other-target' } };
    const other = policyFor(otherStack, 'target', 'deployer');
    expect(other).not.toBe(first);
    expect(JSON.stringify(documentOf(other))).toContain('stack/other-target/');
    expect(JSON.stringify(documentOf(first))).not.toContain('other-target');
    expect(policyFor(rich, 'target', 'cloudformation')).not.toBe(first);
  });
});
