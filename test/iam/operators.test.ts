/**
 * The runtime evaluator against iam-simulate on policies the templates do not use but live policies
 * do (what doctor will read): every condition operator family, IfExists, Null, the set operators,
 * NotAction, NotResource, NotPrincipal, account and wildcard principals, policy variables. Each
 * statement is tried with requests that meet and that miss it, same-account and across accounts.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { evaluateRequest } from '../../scripts/iam/evaluate';
import type { Statement } from '../../scripts/iam/policy';

const A = '111122223333';
const B = '444455556666';
const SESSION = `arn:aws:sts::${A}:assumed-role/worker/session-1`;
const OBJECT = 'arn:aws:s3:::data-bucket/reports/2024/q1.csv';

interface Case {
  name: string;
  statements: Statement[];
  /** Where the statements are: the caller's identity policy, or the resource's policy (caller in another account, identity allows all). */
  place: 'identity' | 'resource';
  action: string;
  resource: string;
  contexts: Array<Record<string, string | string[]>>;
}

const allow = (extra: Partial<Statement>): Statement => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: OBJECT, ...extra });

const CASES: Case[] = [
  {
    name: 'StringEquals / StringNotEquals / StringEqualsIgnoreCase',
    place: 'identity',
    action: 's3:GetObject',
    resource: OBJECT,
    statements: [allow({ Condition: { StringEquals: { 'aws:PrincipalTag/team': ['blue', 'green'] }, StringNotEquals: { 'aws:PrincipalTag/stage': 'prod' }, StringEqualsIgnoreCase: { 'aws:PrincipalTag/owner': 'ALICE' } } })],
    contexts: [
      { 'aws:PrincipalTag/team': 'blue', 'aws:PrincipalTag/stage': 'dev', 'aws:PrincipalTag/owner': 'alice' },
      { 'aws:PrincipalTag/team': 'red', 'aws:PrincipalTag/stage': 'dev', 'aws:PrincipalTag/owner': 'alice' },
      { 'aws:PrincipalTag/team': 'green', 'aws:PrincipalTag/stage': 'prod', 'aws:PrincipalTag/owner': 'alice' },
      { 'aws:PrincipalTag/team': 'green', 'aws:PrincipalTag/owner': 'alice' },
      { 'aws:PrincipalTag/team': 'green', 'aws:PrincipalTag/owner': 'bob' },
    ],
  },
  {
    name: 'StringLike / StringNotLike with wildcards',
    place: 'identity',
    action: 's3:GetObject',
    resource: OBJECT,
    statements: [allow({ Condition: { StringLike: { 'aws:PrincipalTag/project': 'orders-*' }, StringNotLike: { 'aws:PrincipalTag/env': 'pr?d' } } })],
    contexts: [{ 'aws:PrincipalTag/project': 'orders-api', 'aws:PrincipalTag/env': 'dev' }, { 'aws:PrincipalTag/project': 'billing', 'aws:PrincipalTag/env': 'dev' }, { 'aws:PrincipalTag/project': 'orders-x', 'aws:PrincipalTag/env': 'prod' }, {}],
  },
  {
    name: 'ArnLike / ArnNotEquals on aws:PrincipalArn and aws:SourceArn',
    place: 'identity',
    action: 's3:GetObject',
    resource: OBJECT,
    statements: [allow({ Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/work*` }, ArnNotEquals: { 'aws:SourceArn': `arn:aws:events:eu-west-1:${A}:rule/blocked` } } })],
    contexts: [
      { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/worker`, 'aws:SourceArn': `arn:aws:events:eu-west-1:${A}:rule/ok` },
      { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/admin` },
      { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/worker`, 'aws:SourceArn': `arn:aws:events:eu-west-1:${A}:rule/blocked` },
      { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/worker` },
    ],
  },
  {
    name: 'Bool, BoolIfExists and Null in a Deny',
    place: 'identity',
    action: 's3:GetObject',
    resource: OBJECT,
    statements: [
      allow({}),
      { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' }, Null: { 'aws:PrincipalTag/team': 'true' } } },
    ],
    contexts: [
      { 'aws:SecureTransport': 'true', 'aws:PrincipalTag/team': 'blue' },
      { 'aws:SecureTransport': 'false', 'aws:PrincipalTag/team': 'blue' },
      { 'aws:SecureTransport': 'true' },
      { 'aws:SecureTransport': 'true', 'aws:MultiFactorAuthPresent': 'true' },
    ],
  },
  {
    name: 'StringEqualsIfExists, NumericLessThan, DateGreaterThan, IpAddress, NotIpAddress',
    place: 'identity',
    action: 's3:GetObject',
    resource: OBJECT,
    statements: [
      allow({
        Condition: {
          StringEqualsIfExists: { 'aws:PrincipalTag/team': 'blue' },
          NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
          DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' },
          IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] },
          NotIpAddress: { 'aws:SourceIp': '203.0.113.7/32' },
        },
      }),
    ],
    contexts: [
      { 'aws:MultiFactorAuthAge': '60', 'aws:CurrentTime': '2025-06-01T00:00:00Z', 'aws:SourceIp': '203.0.113.5' },
      { 'aws:MultiFactorAuthAge': '60', 'aws:CurrentTime': '2025-06-01T00:00:00Z', 'aws:SourceIp': '203.0.113.7' },
      { 'aws:MultiFactorAuthAge': '7200', 'aws:CurrentTime': '2025-06-01T00:00:00Z', 'aws:SourceIp': '203.0.113.5' },
      { 'aws:MultiFactorAuthAge': '60', 'aws:CurrentTime': '2023-06-01T00:00:00Z', 'aws:SourceIp': '2001:db8::1' },
      { 'aws:MultiFactorAuthAge': '60', 'aws:CurrentTime': '2025-06-01T00:00:00Z', 'aws:SourceIp': '2001:db8::1', 'aws:PrincipalTag/team': 'red' },
      { 'aws:MultiFactorAuthAge': '60', 'aws:CurrentTime': '2025-06-01T00:00:00Z', 'aws:SourceIp': '198.51.100.1' },
    ],
  },
  {
    name: 'ForAnyValue and ForAllValues on a multivalued key',
    place: 'identity',
    action: 's3:GetObject',
    resource: OBJECT,
    statements: [
      allow({ Condition: { 'ForAnyValue:StringEquals': { 'aws:CalledVia': 'cloudformation.amazonaws.com' } } }),
      { Effect: 'Deny', Action: 's3:GetObject', Resource: OBJECT, Condition: { 'ForAllValues:StringLike': { 'aws:CalledVia': ['athena.*', 'glue.*'] }, Null: { 'aws:CalledVia': 'false' } } },
    ],
    contexts: [{ 'aws:CalledVia': ['cloudformation.amazonaws.com'] }, { 'aws:CalledVia': ['athena.amazonaws.com', 'cloudformation.amazonaws.com'] }, { 'aws:CalledVia': ['athena.amazonaws.com'] }, {}],
  },
  {
    name: 'NotAction, NotResource and policy variables',
    place: 'identity',
    action: 's3:GetObject',
    resource: OBJECT,
    statements: [
      { Effect: 'Allow', NotAction: ['iam:*', 's3:DeleteObject'], Resource: 'arn:aws:s3:::data-bucket/${aws:PrincipalTag/team}/*' },
      { Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::data-bucket/secret/*' },
      { Effect: 'Deny', Action: 's3:GetObject', Resource: OBJECT, Condition: { StringNotEquals: { 'aws:PrincipalAccount': '${aws:ResourceAccount}' } } },
    ],
    contexts: [
      { 'aws:PrincipalTag/team': 'reports', 'aws:PrincipalAccount': A, 'aws:ResourceAccount': A },
      { 'aws:PrincipalAccount': A, 'aws:ResourceAccount': B },
      { 'aws:PrincipalAccount': A, 'aws:ResourceAccount': A },
    ],
  },
  {
    name: 'resource policy across accounts: role, session, account id, root and "*" principals, NotPrincipal',
    place: 'resource',
    action: 's3:GetObject',
    resource: OBJECT,
    statements: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/worker` }, Action: 's3:GetObject', Resource: OBJECT, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } },
      { Effect: 'Allow', Principal: { AWS: A }, Action: 's3:GetObject', Resource: OBJECT, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'green' } } },
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECT, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } },
      { Effect: 'Deny', NotPrincipal: { AWS: [`arn:aws:iam::${A}:root`] }, Action: 's3:GetObject', Resource: OBJECT, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } },
    ],
    contexts: [{ 'aws:PrincipalTag/team': 'blue' }, { 'aws:PrincipalTag/team': 'green' }, { 'aws:PrincipalTag/team': 'red' }, { 'aws:PrincipalTag/team': 'grey' }],
  },
  {
    name: 'a key policy naming the account only hands the decision to IAM; one naming nobody denies',
    place: 'resource',
    action: 'kms:Decrypt',
    resource: `arn:aws:kms:eu-west-1:${B}:key/0f0f0f0f-1111-2222-3333-444444444444`,
    statements: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }],
    contexts: [{ 'aws:PrincipalTag/team': 'blue' }, { 'aws:PrincipalTag/team': 'red' }],
  },
];

async function reference(c: Case, context: Record<string, string | string[]>): Promise<string> {
  const policy = { Version: '2012-10-17', Statement: c.statements };
  const identity = c.place === 'identity' ? policy : { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const resourceAccount = c.place === 'identity' ? A : B;
  const result = await runSimulation(
    {
      request: { principal: SESSION, action: c.action, resource: { resource: c.resource, accountId: resourceAccount }, contextVariables: context },
      identityPolicies: [{ name: 'identity', policy: identity }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(c.place === 'resource' ? { resourcePolicy: policy } : {}),
    },
    { simulationMode: 'Strict' },
  );
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  return result.overallResult;
}

function ours(c: Case, context: Record<string, string | string[]>): string {
  const policy = { label: 'policy', document: { Version: '2012-10-17', Statement: c.statements } };
  const allowAll = { label: 'identity', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: '*', Resource: '*' }] } };
  return evaluateRequest({
    request: { principal: SESSION, action: c.action, resource: c.resource, resourceAccount: c.place === 'identity' ? A : B, context },
    identityPolicies: [c.place === 'identity' ? policy : allowAll],
    resourcePolicy: c.place === 'resource' ? policy : null,
  }).decision;
}

describe.each(CASES.map((c) => [c.name, c] as const))('the runtime evaluator agrees with iam-simulate: %s', (_name, c) => {
  it.each(c.contexts.map((context, i) => [i, context] as const))('request %i', async (_i, context) => {
    expect(ours(c, context)).toBe(await reference(c, context));
  });

  it('allows some requests and denies others (the case tests both ways)', async () => {
    const decisions = new Set(await Promise.all(c.contexts.map((ctx) => reference(c, ctx))));
    expect(decisions.has('Allowed')).toBe(true);
    expect(decisions.size).toBeGreaterThan(1);
  });
});
