/**
 * The policies that only limit (a service control policy at one level of the organization, a resource
 * control policy, a permissions boundary, a session policy), as doctor may pass them: the runtime
 * evaluator against iam-simulate, on requests the identity policy allows, same-account and across
 * accounts.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { evaluateRequest } from '../../scripts/iam/evaluate';
import type { Statement } from '../../scripts/iam/policy';

const A = '111122223333';
const B = '444455556666';
const SESSION = `arn:aws:sts::${A}:assumed-role/worker/session-1`;
const doc = (...Statement: Statement[]) => ({ Version: '2012-10-17', Statement });
const ALLOW_ALL = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
/** AWS attaches RCPFullAWSAccess wherever resource control policies are on; iam-simulate adds it itself. */
const RCP_FULL_ACCESS = doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' } as Statement);

interface Guards {
  scp?: ReturnType<typeof doc>;
  rcp?: ReturnType<typeof doc>;
  boundary?: ReturnType<typeof doc>;
  session?: ReturnType<typeof doc>;
}

const REQUESTS = [
  { name: 'same account, S3 object', action: 's3:GetObject', resource: 'arn:aws:s3:::data-bucket/a.csv', account: A, resourcePolicy: undefined },
  {
    name: 'across accounts, S3 object the bucket policy grants',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::shared-bucket/a.csv',
    account: B,
    resourcePolicy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/worker` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared-bucket/*' } as Statement),
  },
];

const GUARDS: Array<[string, Guards]> = [
  ['an SCP allowing everything', { scp: ALLOW_ALL }],
  ['an SCP allowing EC2 only', { scp: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) }],
  ['an SCP denying S3 reads outside one region', { scp: doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 's3:Get*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }) }],
  ['an RCP denying principals of other accounts', { rcp: doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalAccount': B } } } as Statement) }],
  ['a boundary allowing S3 reads', { boundary: doc({ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }) }],
  ['a boundary allowing KMS only', { boundary: doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }) }],
  ['a session policy allowing S3', { session: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }],
  ['a session policy allowing EC2 only', { session: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) }],
];

async function reference(r: (typeof REQUESTS)[number], g: Guards): Promise<string> {
  const result = await runSimulation(
    {
      request: { principal: SESSION, action: r.action, resource: { resource: r.resource, accountId: r.account }, contextVariables: { 'aws:RequestedRegion': 'us-east-1', 'aws:PrincipalAccount': A } },
      identityPolicies: [{ name: 'identity', policy: ALLOW_ALL }],
      serviceControlPolicies: g.scp ? [{ orgIdentifier: 'ou-1', policies: [{ name: 'scp', policy: g.scp }] }] : [],
      resourceControlPolicies: g.rcp ? [{ orgIdentifier: 'ou-1', policies: [{ name: 'rcp', policy: g.rcp }] }] : [],
      ...(g.boundary ? { permissionBoundaryPolicies: [{ name: 'boundary', policy: g.boundary }] } : {}),
      ...(g.session ? { sessionPolicy: g.session } : {}),
      ...(r.resourcePolicy ? { resourcePolicy: r.resourcePolicy } : {}),
    },
    { simulationMode: 'Strict' },
  );
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  return result.overallResult;
}

function ours(r: (typeof REQUESTS)[number], g: Guards): string {
  const named = (label: string, d: ReturnType<typeof doc> | undefined) => (d ? [{ label, document: d }] : undefined);
  const rcp = g.rcp ? [{ label: 'RCPFullAWSAccess', document: RCP_FULL_ACCESS }, { label: 'rcp', document: g.rcp }] : undefined;
  return evaluateRequest({
    request: { principal: SESSION, action: r.action, resource: r.resource, resourceAccount: r.account, context: { 'aws:RequestedRegion': 'us-east-1', 'aws:PrincipalAccount': A } },
    identityPolicies: [{ label: 'identity', document: ALLOW_ALL }],
    resourcePolicy: r.resourcePolicy ? { label: 'bucket policy', document: r.resourcePolicy } : null,
    ...(g.scp ? { serviceControlPolicies: named('scp', g.scp) } : {}),
    ...(rcp ? { resourceControlPolicies: rcp } : {}),
    ...(g.boundary ? { permissionsBoundary: named('boundary', g.boundary) } : {}),
    ...(g.session ? { sessionPolicies: named('session', g.session) } : {}),
  }).decision;
}

describe.each(REQUESTS.map((r) => [r.name, r] as const))('guardrails agree with iam-simulate: %s', (_name, r) => {
  it.each(GUARDS)('with %s', async (_g, g) => {
    expect(ours(r, g)).toBe(await reference(r, g));
  });

  it('some guardrails let the request through and some stop it', async () => {
    const decisions = await Promise.all(GUARDS.map(([, g]) => reference(r, g)));
    expect(decisions).toContain('Allowed');
    expect(decisions.some((d) => d !== 'Allowed')).toBe(true);
  });
});
