/**
 * The StackSets engine against the fake AWS through the real SDK: operation order (stage-1 set, account
 * A's update, stage-2 set), the preferences sent, a failing instance named, throttling retried, and a
 * re-run that writes nothing.
 */
import { STACKSET_COMMANDS } from '../fake-aws/fake-stacksets';
import { A, DEV, PROD, STAGING, stackSetsWorld, TEMPLATES } from './stacksets-world';

const STAGE1 = 'orders-api-AccB-pipeline-1';
const STAGE2 = 'orders-api-AccB-pipeline-2';
const stackSetWrites = (w: ReturnType<typeof stackSetsWorld>) => w.aws.writes().filter((c) => STACKSET_COMMANDS.has(c.command));

describe('the StackSets engine', () => {
  it('deploys stage 1 as a stack set, then account A, then stage 2, wave by wave, and every target succeeds', async () => {
    const w = stackSetsWorld({ permissionModel: 'SELF_MANAGED', maxConcurrentPercentage: 50, failureTolerancePercentage: 0 });
    const result = await w.run();
    expect(result.targets.map((t) => [t.target, t.result])).toEqual([
      ['dev', 'succeeded'],
      ['staging', 'succeeded'],
      ['prod', 'succeeded'],
    ]);
    // Order: stage-1 set and its instances (wave 1, then wave 2), A's update, then stage 2 the same way.
    expect(result.operations.map((o) => `${o.stage} ${o.kind} ${o.wave ?? '-'} ${o.targets.join(',')}`)).toEqual([
      '1 CreateStackSet - ',
      '1 CreateStackInstances 1 dev',
      '1 CreateStackInstances 2 staging',
      '1 CreateStackInstances 2 prod',
      '2 CreateStackSet - ',
      '2 CreateStackInstances 1 dev',
      '2 CreateStackInstances 2 staging',
      '2 CreateStackInstances 2 prod',
    ]);
    const writes = stackSetWrites(w).map((c) => c.command);
    const firstStage2 = w.aws.calls.map((c, i) => (c.command === 'CreateStackSet' ? i : -1)).filter((i) => i >= 0)[1]!;
    expect(w.sourceUpdates).toHaveLength(1);
    expect(w.sourceUpdates[0]!.atCall).toBeLessThan(firstStage2);
    expect(w.aws.calls.slice(0, w.sourceUpdates[0]!.atCall).filter((c) => c.command === 'CreateStackInstances')).toHaveLength(3);
    expect(writes.filter((c) => c === 'CreateStackInstances')).toHaveLength(6);
    // A's update got each target's stage-1 outputs, read from the instance's stack in the target account.
    expect(w.sourceUpdates[0]!.outputs.get('prod')).toMatchObject({ AccountId: PROD, SourceRoleName: 'orders-api-prod-source' });
    // Stage 2 took A's output of the target's region as an override.
    const prodStage2 = w.aws.stackSets(A).instanceStack(STAGE2, PROD, 'us-east-1')!;
    expect(w.aws.cloudFormation(PROD, 'us-east-1').stack(prodStage2)?.outputs.Repository).toBe('orders-api-use1');
    expect(w.aws.cloudFormation(DEV).stack(w.aws.stackSets(A).instanceStack(STAGE2, DEV, 'eu-west-1')!)?.outputs.Repository).toBe('orders-api');
  });

  it('sends the preferences from the config: PARALLEL regions, its percentages, soft failure tolerance', async () => {
    const w = stackSetsWorld({ permissionModel: 'SELF_MANAGED', maxConcurrentPercentage: 40, failureTolerancePercentage: 10 });
    await w.run();
    const ops = w.aws.stackSets(A).operationsOf(STAGE1);
    expect(ops[0]!.preferencesJson).toEqual({ RegionConcurrencyType: 'PARALLEL', MaxConcurrentPercentage: '40', FailureTolerancePercentage: '10', ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE' });
  });

  it('names a failing instance (account, region, reason), skips its stage 2 and the later waves over tolerance', async () => {
    const w = stackSetsWorld({ permissionModel: 'SELF_MANAGED' });
    const spec = { stack: '', logicalId: 'Topic', reason: 'Topic limit exceeded' };
    Object.defineProperty(spec, 'stack', { get: () => w.aws.stackSets(A).instanceStack(STAGE1, DEV, 'eu-west-1') ?? '' });
    w.aws.cloudFormation(DEV).failures.push(spec);
    const result = await w.run();
    const dev = result.targets.find((t) => t.target === 'dev')!;
    expect(dev.result).toBe('failed');
    expect(dev.reason).toBe(`account ${DEV}, eu-west-1: FAILED: ResourceLogicalId:Topic, ResourceType:AWS::SNS::Topic, ResourceStatusReason:Topic limit exceeded.`);
    expect(dev.stage2.status).toBe('skipped');
    // Wave 1 failed over its tolerance (0): wave 2 was not started in stage 1, nor deployed in stage 2.
    expect(result.targets.filter((t) => t.target !== 'dev').map((t) => [t.target, t.result, t.reason])).toEqual([
      ['staging', 'skipped', 'wave 1 had 1 failed target, over its failure tolerance: later waves were not started'],
      ['prod', 'skipped', 'wave 1 had 1 failed target, over its failure tolerance: later waves were not started'],
    ]);
    expect(w.aws.stackSets(A).instanceStack(STAGE1, STAGING, 'eu-west-1')).toBeUndefined();
    expect(w.sourceUpdates).toHaveLength(0);
  });

  it('retries throttled StackSet calls and goes on', async () => {
    const w = stackSetsWorld({ permissionModel: 'SELF_MANAGED' });
    w.aws.throttle(2, 'cloudformation', 'CreateStackInstances');
    w.aws.throttle(2, 'cloudformation', 'DescribeStackSetOperation');
    const result = await w.run();
    expect(result.targets.every((t) => t.result === 'succeeded')).toBe(true);
    expect(w.aws.calls.filter((c) => c.error === 'Throttling')).toHaveLength(4);
    expect(w.throttled.length).toBe(4);
    // A retried CreateStackInstances is the same operation (the same OperationId), not a second one.
    expect(w.aws.stackSets(A).operationsOf(STAGE1).filter((o) => o.action === 'CREATE')).toHaveLength(3);
  });

  it('a lost answer to CreateStackInstances, retried by the SDK with the same OperationId, is one operation', async () => {
    const w = stackSetsWorld({ permissionModel: 'SELF_MANAGED' });
    w.aws.loseAnswers(1, 'cloudformation', 'CreateStackInstances');
    const result = await w.run();
    expect(result.targets.every((t) => t.result === 'succeeded')).toBe(true);
    expect(w.aws.callsOf('CreateStackInstances')).toHaveLength(7);
    expect(w.aws.stackSets(A).operationsOf(STAGE1).filter((o) => o.action === 'CREATE')).toHaveLength(3);
  });

  it('a re-run with nothing changed writes nothing; a changed value updates only that instance', async () => {
    const w = stackSetsWorld({ permissionModel: 'SELF_MANAGED' });
    await w.run();
    const before = w.aws.writes().length;
    const again = await w.run();
    expect(w.aws.writes().slice(before).map((c) => c.command)).toEqual([]);
    expect(again.targets.map((t) => [t.stage1.status, t.stage2.status])).toEqual([
      ['unchanged', 'unchanged'],
      ['unchanged', 'unchanged'],
      ['unchanged', 'unchanged'],
    ]);
    // staging's values change: one UpdateStackInstances in stage 1, nothing else.
    w.targets[1]!.parameters['AccB-pipeline-1'].EcsClusterName = { value: 'orders-2' };
    const third = await w.run();
    expect(stackSetWrites(w).slice(-1).map((c) => c.command)).toEqual(['UpdateStackInstances']);
    expect(third.operations.map((o) => `${o.stage} ${o.kind} ${o.targets.join(',')}`)).toEqual(['1 UpdateStackInstances staging']);
  });

  it('a changed template: UpdateStackSet on wave 1\'s instances first, then wave 2\'s instances brought up to date', async () => {
    const w = stackSetsWorld({ permissionModel: 'SELF_MANAGED' });
    await w.run();
    const stage1 = TEMPLATES.stage1;
    TEMPLATES.stage1 = stage1.replace('Type: AWS::SNS::Topic', 'Type: AWS::SNS::Topic\n    DeletionPolicy: Retain');
    try {
      const r = await w.run();
      expect(r.operations.map((o) => `${o.stage} ${o.kind} ${o.wave ?? '-'} ${o.targets.join(',')} ${o.status}`)).toEqual([
        '1 UpdateStackSet - dev SUCCEEDED',
        '1 UpdateStackInstances 2 staging SUCCEEDED',
        '1 UpdateStackInstances 2 prod SUCCEEDED',
      ]);
      expect(r.targets.map((t) => [t.target, t.stage1.status, t.stage2.status])).toEqual([
        ['dev', 'succeeded', 'unchanged'],
        ['staging', 'succeeded', 'unchanged'],
        ['prod', 'succeeded', 'unchanged'],
      ]);
      const listed = await w.aws.stackSets(A).ListStackInstances({ StackSetName: STAGE1 });
      expect(listed.Summaries.map((i: { Status: string }) => i.Status)).toEqual(['CURRENT', 'CURRENT', 'CURRENT']);
    } finally {
      TEMPLATES.stage1 = stage1;
    }
  });

  it('service-managed, as a delegated administrator: OUs narrowed to the targets, CallAs on every call', async () => {
    const w = stackSetsWorld({ permissionModel: 'SERVICE_MANAGED', organizationalUnitIds: ['ou-abcd-12345678'], administration: 'DELEGATED_ADMIN' });
    w.aws.organization.managementAccount = '999999999999';
    for (const a of [DEV, STAGING, PROD, '123412341234']) w.aws.organization.place(a, 'ou-abcd-12345678');
    w.aws.organization.delegatedAdministrators.add(A);
    const result = await w.run({ callAs: 'DELEGATED_ADMIN' });
    expect(result.targets.every((t) => t.result === 'succeeded')).toBe(true);
    // The OU's other account got no instance: the targets are the accounts named (AccountFilterType INTERSECTION).
    expect(w.aws.stackSets(A).instanceStack(STAGE1, '123412341234', 'eu-west-1')).toBeUndefined();
    // Without CallAs the member account may not administer the set.
    const w2 = stackSetsWorld({ permissionModel: 'SERVICE_MANAGED', organizationalUnitIds: ['ou-abcd-12345678'], administration: 'DELEGATED_ADMIN' });
    w2.aws.organization.delegatedAdministrators.add(A);
    await expect(w2.run()).rejects.toThrow(/permission to perform this operation/);
  });
});
