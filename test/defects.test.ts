/**
 * Each defect of the original templates (shared design, templates.md) as a test that fails if it
 * comes back. Defects 1 and 2 (parameter patterns) are in parameters.test.ts.
 */
import { TEMPLATES } from '../templates-src';
import {
  actionsOf,
  allTemplates,
  generatedText,
  resourcesOf,
  resourcesOfType,
  statementBySid,
  statements,
  template,
  type Json,
} from './helpers/templates';

const sub = (text: string) => ({ 'Fn::Sub': text });
const sourceRoleArn = sub('arn:${AWS::Partition}:iam::${SourceAccountId}:role/${NamePrefix}-ecr-source');

describe('defect 3: the cross-account role in account A had S3 FullAccess and ECR ReadOnly', () => {
  const a = template('AccA-pipeline');

  it('no template attaches a managed policy', () => {
    for (const [, t] of allTemplates()) {
      for (const [, r] of Object.entries<Json>(t.Resources)) expect(r.Properties?.ManagedPolicyArns).toBeUndefined();
      expect(JSON.stringify(t)).not.toMatch(/FullAccess|ReadOnly|arn:aws:iam::aws:policy/);
    }
  });

  it('the source role may describe images of its repository, write artifacts to B and use B key: nothing else', () => {
    const policy = a.Resources.SourceRolePolicy.Properties;
    expect(policy.Roles).toEqual([{ Ref: 'SourceRole' }]);
    const granted = policy.PolicyDocument.Statement.map((s: Json) => [actionsOf(s), s.Resource]);
    expect(granted).toEqual([
      [['ecr:DescribeImages'], { 'Fn::GetAtt': ['Repository', 'Arn'] }],
      [['s3:PutObject', 's3:PutObjectAcl'], sub('arn:${AWS::Partition}:s3:::${ArtifactBucketName}/*')],
      [['kms:GenerateDataKey', 'kms:Decrypt'], { Ref: 'ArtifactKeyArn' }],
    ]);
    // Only the source role's policy refers to it.
    const attached = resourcesOfType(a, 'AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties.Roles).includes('SourceRole'));
    expect(attached.map(([id]) => id)).toEqual(['SourceRolePolicy']);
  });

  it('only the pipeline role of account B may assume the source role', () => {
    expect(a.Resources.SourceRole.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Effect: 'Allow', Principal: { AWS: { Ref: 'PipelineRoleArn' } }, Action: 'sts:AssumeRole' }),
    ]);
  });
});

describe('defect 4: the ECR repository policy granted account B writes and policy reads', () => {
  const policy = template('AccA-pipeline').Resources.Repository.Properties.RepositoryPolicyText;

  it('grants pulls only, to the ECS task execution role only', () => {
    expect(policy.Statement).toHaveLength(1);
    const [s] = policy.Statement;
    expect(s.Effect).toBe('Allow');
    expect(s.Principal).toEqual({ AWS: { Ref: 'EcsTaskExecutionRoleArn' } });
    expect([...actionsOf(s)].sort()).toEqual(['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']);
  });

  it.each(['ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:GetRepositoryPolicy', 'ecr:GetLifecyclePolicy'])(
    'does not grant %s',
    (action) => expect(actionsOf(policy.Statement[0])).not.toContain(action),
  );
});

describe('defect 5: the pipeline role had service wildcards on "*" and PassRole on "*"', () => {
  const allowStatements = statements().filter((f) => f.statement.Effect === 'Allow');

  it('no allowed action is a service wildcard or "*"', () => {
    for (const { statement, resource, template: t } of allowStatements) {
      for (const action of actionsOf(statement)) {
        expect({ t, resource, action, ok: action !== '*' && !/:\*$/.test(action) }).toEqual({ t, resource, action, ok: true });
      }
    }
  });

  it('no allowed action uses a wildcard at all, not even a partial one (kms:Create* also matches CreateGrant)', () => {
    const wildcards = allowStatements.flatMap((f) => actionsOf(f.statement).filter((a) => a.includes('*')).map((a) => `${f.template} ${f.statement.Sid} ${a}`));
    expect(wildcards).toEqual([]);
  });

  it('identity policies use Resource "*" only for ecs:DescribeTaskDefinition (no resource type in IAM) and for task reads held to the one cluster', () => {
    const identity = allowStatements.filter((f) => f.kind === 'PolicyDocument' && f.resource !== 'ForwardingDeadLetterQueuePolicy');
    const unscoped = identity.filter((f) => resourcesOf(f.statement).includes('*'));
    expect(unscoped.map((f) => [f.template, f.statement.Sid, actionsOf(f.statement)])).toEqual([
      ['AccB-pipeline-1', 'ReadTaskDefinitions', ['ecs:DescribeTaskDefinition']],
      ['AccB-pipeline-1', 'WatchServiceTasks', ['ecs:DescribeTasks', 'ecs:ListTasks']],
      ['AccB-pipeline-2', 'ReadTaskDefinitions', ['ecs:DescribeTaskDefinition']],
      ['AccB-pipeline-2', 'WatchServiceTasks', ['ecs:DescribeTasks', 'ecs:ListTasks']],
    ]);
    for (const f of unscoped.filter((x) => x.statement.Sid === 'WatchServiceTasks')) {
      expect(f.statement.Condition).toEqual({
        ArnEquals: { 'ecs:cluster': sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:cluster/${EcsClusterName}') },
      });
    }
  });

  it('PassRole names the two ECS roles, for ECS tasks only', () => {
    for (const name of ['AccB-pipeline-1', 'AccB-pipeline-2'] as const) {
      const s = statementBySid(name, 'PassTaskRolesToEcs');
      expect(s.Resource).toEqual([
        { Ref: 'EcsTaskExecutionRoleArn' },
        { 'Fn::If': ['HasTaskRole', { Ref: 'EcsTaskRoleArn' }, { Ref: 'AWS::NoValue' }] },
      ]);
      expect(s.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } });
    }
  });

  it('ECS writes are scoped to the one service and this account task definitions', () => {
    const s = statementBySid('AccB-pipeline-2', 'DeployToService');
    // One service ARN, in the format the stack is told (EcsServiceArnFormat): the long one or the short one.
    expect(s.Resource).toEqual({
      'Fn::If': [
        'ShortEcsServiceArn',
        sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:service/${EcsServiceName}'),
        sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:service/${EcsClusterName}/${EcsServiceName}'),
      ],
    });
    const tag = statementBySid('AccB-pipeline-2', 'TagRegisteredTaskDefinitions');
    expect(tag.Condition).toEqual({ StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } });
  });

  it('no role may assume "role/*": the pipeline assumes exactly account A source role', () => {
    for (const name of TEMPLATES.map((t) => t.name)) expect(generatedText(name)).not.toMatch(/role\/\*/);
    const s = statementBySid('AccB-pipeline-2', 'AssumeSourceRoleInSourceAccount');
    expect(s.Resource).toEqual(sourceRoleArn);
  });
});

describe('defect 6: no key rotation; account A root could use the key and create grants', () => {
  for (const name of ['AccB-pipeline-1', 'AccB-pipeline-2'] as const) {
    const key = template(name).Resources.ArtifactKey;
    const byId = (sid: string) => key.Properties.KeyPolicy.Statement.find((s: Json) => s.Sid === sid);

    it(`${name}: rotation is on, the key is retained on delete and on replace`, () => {
      expect(key.Properties.EnableKeyRotation).toBe(true);
      expect(key.DeletionPolicy).toBe('Retain');
      expect(key.UpdateReplacePolicy).toBe('Retain');
    });

    it(`${name}: account A may use the key only as its source role, and may not create grants`, () => {
      const forA = key.Properties.KeyPolicy.Statement.filter((s: Json) => JSON.stringify(s.Principal ?? '').includes('SourceAccountId'));
      expect(forA).toHaveLength(1);
      expect(forA[0].Condition).toEqual({ ArnEquals: { 'aws:PrincipalArn': sourceRoleArn } });
      expect(actionsOf(forA[0]).filter((a: string) => /Grant/.test(a))).toEqual([]);
    });

    it(`${name}: account B administers the key but cannot use it for data`, () => {
      for (const sid of ['AccountAdministersKey', 'AdministratorAdministersKey']) {
        const actions = actionsOf(byId(sid));
        for (const data of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo']) expect(actions).not.toContain(data);
        expect(actions).toEqual(expect.arrayContaining(['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion']));
      }
    });

    it(`${name}: grants only for AWS resources`, () => {
      expect(byId('DenyGrantsNotForAwsResources')).toMatchObject({
        Effect: 'Deny',
        Action: 'kms:CreateGrant',
        Principal: '*',
        Resource: '*',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      });
    });
  }
});

describe('defect 7: buckets lacked a public-access block and default encryption; TLS covered objects only', () => {
  const buckets = allTemplates().flatMap(([name, t]) => resourcesOfType(t, 'AWS::S3::Bucket').map(([id, b]) => [`${name} ${id}`, t, id, b] as const));

  it('there are buckets to check', () => expect(buckets.length).toBe(4));

  it.each(buckets)('%s blocks public access, encrypts, versions and enforces bucket ownership', (_n, _t, _id, bucket) => {
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toMatch(/^(aws:kms|AES256)$/);
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
  });

  it.each(buckets)('%s denies plain HTTP on the bucket and on its objects', (_n, t, id) => {
    const policy = Object.values<Json>(t.Resources).find((r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket.Ref === id);
    const deny = policy.Properties.PolicyDocument.Statement.find((s: Json) => s.Sid === 'DenyInsecureTransport');
    expect(deny).toMatchObject({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    const arn = { 'Fn::GetAtt': [id, 'Arn'] };
    expect(deny.Resource).toEqual([arn, { 'Fn::Join': ['', [arn, '/*']] }]);
  });

  it('the artifact bucket is encrypted with the artifact key and refuses uploads without KMS', () => {
    const b = template('AccB-pipeline-2').Resources;
    expect(b.ArtifactBucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toEqual({
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['ArtifactKey', 'Arn'] } },
      BucketKeyEnabled: true,
    });
    expect(statementBySid('AccB-pipeline-2', 'DenyUploadsNotEncryptedWithKms').Condition).toEqual({
      StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
    });
  });

  it('account A may only put objects (with the ACL a cross-account write sets) into the artifact bucket, as its source role', () => {
    const s = statementBySid('AccB-pipeline-1', 'SourceRoleWritesSourceArtifact');
    expect(actionsOf(s)).toEqual(['s3:PutObject', 's3:PutObjectAcl']);
    expect(s.Resource).toEqual(sub('arn:${AWS::Partition}:s3:::${ArtifactBucket}/*'));
    expect(s.Condition).toEqual({ ArnEquals: { 'aws:PrincipalArn': sourceRoleArn } });
  });
});

describe('defect 8: fixed names collided between deployments; arn:aws: was hard-coded', () => {
  const NAME_PROPERTIES = ['RoleName', 'AliasName', 'RepositoryName', 'BucketName', 'Name', 'QueueName', 'PolicyName'];

  it.each(allTemplates())('%s derives every physical name from a parameter (or lets CloudFormation name it)', (_n, t) => {
    for (const [id, r] of Object.entries<Json>(t.Resources)) {
      for (const p of NAME_PROPERTIES) {
        const value = r.Properties?.[p];
        if (value === undefined) continue;
        // Inline policy names are scoped to their role, so a constant there cannot collide.
        if (p === 'PolicyName') continue;
        expect({ id, p, fromParameter: typeof value === 'object' }).toEqual({ id, p, fromParameter: true });
      }
    }
  });

  it.each(allTemplates())('%s never hard-codes the aws partition in resources or outputs', (_n, t) => {
    expect(JSON.stringify({ r: t.Resources, o: t.Outputs })).not.toContain('arn:aws:');
  });

  it('only stack A names an IAM role (the name account B trusts in advance), so only it needs CAPABILITY_NAMED_IAM', () => {
    const named = allTemplates().flatMap(([name, t]) =>
      resourcesOfType(t, 'AWS::IAM::Role').filter(([, r]) => r.Properties.RoleName !== undefined).map(([id]) => `${name} ${id}`),
    );
    expect(named).toEqual(['AccA-pipeline SourceRole']);
  });
});

describe('defect 9: stage 1 of stack B needed a placeholder repository and pipeline', () => {
  it('AccB-pipeline-1 holds only the foundation: no repository, no pipeline, no rule', () => {
    const types = Object.values<Json>(template('AccB-pipeline-1').Resources).map((r) => r.Type);
    expect(types).not.toContain('AWS::ECR::Repository');
    expect(types).not.toContain('AWS::CodePipeline::Pipeline');
    expect(types).not.toContain('AWS::Events::Rule');
    expect(types).toContain('AWS::KMS::Key');
  });
});

describe('defect 10: the S3 source polled for changes', () => {
  it('no source action polls', () => {
    for (const [, t] of allTemplates()) expect(JSON.stringify(t)).not.toMatch(/"PollForSourceChanges":\s*true/);
    const pipeline = template('AccB-pipeline-2').Resources.Pipeline.Properties;
    const s3 = pipeline.Stages[0].Actions.find((a: Json) => a.ActionTypeId.Provider === 'S3');
    expect(s3.Configuration.PollForSourceChanges).toBe(false);
  });
});

describe('defect 11: the event bus was opened to everybody', () => {
  it('no Allow statement anywhere has a wildcard principal', () => {
    const open = statements().filter((f) => f.statement.Effect === 'Allow' && JSON.stringify(f.statement.Principal ?? '').includes('"*"'));
    const openPlain = statements().filter((f) => f.statement.Effect === 'Allow' && f.statement.Principal === '*');
    expect([...open, ...openPlain]).toEqual([]);
  });

  it('the trigger rule in account B matches events of account A only, for the tracked repository and tag', () => {
    const rule = template('AccB-pipeline-2').Resources.TriggerRule.Properties;
    expect(rule.EventPattern).toEqual({
      source: ['aws.ecr'],
      'detail-type': ['ECR Image Action'],
      account: [{ Ref: 'SourceAccountId' }],
      detail: {
        'action-type': ['PUSH'],
        result: ['SUCCESS'],
        'repository-name': [{ Ref: 'RepositoryName' }],
        'image-tag': [{ Ref: 'ImageTag' }],
      },
    });
  });

  it('the trigger role may start this pipeline only; the forwarding role may put events on B default bus only', () => {
    expect(statementBySid('AccB-pipeline-2', 'StartThisPipeline')).toMatchObject({
      Action: 'codepipeline:StartPipelineExecution',
      Resource: sub('arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:${Pipeline}'),
    });
    expect(statementBySid('AccA-pipeline', 'ForwardToTargetDefaultBus')).toMatchObject({
      Action: 'events:PutEvents',
      Resource: sub('arn:${AWS::Partition}:events:${AWS::Region}:${TargetAccountId}:event-bus/default'),
    });
  });
});

describe('AWS facts the templates honour', () => {
  const pipeline = template('AccB-pipeline-2').Resources.Pipeline.Properties;

  it('the artifact store uses the customer-managed key by ARN (aliases do not work across accounts)', () => {
    expect(pipeline.ArtifactStore.EncryptionKey).toEqual({ Id: { 'Fn::GetAtt': ['ArtifactKey', 'Arn'] }, Type: 'KMS' });
  });

  it('the ECR source action runs as account A source role; ECS deploys image definitions (pinned to the digest, or as uploaded)', () => {
    const [ecr] = pipeline.Stages[0].Actions;
    expect(ecr.ActionTypeId).toEqual({ Category: 'Source', Owner: 'AWS', Provider: 'ECR', Version: '1' });
    expect(ecr.RoleArn).toEqual(sourceRoleArn);
    expect(ecr.Namespace).toBe('SourceVariables');
    const deploy = pipeline.Stages.at(-1).Actions[0];
    expect(deploy.ActionTypeId.Provider).toBe('ECS');
    expect(deploy.InputArtifacts).toEqual({ 'Fn::If': ['DigestRelease', [{ Name: 'PinnedDefinitions' }], [{ Name: 'ImageDefinitions' }]] });
    expect(deploy.Configuration).toMatchObject({ ClusterName: { Ref: 'EcsClusterName' }, ServiceName: { Ref: 'EcsServiceName' } });
  });

  it('the pipeline type is stated', () => expect(pipeline.PipelineType).toBe('V2'));

  it('the repository scans on push, encrypts, and keeps every tag but the tracked one immutable', () => {
    const repo = template('AccA-pipeline').Resources.Repository.Properties;
    expect(repo.ImageScanningConfiguration).toEqual({ ScanOnPush: true });
    expect(repo.EncryptionConfiguration.EncryptionType).toMatch(/^(AES256|KMS)$/);
    expect(repo.ImageTagMutability).toBe('IMMUTABLE_WITH_EXCLUSION');
    expect(repo.ImageTagMutabilityExclusionFilters).toEqual([
      { ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: { Ref: 'ImageTag' } },
    ]);
    // By count, never by age: an untagged image may be the one a service still runs.
    expect(JSON.parse(repo.LifecyclePolicy.LifecyclePolicyText['Fn::Sub'].replace('${KeepUntaggedImages}', '10')).rules).toEqual([
      expect.objectContaining({ selection: { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 10 }, action: { type: 'expire' } }),
    ]);
  });

  it('the forwarding rule targets B default bus with a role and a dead-letter queue', () => {
    const rule = template('AccA-pipeline').Resources.ForwardingRule.Properties;
    const [target] = rule.Targets;
    expect(target.Arn).toEqual(sub('arn:${AWS::Partition}:events:${AWS::Region}:${TargetAccountId}:event-bus/default'));
    expect(target.RoleArn).toEqual({ 'Fn::GetAtt': ['ForwardingRole', 'Arn'] });
    expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['ForwardingDeadLetterQueue', 'Arn'] } });
    expect(rule.EventPattern.account).toBeUndefined();
  });

  it('EventBridge assumes its roles only on behalf of this account (EventBridge documents aws:SourceAccount for rule targets)', () => {
    const eventBridgeTrusts = statements().filter((f) => f.kind === 'AssumeRolePolicyDocument' && f.statement.Principal.Service === 'events.amazonaws.com');
    expect(eventBridgeTrusts.map((f) => `${f.template} ${f.resource}`)).toEqual(['AccA-pipeline ForwardingRole', 'AccB-pipeline-2 TriggerRole']);
    for (const f of eventBridgeTrusts) expect(f.statement.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
  });
});
