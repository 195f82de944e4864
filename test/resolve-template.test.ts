/**
 * The resolver turns the generated templates into the concrete policies of one example deployment:
 * parameters checked and chained from stack outputs, every intrinsic function replaced.
 */
import { EXAMPLE, stackOf } from '../scripts/access-model/example-deployment';
import { resolveDeployment } from '../scripts/access-model/resolve-deployment';
import { resolveTemplate } from '../scripts/access-model/resolve-template';
import { allTemplates, template, type Json } from './helpers/templates';

const templates = () => Object.fromEntries(allTemplates()) as Record<string, Json>;

describe('resolving the example deployment', () => {
  const d = resolveDeployment(templates() as never);
  const A = EXAMPLE.accounts.A;
  const B = EXAMPLE.accounts.B;

  it('leaves no intrinsic function in any resource', () => {
    for (const t of Object.values(d.templates)) {
      expect(JSON.stringify(t.resources)).not.toMatch(/"(Ref|Fn::[A-Za-z]+)":/);
    }
  });

  it('feeds stack B outputs into stack A parameters and stack A outputs into stage 2', () => {
    const b1 = d.templates['AccB-pipeline-1'];
    const a = d.templates['AccA-pipeline'];
    expect(a.parameters.TargetAccountId).toBe(B);
    expect(a.parameters.PipelineRoleArn).toBe(b1.physical.PipelineRole.attributes.Arn);
    expect(a.parameters.ArtifactKeyArn).toBe(b1.physical.ArtifactKey.attributes.Arn);
    expect(a.parameters.ArtifactBucketName).toBe(b1.physical.ArtifactBucket.ref);
    expect(a.parameters.SourceRoleName).toBe('orders-api-ecr-source');
    expect(d.templates['AccB-pipeline-2'].parameters.RepositoryName).toBe(a.outputs.RepositoryName);
    // Stage 2 updates the same stack: the same physical resources.
    expect(d.templates['AccB-pipeline-2'].physical.ArtifactKey).toEqual(b1.physical.ArtifactKey);
  });

  it('makes concrete ARNs in the partition, region and account of each stack', () => {
    const a = d.templates['AccA-pipeline'];
    expect(a.physical.SourceRole.attributes.Arn).toBe(`arn:aws:iam::${A}:role/orders-api-ecr-source`);
    expect(a.physical.Repository.attributes.Arn).toBe(`arn:aws:ecr:eu-west-1:${A}:repository/orders-api`);
    const policy = a.resources.SourceRolePolicy.Properties.PolicyDocument as Json;
    expect(policy.Statement[1].Resource).toBe(`arn:aws:s3:::${d.templates['AccB-pipeline-1'].physical.ArtifactBucket.ref}/*`);
    expect(d.templates['AccB-pipeline-2'].physical.ArtifactBucket.ref).toMatch(/^orders-api-target-artifactbucket-[0-9a-f]{12}$/);
  });

  it('evaluates conditions: the task role is passed when given and dropped (AWS::NoValue) when empty', () => {
    const passRole = (taskRole: string) => {
      const t = resolveTemplate(template('AccB-pipeline-1'), stackOf(EXAMPLE, 'B'), { ...EXAMPLE.typed.B, EcsTaskRoleArn: taskRole });
      return (t.resources.PipelineRolePolicy.Properties.PolicyDocument as Json).Statement.find((s: Json) => s.Sid === 'PassTaskRolesToEcs').Resource;
    };
    expect(passRole(EXAMPLE.typed.B.EcsTaskRoleArn)).toEqual([EXAMPLE.typed.B.EcsTaskExecutionRoleArn, EXAMPLE.typed.B.EcsTaskRoleArn]);
    expect(passRole('')).toEqual([EXAMPLE.typed.B.EcsTaskExecutionRoleArn]);
  });

  it('grants DeployToService on exactly one service ARN format: long by default, short when EcsServiceArnFormat is short', () => {
    const deployTo = (format?: 'long' | 'short') => {
      const t = resolveTemplate(template('AccB-pipeline-1'), stackOf(EXAMPLE, 'B'), { ...EXAMPLE.typed.B, ...(format ? { EcsServiceArnFormat: format } : {}) });
      return (t.resources.PipelineRolePolicy.Properties.PolicyDocument as Json).Statement.find((s: Json) => s.Sid === 'DeployToService').Resource;
    };
    const { EcsClusterName: cluster, EcsServiceName: service } = EXAMPLE.typed.B;
    const prefix = `arn:aws:ecs:eu-west-1:${EXAMPLE.accounts.B}:service/`;
    expect(deployTo()).toBe(`${prefix}${cluster}/${service}`);
    expect(deployTo('long')).toBe(`${prefix}${cluster}/${service}`);
    expect(deployTo('short')).toBe(`${prefix}${service}`);
    expect(() => resolveTemplate(template('AccB-pipeline-1'), stackOf(EXAMPLE, 'B'), { ...EXAMPLE.typed.B, EcsServiceArnFormat: 'medium' })).toThrow(/EcsServiceArnFormat/);
  });

  it('applies defaults and rejects values that break a parameter pattern, naming the parameter', () => {
    expect(d.templates['AccA-pipeline'].parameters.KeepUntaggedImages).toBe(10);
    expect(() => resolveTemplate(template('AccB-pipeline-1'), stackOf(EXAMPLE, 'B'), { ...EXAMPLE.typed.B, SourceAccountId: '1234' })).toThrow(
      /parameter SourceAccountId = '1234' does not match/,
    );
    expect(() => resolveTemplate(template('AccB-pipeline-1'), stackOf(EXAMPLE, 'B'), { NamePrefix: 'x1' })).toThrow(/SourceAccountId has no value/);
  });

  it('names what it cannot resolve', () => {
    const broken = template('AccB-pipeline-1');
    broken.Resources.PipelineRolePolicy.Properties.PolicyName = { Ref: 'NoSuchThing' };
    expect(() => resolveTemplate(broken, stackOf(EXAMPLE, 'B'), EXAMPLE.typed.B)).toThrow(/PipelineRolePolicy\.PolicyName: Ref to unknown NoSuchThing/);
  });
});
