/** The capabilities a change set is sent with, from what its template holds (CreateChangeSet API reference). */
import { capabilitiesFor, templateArtifact } from '../../scripts/deploy/template-artifacts';
import { TEMPLATES } from '../../templates-src';

describe('capabilities', () => {
  it.each([
    ['AWS::IAM::Role', 'RoleName'],
    ['AWS::IAM::ManagedPolicy', 'ManagedPolicyName'],
    ['AWS::IAM::User', 'UserName'],
    ['AWS::IAM::Group', 'GroupName'],
    ['AWS::IAM::InstanceProfile', 'InstanceProfileName'],
  ])('%s with %s needs CAPABILITY_NAMED_IAM, without it CAPABILITY_IAM', (type, name) => {
    expect(capabilitiesFor({ R: { Type: type, Properties: { [name]: 'custom' } } })).toEqual(['CAPABILITY_NAMED_IAM']);
    expect(capabilitiesFor({ R: { Type: type, Properties: {} } })).toEqual(['CAPABILITY_IAM']);
  });

  it('an inline policy name is no custom name; a template without IAM needs nothing', () => {
    expect(capabilitiesFor({ P: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p' } } })).toEqual(['CAPABILITY_IAM']);
    expect(capabilitiesFor({ B: { Type: 'AWS::S3::Bucket' } })).toEqual([]);
  });

  it('every template says what it needs', () => {
    for (const t of TEMPLATES) expect(templateArtifact(t.name).capabilities.length).toBe(1);
  });
});
