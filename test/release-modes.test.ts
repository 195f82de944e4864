/**
 * AccB-pipeline-2's two release modes (parameter Release), resolved as CloudFormation would resolve
 * them: digest pins each push's image by digest and queues executions, tag deploys the uploaded
 * repository:tag and supersedes. Switching modes replaces nothing, and the Commands action's commands
 * do what the template says they do (run with /bin/sh on the file xacct uploads).
 */
import { strFromU8 } from 'fflate';
import { imageDefinitions } from '../scripts/deploy/image-definitions';
import { EXAMPLE, stackOf } from '../scripts/access-model/example-deployment';
import { resolveTemplate } from '../scripts/access-model/resolve-template';
import { DIGEST_CHECK_MESSAGE, IMAGE_ACTION, PIN_COMMANDS } from '../templates-src/pipeline-stages';
import { replacingProperties } from './helpers/replacement';
import { template, type Json } from './helpers/templates';
import { runCommands } from './fake-aws/run-commands';

const resolved = (release: string) =>
  resolveTemplate(template('AccB-pipeline-2'), stackOf(EXAMPLE, 'B'), { ...EXAMPLE.typed.B, ...EXAMPLE.typed.B2, RepositoryName: 'orders-api', Release: release });
const stages = (release: string): Json[] => resolved(release).resources.Pipeline.Properties.Stages as Json[];
const DIGEST = `sha256:${'ab12'.repeat(16)}`;
const REPOSITORY_URI = '111122223333.dkr.ecr.eu-west-1.amazonaws.com/orders-api';

describe('Release = digest (the default)', () => {
  it('adds a Pin stage between Source and Deploy: a Commands action whose output ECS deploys', () => {
    expect(template('AccB-pipeline-2').Parameters.Release.Default).toBe('digest');
    const [source, pin, deploy] = stages('digest');
    expect([source.Name, pin.Name, deploy.Name]).toEqual(['Source', 'Pin', 'Deploy']);
    const [action] = pin.Actions;
    expect(action.ActionTypeId).toEqual({ Category: 'Compute', Owner: 'AWS', Provider: 'Commands', Version: '1' });
    expect(action.InputArtifacts).toEqual([{ Name: 'ImageDefinitions' }]);
    expect(action.OutputArtifacts).toEqual([{ Name: 'PinnedDefinitions', Files: ['imagedefinitions.json'] }]);
    expect(action.EnvironmentVariables).toEqual([
      {
        Name: 'IMAGE_URI',
        Value: '#{SourceVariables.RegistryId}.dkr.ecr.eu-west-1.amazonaws.com/#{SourceVariables.RepositoryName}@#{SourceVariables.ImageDigest}',
        Type: 'PLAINTEXT',
      },
    ]);
    expect(deploy.Actions[0].InputArtifacts).toEqual([{ Name: 'PinnedDefinitions' }]);
  });

  it('queues executions, and gives the pipeline role the Commands action log group of this pipeline only', () => {
    const t = resolved('digest');
    expect(t.resources.Pipeline.Properties.ExecutionMode).toBe('QUEUED');
    const logs = t.resources.PipelineCommandsLogsPolicy.Properties as Json;
    const group = `arn:aws:logs:eu-west-1:444455556666:log-group:/aws/codepipeline/${t.physical.Pipeline.ref}`;
    expect(logs.Roles).toEqual([t.physical.PipelineRole.ref]);
    expect(logs.PolicyDocument.Statement).toEqual([
      { Sid: 'CreateCommandsActionLogGroup', Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: [group, `${group}:*`] },
      { Sid: 'WriteCommandsActionLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${group}:*` },
    ]);
  });
});

describe('Release = tag (the article)', () => {
  it('deploys the uploaded definitions, supersedes, and grants no log group', () => {
    const t = resolved('tag');
    expect(stages('tag').map((s) => s.Name)).toEqual(['Source', 'Deploy']);
    expect(stages('tag')[1].Actions[0].InputArtifacts).toEqual([{ Name: 'ImageDefinitions' }]);
    expect(t.resources.Pipeline.Properties.ExecutionMode).toBe('SUPERSEDED');
    expect(t.resources.PipelineCommandsLogsPolicy).toBeUndefined();
  });

  it('refuses any other value', () => {
    expect(() => resolved('latest')).toThrow(/parameter Release = 'latest' does not match/);
  });
});

describe('switching the release mode', () => {
  it('changes the pipeline in place and adds or removes its logs policy: no resource is replaced', () => {
    const digest = resolved('digest').resources;
    const tag = resolved('tag').resources;
    const changed: string[] = [];
    for (const [id, before] of Object.entries(digest)) {
      const after = tag[id];
      if (!after) continue;
      expect(after.Type).toBe(before.Type);
      if (JSON.stringify(after.Properties) !== JSON.stringify(before.Properties)) changed.push(id);
      for (const property of replacingProperties(before.Type)) expect({ id, property, value: after.Properties[property] }).toEqual({ id, property, value: before.Properties[property] });
    }
    expect(changed).toEqual(['Pipeline']);
    expect(Object.keys(digest).filter((id) => !(id in tag))).toEqual(['PipelineCommandsLogsPolicy']);
    expect(Object.keys(tag).filter((id) => !(id in digest))).toEqual([]);
  });
});

describe('the trigger rule hands the pushed digest to the execution', () => {
  it('as an IMAGE_DIGEST source revision of the ECR source action, in both modes', () => {
    for (const release of ['digest', 'tag']) {
      const t = resolved(release);
      const [target] = t.resources.TriggerRule.Properties.Targets as Json[];
      expect(target.InputTransformer.InputPathsMap).toEqual({ revisionValue: '$.detail.image-digest' });
      const input = JSON.parse(target.InputTransformer.InputTemplate);
      expect(input.sourceRevisions).toEqual([{ actionName: IMAGE_ACTION, revisionType: 'IMAGE_DIGEST', revisionValue: '<revisionValue>' }]);
      expect((t.resources.Pipeline.Properties.Stages as Json[])[0].Actions.map((a: Json) => a.Name)).toContain(IMAGE_ACTION);
    }
  });
});

describe('the Commands action, run with /bin/sh', () => {
  const run = (file: string, uri = `${REPOSITORY_URI}@${DIGEST}`) =>
    runCommands(PIN_COMMANDS, { 'imagedefinitions.json': new TextEncoder().encode(file) }, { IMAGE_URI: uri }, ['imagedefinitions.json']);

  it('rewrites the file xacct uploads to name the image by digest, keeping the container name', () => {
    const r = run(imageDefinitions('web', REPOSITORY_URI, 'latest').json);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(strFromU8(r.files['imagedefinitions.json']))).toEqual([{ name: 'web', imageUri: `${REPOSITORY_URI}@${DIGEST}` }]);
  });

  it('accepts the same file written with spaces, as a person might upload it', () => {
    const r = run('[ { "name": "web", "imageUri" : "repo:latest" } ]\n');
    expect(JSON.parse(strFromU8(r.files['imagedefinitions.json']))).toEqual([{ name: 'web', imageUri: `${REPOSITORY_URI}@${DIGEST}` }]);
  });

  it('fails the action, before touching the file, when IMAGE_URI is not an image by digest', () => {
    const file = imageDefinitions('web', REPOSITORY_URI, 'latest').json;
    for (const uri of [
      // A source variable CodePipeline left unresolved must never reach ECS.
      '#{SourceVariables.RegistryId}.dkr.ecr.eu-west-1.amazonaws.com/#{SourceVariables.RepositoryName}@#{SourceVariables.ImageDigest}',
      `${REPOSITORY_URI}@`,
      `${REPOSITORY_URI}:latest`,
      `${REPOSITORY_URI}@sha256:abc`,
    ]) {
      const r = run(file, uri);
      expect(r.exitCode).not.toBe(0);
      expect(r.failed).toBe(PIN_COMMANDS[0]);
      expect(r.log).toContain(DIGEST_CHECK_MESSAGE);
    }
  });

  it('fails the action when the file names no image, rather than deploying the tag', () => {
    const r = run('[{"name":"web"}]\n');
    expect(r.exitCode).not.toBe(0);
    expect(r.failed).toMatch(/^grep /);
  });
});
