/**
 * `xacct doctor` through the CLI against the fake AWS: a healthy deployment, a bucket policy edited in
 * the console, a role deleted and created again, a disabled rule, a failed action, and reads AWS refuses.
 * Doctor only reads.
 */
import type { DoctorReport } from '../../scripts/doctor/doctor-types';
import { ACCOUNT_A, ACCOUNT_B, twoAccountWorld, type World } from '../helpers/deploy-world';

let world: World;
beforeEach(async () => {
  world = twoAccountWorld();
  world.aws.iam(ACCOUNT_B).createRole('ecsTaskExecutionRole', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  expect((await world.run('deploy-sequence', '--config', world.configFile, '--yes')).code).toBe(0);
});
afterEach(() => world.restore());

async function doctor(): Promise<{ code: number; report: DoctorReport; out: string }> {
  const writes = world.aws.writes().length;
  const r = await world.run('doctor', '--config', world.configFile, '--json');
  expect(r.err).toBe('');
  // Doctor never writes.
  expect(world.aws.writes().length).toBe(writes);
  return { code: r.code, report: JSON.parse(r.out) as DoctorReport, out: r.out };
}
const outputsB = () => world.aws.cloudFormation(ACCOUNT_B).stack('orders-api-target')!.outputs;
const hop = (r: DoctorReport, id: string) => r.hops.find((h) => h.hop === id)!;

it('a healthy deployment: every live policy and rule is what the templates say, every hop ok, exit 0', async () => {
  world.aws.ecr(ACCOUNT_A).pushImage('orders-api', 'latest');
  world.aws.codePipeline(ACCOUNT_B).recordExecution(outputsB().PipelineName, { revisions: { Image: 'sha256:1' } });
  const { code, report } = await doctor();
  expect(report.problems).toEqual([]);
  expect(code).toBe(0);
  expect(report.healthy).toBe(true);
  expect(report.hops.map((h) => `${h.hop} ${h.verdict}`)).toEqual(['push ok', 'event-in-a ok', 'forward-to-b ok', 'trigger ok', 'ecr-source ok', 'artifact ok', 'ecs-deploy ok', 'image-pull ok']);
  // Roles, key, buckets, repository, rules and the bus statement were all read and compared.
  const labels = report.policies.map((p) => p.label);
  for (const expected of ['AccA-pipeline SourceRole trust policy', 'AccB-pipeline-2 ArtifactKey key policy', 'AccB-pipeline-2 ArtifactBucketPolicy', 'AccA-pipeline Repository repository policy', 'AccB-pipeline-2 TriggerRule rule', 'AccA-pipeline ForwardingRule rule', 'B default event bus policy (put-permission)']) {
    expect(labels).toContain(expected);
  }
  expect(report.policies.every((p) => p.state === 'same')).toBe(true);
});

it('finds a bucket policy edited in the console and names the statement that is gone', async () => {
  const bucket = outputsB().ArtifactBucketName;
  const live = world.aws.s3.bucketPolicy(bucket)!;
  world.aws.s3.setBucketPolicy(bucket, { ...live, Statement: live.Statement.filter((s: { Sid: string }) => s.Sid !== 'SourceRoleWritesSourceArtifact') });
  const { code, report, out } = await doctor();
  expect(code).toBe(1);
  const check = report.policies.find((p) => p.label === 'AccB-pipeline-2 ArtifactBucketPolicy')!;
  expect(check).toMatchObject({ state: 'differs', physicalId: bucket, differences: [{ statement: 'SourceRoleWritesSourceArtifact', change: 'missing' }] });
  expect(hop(report, 'artifact')).toMatchObject({ verdict: 'problem', findings: [expect.stringContaining('AccB-pipeline-2 ArtifactBucketPolicy: SourceRoleWritesSourceArtifact missing against the deployed template')] });
  expect(out).toContain('"change": "missing"');
});

it('finds a role deleted and created again: the repository policy shows its old unique id, so pulls fail', async () => {
  const iam = world.aws.iam(ACCOUNT_B);
  const old = iam.role('ecsTaskExecutionRole')!;
  world.aws.deleteRole(ACCOUNT_B, 'ecsTaskExecutionRole');
  iam.createRole('ecsTaskExecutionRole', old.trust);
  const { code, report } = await doctor();
  expect(code).toBe(1);
  const check = report.policies.find((p) => p.label === 'AccA-pipeline Repository repository policy')!;
  expect(check.state).toBe('differs');
  expect(check.differences[0]).toMatchObject({ change: 'changed', note: expect.stringContaining(`names ${old.roleId} where a role's ARN was: that role was deleted`) });
  expect(hop(report, 'image-pull').verdict).toBe('problem');
});

it('finds a disabled trigger rule and a policy a person attached to the pipeline role', async () => {
  const rules = world.aws.eventBridge(ACCOUNT_B);
  const name = rules.ruleNames().find((n) => n.includes('TriggerRule') && !n.includes('ImageDefinitions'))!;
  const rule = rules.DescribeRule({ Name: name });
  rules.putRule(name, { EventPattern: JSON.parse(rule.EventPattern), State: 'DISABLED', Description: rule.Description, Targets: rules.ListTargetsByRule({ Rule: name }).Targets });
  const pipelineRole = outputsB().PipelineRoleArn.split('/').pop()!;
  world.aws.iam(ACCOUNT_B).attachManagedPolicy(pipelineRole, 'arn:aws:iam::aws:policy/AdministratorAccess');
  const { code, report } = await doctor();
  expect(code).toBe(1);
  expect(hop(report, 'trigger').findings).toEqual([expect.stringContaining('AccB-pipeline-2 TriggerRule rule: State changed')]);
  expect(report.policies.find((p) => p.label === `role ${pipelineRole}: policies beyond AccB-pipeline-2`)).toMatchObject({
    state: 'differs',
    differences: [{ statement: 'managed policy arn:aws:iam::aws:policy/AdministratorAccess', change: 'added' }],
  });
});

it('shows the failed action of the latest execution with its message, at its hop', async () => {
  world.aws.ecr(ACCOUNT_A).pushImage('orders-api', 'latest');
  const message = 'Unable to access the artifact with Amazon S3 object key \'orders-api-pipeline/ImageDefin/7pQr2Lm\' located in the Amazon S3 artifact bucket';
  world.aws.codePipeline(ACCOUNT_B).recordExecution(outputsB().PipelineName, { failAt: { stage: 'Deploy', action: 'Service', message } });
  const { code, report } = await doctor();
  expect(code).toBe(1);
  expect(report.execution).toMatchObject({ status: 'Failed', failed: { stage: 'Deploy', action: 'Service', status: 'Failed', error: message } });
  expect(hop(report, 'ecs-deploy')).toMatchObject({ verdict: 'problem', findings: [expect.stringContaining(message)] });
});

it('a read AWS refuses makes the report incomplete, not wrong: exit 4 when nothing else is found', async () => {
  world.aws.ecr(ACCOUNT_A).pushImage('orders-api', 'latest');
  world.aws.codePipeline(ACCOUNT_B).recordExecution(outputsB().PipelineName);
  world.aws.fail(50, 'kms', 'GetKeyPolicy', 'AccessDeniedException', `User: arn:aws:iam::${ACCOUNT_B}:user/team-b is not authorized to perform: kms:GetKeyPolicy on resource: key because no resource-based policy allows the kms:GetKeyPolicy action`, 400);
  const { code, report } = await doctor();
  expect(code).toBe(4);
  expect(report.unreadable).toEqual([expect.stringContaining('AccB-pipeline-2 ArtifactKey key policy: User: arn:aws:iam::444455556666:user/team-b is not authorized to perform: kms:GetKeyPolicy')]);
  expect(hop(report, 'artifact').verdict).toBe('unknown');
});

it('explains the failed action\'s access-denied error against the live policies, naming the statement a console edit removed', async () => {
  world.aws.ecr(ACCOUNT_A).pushImage('orders-api', 'latest');
  const bucket = outputsB().ArtifactBucketName;
  const live = world.aws.s3.bucketPolicy(bucket)!;
  world.aws.s3.setBucketPolicy(bucket, { ...live, Statement: live.Statement.filter((s: { Sid: string }) => s.Sid !== 'SourceRoleWritesSourceArtifact') });
  // What the ECR source action reports when the upload of its artifact is refused (S3's message format,
  // IAM user guide "Access denied error messages").
  const message = `User: arn:aws:sts::${ACCOUNT_A}:assumed-role/orders-api-ecr-source/1700000000000 is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${bucket}/orders-api-pipeline/ImageDetai/4xKz9Qa" because no resource-based policy allows the s3:PutObject action`;
  world.aws.codePipeline(ACCOUNT_B).recordExecution(outputsB().PipelineName, { failAt: { stage: 'Source', action: 'Image', message } });
  const { code, report } = await doctor();
  expect(code).toBe(1);
  expect(report.explanation).toMatchObject({ templatesAllow: true, liveAllows: false, deniedBy: 'resource', statement: 'AccB-pipeline-2 ArtifactBucketPolicy: SourceRoleWritesSourceArtifact' });
  const human = await world.run('doctor', '--config', world.configFile);
  expect(human.out).toContain('That error, explained against the live policies (as xacct explain does):');
  expect(human.out).toContain('SourceRoleWritesSourceArtifact');
});
