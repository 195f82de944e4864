/**
 * The access proof passes on the generated templates and fails, with a sentence that names the call,
 * the accounts and the missing or extra statement, when a template breaks the chain or widens a grant.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TemplateName } from '../templates-src';
import { eventBusPermission } from '../templates-src/policies/event-bus-permission';
import { loadTemplate } from '../scripts/yaml/cfn-yaml';
import { EXAMPLE } from '../scripts/access-model/example-deployment';
import { proveAccess } from '../scripts/verify/prove-access';
import { checkIamNames } from '../scripts/verify/iam-names';
import { buildAccessModel } from '../scripts/access-model/access-model';
import { resolveDeployment } from '../scripts/access-model/resolve-deployment';
import { ADMINISTRATION, PIPELINE_FLOW, SOURCE_ARTIFACT, type Call } from '../scripts/access-model/flow';
import { PROBES } from '../scripts/access-model/probes';
import { requestsOf } from '../scripts/verify/evaluate';
import { callRowProblems, probeContradictions } from '../scripts/verify/documented-calls';
import { allTemplates, GENERATED, type Json } from './helpers/templates';

jest.setTimeout(30_000);

const { A, B, C } = EXAMPLE.accounts;
type Templates = Record<TemplateName, Json>;

/** The templates as templates-src builds them (identical to generated/: check-generated proves it). */
const built = (): Templates => Object.fromEntries(allTemplates()) as Templates;
/** The templates as generated/ holds them, read back from YAML. */
const generated = (): Templates =>
  Object.fromEntries(allTemplates().map(([name]) => [name, loadTemplate(readFileSync(join(GENERATED, `${name}.yaml`), 'utf8'))])) as Templates;

const statement = (t: Json, resource: string, path: string, sid: string): Json =>
  path.split('.').reduce((o, k) => o[k], t.Resources[resource].Properties).Statement.find((s: Json) => s.Sid === sid);

describe('GIVEN the generated templates', () => {
  let proof: Awaited<ReturnType<typeof proveAccess>>;
  beforeAll(async () => {
    proof = await proveAccess(generated());
  });

  it('proves the chain: no problem at all', () => {
    expect(proof.problems).toEqual([]);
  });

  it('allows every call of the flow, naming a statement on each side that needs one', () => {
    expect(proof.calls.map((c) => c.call.id)).toEqual(PIPELINE_FLOW.map((c) => c.id));
    for (const { call, evaluations } of [...proof.calls, ...proof.administration]) {
      for (const e of evaluations) {
        expect({ id: call.id, action: e.request.action, decision: e.decision }).toEqual({ id: call.id, action: e.request.action, decision: 'Allowed' });
        expect(e.callerAllows.length + e.resourceAllows.length).toBeGreaterThan(0);
      }
    }
    const crossAccount = proof.calls.flatMap((c) => c.evaluations).filter((e) => e.request.caller.account !== e.request.resource.account);
    expect(crossAccount.map((e) => e.request.id)).toEqual(
      expect.arrayContaining(['forward-push-to-target-bus', 'pipeline-assumes-source-role', 'source-role-writes-source-artifact', 'source-role-uses-target-key', 'execution-role-pulls-image']),
    );
    for (const e of crossAccount) {
      expect(e.callerAllows).not.toEqual([]);
      expect(e.resourceAllows).not.toEqual([]);
    }
  });

  it('denies every probe, each with a reason', () => {
    for (const { probe, evaluations } of proof.probes) {
      expect(evaluations).toHaveLength(probe.actions.length);
      for (const e of evaluations) {
        expect({ id: probe.id, decision: e.decision }).toEqual({ id: probe.id, decision: expect.stringMatching(/Denied$/) });
        expect(e.reason).toBeTruthy();
      }
    }
    expect(PROBES.length).toBeGreaterThan(40);
  });

  it('names the trust policy that keeps a third account out, the way the console does not', () => {
    const [e] = proof.probes.find((p) => p.probe.id === 'third-account-assumes-source-role')!.evaluations;
    expect(e.reason).toMatch(
      new RegExp(`^AccA-pipeline SourceRole trust policy allows sts:AssumeRole only to arn:aws:iam::${B}:role/orders-api-target-PipelineRole-\\w+ \\(TargetPipelineRoleAssumes\\)$`),
    );
  });

  it('every IAM action and condition key our policies name exists', async () => {
    const model = buildAccessModel(resolveDeployment(generated()));
    const result = await checkIamNames(model.ourPolicies);
    expect(result.unknown).toEqual([]);
    expect(result.actions).toBeGreaterThan(40);
  });

  it('every call cites the row of the permission table it comes from, with the pages that row cites', () => {
    for (const { call } of [...proof.calls, ...proof.administration]) {
      expect(call.documentation.permission).toBe(call.permission);
      expect(call.documentation.sources.length).toBeGreaterThan(0);
      for (const source of call.documentation.sources) expect(source.url).toMatch(/^https:\/\//);
    }
    const write = proof.calls.find((c) => c.call.id === 'source-role-writes-source-artifact')!;
    expect(write.call.actions).toEqual(['s3:PutObject', 's3:PutObjectAcl']);
    expect(write.evaluations.map((e) => [e.request.action, e.decision])).toEqual([
      ['s3:PutObject', 'Allowed'],
      ['s3:PutObjectAcl', 'Allowed'],
    ]);
    expect(write.call.documentation.sources.map((x) => x.url)).toContain('https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html');
  });

  it('no probe tries what a row of the permission table requires, and every row is exercised', () => {
    expect(proof.documentation).toEqual([]);
    expect(callRowProblems([...PIPELINE_FLOW, ...ADMINISTRATION])).toEqual([]);
  });

  it('the flow and the administration grants have unique ids', () => {
    const ids = [...PIPELINE_FLOW, ...ADMINISTRATION, ...PROBES].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('WHEN the proof strays from the permission table THEN it says so', () => {
  const model = buildAccessModel(resolveDeployment(built()));
  const probe = (spec: { caller: string; actions: string[]; resource: string; context?: Record<string, string> }) => ({
    id: 'probe-under-test',
    requests: requestsOf(model, 'probe', { id: 'probe-under-test', ...spec }, 'test'),
  });

  it('a probe asserting that the source role may not s3:PutObjectAcl its artifact contradicts row ecr-source/write-artifact', () => {
    const problems = probeContradictions(model, [probe({ caller: 'A:SourceRole', actions: ['s3:GetObject', 's3:PutObjectAcl'], resource: SOURCE_ARTIFACT, context: { 's3:x-amz-server-side-encryption': 'aws:kms' } })]);
    // Only PutObjectAcl: the probe's GetObject is no row's.
    expect(problems).toEqual([
      expect.stringMatching(
        /^\[probe-under-test\] asserts that the source role \(SourceRole\) in A is denied s3:PutObjectAcl on object .* \(ArtifactBucket\), which row ecr-source\/write-artifact of the permission table requires as a grant: change the probe$/,
      ),
    ]);
  });

  it('the same write without TLS, without KMS, by another role or to another bucket contradicts nothing', () => {
    const sse = { 's3:x-amz-server-side-encryption': 'aws:kms' };
    const probes = [
      probe({ caller: 'A:SourceRole', actions: ['s3:PutObjectAcl'], resource: SOURCE_ARTIFACT, context: { ...sse, 'aws:SecureTransport': 'false' } }),
      probe({ caller: 'A:SourceRole', actions: ['s3:PutObject'], resource: SOURCE_ARTIFACT, context: { 's3:x-amz-server-side-encryption': 'AES256' } }),
      probe({ caller: 'A:ForwardingRole', actions: ['s3:PutObjectAcl'], resource: SOURCE_ARTIFACT, context: sse }),
      probe({ caller: 'A:SourceRole', actions: ['s3:PutObjectAcl'], resource: 'B:OtherBucket/some/object', context: sse }),
      probe({ caller: 'B:PipelineRole', actions: ['iam:PassRole'], resource: 'B:TaskExecutionRole', context: { 'iam:PassedToService': 'ec2.amazonaws.com' } }),
    ];
    expect(probeContradictions(model, probes)).toEqual([]);
  });

  it('a call that does not match its row, and a row no call exercises, are named', () => {
    const [assume, ...rest] = PIPELINE_FLOW;
    const wrong: Call = { ...assume, caller: 'B:events.amazonaws.com', actions: ['sts:AssumeRole', 'sts:TagSession'], allowedBy: { caller: [], resource: [] } };
    const problems = callRowProblems([wrong, ...rest, ...ADMINISTRATION]);
    expect(problems).toEqual([
      '[eventbridge-assumes-forwarding-role] cites row forward/assume-forwarding-role of the permission table, but its caller B:events.amazonaws.com is not a eventbridge-in-account-a',
      '[eventbridge-assumes-forwarding-role] cites row forward/assume-forwarding-role of the permission table, but the row does not document sts:TagSession',
      "[eventbridge-assumes-forwarding-role] cites row forward/assume-forwarding-role of the permission table, but it names no statement on the resource's side, where the row is granted",
    ]);
    expect(callRowProblems(PIPELINE_FLOW.filter((c) => c.permission !== 's3-source/read-object'))).toContain(
      'row s3-source/read-object of the permission table is exercised by no call: add the call to scripts/access-model/flow.ts or drop the row',
    );
  });
});

describe('WHEN a template breaks the chain or widens a grant THEN the proof names the call, the accounts and the statement', () => {
  const problemsOf = async (mutate: (t: Templates) => void, options = {}) => {
    const t = built();
    mutate(t);
    return (await proveAccess(t, options)).problems;
  };

  it('the source role trusts all of account B: other principals of B may assume it', async () => {
    const problems = await problemsOf((t) => {
      statement(t['AccA-pipeline'], 'SourceRole', 'AssumeRolePolicyDocument', 'TargetPipelineRoleAssumes').Principal = {
        AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${TargetAccountId}:root' },
      };
    });
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^\[account-b-administrator-assumes-source-role\] an administrator in B CAN sts:AssumeRole on role orders-api-ecr-source \(SourceRole\) in A \(another principal of account B\), which must be denied: allowed by .*AccA-pipeline SourceRole trust policy: TargetPipelineRoleAssumes \(extra statement\)$/,
      ),
    );
  });

  it('the key policy loses the statement for account A: the source role cannot use the key', async () => {
    const problems = await problemsOf((t) => {
      for (const name of ['AccB-pipeline-1', 'AccB-pipeline-2'] as const) {
        const doc = t[name].Resources.ArtifactKey.Properties.KeyPolicy;
        doc.Statement = doc.Statement.filter((s: Json) => s.Sid !== 'SourceRoleUsesKey');
      }
    });
    expect(problems).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^\\[source-role-uses-target-key\\] the source role \\(SourceRole\\) in A cannot kms:GenerateDataKey on key [0-9a-f-]+ \\(ArtifactKey\\) in B: AccB-pipeline-2 ArtifactKey key policy allows kms:GenerateDataKey only to arn:aws:iam::${B}:root when aws:PrincipalArn ArnEquals arn:aws:iam::${B}:role/orders-api-target-PipelineRole-\\w+ \\(PipelineRoleUsesKey\\)$`,
        ),
      ),
    );
  });

  it('PassRole loses its condition: the pipeline role may pass the execution role to any service', async () => {
    const problems = await problemsOf((t) => {
      delete statement(t['AccB-pipeline-2'], 'PipelineRolePolicy', 'PolicyDocument', 'PassTaskRolesToEcs').Condition;
    });
    expect(problems).toContainEqual(
      '[pipeline-role-passes-execution-role-to-ec2] the pipeline role (PipelineRole) in B CAN iam:PassRole on role ecsTaskExecutionRole (EcsTaskExecutionRoleArn) in B (another service than ECS tasks), which must be denied: allowed by AccB-pipeline-2 PipelineRolePolicy: PassTaskRolesToEcs (extra statement)',
    );
  });

  it('the bus policy names another account: the forwarded push is refused by account B', async () => {
    const problems = await problemsOf(() => undefined, { busPermission: eventBusPermission(C, EXAMPLE.busStatementId) });
    expect(problems).toContainEqual(
      `[forward-push-to-target-bus] the forwarding role (ForwardingRole) in A cannot events:PutEvents on the default event bus in B: B default event bus policy (put-permission) allows events:PutEvents only to arn:aws:iam::${C}:root (${EXAMPLE.busStatementId})`,
    );
  });

  it('the pipeline role loses sts:AssumeRole on the source role: the identity side is named', async () => {
    const problems = await problemsOf((t) => {
      delete t['AccB-pipeline-2'].Resources.PipelineAssumeSourceRolePolicy;
      t['AccB-pipeline-2'].Resources.Pipeline.DependsOn = ['PipelineRolePolicy'];
    });
    expect(problems).toContainEqual(
      `[pipeline-assumes-source-role] the pipeline role (PipelineRole) in B cannot sts:AssumeRole on role orders-api-ecr-source (SourceRole) in A: no statement in AccB-pipeline-2 PipelineRolePolicy, AccB-pipeline-2 PipelineCommandsLogsPolicy, AccB-pipeline-2 PipelineRollbackAlarmPolicy allows sts:AssumeRole on arn:aws:iam::${A}:role/orders-api-ecr-source`,
    );
  });

  it('a statement grants one action more than the flow uses: an extra grant', async () => {
    const problems = await problemsOf((t) => {
      statement(t['AccB-pipeline-2'], 'PipelineRolePolicy', 'PolicyDocument', 'ReadWriteArtifacts').Action.push('s3:DeleteObject');
    });
    expect(problems).toContainEqual(
      expect.stringMatching(/^AccB-pipeline-2 PipelineRolePolicy: ReadWriteArtifacts allows s3:DeleteObject on arn:aws:s3:::orders-api-target-artifactbucket-\w+\/\*, which no call of the flow needs \(extra grant\)$/),
    );
    expect(problems).toContainEqual(expect.stringMatching(/^\[pipeline-role-deletes-artifacts\] the pipeline role \(PipelineRole\) in B CAN s3:DeleteObject on object .* allowed by AccB-pipeline-2 PipelineRolePolicy: ReadWriteArtifacts/));
  });

  it('an intended statement is replaced by another one: the flow says which is missing and which is extra', async () => {
    const problems = await problemsOf((t) => {
      statement(t['AccA-pipeline'], 'SourceRolePolicy', 'PolicyDocument', 'DescribeTrackedRepositoryImages').Sid = 'DescribeImages';
    });
    expect(problems).toContainEqual(
      "[source-role-describes-image] the source role (SourceRole) in A may ecr:DescribeImages on repository orders-api (Repository) in A also through AccA-pipeline SourceRolePolicy: DescribeImages on the caller's side, which the flow does not intend (extra statement)",
    );
    expect(problems).toContainEqual(expect.stringContaining('but not through AccA-pipeline SourceRolePolicy: DescribeTrackedRepositoryImages as the flow intends'));
  });

  it("B's bucket policy loses s3:PutObjectAcl: the source role's cross-account write is refused, on the resource side", async () => {
    const problems = await problemsOf((t) => {
      for (const name of ['AccB-pipeline-1', 'AccB-pipeline-2'] as const) {
        statement(t[name], 'ArtifactBucketPolicy', 'PolicyDocument', 'SourceRoleWritesSourceArtifact').Action = ['s3:PutObject'];
      }
    });
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^\[source-role-writes-source-artifact\] the source role \(SourceRole\) in A cannot s3:PutObjectAcl on object .* in B: AccB-pipeline-2 ArtifactBucketPolicy has no statement that allows s3:PutObjectAcl$/,
      ),
    );
  });

  it('the key policy names another role in its aws:PrincipalArn condition: the pipeline role cannot use the key', async () => {
    const problems = await problemsOf((t) => {
      for (const name of ['AccB-pipeline-1', 'AccB-pipeline-2'] as const) {
        const s = t[name].Resources.ArtifactKey.Properties.KeyPolicy.Statement.find((x: Json) => x.Sid === 'PipelineRoleUsesKey');
        s.Condition.ArnEquals['aws:PrincipalArn'] = { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/someone-else' };
      }
    });
    expect(problems).toContainEqual(expect.stringMatching(/^\[pipeline-uses-key\] the pipeline role \(PipelineRole\) in B cannot kms:GenerateDataKey on key .* \(ArtifactKey\) in B: /));
  });

  it('the bucket loses its KMS guard: the unencrypted upload goes through and the guard is missed', async () => {
    const problems = await problemsOf((t) => {
      const doc = t['AccB-pipeline-2'].Resources.ArtifactBucketPolicy.Properties.PolicyDocument;
      doc.Statement = doc.Statement.filter((s: Json) => s.Sid !== 'DenyUploadsNotEncryptedWithKms');
    });
    expect(problems).toContainEqual(expect.stringMatching(/^\[source-role-uploads-without-kms\] the source role \(SourceRole\) in A CAN s3:PutObject on object .* in B \(an upload not encrypted with KMS\)/));
  });

  it('digest releases without the logs policy: the Commands action cannot log, named call by call', async () => {
    const problems = await problemsOf((t) => {
      delete t['AccB-pipeline-2'].Resources.PipelineCommandsLogsPolicy;
    });
    for (const call of ['commands-creates-log-group', 'commands-creates-log-group-checked-as-stream', 'commands-writes-log-streams']) {
      expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^\\[${call}\\] the pipeline role \\(PipelineRole\\) in B cannot logs:\\w+ on .*/aws/codepipeline/orders-api-pipeline\\b`)));
    }
  });

  it("the logs grant widened to every pipeline's log group: another pipeline's logs are reachable", async () => {
    const problems = await problemsOf((t) => {
      const s = statement(t['AccB-pipeline-2'], 'PipelineCommandsLogsPolicy', 'PolicyDocument', 'WriteCommandsActionLogs');
      s.Resource = { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/codepipeline/*' };
    });
    expect(problems).toContainEqual(
      expect.stringMatching(/^\[pipeline-role-writes-other-pipeline-logs\] the pipeline role \(PipelineRole\) in B CAN logs:PutLogEvents on a stream of another pipeline's log group .*allowed by AccB-pipeline-2 PipelineCommandsLogsPolicy: WriteCommandsActionLogs \(extra statement\)$/),
    );
  });

  it('a misspelt action is named with its statement', async () => {
    const t = built();
    statement(t['AccA-pipeline'], 'SourceRolePolicy', 'PolicyDocument', 'DescribeTrackedRepositoryImages').Action = ['ecr:DescribeImage'];
    const model = buildAccessModel(resolveDeployment(t));
    expect((await checkIamNames(model.ourPolicies)).unknown).toEqual([
      'AccA-pipeline SourceRolePolicy: DescribeTrackedRepositoryImages names action ecr:DescribeImage, which IAM does not have',
    ]);
  });
});
