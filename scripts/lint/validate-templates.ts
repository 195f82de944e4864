/**
 * Offline validation of the generated templates with AWS's CloudFormation validator (resource schemas
 * and cfn-lint rules). The engine takes seconds to start, so one engine serves every file, and a file's
 * report is kept by the hash of its bytes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { cachedText } from '../content-cache';
import type { Engine, StandardDiagnostic } from '@aws/cloudformation-validate';
import { applyExemptions } from '../exemptions';
import { EXEMPTIONS, type Exemption } from './exemptions';

/** Findings at these severities fail the lint; INFO is advice. */
const FAILING = new Set(['FATAL', 'ERROR', 'WARN']);

export interface Finding {
  template: string;
  ruleId: string;
  severity: string;
  message: string;
  logicalId?: string;
  propertyPath?: string;
  line?: number;
}

export interface LintResult {
  /** Findings that fail the lint. */
  findings: Finding[];
  /** Findings an exemption accepts, with it. */
  exempted: Array<{ finding: Finding; exemption: Exemption }>;
  /** Exemptions that matched nothing in this run. */
  unusedExemptions: Exemption[];
  /** Validator report status per template (OK, ANALYSIS_INCOMPLETE, ERROR). */
  status: Record<string, string>;
}

let engine: Engine | undefined;

/** The shared engine, built on first use (about 2-3 s). */
function sharedEngine(): Engine {
  if (!engine) {
    // Loaded lazily: the validator's WebAssembly module is only needed by the lint.
    const { RegoEngine } = require('@aws/cloudformation-validate') as typeof import('@aws/cloudformation-validate');
    engine = new RegoEngine();
  }
  return engine;
}

const templateNameOf = (file: string) => basename(file).replace(/\.ya?ml$/, '');

function toFinding(template: string, d: StandardDiagnostic): Finding {
  return {
    template,
    ruleId: d.ruleId,
    severity: d.severity,
    message: d.message,
    ...(d.entity?.logicalId ? { logicalId: d.entity.logicalId } : {}),
    ...(d.propertyPath ? { propertyPath: d.propertyPath } : {}),
    ...(d.startLine ? { line: d.startLine } : {}),
  };
}

/** What the validator says of one template's bytes: its status and failing findings (template left out). */
interface FileReport {
  status: string;
  failing: Array<Omit<Finding, 'template'>>;
}

/** The validator's package: its version fixes the schemas and rules; its folder is beside node_modules/.cache. */
function validatorPackage(): { version: string; cache: string } {
  const manifest = require.resolve('@aws/cloudformation-validate/package.json');
  const root = dirname(manifest);
  return { version: String((JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version), cache: join(root, '..', '..', '.cache', 'xacct-lint') };
}

/**
 * One template's report, kept by the hash of the validator's version and the file's bytes
 * (content-cache.ts): the engine, about 3 s to build, is only built when some file is new.
 */
function reportOf(file: string, pkg: { version: string; cache: string }): FileReport {
  const key = createHash('sha256').update(`${pkg.version}\n`).update(readFileSync(file)).digest('hex');
  return JSON.parse(
    cachedText(pkg.cache, key, () => {
      const { TemplateFile } = require('@aws/cloudformation-validate') as typeof import('@aws/cloudformation-validate');
      const report = sharedEngine().validateStandard(new TemplateFile(file), { severityLevel: 'WARN' });
      const failing = report.diagnostics.filter((d) => FAILING.has(d.severity)).map((d) => {
        const { template: _t, ...rest } = toFinding('', d);
        return rest;
      });
      return JSON.stringify({ status: report.status, failing } satisfies FileReport);
    }),
  ) as FileReport;
}

export function lintTemplates(files: string[], exemptions: readonly Exemption[] = EXEMPTIONS): LintResult {
  const pkg = validatorPackage();
  const status: Record<string, string> = {};
  const incomplete: Finding[] = [];
  const failing: Finding[] = [];
  for (const file of files) {
    const template = templateNameOf(file);
    const report = reportOf(file, pkg);
    status[template] = report.status;
    if (report.status !== 'OK') {
      incomplete.push({ template, ruleId: 'REPORT', severity: 'ERROR', message: `validator status ${report.status}: analysis incomplete` });
    }
    for (const f of report.failing) failing.push({ template, ...f });
  }
  const split = applyExemptions(failing, exemptions, (e, f) => e.ruleId === f.ruleId && (e.template === '*' || e.template === f.template));
  return { findings: [...incomplete, ...split.kept], exempted: split.exempted, unusedExemptions: split.unused, status };
}
