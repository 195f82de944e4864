/**
 * `xacct explain` as a command: its exit codes and help, the message on stdin, the JSON fields scripts
 * rely on, configs of other partitions and names, the message forms that name IAM resources in words or
 * ECS tasks, and that it runs without the AGPL-licensed simulator.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import { CONFIG, MESSAGES, explain, explainJson } from './explain-helpers';
import { ROOT, type Json } from '../helpers/templates';

jest.setTimeout(60_000);

/** A copy of the example config with some values changed. */
function configWith(change: (c: Json) => void): string {
  const c = load(readFileSync(CONFIG, 'utf8')) as Json;
  change(c);
  const file = join(mkdtempSync(join(tmpdir(), 'xacct-explain-config-')), 'deployment.yaml');
  writeFileSync(file, dump(c));
  return file;
}

async function run(argv: string[], stdin?: string) {
  const io = { ...recordingIo(), ...(stdin !== undefined ? { readStdin: async () => stdin } : {}) };
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('exit codes and help', () => {
  it('--help documents the three exit codes of explain', async () => {
    const r = await run(['explain', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Exit codes of explain:');
    expect(r.out).toMatch(/^ {2}0 {3}explained: the message is about this deployment/m);
    expect(r.out).toMatch(/^ {2}1 {3}understood, but about something else/m);
    expect(r.out).toMatch(/^ {2}2 {3}usage: a message xacct cannot read, or a bad config/m);
  });

  it('exits 2 for text that is no access-denied message, saying what it reads (and with --json, one failure object)', async () => {
    const r = await explain('the deploy went fine');
    expect(r.code).toBe(2);
    expect(r.err).toContain('not an access-denied message xacct can read');
    const j = await explain('the deploy went fine', '--json');
    expect(JSON.parse(j.out)).toMatchObject({ type: 'failed', code: 'unreadable-message', exitCode: 2 });
  });

  it('exits 2 for a config that is not valid, naming the field', async () => {
    const bad = configWith((c) => (c.source.accountId = '12345'));
    const r = await run(['explain', '--config', bad, MESSAGES.trigger.text]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('source.accountId');
  });

  it('exits 2 when --dir holds no templates', async () => {
    const r = await explain(MESSAGES.trigger.text, '--dir', mkdtempSync(join(tmpdir(), 'xacct-empty-')));
    expect(r.code).toBe(2);
    expect(r.err).toContain('--dir takes a folder with AccB-pipeline-1.yaml, AccA-pipeline.yaml, AccB-pipeline-2.yaml');
  });
});

describe('the message on stdin', () => {
  it('reads it when the argument is -', async () => {
    const r = await run(['explain', '--config', CONFIG, '-', '--json'], `${MESSAGES['artifact-acl'].text}\n`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ principalKey: 'A:SourceRole', action: 's3:PutObjectAcl' });
  });

  it('reads a message pasted over several lines, as a terminal wraps it', async () => {
    const wrapped = MESSAGES['artifact-key'].text.replace(' is not authorized', '\nis not authorized').replace(' on resource:', '\non resource:');
    const r = await run(['explain', '--config', CONFIG, '-', '--json'], wrapped);
    expect(JSON.parse(r.out)).toMatchObject({ principalKey: 'A:SourceRole', resourceKey: 'B:ArtifactKey', action: 'kms:GenerateDataKey' });
  });

  it('is a usage error where there is no stdin', async () => {
    const r = await run(['explain', '--config', CONFIG, '-']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('reads the message from stdin');
  });
});

describe('the JSON answer', () => {
  it('holds caller, action, resource, templatesAllow, deniedBy, statement and fix, with the model keys and the call\'s permission row', async () => {
    const { json } = await explainJson(MESSAGES['live-differs'].text);
    expect(json).toMatchObject({
      about: 'deployment',
      caller: 'arn:aws:sts::111122223333:assumed-role/orders-api-ecr-source/1700000000001',
      action: 'ecr:DescribeImages',
      resource: 'arn:aws:ecr:eu-west-1:111122223333:repository/orders-api',
      templatesAllow: true,
      deniedBy: 'identity',
      statement: 'AccA-pipeline SourceRolePolicy: DescribeTrackedRepositoryImages',
      principalKey: 'A:SourceRole',
      resourceKey: 'A:Repository',
      call: { id: 'source-role-describes-image', documentation: { permission: 'ecr-source/describe-images', hop: 'ECR source action' } },
      evaluatedAgainst: 'the templates xacct 0.1.0 deploys',
    });
    expect(typeof json.fix).toBe('string');
    expect(json.call.documentation.sources[0].url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });
});

describe('configs with other values', () => {
  const CN = (c: Json) => {
    c.region = 'cn-north-1';
    c.source.stackName = 'shop-images';
    c.target.stackName = 'shop-deploy';
    c.pipeline.namePrefix = 'shop';
    c.pipeline.repositoryName = 'team/shop';
    for (const k of ['ecsTaskExecutionRoleArn', 'ecsTaskRoleArn', 'keyAdministratorArn']) c.pipeline[k] = c.pipeline[k].replace('arn:aws:', 'arn:aws-cn:');
    for (const side of ['source', 'target']) if (c[side].cloudFormationRoleArn) c[side].cloudFormationRoleArn = c[side].cloudFormationRoleArn.replace('arn:aws:', 'arn:aws-cn:');
  };
  const assume = (partition: string, stack = 'shop-deploy') =>
    `User: arn:${partition}:sts::444455556666:assumed-role/${stack}-PipelineRole-Z9Y8X7W6V5U4/1700000000000 is not authorized to perform: sts:AssumeRole on resource: arn:${partition}:iam::111122223333:role/shop-ecr-source`;

  it('maps an aws-cn message onto the deployment the config describes: its stack names, name prefix and partition', async () => {
    const cn = configWith(CN);
    const r = await run(['explain', '--config', cn, assume('aws-cn'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ principalKey: 'B:PipelineRole', resourceKey: 'A:SourceRole', call: { id: 'pipeline-assumes-source-role' }, templatesAllow: true });
    const repo = await run(['explain', '--config', cn, 'User: arn:aws-cn:sts::444455556666:assumed-role/ecsTaskExecutionRole/x is not authorized to perform: ecr:BatchGetImage on resource: arn:aws-cn:ecr:cn-north-1:111122223333:repository/team/shop because no resource-based policy allows the ecr:BatchGetImage action', '--json']);
    expect(JSON.parse(repo.out)).toMatchObject({ resourceKey: 'A:Repository', call: { id: 'execution-role-pulls-image' } });
  });

  it('does not take another partition, or a role of another stack whose name starts alike, for the deployment\'s', async () => {
    const cn = configWith(CN);
    const other = await run(['explain', '--config', cn, assume('aws'), '--json']);
    expect(other.code).toBe(1);
    const lookalike = await run(['explain', '--config', cn, assume('aws-cn', 'shop-deploy-old'), '--json']);
    expect(JSON.parse(lookalike.out)).toMatchObject({ principalKey: 'B:caller', resourceKey: 'A:SourceRole' });
  });
});

describe('message forms', () => {
  it('IAM\'s "role NAME" resource is the role of that name in the caller\'s account', async () => {
    const { json } = await explainJson(
      'User: arn:aws:sts::444455556666:assumed-role/orders-api-target-PipelineRole-1A2B3C4D5E6F/1700000000000 is not authorized to perform: iam:PassRole on resource: role orders-api-task because no identity-based policy allows the iam:PassRole action',
    );
    expect(json).toMatchObject({ resource: 'role orders-api-task', resourceKey: 'B:TaskRole', call: { id: 'pipeline-passes-task-role' }, templatesAllow: true });
  });

  it('a registry token denial on "*" is the execution role\'s call on any resource of B, which the managed policy grants', async () => {
    const { json } = await explainJson(
      'An error occurred (AccessDeniedException) when calling the GetAuthorizationToken operation: User: arn:aws:sts::444455556666:assumed-role/ecsTaskExecutionRole/0f1e is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action',
    );
    expect(json).toMatchObject({ resourceKey: 'B:*', call: { id: 'execution-role-gets-registry-token' }, templatesAllow: true, deniedBy: 'identity' });
    expect(json.fix).toContain('attach it to role ecsTaskExecutionRole: aws iam attach-role-policy --role-name ecsTaskExecutionRole --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy');
  });

  it('a task ARN carries its cluster: the service\'s cluster is allowed, another cluster is denied on purpose', async () => {
    const task = (cluster: string) =>
      `User: arn:aws:sts::444455556666:assumed-role/orders-api-target-PipelineRole-1A2B3C4D5E6F/1700000000000 is not authorized to perform: ecs:DescribeTasks on resource: arn:aws:ecs:eu-west-1:444455556666:task/${cluster}/0f1e2d3c4b5a69788796a5b4c3d2e1f0 because no identity-based policy allows the ecs:DescribeTasks action`;
    expect((await explainJson(task('orders'))).json).toMatchObject({ call: { id: 'pipeline-watches-service-tasks' }, templatesAllow: true });
    expect((await explainJson(task('billing'))).json).toMatchObject({ intent: 'denied-on-purpose', call: { id: 'pipeline-role-describes-other-cluster-tasks' }, templatesAllow: false });
  });

  it('a role of the deployment refused on something outside it: no pipeline call, and the templates grant only what the pipeline needs', async () => {
    const { code, json } = await explainJson(
      'User: arn:aws:sts::111122223333:assumed-role/orders-api-ecr-source/1 is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::someone-elses-bucket/x" because no identity-based policy allows the s3:PutObject action',
    );
    expect(code).toBe(0);
    expect(json).toMatchObject({ principalKey: 'A:SourceRole', intent: 'not-a-pipeline-call', templatesAllow: false, deniedBy: 'identity' });
    expect(json.resourceKey).toBeUndefined();
    expect(json.fix).toMatch(/^No call of the pipeline makes this request, and the templates do not allow it/);
    expect(json.fix).toContain('does not cover arn:aws:s3:::someone-elses-bucket/x');
  });

  it('a message without a resource, from a caller that makes the action in one call only, is that call', async () => {
    const { json } = await explainJson(
      'User: arn:aws:sts::111122223333:assumed-role/orders-api-ecr-source/1 is not authorized to perform: ecr:DescribeImages because no identity-based policy allows the ecr:DescribeImages action',
    );
    expect(json).toMatchObject({ resourceKey: 'A:Repository', call: { id: 'source-role-describes-image' } });
    expect(json.notes.join(' ')).toContain('The message names no resource');
  });
});

describe('licences', () => {
  it('explain loads no AGPL-licensed module (@cloud-copilot/iam-simulate, iam-policy, iam-utils): it runs on its own evaluator', () => {
    const script = [
      "const { main } = require('./dist/scripts/cli/main.js');",
      "const { recordingIo } = require('./dist/scripts/cli/io.js');",
      `main(['explain', '--config', 'examples/deployment.yaml', ${JSON.stringify(MESSAGES['artifact-acl'].text)}, '--json'], recordingIo()).then((code) => {`,
      "  const agpl = Object.keys(require.cache).filter((k) => /@cloud-copilot[\\\\/](iam-simulate|iam-policy|iam-utils)/.test(k));",
      '  process.stdout.write(JSON.stringify({ code, agpl }));',
      '});',
    ].join('\n');
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
    expect(out).toEqual({ code: 0, agpl: [] });
  });
});
