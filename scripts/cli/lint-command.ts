/** `xacct lint [--dir DIR] [--json]`: the offline validator over every generated template. */
import { relative } from 'node:path';
import { EXIT, usageError, type ExitCode } from '../errors';
import { templateFilesIn } from '../generate/template-files';
import { lintTemplates, type Finding } from '../lint/validate-templates';
import type { Io } from './io';

export interface LintOptions {
  dir: string;
  json: boolean;
}

const line = (f: Finding) =>
  `${f.template}.yaml${f.line ? `:${f.line}` : ''}: ${f.severity} ${f.ruleId}${f.logicalId ? ` ${f.logicalId}` : ''}${f.propertyPath ? ` (${f.propertyPath})` : ''}: ${f.message}`;

export function runLint(options: LintOptions, io: Io): ExitCode {
  const { files, missing } = templateFilesIn(options.dir);
  if (missing.length > 0) {
    throw usageError('missing-template', `no generated template at ${missing.map((m) => relative(process.cwd(), m)).join(', ')}: run \`make generate\` first or pass --dir.`);
  }
  const result = lintTemplates(files);
  const failed = result.findings.length > 0 || result.unusedExemptions.length > 0;
  if (options.json) {
    io.out(JSON.stringify({ ok: !failed, ...result }) + '\n');
    return failed ? EXIT.findings : EXIT.ok;
  }
  for (const f of result.findings) io.err(line(f) + '\n');
  for (const e of result.unusedExemptions) io.err(`unused exemption ${e.ruleId} for ${e.template}: remove it from scripts/lint/exemptions.ts\n`);
  const summary = `${files.length} templates validated: ${result.findings.length} finding(s), ${result.exempted.length} exempted.\n`;
  if (failed) io.err(summary);
  else io.out(summary);
  return failed ? EXIT.findings : EXIT.ok;
}
