/**
 * The StackSets engine's stage-2 template (a stack of its own beside stage 1): what AccB-pipeline-2 adds,
 * each reference to a stage-1 resource taken from a stage-1 output, valid for AWS's offline validator,
 * and refused when a reference has no output to come from.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintTemplates } from '../../scripts/lint/validate-templates';
import { pipelinePart, type RenderedTemplate } from '../../scripts/stacksets/pipeline-part';
import { loadTemplate } from '../../scripts/yaml/cfn-yaml';
import { template } from '../helpers/templates';

jest.setTimeout(60_000);

describe('stage 2 as a stack of its own', () => {
  const part = pipelinePart();
  const body = loadTemplate(part.artifact.body) as RenderedTemplate;

  it('holds only what AccB-pipeline-2 adds, on parameters from five stage-1 outputs', () => {
    const one = template('AccB-pipeline-1');
    expect(Object.keys(body.Resources).sort()).toEqual(['ImageDefinitionsTriggerRule', 'Pipeline', 'PipelineRollbackAlarmPolicy', 'TriggerRole', 'TriggerRolePolicy', 'TriggerRule']);
    // PipelineRoleName: the optional rollback-alarm policy is attached to stage 1's pipeline role.
    expect(part.fromStageOne).toEqual({ PipelineRoleArn: 'PipelineRoleArn', PipelineRoleName: 'PipelineRoleName', ArtifactBucketName: 'ArtifactBucketName', ArtifactKeyArn: 'ArtifactKeyArn', SourceBucketName: 'SourceBucketName' });
    for (const output of Object.keys(part.fromStageOne)) expect(one.Outputs[output]).toBeDefined();
    // Nothing refers to a resource of stage 1 any more, and the pipeline no longer waits on one.
    const text = JSON.stringify(body);
    for (const id of Object.keys(one.Resources)) expect(text).not.toMatch(new RegExp(`"(Ref|Fn::GetAtt)":\\[?"${id}"`));
    expect(body.Resources.Pipeline!.DependsOn).toBeUndefined();
    expect(body.Resources.Pipeline!.Properties).toMatchObject({ RoleArn: { Ref: 'PipelineRoleArn' }, ArtifactStore: { Location: { Ref: 'ArtifactBucketName' }, EncryptionKey: { Id: { Ref: 'ArtifactKeyArn' } } } });
  });

  it("passes AWS's offline validator (stage 2's own parameters stay, unused, so each target's overrides are the same as AccB-pipeline-2's)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-part-'));
    const file = join(dir, 'AccB-pipeline-2-stackset.yaml');
    writeFileSync(file, part.artifact.body);
    const result = lintTemplates([file], []);
    expect(result.findings.filter((f) => f.ruleId !== 'W2001')).toEqual([]);
    expect(Object.values(result.status)).toEqual(['OK']);
  });

  it('refuses a reference to a stage-1 resource that no stage-1 output carries', () => {
    const one = template('AccB-pipeline-1') as unknown as RenderedTemplate;
    const two = template('AccB-pipeline-2') as unknown as RenderedTemplate;
    delete one.Outputs.SourceBucketName;
    expect(() => pipelinePart(one, two)).toThrow('AccB-pipeline-2 refers to SourceBucket of stage 1, which no AccB-pipeline-1 output carries');
  });
});
