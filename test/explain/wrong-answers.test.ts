/**
 * The answers that were confidently wrong, each held to what the message means. These assert only what
 * an answer always held (exit code, templatesAllow, fix, checks, descriptions), so each fails on the
 * explain of before the scope and mechanism work for its own reason, not for a missing field.
 * Messages: messages.table.ts (each with its source).
 */
import { explain, explainJson } from './explain-helpers';
import { ROWS } from './messages.table';
import type { Json } from '../helpers/templates';

jest.setTimeout(60_000);

const text = (id: string) => ROWS.find((r) => r.id === id)!.text;
const commands = (json: Json): string => json.checks.map((c: Json) => c.command).join('\n');

describe('answers that were confidently wrong', () => {
  it('a third account assuming the source role is denied by the templates (the trust policy names only the pipeline role), with no drift advice', async () => {
    const { code, json } = await explainJson(text('third-account-assumes-source-role'));
    expect(code).toBe(0);
    expect(json.templatesAllow).toBe(false);
    expect(json.fix).not.toMatch(/live policies of one of them differ|must differ/);
    expect(commands(json)).not.toMatch(/--drift|get-role-policy --role-name "\$PipelineRole"/);
  });

  it('the pipeline role refused on a CodeCommit repository is not "the templates allow this; the live policy must differ"', async () => {
    const { json } = await explainJson(text('pipeline-role-codecommit'));
    expect(json.templatesAllow).toBe(false);
    expect(json.fix).not.toMatch(/must differ|xacct doctor/);
  });

  it('another pipeline of account B calling CodeCommit: not the deployment\'s, and the templates do not allow it', async () => {
    const { code, json } = await explainJson(text('another-pipeline-codecommit'));
    expect(code).toBe(1);
    expect(json.templatesAllow).toBe(false);
  });

  it('S3 Block Public Access refusing a public ACL is no missing IAM permission', async () => {
    const { json } = await explainJson(text('bpa-put-object-acl'));
    expect(json.deniedBy).toBe('block-public-access');
    expect(json.templatesAllow).toBe(false);
    expect(json.fix).not.toMatch(/add s3:|AWS gives a reason that is no policy/);
  });

  it('an elided caller on the deployment\'s source bucket is about the deployment, and the checks name DenyInsecureTransport', async () => {
    const { code, json } = await explainJson(text('elided-caller-own-bucket'));
    expect(code).toBe(0);
    expect(JSON.stringify(json.checks)).toContain('DenyInsecureTransport');
  });

  it('the CloudFormation role the config names is recognised, and the fix points at generated/permissions', async () => {
    const { json } = await explainJson(text('cloudformation-role-allowed'));
    expect(json.principal).not.toContain("none of the deployment's roles");
    expect(json.fix).toContain('generated/permissions/target-cloudformation.json');
  });

  it('the session-policy advice does not state as fact that CodePipeline passes no session policy', async () => {
    const { json } = await explainJson(text('artifact-key/session'));
    expect(json.fix).not.toContain('CodePipeline and EventBridge pass none');
  });

  it('commands name the role the message gives, never the model\'s stand-in for a generated name', async () => {
    const { json } = await explainJson(text('pipeline-decrypt/session'));
    expect(commands(json)).toContain('role/orders-api-target-PipelineRole-1A2B3C4D5E6F ');
  });

  it('a KMS key is described by its alias, not by a name KMS keys do not have', async () => {
    const { json } = await explainJson(text('pipeline-decrypt/identity'));
    expect(json.resourceDescription).not.toMatch(/key orders-api-target-ArtifactKey-/);
  });

  it('a message cut inside S3\'s quotes keeps the bucket, and is not said to name no caller or action', async () => {
    const { json } = await explainJson(text('cut-in-quoted-resource-pipeline'));
    expect(json.resourceKey).toMatch(/^B:ArtifactBucket/);
    expect(json.notes.join(' ')).not.toContain('names no caller or action');
  });

  it('an engineer\'s bare aws s3 cp "Access Denied" on the source bucket is about the deployment (exit 0)', async () => {
    const r = await explain(text('bare-access-denied-own-bucket-put'));
    expect(r.code).toBe(0);
    expect(r.out).not.toContain("not one of the deployment's buckets");
  });
});
