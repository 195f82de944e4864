/**
 * `xacct diff` through the CLI and the real SDK against the fake: nothing to change after a deploy,
 * the parameter a config change touches, a stack not deployed yet; and never a write.
 */
import { ACCOUNT_A, ACCOUNT_B, exampleConfig, twoAccountWorld, type World } from '../helpers/deploy-world';
import type { DeploymentDiff } from '../../scripts/diff/stack-diff';
import { diffTemplates } from '../../scripts/diff/template-diff';

let world: World;
beforeEach(() => {
  world = twoAccountWorld();
});
afterEach(() => world.restore());

const deploy = async () => {
  const r = await world.run('deploy-sequence', '--config', world.configFile, '--yes', '--json');
  expect(r.code).toBe(0);
};

describe('xacct diff', () => {
  it('after a deploy: no changes in either stack, exit 0, and no write', async () => {
    await deploy();
    const writes = world.aws.writes().length;
    const r = await world.run('diff', '--config', world.configFile);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Stack B orders-api-target (account 444455556666, UPDATE_COMPLETE) against AccB-pipeline-2');
    expect(r.out).toContain('No changes: deploy-sequence would leave both stacks as they are.');
    expect(world.aws.writes().length).toBe(writes);
  });

  it('after a config change (pipeline.imageTag): names the parameter in both stacks, exit 1', async () => {
    await deploy();
    const changed = exampleConfig();
    (changed.pipeline as Record<string, unknown>).imageTag = 'v2';
    const writes = world.aws.writes().length;
    const r = await world.run('diff', '--config', world.writeConfig(changed), '--json');
    expect(r.code).toBe(1);
    const diff = JSON.parse(r.out) as DeploymentDiff;
    expect(diff.changed).toBe(true);
    expect(diff.stacks.map((s) => [s.stack, s.action, s.parameters])).toEqual([
      ['orders-api-target', 'update', [{ name: 'ImageTag', deployed: 'latest', wanted: 'v2' }]],
      ['orders-api-source', 'update', [{ name: 'ImageTag', deployed: 'latest', wanted: 'v2' }]],
    ]);
    expect(diff.stacks.every((s) => s.resources.added.length + s.resources.removed.length + s.resources.modified.length === 0)).toBe(true);
    const text = await world.run('diff', '--config', world.writeConfig(changed));
    expect(text.code).toBe(1);
    expect(text.out).toContain('    ImageTag: "latest" -> "v2"');
    expect(world.aws.writes().length).toBe(writes);
  });

  it('before any deploy: both stacks would be created, with every resource and parameter; exit 1, no write', async () => {
    const r = await world.run('diff', '--config', world.configFile, '--json');
    expect(r.code).toBe(1);
    const diff = JSON.parse(r.out) as DeploymentDiff;
    expect(diff.stacks.map((s) => [s.stack, s.action])).toEqual([
      ['orders-api-target', 'create'],
      ['orders-api-source', 'create'],
    ]);
    const b = diff.stacks[0];
    expect(b.resources.added.map((a) => a.logicalId)).toContain('Pipeline');
    // Stack A's outputs are not known yet: the value is named by where it will come from.
    expect(b.parameters).toContainEqual({ name: 'RepositoryName', from: 'output RepositoryName of stack orders-api-source, known once that stack is deployed' });
    expect(b.parameters).toContainEqual({ name: 'SourceAccountId', wanted: ACCOUNT_A });
    const text = await world.run('diff', '--config', world.configFile);
    expect(text.out).toContain('the stack does not exist: it would be created');
    expect(text.out).toContain('    + Pipeline AWS::CodePipeline::Pipeline');
    expect(world.aws.writes()).toEqual([]);
    expect(world.aws.cloudFormation(ACCOUNT_B).stack('orders-api-target')).toBeUndefined();
  });

  it('compares templates resource by resource: added, removed, and modified with the property path', () => {
    const before = 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags:\n        - Key: a\n          Value: "1"\n  Old:\n    Type: AWS::SNS::Topic\n';
    const after = 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags:\n        - Key: a\n          Value: !Ref Other\n  New:\n    Type: AWS::SQS::Queue\nOutputs:\n  X:\n    Value: y\n';
    expect(diffTemplates(before, after)).toEqual({
      added: [{ logicalId: 'New', type: 'AWS::SQS::Queue' }],
      removed: [{ logicalId: 'Old', type: 'AWS::SNS::Topic' }],
      modified: [{ logicalId: 'Bucket', type: 'AWS::S3::Bucket', paths: ['Properties.Tags[0].Value'] }],
      other: ['Outputs'],
    });
  });

  it('--help names --config and --json', async () => {
    const r = await world.run('diff', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('--config');
    expect(r.out).toContain('--json');
  });
});
