/**
 * The grants AWS's documentation requires, each a test that fails if the grant is lost or narrowed past
 * what the action needs. The rows they come from are in templates-src/permissions/action-permissions.ts.
 */
import { permission } from '../templates-src/permissions/action-permissions';
import { deployerPolicy } from '../scripts/permissions/deployer-policy';
import { EXAMPLE_SCOPE } from '../scripts/permissions/example-scope';
import { EXAMPLE } from '../scripts/access-model/example-deployment';
import { resolveDeployment } from '../scripts/access-model/resolve-deployment';
import { actionsOf, allTemplates, statementBySid, template, type Json } from './helpers/templates';

const sub = (text: string) => ({ 'Fn::Sub': text });
const SOURCE_ROLE = sub('arn:${AWS::Partition}:iam::${SourceAccountId}:role/${NamePrefix}-ecr-source');
const B_TEMPLATES = ['AccB-pipeline-1', 'AccB-pipeline-2'] as const;

describe('the source role writes its artifact with the ACL a cross-account action sets (s3:PutObjectAcl), on both sides', () => {
  it("account A's identity policy grants s3:PutObject and s3:PutObjectAcl on the artifact objects, without an ACL condition", () => {
    const s = statementBySid('AccA-pipeline', 'WriteSourceArtifactToTargetAccount');
    expect(actionsOf(s)).toEqual(['s3:PutObject', 's3:PutObjectAcl']);
    expect(s.Condition).toBeUndefined();
  });

  it.each(B_TEMPLATES)("%s: B's bucket policy grants the same two actions, to the source role only, and nothing about the ACL value", (name) => {
    const s = statementBySid(name, 'SourceRoleWritesSourceArtifact');
    expect(actionsOf(s)).toEqual(['s3:PutObject', 's3:PutObjectAcl']);
    expect(s.Condition).toEqual({ ArnEquals: { 'aws:PrincipalArn': SOURCE_ROLE } });
  });

  it('neither side grants s3:PutObjectVersionAcl, which no source shows the action calls', () => {
    for (const [, t] of allTemplates()) expect(JSON.stringify(t)).not.toContain('PutObjectVersionAcl');
  });
});

describe("the S3 source action's documented service-role list", () => {
  it.each(B_TEMPLATES)('%s: the pipeline role reads the object, its version and both tag sets', (name) => {
    expect(actionsOf(statementBySid(name, 'ReadSourceDefinitions'))).toEqual([
      's3:GetObject',
      's3:GetObjectVersion',
      's3:GetObjectTagging',
      's3:GetObjectVersionTagging',
    ]);
  });

  it.each(B_TEMPLATES)('%s: and inspects both buckets (versioning, ACL, location)', (name) => {
    const s = statementBySid(name, 'InspectBuckets');
    expect([...actionsOf(s)].sort()).toEqual(['s3:GetBucketAcl', 's3:GetBucketLocation', 's3:GetBucketVersioning']);
    expect(s.Resource).toEqual([sub('arn:${AWS::Partition}:s3:::${ArtifactBucket}'), sub('arn:${AWS::Partition}:s3:::${SourceBucket}')]);
  });

  it('the ECS deploy action also watches the tasks of its cluster (DescribeTasks, ListTasks)', () => {
    expect(actionsOf(statementBySid('AccB-pipeline-2', 'WatchServiceTasks'))).toEqual(['ecs:DescribeTasks', 'ecs:ListTasks']);
  });

  it('the artifact store: the pipeline role writes artifacts with s3:PutObjectAcl, as the minimum service-role policy lists', () => {
    expect(actionsOf(statementBySid('AccB-pipeline-2', 'ReadWriteArtifacts'))).toEqual(['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:PutObjectAcl']);
  });
});

describe('trust conditions: only where AWS documents them', () => {
  it.each(B_TEMPLATES)('%s: the CodePipeline service role trust carries no condition (no aws:SourceAccount)', (name) => {
    const trust = template(name).Resources.PipelineRole.Properties.AssumeRolePolicyDocument.Statement;
    expect(trust).toEqual([{ Sid: 'CodePipelineAssumes', Effect: 'Allow', Principal: { Service: 'codepipeline.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    expect(JSON.stringify(template(name).Resources.PipelineRole)).not.toContain('aws:SourceAccount');
  });
});

describe('the artifact key does not depend on the pipeline role being visible to KMS', () => {
  it.each(B_TEMPLATES)('%s: the key policy names no role as a Principal: the pipeline role is admitted by aws:PrincipalArn under account B', (name) => {
    const statements: Json[] = template(name).Resources.ArtifactKey.Properties.KeyPolicy.Statement;
    for (const s of statements) expect(JSON.stringify(s.Principal)).not.toMatch(/PipelineRole|:role\//);
    const pipeline = statements.find((s) => s.Sid === 'PipelineRoleUsesKey');
    expect(pipeline.Principal).toEqual({ AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') });
    expect(pipeline.Condition).toEqual({ ArnEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': ['PipelineRole', 'Arn'] } } });
    expect([...actionsOf(pipeline)].sort()).toEqual(['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']);
  });

  it("the pipeline role's own policy grants the same key use on the key (a root Principal lets the role's IAM decide)", () => {
    const s = statementBySid('AccB-pipeline-2', 'UseArtifactKey');
    expect([...actionsOf(s)].sort()).toEqual(['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']);
    expect(s.Resource).toEqual({ 'Fn::GetAtt': ['ArtifactKey', 'Arn'] });
  });
});

describe("account A's source role: one name, derived from NamePrefix, in every statement that names it", () => {
  const b2 = template('AccB-pipeline-2');

  it('stage 2 takes no free role name parameter', () => {
    expect(Object.keys(b2.Parameters)).not.toContain('CrossAccountRoleName');
  });

  it("B's key, bucket, assume-role statement and ECR action all name <NamePrefix>-ecr-source in account A", () => {
    const key = b2.Resources.ArtifactKey.Properties.KeyPolicy.Statement.find((s: Json) => s.Sid === 'SourceRoleUsesKey');
    expect(key.Condition.ArnEquals['aws:PrincipalArn']).toEqual(SOURCE_ROLE);
    expect(statementBySid('AccB-pipeline-2', 'SourceRoleWritesSourceArtifact').Condition.ArnEquals['aws:PrincipalArn']).toEqual(SOURCE_ROLE);
    expect(statementBySid('AccB-pipeline-2', 'AssumeSourceRoleInSourceAccount').Resource).toEqual(SOURCE_ROLE);
    expect(b2.Resources.Pipeline.Properties.Stages[0].Actions[0].RoleArn).toEqual(SOURCE_ROLE);
    expect(b2.Outputs.SourceRoleName.Value).toEqual(sub('${NamePrefix}-ecr-source'));
  });

  it("stack A's SourceRoleName accepts only names of that form", () => {
    const p = new RegExp(template('AccA-pipeline').Parameters.SourceRoleName.AllowedPattern);
    for (const ok of ['orders-api-ecr-source', 'ab-ecr-source', `${'x'.repeat(32)}-ecr-source`]) expect(p.test(ok)).toBe(true);
    for (const bad of ['CrossAccount-A_Role', 'orders-api-source', 'orders-api-ecr-source-2', '-ecr-source', 'Orders-ecr-source', `${'x'.repeat(33)}-ecr-source`]) {
      expect(p.test(bad)).toBe(false);
    }
  });

  it('resolved: the role stack A creates is the role every statement of stack B trusts or assumes', () => {
    const d = resolveDeployment(Object.fromEntries(allTemplates()) as never);
    const created = d.templates['AccA-pipeline'].physical.SourceRole.attributes.Arn;
    expect(created).toBe(`arn:aws:iam::${EXAMPLE.accounts.A}:role/orders-api-ecr-source`);
    const b = d.templates['AccB-pipeline-2'].resources;
    const text = JSON.stringify([b.ArtifactKey, b.ArtifactBucketPolicy, b.PipelineAssumeSourceRolePolicy, b.Pipeline]);
    const named = [...text.matchAll(new RegExp(`arn:aws:iam::${EXAMPLE.accounts.A}:role/[\\w+=,.@-]+`, 'g'))].map((m) => m[0]);
    expect(named.length).toBeGreaterThanOrEqual(4);
    expect(new Set(named)).toEqual(new Set([created]));
  });
});

describe('a new imagedefinitions.zip starts the pipeline (no polling)', () => {
  const b2 = template('AccB-pipeline-2');
  const rule = b2.Resources.ImageDefinitionsTriggerRule;

  it("a rule on this account's Object Created events for the source bucket and the object key", () => {
    expect(rule.Type).toBe('AWS::Events::Rule');
    expect(rule.Properties.State).toBe('ENABLED');
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      account: [{ Ref: 'AWS::AccountId' }],
      detail: { bucket: { name: [{ Ref: 'SourceBucket' }] }, object: { key: [{ Ref: 'ImageDefinitionsObjectKey' }] } },
    });
  });

  it('targets the pipeline with the trigger role, which may start that pipeline only', () => {
    expect(rule.Properties.Targets).toEqual([
      {
        Id: 'Pipeline',
        Arn: sub('arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:${Pipeline}'),
        RoleArn: { 'Fn::GetAtt': ['TriggerRole', 'Arn'] },
      },
    ]);
    expect(actionsOf(statementBySid('AccB-pipeline-2', 'StartThisPipeline'))).toEqual(['codepipeline:StartPipelineExecution']);
  });

  it('matches the object the S3 source action reads, in a bucket that sends its events to EventBridge', () => {
    const s3 = b2.Resources.Pipeline.Properties.Stages[0].Actions.find((a: Json) => a.ActionTypeId.Provider === 'S3');
    expect(s3.Configuration).toEqual({ S3Bucket: { Ref: 'SourceBucket' }, S3ObjectKey: { Ref: 'ImageDefinitionsObjectKey' }, PollForSourceChanges: false });
    expect(b2.Resources.SourceBucket.Properties.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
  });

  it('its ARN is an output; stage 1 has no rule (its pipeline does not exist yet)', () => {
    expect(b2.Outputs.ImageDefinitionsTriggerRuleArn.Value).toEqual({ 'Fn::GetAtt': ['ImageDefinitionsTriggerRule', 'Arn'] });
    expect(template('AccB-pipeline-1').Resources.ImageDefinitionsTriggerRule).toBeUndefined();
  });
});

describe('statements take their actions from the permission table', () => {
  it.each([
    ['AccA-pipeline', 'WriteSourceArtifactToTargetAccount', 'ecr-source/write-artifact'],
    ['AccB-pipeline-2', 'SourceRoleWritesSourceArtifact', 'ecr-source/write-artifact'],
    ['AccB-pipeline-2', 'ReadSourceDefinitions', 's3-source/read-object'],
    ['AccB-pipeline-2', 'WatchServiceTasks', 'ecs-deploy/watch-tasks'],
    ['AccB-pipeline-2', 'PassTaskRolesToEcs', 'ecs-deploy/pass-task-roles'],
    ['AccA-pipeline', 'TargetExecutionRolePullsImages', 'pull/pull-image'],
  ] as const)('%s %s grants row %s', (name, sid, row) => {
    expect(actionsOf(statementBySid(name, sid))).toEqual([...permission(row).actions]);
  });
});

describe('ECS service ARNs: the long format and the pre-2021 short one (ECS guide, service-arn-migration)', () => {
  it('the deployer reads the service under either ARN (status)', () => {
    const read = deployerPolicy(EXAMPLE_SCOPE, 'target').statements.find((s) => s.statement.Sid === 'ReadEcsService');
    expect(read?.statement.Resource).toEqual([
      'arn:aws:ecs:eu-west-1:444455556666:service/orders/orders-api',
      'arn:aws:ecs:eu-west-1:444455556666:service/orders-api',
    ]);
  });
});
