/**
 * Offline validation of the generated templates with AWS's CloudFormation validator (resource schemas
 * and cfn-lint rules). The engine takes seconds to start, so one engine serves every file.
 */
import { basename } from 'node:path';
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

export function lintTemplates(files: string[], exemptions: readonly Exemption[] = EXEMPTIONS): LintResult {
  const { TemplateFile } = require('@aws/cloudformation-validate') as typeof import('@aws/cloudformation-validate');
  const validator = sharedEngine();
  const status: Record<string, string> = {};
  const incomplete: Finding[] = [];
  const failing: Finding[] = [];
  for (const file of files) {
    const template = templateNameOf(file);
    const report = validator.validateStandard(new TemplateFile(file), { severityLevel: 'WARN' });
    status[template] = report.status;
    if (report.status !== 'OK') {
      incomplete.push({ template, ruleId: 'REPORT', severity: 'ERROR', message: `validator status ${report.status}: analysis incomplete` });
    }
    for (const d of report.diagnostics) if (FAILING.has(d.severity)) failing.push(toFinding(template, d));
  }
  const split = applyExemptions(failing, exemptions, (e, f) => e.ruleId === f.ruleId && (e.template === '*' || e.template === f.template));
  return { findings: [...incomplete, ...split.kept], exempted: split.exempted, unusedExemptions: split.unused, status };
}
