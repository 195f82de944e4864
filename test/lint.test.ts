/**
 * The lint: AWS's offline validator over the generated templates. One engine for this file (it takes
 * seconds to start). Proves that the lint passes on what we ship and fails on what it should catch.
 */
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEMPLATES } from '../templates-src';
import { dumpTemplate } from '../scripts/yaml/cfn-yaml';
import { lintTemplates } from '../scripts/lint/validate-templates';
import { main } from '../scripts/cli/main';
import { recordingIo } from '../scripts/cli/io';
import { GENERATED, template } from './helpers/templates';

jest.setTimeout(60_000);

const generatedFiles = TEMPLATES.map((t) => join(GENERATED, `${t.name}.yaml`));

function writeTemp(name: string, body: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'xacct-lint-'));
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, dumpTemplate(body));
  return file;
}

describe('lint of the generated templates', () => {
  it('finds no FATAL, ERROR or WARN finding beyond the exemptions, and every exemption is used', () => {
    const result = lintTemplates(generatedFiles);
    expect(result.findings).toEqual([]);
    expect(result.unusedExemptions).toEqual([]);
    expect(Object.values(result.status)).toEqual(['OK', 'OK', 'OK']);
  });

  it('catches an unknown property, a dangling Ref and a bad enum value', () => {
    const broken = template('AccB-pipeline-2');
    broken.Resources.ArtifactBucket.Properties.Versioning = { Status: 'Enabled' };
    broken.Resources.Pipeline.Properties.RoleArn = { Ref: 'NoSuchRole' };
    broken.Resources.Pipeline.Properties.ExecutionMode = 'SOMETIMES';
    const result = lintTemplates([writeTemp('AccB-pipeline-2', broken)], []);
    expect(result.findings.map((f) => f.logicalId)).toEqual(expect.arrayContaining(['ArtifactBucket', 'Pipeline']));
    expect(result.findings.some((f) => f.logicalId === 'ArtifactBucket' && /Versioning/.test(f.message))).toBe(true);
    expect(result.findings.some((f) => /NoSuchRole/.test(f.message))).toBe(true);
    expect(result.findings.some((f) => /SOMETIMES/.test(f.message))).toBe(true);
  });

  it('moves an exempted finding aside and reports an exemption that matches nothing', () => {
    const broken = template('AccA-pipeline');
    broken.Resources.Repository.Properties.Bogus = true;
    const file = writeTemp('AccA-pipeline', broken);
    const plain = lintTemplates([file], []);
    expect(plain.findings.length).toBeGreaterThan(0);
    const ruleId = plain.findings[0].ruleId;
    const exemption = { ruleId, template: 'AccA-pipeline', reason: 'test' };
    const unrelated = { ruleId: 'W9999', template: '*', reason: 'matches nothing' };
    const exempted = lintTemplates([file], [exemption, unrelated]);
    expect(exempted.exempted.map((e) => e.exemption)).toContain(exemption);
    expect(exempted.findings.filter((f) => f.ruleId === ruleId)).toEqual([]);
    expect(exempted.unusedExemptions).toEqual([unrelated]);
  });

  it('xacct lint exits 0 on generated/ and says how many templates it validated (what make lint runs)', async () => {
    const io = recordingIo();
    expect(await main(['lint'], io)).toBe(0);
    expect(io.stdout()).toMatch(/^3 templates validated: 0 finding\(s\)/);
  });

  it('xacct lint exits 1 and names the file, resource and rule of a finding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-lint-cli-'));
    for (const f of generatedFiles) copyFileSync(f, join(dir, f.split('/').pop()!));
    const broken = template('AccB-pipeline-1');
    broken.Resources.SourceBucket.Properties.VersioningConfiguration = { Status: 'Sometimes' };
    writeFileSync(join(dir, 'AccB-pipeline-1.yaml'), dumpTemplate(broken));
    const io = recordingIo();
    const code = await main(['lint', '--dir', dir], io);
    expect(code).toBe(1);
    expect(io.stderr()).toMatch(/AccB-pipeline-1\.yaml:\d+: WARN W\d+ SourceBucket \(Properties\.VersioningConfiguration\.Status\): 'Sometimes'/);
  });

  it('xacct lint on a folder without templates is a usage error (exit 2)', async () => {
    const io = recordingIo();
    expect(await main(['lint', '--dir', mkdtempSync(join(tmpdir(), 'xacct-empty-'))], io)).toBe(2);
    expect(io.stderr()).toContain('run `make generate` first');
  });
});
