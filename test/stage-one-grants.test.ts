/**
 * IAM is eventually consistent ("Changes that I make are not always immediately visible", IAM user
 * guide), CodePipeline refuses to create a pipeline whose role may not assume an action's role
 * (InvalidStructureException, aws-cdk #22489) and starts the pipeline's first execution
 * on creation. So stage 1 (AccB-pipeline-1) already grants what stage 2's pipeline needs at creation and
 * in its first run: assuming account A's source role, and (release by digest) the Commands action's log
 * group, `/aws/codepipeline/<pipeline name>` (Commands action reference, "Service role policy
 * permissions"), the pipeline being named from NamePrefix.
 */
import { EXAMPLE_SCOPE } from '../scripts/permissions/example-scope';
import { policyFor } from '../scripts/permissions/render-policy';
import { template, type Json } from './helpers/templates';

const stage1 = template('AccB-pipeline-1');
const stage2 = template('AccB-pipeline-2');
const statementOf = (t: Json, logicalId: string, sid: string) => (t.Resources[logicalId].Properties.PolicyDocument.Statement as Json[]).find((s) => s.Sid === sid);

describe('stage 1 already grants what the pipeline of stage 2 needs first', () => {
  it('the pipeline role may assume account A\'s source role, by its NamePrefix-derived name', () => {
    expect(stage1.Resources.PipelineAssumeSourceRolePolicy).toMatchObject({ Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: 'PipelineRole' }] } });
    expect(statementOf(stage1, 'PipelineAssumeSourceRolePolicy', 'AssumeSourceRoleInSourceAccount')).toEqual({
      Sid: 'AssumeSourceRoleInSourceAccount',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${SourceAccountId}:role/${NamePrefix}-ecr-source' },
    });
  });

  it('the pipeline role may write the Commands action\'s logs (release by digest only), by the pipeline name derived from NamePrefix', () => {
    expect(stage1.Parameters.Release).toMatchObject({ Default: 'digest', AllowedValues: ['digest', 'tag'] });
    expect(stage1.Resources.PipelineCommandsLogsPolicy).toMatchObject({ Type: 'AWS::IAM::Policy', Condition: 'DigestRelease', Properties: { Roles: [{ Ref: 'PipelineRole' }] } });
    const group = 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/codepipeline/${NamePrefix}-pipeline';
    expect(statementOf(stage1, 'PipelineCommandsLogsPolicy', 'CreateCommandsActionLogGroup').Resource).toEqual([{ 'Fn::Sub': group }, { 'Fn::Sub': `${group}:*` }]);
    expect(statementOf(stage1, 'PipelineCommandsLogsPolicy', 'WriteCommandsActionLogs').Resource).toEqual({ 'Fn::Sub': `${group}:*` });
  });

  it('stage 2 keeps both policies as they are (same logical ids and properties: the update replaces nothing) and names the pipeline so', () => {
    for (const id of ['PipelineAssumeSourceRolePolicy', 'PipelineCommandsLogsPolicy']) expect(stage2.Resources[id]).toEqual(stage1.Resources[id]);
    expect(stage2.Resources.Pipeline.Properties.Name).toEqual({ 'Fn::Sub': '${NamePrefix}-pipeline' });
    // The log group the grant names is the pipeline's own: /aws/codepipeline/<Name>.
    const granted = statementOf(stage2, 'PipelineCommandsLogsPolicy', 'WriteCommandsActionLogs').Resource['Fn::Sub'] as string;
    expect(granted).toContain(`/aws/codepipeline/${stage2.Resources.Pipeline.Properties.Name['Fn::Sub']}:*`);
    expect(stage2.Resources.Pipeline.DependsOn).toEqual(expect.arrayContaining(['PipelineAssumeSourceRolePolicy']));
  });

  it('the permission policies name the pipeline by that name, not by a generated-name pattern', () => {
    const pipeline = `arn:aws:codepipeline:eu-west-1:${EXAMPLE_SCOPE.target.accountId}:${EXAMPLE_SCOPE.namePrefix}-pipeline`;
    const deployer = policyFor(EXAMPLE_SCOPE, 'target', 'deployer').statements.find((s) => s.statement.Sid === 'StackPipelines');
    expect(deployer?.statement.Resource).toBe(pipeline);
    const cfn = policyFor(EXAMPLE_SCOPE, 'target', 'cloudformation').statements;
    expect(cfn.find((s) => s.statement.Sid === 'StackPipelineConfiguration')?.statement.Resource).toBe(pipeline);
    expect(cfn.find((s) => s.statement.Sid === 'StackPipelineStages')?.statement.Resource).toBe(`${pipeline}/*`);
  });
});
