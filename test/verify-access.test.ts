/**
 * The access proof passes on the generated templates and fails, with a sentence that names the call,
 * the accounts and the missing or extra statement, when a template breaks the chain or widens a grant.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TemplateName } from '../templates-src';
import { eventBusPermission } from '../templates-src/policies/event-bus-permission';
import { loadTemplate } from '../scripts/yaml/cfn-yaml';
import { EXAMPLE } from '../scripts/verify/example-deployment';
import { proveAccess } from '../scripts/verify/prove-access';
import { checkIamNames } from '../scripts/verify/iam-names';
import { buildAccessModel } from '../scripts/verify/access-model';
import { resolveDeployment } from '../scripts/verify/resolve-deployment';
import { ADMINISTRATION, PIPELINE_FLOW } from '../scripts/verify/flow';
import { PROBES } from '../scripts/verify/probes';
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

  it('the flow and the administration grants have unique ids', () => {
    const ids = [...PIPELINE_FLOW, ...ADMINISTRATION, ...PROBES].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
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
          `^\\[source-role-uses-target-key\\] the source role \\(SourceRole\\) in A cannot kms:GenerateDataKey on key [0-9a-f-]+ \\(ArtifactKey\\) in B: AccB-pipeline-2 ArtifactKey key policy allows kms:GenerateDataKey only to arn:aws:iam::${B}:role/orders-api-target-PipelineRole-\\w+ \\(PipelineRoleUsesKey\\)$`,
        ),
      ),
    );
  });

  it('PassRole loses its condition: the pipeline role may pass the execution role to any service', async () => {
    const problems = await problemsOf((t) => {
      delete statement(t['AccB-pipeline-2'], 'PipelineRolePolicy', 'PolicyDocument', 'PassTaskRolesToEcs').Condition;
    });
    expect(problems).toContainEqual(
      '[pipeline-role-passes-execution-role-to-ec2] the pipeline role (PipelineRole) in B CAN iam:PassRole on role orders-api-execution (EcsTaskExecutionRoleArn) in B (another service than ECS tasks), which must be denied: allowed by AccB-pipeline-2 PipelineRolePolicy: PassTaskRolesToEcs (extra statement)',
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
      `[pipeline-assumes-source-role] the pipeline role (PipelineRole) in B cannot sts:AssumeRole on role orders-api-ecr-source (SourceRole) in A: no statement in AccB-pipeline-2 PipelineRolePolicy allows sts:AssumeRole on arn:aws:iam::${A}:role/orders-api-ecr-source`,
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
      "[source-role-describes-image] the source role (SourceRole) in A may ecr:DescribeImages on repository team/orders-api (Repository) in A also through AccA-pipeline SourceRolePolicy: DescribeImages on the caller's side, which the flow does not intend (extra statement)",
    );
    expect(problems).toContainEqual(expect.stringContaining('but not through AccA-pipeline SourceRolePolicy: DescribeTrackedRepositoryImages as the flow intends'));
  });

  it('the bucket loses its KMS guard: the unencrypted upload goes through and the guard is missed', async () => {
    const problems = await problemsOf((t) => {
      const doc = t['AccB-pipeline-2'].Resources.ArtifactBucketPolicy.Properties.PolicyDocument;
      doc.Statement = doc.Statement.filter((s: Json) => s.Sid !== 'DenyUploadsNotEncryptedWithKms');
    });
    expect(problems).toContainEqual(expect.stringMatching(/^\[source-role-uploads-without-kms\] the source role \(SourceRole\) in A CAN s3:PutObject on object .* in B \(an upload not encrypted with KMS\)/));
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
