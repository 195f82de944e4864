/**
 * The deployer policy of account A grants the StackSet calls only to a deployment that uses the StackSets
 * engine, on its two stage stack sets (CreateStackSet on "*", which IAM allows nothing narrower for), and
 * the target accounts' policies never.
 */
import { EXAMPLE_SCOPE } from '../../scripts/permissions/example-scope';
import { documentOf } from '../../scripts/permissions/policy-types';
import { policyFor } from '../../scripts/permissions/render-policy';
import { STACKSET_COMMANDS } from '../fake-aws/fake-stacksets';

type Statement = { Action: string | string[]; Resource: string | string[] };
const statements = (scope: typeof EXAMPLE_SCOPE, account: 'source' | 'target') => documentOf(policyFor(scope, account, 'deployer')).Statement as Statement[];
const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
const stackSetActions = (ss: Statement[]) => ss.flatMap((s) => list(s.Action)).filter((a) => STACKSET_COMMANDS.has(a.split(':')[1]!));

describe('the StackSets engine\'s permissions', () => {
  it('are granted in account A only with the engine, each call on the stage stack sets', () => {
    expect(stackSetActions(statements(EXAMPLE_SCOPE, 'source'))).toEqual([]);
    const withEngine = { ...EXAMPLE_SCOPE, stackSets: true };
    const source = statements(withEngine, 'source');
    expect(new Set(stackSetActions(source))).toEqual(new Set([...STACKSET_COMMANDS].map((c) => `cloudformation:${c}`)));
    const { region, source: a, deployment } = EXAMPLE_SCOPE;
    for (const s of source.filter((x) => stackSetActions([x]).length > 0)) {
      const expected = list(s.Action).includes('cloudformation:CreateStackSet') ? ['*'] : [`arn:aws:cloudformation:${region}:${a.accountId}:stackset/${deployment}-AccB-pipeline-*:*`];
      expect(list(s.Resource)).toEqual(expected);
    }
    expect(stackSetActions(statements(withEngine, 'target'))).toEqual([]);
  });

  it("grant account B's deployer the stage-1 instance's stack and the source bucket it made, only with the engine", () => {
    const sids = (scope: typeof EXAMPLE_SCOPE) => documentOf(policyFor(scope, 'target', 'deployer')).Statement.map((s: { Sid: string }) => s.Sid);
    const instance = ['StackSetInstanceStacks', 'StageOneInstanceStack', 'StageOneInstanceBuckets', 'StageOneInstanceImageDefinitions'];
    expect(sids(EXAMPLE_SCOPE).filter((s: string) => instance.includes(s))).toEqual([]);
    const withEngine = { ...EXAMPLE_SCOPE, stackSets: true };
    const target = statements(withEngine, 'target') as Array<Statement & { Sid: string }>;
    const bySid = (sid: string) => target.find((s) => s.Sid === sid)!;
    const { region, target: b, deployment, imageDefinitionsObjectKey } = EXAMPLE_SCOPE;
    // Both instances' stacks are read; the stage-1 instance's is read through and deleted by the teardown.
    expect(bySid('StackSetInstanceStacks')).toMatchObject({ Action: ['cloudformation:DescribeStacks'], Resource: `arn:aws:cloudformation:${region}:${b.accountId}:stack/StackSet-${deployment}-AccB-pipeline-*/*` });
    expect(bySid('StageOneInstanceStack')).toMatchObject({ Action: ['cloudformation:DeleteStack', 'cloudformation:GetTemplate', 'cloudformation:ListStackResources'], Resource: `arn:aws:cloudformation:${region}:${b.accountId}:stack/StackSet-${deployment}-AccB-pipeline-1-*/*` });
    expect(list(bySid('StageOneInstanceBuckets').Action).sort()).toEqual(['s3:GetBucketVersioning', 's3:ListBucket', 's3:ListBucketVersions']);
    expect(bySid('StageOneInstanceBuckets').Resource).toBe(`arn:aws:s3:::stackset-${deployment}-accb-pipeline-1-*`);
    expect(list(bySid('StageOneInstanceImageDefinitions').Action).sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(bySid('StageOneInstanceImageDefinitions').Resource).toBe(`arn:aws:s3:::stackset-${deployment}-accb-pipeline-1-*/${imageDefinitionsObjectKey}`);
  });
});
