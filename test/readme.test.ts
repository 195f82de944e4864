/** The reference pages under docs/ stay true to the code: exemptions, parameters, outputs, config keys and publishing. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATES } from '../templates-src';
import { EXEMPTIONS } from '../scripts/lint/exemptions';
import { configSchema } from '../scripts/config/schema';
import { catalogSchema, portfolioSchema, productSchema, publishSchema, supportSchema } from '../scripts/config/publish-schema';
import { CONTROL_EXEMPTIONS } from '../scripts/verify/control-exemptions';
import { ROOT, template } from './helpers/templates';

const doc = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('docs/proving-access.md shows the exemption list', () => {
  it('lists each exemption with its reason, or says there is none', () => {
    const section = doc('docs/proving-access.md').split('### Lint exemptions')[1]?.split('\n## ')[0] ?? '';
    expect(section).not.toBe('');
    if (EXEMPTIONS.length === 0) expect(section).toMatch(/No exemptions/);
    for (const e of EXEMPTIONS) expect(section).toContain(`| ${e.ruleId} | ${e.template} | ${e.reason} |`);
  });
});

describe('docs/proving-access.md shows the Control Tower exemptions', () => {
  const section = doc('docs/proving-access.md').split('### Control Tower exemptions')[1]?.split('\n## ')[0] ?? '';
  const rows = section.split('\n').filter((l) => /^\| CT\./.test(l));

  it('lists each exemption with its resource, templates and reason, and no other', () => {
    expect(section).not.toBe('');
    const expected = CONTROL_EXEMPTIONS.map(
      (e) => `| ${e.control} | ${e.resource}${e.only ? ' (generated form only)' : ''} | ${e.templates.join(', ')} | ${e.reason} |`,
    );
    expect(rows).toEqual(expected);
  });

  it('gives every exemption a reason of at least a sentence', () => {
    for (const e of CONTROL_EXEMPTIONS) expect(e.reason.length).toBeGreaterThan(80);
  });
});

describe('docs/templates.md documents each template', () => {
  const page = doc('docs/templates.md');

  it.each(TEMPLATES.map((t) => [t.name] as const))('%s: every parameter and output is named in its section', (name) => {
    const section = page.split(`\n## ${name} (`)[1]?.split('\n## ')[0] ?? '';
    expect(section).not.toBe('');
    const t = template(name);
    const inherited = name === 'AccB-pipeline-2' ? template('AccB-pipeline-1') : { Parameters: {}, Outputs: {} };
    for (const id of Object.keys(t.Parameters).filter((p) => !(p in inherited.Parameters))) expect(section).toContain(`\`${id}\``);
    for (const id of Object.keys(t.Outputs).filter((o) => !(o in inherited.Outputs))) expect(section).toContain(`\`${id}\``);
  });
});

describe('docs/config.md documents the deployment config', () => {
  it('names every config key', () => {
    const section = `\n${doc('docs/config.md')}`.split('\n# Config keys\n')[1]?.split('\n## ')[0] ?? '';
    const top = Object.keys(configSchema.shape);
    expect(top.length).toBeGreaterThan(5);
    const pipeline = Object.keys(configSchema.shape.pipeline.shape);
    for (const key of [...top, ...pipeline]) expect(section).toContain(`\`${key}\``);
  });

  it('names every key of the publish section', () => {
    const section = `\n${doc('docs/config.md')}`.split('\n# Config keys\n')[1]?.split('\n## ')[0] ?? '';
    const keys = [publishSchema, supportSchema, portfolioSchema, productSchema, catalogSchema].flatMap((s) => Object.keys(s.shape));
    expect(keys.length).toBeGreaterThan(15);
    for (const key of keys) expect(section).toContain(`\`${key}\``);
  });
});

describe('the docs document publishing', () => {
  const commands = doc('docs/commands.md');
  const howItWorks = doc('docs/how-it-works.md');

  it('shows the command, the make target, the dependency and the consumer steps from stage 1 to stage 2', () => {
    expect(commands).toContain('| `make publish CONFIG=F` |');
    expect(commands).toContain('| `xacct publish` | `--config FILE`, `--dry-run`, `--deprecate-older`, `--prune-shares`, `--json` |');
    const section = howItWorks.split('## Publishing to Service Catalog')[1]?.split('\n## ')[0] ?? '';
    for (const text of ['Launch product', '*Update*', '…-stage1-…', '…-stage2-…']) expect(section).toContain(text);
    expect(doc('docs/dependencies.md')).toContain('| `@aws-sdk/client-service-catalog` |');
  });

  it('names every parameter a consumer fills in when launching each version', () => {
    const section = howItWorks.split('### Launching: stage 1, then stage 2')[1]?.split('\n## ')[0] ?? '';
    const stage1 = template('AccB-pipeline-1');
    const stage2 = template('AccB-pipeline-2');
    const source = template('AccA-pipeline');
    const names = [...Object.keys(stage1.Parameters), ...Object.keys(source.Parameters), ...Object.keys(stage2.Parameters)];
    for (const name of names) expect(section).toContain(`\`${name}\``);
  });
});
