/**
 * For each hop of the pipeline (push -> event in A -> forwarded to B -> trigger -> ECR source in A ->
 * artifact in B -> ECS deploy -> image pull): GIVEN templates that lack the statement the hop needs
 * (one statement removed or broken, written to a folder), WHEN the message of the denied call is
 * explained against them (`--dir`), THEN the answer names the template, the policy and the statement,
 * and what to change. Messages: fixtures/pipeline-messages.json, in the formats of real samples.
 */
import { MESSAGES, documentOf, explain, explainJson, removeStatement, statementOf, templatesDir } from './explain-helpers';
import type { Json } from '../helpers/templates';

jest.setTimeout(60_000);

describe('1. push: a developer or CI pushes to the repository in account A', () => {
  it('GIVEN the templates as they are WHEN the pusher lacks IAM permissions THEN the templates do not stand in the way and the pusher\'s own policy needs the push actions', async () => {
    const { code, json } = await explainJson(MESSAGES.push.text);
    expect(code).toBe(0);
    expect(json).toMatchObject({
      principalKey: 'A:caller',
      resourceKey: 'A:Repository',
      intent: 'outside-templates',
      call: { id: 'developer-pushes-image', source: { url: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html' } },
      templatesAllow: true,
      deniedBy: 'identity',
    });
    expect(json.fix).toContain('Give role ci-image-publisher ecr:GetAuthorizationToken, ecr:BatchCheckLayerAvailability, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload, ecr:PutImage');
    expect(json.fix).toContain('AccA-pipeline Repository repository policy holds no Deny for it');
  });

  it('GIVEN a repository policy that denies pushes WHEN a push is denied explicitly THEN the answer names that Deny statement', async () => {
    const dir = templatesDir((t) =>
      documentOf(t, 'AccA-pipeline', 'Repository', 'RepositoryPolicyText').Statement.push({ Sid: 'NoPushes', Effect: 'Deny', Principal: '*', Action: 'ecr:PutImage' }),
    );
    const { code, json } = await explainJson(MESSAGES['push-denied-by-repository'].text, '--dir', dir);
    expect(code).toBe(0);
    expect(json).toMatchObject({ templatesAllow: false, deniedBy: 'resource', statement: 'AccA-pipeline Repository repository policy: NoPushes' });
    expect(json.fix).toContain("On the resource's side: AccA-pipeline Repository repository policy: NoPushes denies it.");
  });
});

describe('2. event in A: EventBridge assumes the forwarding role', () => {
  it('GIVEN a forwarding role whose trust lacks EventBridge WHEN the dead-letter queue holds FAILED_TO_ASSUME_ROLE THEN the missing trust statement is quoted as the templates write it', async () => {
    const dir = templatesDir((t) => removeStatement(documentOf(t, 'AccA-pipeline', 'ForwardingRole', 'AssumeRolePolicyDocument'), 'EventBridgeAssumesForThisAccount'));
    const { code, json } = await explainJson(MESSAGES['event-in-a'].text, '--dir', dir);
    expect(code).toBe(0);
    expect(json).toMatchObject({ form: 'eventbridge-dead-letter', templatesAllow: false, deniedBy: 'resource', statement: 'AccA-pipeline ForwardingRole trust policy: EventBridgeAssumesForThisAccount' });
    expect(json.candidates).toHaveLength(1);
    expect(json.candidates[0].call).toMatchObject({ id: 'eventbridge-assumes-forwarding-role', documentation: { permission: 'forward/assume-forwarding-role' } });
    expect(json.fix).toContain(
      'statement EventBridgeAssumesForThisAccount is missing from AccA-pipeline ForwardingRole trust policy: add it as xacct\'s templates write it: {"Sid":"EventBridgeAssumesForThisAccount","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"${AWS::AccountId}"}}}',
    );
    expect(json.fix).toContain('xacct deploy-sequence --config');
    expect(json.fix).toContain('updates stack orders-api-source in account A');
  });
});

describe('3. forwarded to B: the forwarding role puts the event on B\'s default bus', () => {
  it('GIVEN a forwarding role policy without its statement WHEN PutEvents is denied THEN the caller\'s side lacks ForwardToTargetDefaultBus of AccA-pipeline ForwardingRolePolicy', async () => {
    const dir = templatesDir((t) => removeStatement(documentOf(t, 'AccA-pipeline', 'ForwardingRolePolicy', 'PolicyDocument'), 'ForwardToTargetDefaultBus'));
    const { code, json } = await explainJson(MESSAGES['forward-to-b'].text, '--dir', dir);
    expect(code).toBe(0);
    expect(json).toMatchObject({
      principalKey: 'A:ForwardingRole',
      resourceKey: 'B:default-bus',
      call: { id: 'forward-push-to-target-bus', documentation: { permission: 'forward/put-events' } },
      templatesAllow: false,
      deniedBy: 'identity',
      statement: 'AccA-pipeline ForwardingRolePolicy: ForwardToTargetDefaultBus',
      matchedBy: { caller: 'pattern', resource: 'name' },
    });
    // The bus policy names account A, not the role: A's own IAM policies decide.
    expect(json.sides.resource.verdict).toBe('allows-for-account');
    expect(json.fix).toContain('statement ForwardToTargetDefaultBus is missing from AccA-pipeline ForwardingRolePolicy');
  });
});

describe('4. trigger: the trigger role starts the pipeline', () => {
  it('GIVEN a trigger role allowed to start another pipeline only WHEN StartPipelineExecution is denied THEN its Resource is named as what does not cover the pipeline', async () => {
    const dir = templatesDir((t) => {
      statementOf(documentOf(t, 'AccB-pipeline-2', 'TriggerRolePolicy', 'PolicyDocument'), 'StartThisPipeline').Resource = {
        'Fn::Sub': 'arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:billing-api-pipeline',
      };
    });
    const { code, json } = await explainJson(MESSAGES.trigger.text, '--dir', dir);
    expect(code).toBe(0);
    expect(json).toMatchObject({ principalKey: 'B:TriggerRole', resourceKey: 'B:Pipeline', templatesAllow: false, deniedBy: 'identity', statement: 'AccB-pipeline-2 TriggerRolePolicy: StartThisPipeline' });
    expect(json.fix).toContain(
      'AccB-pipeline-2 TriggerRolePolicy: StartThisPipeline: its Resource (arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:billing-api-pipeline) does not cover pipeline orders-api-pipeline (Pipeline)',
    );
    expect(json.fix).toContain('updates stack orders-api-target in account B');
  });
});

describe('5. ECR source in A: the pipeline role assumes the source role, which describes the image', () => {
  it('GIVEN a source role trusting someone else WHEN AssumeRole is denied (STS names no policy) THEN the trust policy is the side that lacks it', async () => {
    const dir = templatesDir((t) => {
      statementOf(documentOf(t, 'AccA-pipeline', 'SourceRole', 'AssumeRolePolicyDocument'), 'TargetPipelineRoleAssumes').Principal = { AWS: 'arn:aws:iam::444455556666:role/someone-else' };
    });
    const { code, json } = await explainJson(MESSAGES['ecr-source-assume'].text, '--dir', dir);
    expect(code).toBe(0);
    expect(json).toMatchObject({
      principalKey: 'B:PipelineRole',
      resourceKey: 'A:SourceRole',
      call: { id: 'pipeline-assumes-source-role' },
      templatesAllow: false,
      deniedBy: 'resource',
      statement: 'AccA-pipeline SourceRole trust policy: TargetPipelineRoleAssumes',
    });
    expect(json.message.decision).toBeUndefined();
    expect(json.fix).toContain('its Principal {"AWS":"arn:aws:iam::444455556666:role/someone-else"} does not name the pipeline role (PipelineRole)');
    expect(json.checks.map((c: Json) => c.command)).toContain('aws iam get-role --role-name orders-api-ecr-source --query Role.AssumeRolePolicyDocument --profile orders-source-admin');
  });

  it('GIVEN a source role policy without DescribeImages WHEN DescribeImages is denied THEN the missing statement is DescribeTrackedRepositoryImages of AccA-pipeline SourceRolePolicy', async () => {
    const dir = templatesDir((t) => removeStatement(documentOf(t, 'AccA-pipeline', 'SourceRolePolicy', 'PolicyDocument'), 'DescribeTrackedRepositoryImages'));
    const { json } = await explainJson(MESSAGES['ecr-source-describe'].text, '--dir', dir);
    expect(json).toMatchObject({ templatesAllow: false, deniedBy: 'identity', statement: 'AccA-pipeline SourceRolePolicy: DescribeTrackedRepositoryImages' });
    expect(json.call.documentation).toMatchObject({ permission: 'ecr-source/describe-images' });
  });

  it('GIVEN the templates as they are WHEN CodePipeline refuses the pipeline at create time (CP-6) THEN the templates allow it and the answer points at live trust and a recreated role', async () => {
    const { code, json } = await explainJson(MESSAGES['ecr-source-create-time'].text);
    expect(code).toBe(0);
    expect(json).toMatchObject({ principalKey: 'B:PipelineRole', resourceKey: 'A:SourceRole', templatesAllow: true, deniedBy: 'unknown' });
    expect(json.fix).toContain('If role orders-api-target-PipelineRole-1A2B3C4D5E6F was deleted and created again under the same name, the live AccA-pipeline SourceRole trust policy names the old role\'s unique id');
    expect(json.checks.map((c: Json) => c.command)).toContain('aws organizations list-policies-for-target --target-id 111122223333 --filter SERVICE_CONTROL_POLICY');
  });
});

describe('6. artifact in B: the source role writes the artifact into B\'s bucket with B\'s key', () => {
  it('GIVEN an artifact bucket policy without s3:PutObjectAcl WHEN the ACL write is denied THEN the fix adds s3:PutObjectAcl to SourceRoleWritesSourceArtifact of AccB-pipeline-2 ArtifactBucketPolicy', async () => {
    const dir = templatesDir((t) => {
      statementOf(documentOf(t, 'AccB-pipeline-2', 'ArtifactBucketPolicy', 'PolicyDocument'), 'SourceRoleWritesSourceArtifact').Action = ['s3:PutObject'];
    });
    const { code, json } = await explainJson(MESSAGES['artifact-acl'].text, '--dir', dir);
    expect(code).toBe(0);
    expect(json).toMatchObject({
      principalKey: 'A:SourceRole',
      resourceKey: 'B:ArtifactBucket/orders-api-pipeline/ImageDetai/4xKz9Qa',
      call: { id: 'source-role-writes-source-artifact', documentation: { permission: 'ecr-source/write-artifact' } },
      templatesAllow: false,
      deniedBy: 'resource',
      statement: 'AccB-pipeline-2 ArtifactBucketPolicy: SourceRoleWritesSourceArtifact',
      matchedBy: { caller: 'name', resource: 'pattern' },
    });
    expect(json.fix).toContain("On the resource's side: AccB-pipeline-2 ArtifactBucketPolicy: SourceRoleWritesSourceArtifact: add s3:PutObjectAcl to its Action (s3:PutObject).");
    expect(json.sides.identity).toMatchObject({ verdict: 'allows', allows: ['AccA-pipeline SourceRolePolicy: WriteSourceArtifactToTargetAccount'] });
    expect(json.checks[0].command).toBe('aws s3api get-bucket-policy --bucket orders-api-target-artifactbucket-1x2y3z4w5v6u --query Policy --output text --profile orders-target-admin');
  });

  it('GIVEN a key policy naming another role WHEN GenerateDataKey is denied THEN the condition of SourceRoleUsesKey is what does not hold', async () => {
    const dir = templatesDir((t) => {
      statementOf(documentOf(t, 'AccB-pipeline-2', 'ArtifactKey', 'KeyPolicy'), 'SourceRoleUsesKey').Condition.ArnEquals['aws:PrincipalArn'] = 'arn:aws:iam::111122223333:role/another-role';
    });
    const { json } = await explainJson(MESSAGES['artifact-key'].text, '--dir', dir);
    expect(json).toMatchObject({ resourceKey: 'B:ArtifactKey', templatesAllow: false, deniedBy: 'resource', statement: 'AccB-pipeline-2 ArtifactKey key policy: SourceRoleUsesKey', matchedBy: { resource: 'assumed' } });
    expect(json.fix).toContain(
      'its condition ArnEquals aws:PrincipalArn arn:aws:iam::111122223333:role/another-role does not hold: the request has aws:PrincipalArn = arn:aws:iam::111122223333:role/orders-api-ecr-source',
    );
    expect(json.notes.join(' ')).toContain('is taken for the artifact key');
  });

  it('GIVEN the bucket policy without the source role\'s statement WHEN CodePipeline reports the bucket (CP-1 wording) THEN the cross-account write is the candidate the templates do not allow', async () => {
    const dir = templatesDir((t) => removeStatement(documentOf(t, 'AccB-pipeline-2', 'ArtifactBucketPolicy', 'PolicyDocument'), 'SourceRoleWritesSourceArtifact'));
    const { code, json } = await explainJson(MESSAGES['artifact-generic'].text, '--dir', dir);
    expect(code).toBe(0);
    expect(json).toMatchObject({ form: 'codepipeline-permissions', templatesAllow: false, statement: 'AccB-pipeline-2 ArtifactBucketPolicy: SourceRoleWritesSourceArtifact' });
    const failing = json.candidates.filter((c: Json) => !c.templatesAllow).map((c: Json) => c.call.id);
    expect(failing).toEqual(['source-role-writes-source-artifact']);
    expect(json.candidates.every((c: Json) => /ArtifactBucket/.test(c.resource))).toBe(true);
  });
});

describe('7. ECS deploy: the pipeline role updates the service and passes the task roles', () => {
  it('GIVEN a pipeline role policy without PassTaskRolesToEcs WHEN PassRole is denied THEN the statement is quoted with its condition', async () => {
    const dir = templatesDir((t) => removeStatement(documentOf(t, 'AccB-pipeline-2', 'PipelineRolePolicy', 'PolicyDocument'), 'PassTaskRolesToEcs'));
    const { json } = await explainJson(MESSAGES['deploy-pass-role'].text, '--dir', dir);
    expect(json).toMatchObject({
      principalKey: 'B:PipelineRole',
      resourceKey: 'B:TaskExecutionRole',
      call: { id: 'pipeline-passes-execution-role', documentation: { permission: 'ecs-deploy/pass-task-roles' } },
      templatesAllow: false,
      deniedBy: 'identity',
      statement: 'AccB-pipeline-2 PipelineRolePolicy: PassTaskRolesToEcs',
    });
    expect(json.message.operation).toBe('UpdateService');
    expect(json.fix).toContain('"Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}');
  });

  it('GIVEN a pipeline role without ecs:UpdateService WHEN CodePipeline says it cannot access ECS THEN the one failing candidate is the service update', async () => {
    const dir = templatesDir((t) => {
      statementOf(documentOf(t, 'AccB-pipeline-2', 'PipelineRolePolicy', 'PolicyDocument'), 'DeployToService').Action = ['ecs:DescribeServices'];
    });
    const { json } = await explainJson(MESSAGES['deploy-ecs'].text, '--dir', dir);
    expect(json.candidates.length).toBeGreaterThan(5);
    expect(json.candidates.filter((c: Json) => !c.templatesAllow).map((c: Json) => c.call.id)).toEqual(['pipeline-updates-service']);
    expect(json.fix).toContain('AccB-pipeline-2 PipelineRolePolicy: DeployToService: add ecs:UpdateService to its Action (ecs:DescribeServices)');
  });
});

describe('8. image pull: ECS pulls the image from account A with the task execution role', () => {
  it('GIVEN a repository policy without the execution role WHEN the agent reports the pull denial THEN the missing statement is TargetExecutionRolePullsImages of the repository policy', async () => {
    const dir = templatesDir((t) => removeStatement(documentOf(t, 'AccA-pipeline', 'Repository', 'RepositoryPolicyText'), 'TargetExecutionRolePullsImages'));
    const r = await explain(MESSAGES.pull.text, '--dir', dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('= the ECS task execution role (ecsTaskExecutionRole) [B:TaskExecutionRole]');
    expect(r.out).toContain('Templates: do NOT allow this. Denied by: the resource-based policy of what it called');
    expect(r.out).toContain('Statement: AccA-pipeline Repository repository policy: TargetExecutionRolePullsImages');
    expect(r.out).toContain('statement TargetExecutionRolePullsImages is missing from AccA-pipeline Repository repository policy');
    expect(r.out).toContain('aws ecr get-repository-policy --repository-name orders-api --query policyText --output text --profile orders-source-admin --region eu-west-1');
  });

  it('GIVEN the same templates WHEN ECS only says 403 Forbidden THEN the pull is the likely candidate and the templates lack its repository statement', async () => {
    const dir = templatesDir((t) => removeStatement(documentOf(t, 'AccA-pipeline', 'Repository', 'RepositoryPolicyText'), 'TargetExecutionRolePullsImages'));
    const { json } = await explainJson(MESSAGES['pull-forbidden'].text, '--dir', dir);
    expect(json).toMatchObject({ form: 'image-pull-forbidden', templatesAllow: false, message: { image: { repository: 'orders-api', reference: 'latest' } } });
    expect(json.candidates.map((c: Json) => [c.call.id, c.likely, c.templatesAllow])).toEqual([
      ['execution-role-pulls-image', true, false],
      ['execution-role-gets-registry-token', false, true],
    ]);
    // A 403 is also what ECR answers for an image it does not hold: the answer says how to check that first.
    expect(json.notes.join(' ')).toContain('aws ecr describe-images --repository-name orders-api --image-ids imageTag=latest --region eu-west-1');
  });
});

describe('every hop\'s message, against the templates as they are', () => {
  it.each(['forward-to-b', 'trigger', 'ecr-source-describe', 'artifact-acl', 'artifact-key', 'deploy-pass-role', 'pull'])(
    '%s: the templates allow it, so the live policy must differ; the answer says how to compare',
    async (key) => {
      const { code, json } = await explainJson(MESSAGES[key].text);
      expect(code).toBe(0);
      expect(json.templatesAllow).toBe(true);
      expect(json.call?.documentation?.permission).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/);
      expect(json.fix).toMatch(/the live .* must differ|outside them/);
      if (!/outside them/.test(json.fix)) expect(json.fix).toMatch(/xacct doctor --config \S+deployment\.yaml compares every live policy with the templates/);
      expect(json.checks.map((c: Json) => c.command)).toContainEqual(expect.stringMatching(/^xacct status --config \S+deployment\.yaml --drift$/));
    },
  );
});
