/** `xacct plan`: offline against empty accounts, and online with read-only calls against what exists. */
import { ACCOUNT_A, ACCOUNT_B, exampleConfig, twoAccountWorld, type World } from '../helpers/deploy-world';
import { TEMPLATES, renderTemplate } from '../../templates-src';
import { stackParameters } from '../../scripts/deploy/stack-parameters';
import { parseConfig } from '../../scripts/config/load-config';
import { readFileSync } from 'node:fs';

let world: World;
beforeEach(() => {
  world = twoAccountWorld();
});
afterEach(() => world.restore());

describe('xacct plan', () => {
  it('--offline --json prints the ordered steps as data without calling AWS', async () => {
    const r = await world.run('plan', '--config', world.configFile, '--offline', '--json');
    expect(r.code).toBe(0);
    expect(world.aws.calls).toEqual([]);
    const plan = JSON.parse(r.out);
    expect(plan.steps.map((s: { id: string; kind: string; account: string; action: string }) => [s.kind, s.account, s.action])).toEqual([
      ['deploy-stack', 'target', 'create'],
      ['deploy-stack', 'source', 'create'],
      ['put-events-permission', 'target', 'put'],
      ['upload-image-definitions', 'target', 'upload'],
      ['check-image', 'source', 'none'],
      ['deploy-stack', 'target', 'update'],
    ]);
    // The pipeline's first execution starts when stage 2 creates it: its sources come first.
    expect(plan.steps.map((s: { id: string }) => s.id).indexOf('image-definitions')).toBeLessThan(plan.steps.map((s: { id: string }) => s.id).indexOf('target-pipeline'));
    for (const s of plan.steps) {
      expect(s).toEqual(expect.objectContaining({ id: expect.any(String), region: 'eu-west-1' }));
    }
    const [b1, a, , , , b2] = plan.steps;
    expect([b1.template, a.template, b2.template]).toEqual(['AccB-pipeline-1', 'AccA-pipeline', 'AccB-pipeline-2']);
    expect([b1.stack, a.stack, b2.stack]).toEqual(['orders-api-target', 'orders-api-source', 'orders-api-target']);
    expect(b1.parameters.SourceAccountId).toEqual({ value: ACCOUNT_A });
    expect(a.parameters.PipelineRoleArn).toEqual({ fromStack: 'orders-api-target', output: 'PipelineRoleArn' });
    expect(b2.parameters.RepositoryName).toEqual({ fromStack: 'orders-api-source', output: 'RepositoryName' });
    expect(a.capabilities).toEqual(['CAPABILITY_NAMED_IAM']);
    expect(b1.capabilities).toEqual(['CAPABILITY_IAM']);
    expect(plan.steps[2]).toMatchObject({ principalAccountId: ACCOUNT_A, statementId: 'xacct-orders-api', eventBus: 'default' });
  });

  it('the human form names each step, its reason and where each parameter comes from', async () => {
    const r = await world.run('plan', '--config', world.configFile, '--offline');
    expect(r.out).toMatch(/1\. create\s+stack orders-api-target with AccB-pipeline-1 in account 444455556666/);
    expect(r.out).toContain('PipelineRoleArn = output PipelineRoleArn of stack orders-api-target');
  });

  it('online, over a finished deployment, every step is "none" and only read calls are made', async () => {
    await world.run('deploy-sequence', '--config', world.configFile, '--yes', '--json');
    const before = world.aws.calls.length;
    const r = await world.run('plan', '--config', world.configFile, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).steps.map((s: { action: string }) => s.action)).toEqual(['none', 'none', 'none', 'none', 'none', 'none']);
    const planCalls = world.aws.calls.slice(before);
    expect(planCalls.length).toBeGreaterThan(0);
    expect(planCalls.filter((c) => !/^(Describe|Get|Head)/.test(c.command))).toEqual([]);
  });

  it('the parameter table covers every parameter of every template, and nothing else', () => {
    const config = parseConfig(readFileSync('examples/deployment.yaml', 'utf8'), 'example');
    for (const t of TEMPLATES) {
      const declared = Object.keys((renderTemplate(t) as { Parameters: object }).Parameters).sort();
      expect(Object.keys(stackParameters(config, t.name)).sort()).toEqual(declared);
    }
  });

  it('passes pipeline.ecsServiceArnFormat to stack B as EcsServiceArnFormat (long unless the config says short)', () => {
    const config = parseConfig(readFileSync('examples/deployment.yaml', 'utf8'), 'example');
    expect(stackParameters(config, 'AccB-pipeline-1').EcsServiceArnFormat).toEqual({ value: 'long' });
    const short = { ...config, pipeline: { ...config.pipeline, ecsServiceArnFormat: 'short' as const } };
    expect(stackParameters(short, 'AccB-pipeline-2').EcsServiceArnFormat).toEqual({ value: 'short' });
  });

  it('refuses online planning with credentials for the wrong account', async () => {
    world.aws.addProfile('team-b-lookalike', ACCOUNT_A);
    Object.assign(process.env, world.aws.writeCredentialsFile());
    const file = world.writeConfig({ ...exampleConfig(), target: { accountId: ACCOUNT_B, credentials: { profile: 'team-b-lookalike' }, stackName: 'orders-api-target' } });
    const r = await world.run('plan', '--config', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/target\.credentials \(profile team-b-lookalike\) resolve to account 111122223333/);
  });
});
