/**
 * The engine doctor will call: the same message held against the live policies of both accounts
 * (a PolicySource) as well as the templates. GIVEN a bucket policy edited in the console (the source
 * role's statement gone) WHEN the upload's message is explained with it THEN the templates allow it, the
 * live policies do not, and the answer names the live statement that differs and how to put it back.
 */
import { loadConfig } from '../../scripts/config/load-config';
import { deploymentView } from '../../scripts/explain/deployment-view';
import { explainMessage } from '../../scripts/explain/explain';
import { templatePolicies, type PolicySource } from '../../scripts/explain/policy-source';
import { builtInTemplates } from '../../scripts/explain/templates';
import { readPolicyDocument } from '../../scripts/iam/policy';
import { CONFIG, MESSAGES } from './explain-helpers';
import type { Json } from '../helpers/templates';

const reference = builtInTemplates('test');
const view = deploymentView(loadConfig(CONFIG), 'deployment.yaml', reference);
const templates = templatePolicies(view.model);
const books = { evaluated: reference.templates, reference: reference.templates };

/** The live policies: the templates', except the artifact bucket policy someone edited in the console. */
function liveWithout(sid: string): PolicySource {
  return {
    name: 'the live policies',
    identityPolicies: (p) => templates.identityPolicies(p),
    resourcePolicy: (r) => {
      const policy = templates.resourcePolicy(r);
      if (!policy || !r.key.startsWith('B:ArtifactBucket')) return policy;
      // Live policies carry the labels of the template policies they stand for, so answers line up with the flow.
      return { label: policy.label, document: { ...policy.document, Statement: [policy.document.Statement].flat().filter((s: Json) => s.Sid !== sid) } };
    },
  };
}

describe('explainMessage with live policies (the API xacct doctor uses)', () => {
  it('names the live statement that differs from the template, and says how to put it back', () => {
    const e = explainMessage(MESSAGES['artifact-acl'].text, view, { books, live: liveWithout('SourceRoleWritesSourceArtifact') })!;
    expect(e).toMatchObject({ about: 'deployment', templatesAllow: true, liveAllows: false, deniedBy: 'resource', statement: 'AccB-pipeline-2 ArtifactBucketPolicy: SourceRoleWritesSourceArtifact' });
    expect(e.fix).toMatch(/^The templates allow this; the live policies do not: On the resource's side: statement SourceRoleWritesSourceArtifact is missing from AccB-pipeline-2 ArtifactBucketPolicy: add it as xacct's templates write it: \{"Sid":"SourceRoleWritesSourceArtifact"/);
    expect(e.fix).toContain('deploying the unchanged template does not rewrite a policy CloudFormation believes unchanged');
  });

  it('says when the live policies allow it as well: the denial comes from elsewhere', () => {
    const e = explainMessage(MESSAGES.scp.text, view, { books, live: liveWithout('NoSuchStatement') })!;
    expect(e).toMatchObject({ templatesAllow: true, liveAllows: true, deniedBy: 'scp' });
    expect(e.notes.join(' ')).toContain('the live policies allow this as well');
  });

  it('marks the candidate the live policies deny, for messages that name no call (CodePipeline\'s bucket error)', () => {
    const e = explainMessage(MESSAGES['artifact-generic'].text, view, { books, live: liveWithout('SourceRoleWritesSourceArtifact') })!;
    expect(e).toMatchObject({ templatesAllow: true, liveAllows: false });
    const denied = e.candidates!.filter((c) => c.liveAllows === false).map((c) => c.call.id);
    expect(denied).toEqual(['source-role-writes-source-artifact']);
  });
});

describe('scope with live policies (doctor): the same scope and mechanism as explain', () => {
  const intruder = 'An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::777788889999:assumed-role/intruder/s is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/orders-api-ecr-source';
  /** The live trust policy of the source role, widened to trust a whole third account. */
  const widened: PolicySource = {
    name: 'the live policies',
    identityPolicies: (p) => templates.identityPolicies(p),
    resourcePolicy: (r) => {
      const policy = templates.resourcePolicy(r);
      if (!policy || r.key !== 'A:SourceRole') return policy;
      return { label: policy.label, document: { ...policy.document, Statement: [...[policy.document.Statement].flat(), { Sid: 'Widened', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::777788889999:root' }, Action: 'sts:AssumeRole' }] } };
    },
  };

  it('a third account refused by the live trust policy as the template writes it: out of scope, denied on purpose, no drift advice', () => {
    const e = explainMessage(intruder, view, { books, live: templates })!;
    expect(e).toMatchObject({ inScope: false, templatesAllow: false, deniedBy: 'resource', mechanism: 'trust-policy' });
    expect(e.checks.map((c) => c.command).join('\n')).not.toMatch(/--drift|xacct doctor/);
  });

  it('a live trust policy widened to the third account: still out of scope, and the live policy no longer stands in the way', () => {
    const e = explainMessage(intruder, view, { books, live: widened })!;
    expect(e).toMatchObject({ inScope: false, templatesAllow: false, liveAllows: true });
  });
});

describe('reading live policies as AWS returns them', () => {
  it('takes JSON text, IAM\'s URL-encoded JSON, or a parsed document', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
    expect(readPolicyDocument(JSON.stringify(doc))).toEqual(doc);
    expect(readPolicyDocument(encodeURIComponent(JSON.stringify(doc)))).toEqual(doc);
    expect(readPolicyDocument(doc)).toBe(doc);
  });
});
