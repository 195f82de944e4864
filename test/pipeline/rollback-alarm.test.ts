/**
 * Automatic rollback: `pipeline.rollbackAlarmName` becomes stack B's RollbackAlarmName, which gives the
 * deploy stage an OnSuccess condition (a CloudWatchAlarm rule on that alarm, result ROLLBACK) and the
 * pipeline role, which runs the rule, read access to that alarm and nothing else. Without the key: no
 * condition and no grant. Deployed through the CLI against the fake; the grant is the one the access
 * proof's call needs (removing it breaks the proof, naming the call).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplate } from '../../scripts/yaml/cfn-yaml';
import { proveAccess } from '../../scripts/verify/prove-access';
import type { TemplateName } from '../../templates-src';
import { ACCOUNT_B, exampleConfig, twoAccountWorld, type World } from '../helpers/deploy-world';
import { allTemplates, GENERATED, type Json } from '../helpers/templates';

let world: World;
afterEach(() => world?.restore());

const withAlarm = (alarm?: string) => exampleConfig({ pipeline: { ...(exampleConfig().pipeline as object), ...(alarm ? { rollbackAlarmName: alarm } : {}) } });

async function deploy(alarm?: string): Promise<{ deploy: Json; policies: Record<string, Json> }> {
  world = twoAccountWorld(withAlarm(alarm));
  const run = await world.run('deploy-sequence', '--config', world.configFile, '--yes');
  expect({ code: run.code, err: run.err }).toEqual({ code: 0, err: expect.any(String) });
  const stack = world.aws.cloudFormation(ACCOUNT_B).stack('orders-api-target')!;
  const definition = world.aws.codePipeline(ACCOUNT_B).definition(stack.outputs.PipelineName);
  const role = world.aws.iam(ACCOUNT_B).role(stack.outputs.PipelineRoleArn.split('/').pop()!)!;
  return { deploy: (definition.Stages as Json[]).find((s) => s.Name === 'Deploy')!, policies: Object.fromEntries(role.inline) };
}

describe('pipeline.rollbackAlarmName: the deploy stage rolls back on the alarm', () => {
  it('with an alarm: stack B gets RollbackAlarmName, the Deploy stage an OnSuccess ROLLBACK condition on it, the pipeline role read access to that alarm only', async () => {
    const { deploy: stage, policies } = await deploy('orders-api-5xx');
    expect(world.aws.cloudFormation(ACCOUNT_B).stack('orders-api-target')!.parameters.RollbackAlarmName).toBe('orders-api-5xx');
    expect(stage.OnSuccess).toEqual({
      Conditions: [
        {
          Result: 'ROLLBACK',
          Rules: [{ Name: 'RollbackAlarm', RuleTypeId: { Category: 'Rule', Owner: 'AWS', Provider: 'CloudWatchAlarm', Version: '1' }, Configuration: { AlarmName: 'orders-api-5xx', WaitTime: '5' } }],
        },
      ],
    });
    expect(policies['read-rollback-alarm']).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'ReadRollbackAlarm', Effect: 'Allow', Action: ['cloudwatch:DescribeAlarms', 'cloudwatch:DescribeAlarmHistory'], Resource: `arn:aws:cloudwatch:eu-west-1:${ACCOUNT_B}:alarm:orders-api-5xx` }],
    });
  });

  it('without one: no condition and no grant (the single-target default)', async () => {
    const { deploy: stage, policies } = await deploy();
    expect(stage.OnSuccess).toBeUndefined();
    expect(Object.keys(policies)).not.toContain('read-rollback-alarm');
  });

  it('refuses an alarm name that would widen the grant or that CloudWatch refuses (exit 2, nothing called)', async () => {
    world = twoAccountWorld(withAlarm('orders-*'));
    const run = await world.run('plan', '--config', world.configFile, '--offline');
    expect(run.code).toBe(2);
    expect(run.err).toContain('pipeline.rollbackAlarmName');
    expect(world.aws.calls).toEqual([]);
  });

  it('the grant is the one the access proof needs: without it the proof names the pipeline role reading the alarm', async () => {
    const t = Object.fromEntries(allTemplates()) as Record<TemplateName, Json>;
    expect((loadTemplate(readFileSync(join(GENERATED, 'AccB-pipeline-2.yaml'), 'utf8')) as Json).Resources.PipelineRollbackAlarmPolicy.Condition).toBe('HasRollbackAlarm');
    delete t['AccB-pipeline-2'].Resources.PipelineRollbackAlarmPolicy;
    const { problems } = await proveAccess(t, {});
    expect(problems).toContainEqual(expect.stringMatching(/^\[pipeline-reads-rollback-alarm\] the pipeline role \(PipelineRole\) in B cannot cloudwatch:DescribeAlarms on .*alarm:orders-api-5xx/));
  });
});
