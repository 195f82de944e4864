/**
 * Stack B is created with AccB-pipeline-1 and updated with AccB-pipeline-2 (also as two versions of one
 * Service Catalog product). The update must replace nothing: a replaced key or bucket loses the
 * artifacts and breaks account A's references to them.
 */
import { replacingProperties, updateProblems } from './helpers/replacement';
import { template, type Json } from './helpers/templates';

const b1 = template('AccB-pipeline-1');
const b2 = template('AccB-pipeline-2');
const clone = (t: Json): Json => JSON.parse(JSON.stringify(t));

describe('AccB-pipeline-2 is a safe update of AccB-pipeline-1', () => {
  it('keeps every stage-1 resource with the same logical id and type, and changes no replacing property', () => {
    expect(updateProblems(b1, b2)).toEqual([]);
  });

  it('leaves the key and both buckets exactly as they are, attributes included', () => {
    for (const id of ['ArtifactKey', 'ArtifactBucket', 'SourceBucket', 'ArtifactKeyAlias', 'PipelineRole']) {
      expect(b2.Resources[id]).toEqual(b1.Resources[id]);
    }
  });

  it('keeps every stage-1 parameter (same definition), output and condition, so an update can reuse the values', () => {
    for (const [id, p] of Object.entries(b1.Parameters)) expect(b2.Parameters[id]).toEqual(p);
    for (const [id, o] of Object.entries(b1.Outputs)) expect(b2.Outputs[id]).toEqual(o);
    expect(b2.Conditions).toMatchObject(b1.Conditions);
  });

  it('adds parameters that come from stack A outputs or have defaults', () => {
    const added = Object.keys(b2.Parameters).filter((id) => !(id in b1.Parameters));
    // No role name: stage 2 derives account A's role from NamePrefix, like the stage-1 policies that trust it.
    // RollbackAlarmName: optional, empty by default (no rollback condition, no alarm grant).
    expect(added.sort()).toEqual(['ImageDefinitionsObjectKey', 'ImageTag', 'RepositoryName', 'RollbackAlarmName']);
    const a = template('AccA-pipeline');
    for (const id of added.filter((i) => !('Default' in b2.Parameters[i]))) expect(Object.keys(a.Outputs)).toContain(id);
  });
});

describe('the replacement check itself', () => {
  it('knows which properties replace a bucket and a key alias', () => {
    expect(replacingProperties('AWS::S3::Bucket')).toContain('BucketName');
    expect(replacingProperties('AWS::KMS::Alias')).toContain('AliasName');
    expect(replacingProperties('AWS::S3::Bucket')).not.toContain('VersioningConfiguration');
  });

  it('catches a bucket that would be renamed', () => {
    const broken = clone(b2);
    broken.Resources.ArtifactBucket.Properties.BucketName = 'artifacts';
    expect(updateProblems(b1, broken)).toEqual([{ logicalId: 'ArtifactBucket', problem: 'BucketName changes, which replaces a AWS::S3::Bucket' }]);
  });

  it('catches a renamed logical id, a changed type and a re-pointed bucket policy', () => {
    const broken = clone(b2);
    broken.Resources.Key = broken.Resources.ArtifactKey;
    delete broken.Resources.ArtifactKey;
    broken.Resources.ArtifactKeyAlias.Type = 'AWS::KMS::ReplicaKey';
    broken.Resources.SourceBucketPolicy.Properties.Bucket = { Ref: 'ArtifactBucket' };
    expect(updateProblems(b1, broken).map((p) => p.logicalId).sort()).toEqual(['ArtifactKey', 'ArtifactKeyAlias', 'SourceBucketPolicy']);
  });

  it('does not flag properties that update in place', () => {
    const changed = clone(b2);
    changed.Resources.ArtifactBucket.Properties.LifecycleConfiguration.Rules[0].ExpirationInDays = 7;
    expect(updateProblems(b1, changed)).toEqual([]);
  });
});
