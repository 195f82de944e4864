/**
 * `xacct verify-access [--dir DIR] [--json] [--write] [--no-controls] [--verbose]`: proves the cross-account
 * permission chain and the security controls from the generated templates, and checks (or, with
 * --write, writes) the access matrix generated/ACCESS.md. Loaded only when this command runs: it pulls
 * in the IAM simulator (AGPL, a development dependency).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TEMPLATES, type TemplateName } from '../../templates-src';
import { EXIT, environmentError, usageError, type ExitCode } from '../errors';
import { templateFilesIn } from '../generate/template-files';
import { loadTemplate } from '../yaml/cfn-yaml';
import { ACCESS_FILE } from '../verify/access-matrix';
import { callerText, resourceText } from '../verify/diagnose';
import type { CallOutcome } from '../verify/prove-access';
import { verifyAccess, type VerifyResult } from '../verify/verify-access';
import type { Io } from './io';

export interface VerifyAccessOptions {
  dir: string;
  json: boolean;
  write: boolean;
  controls: boolean;
  /** Print every call with the statements on each side; by default one summary line (make generate, make test). */
  verbose: boolean;
}

type MatrixState = 'current' | 'stale' | 'missing' | 'written' | 'unchanged';

const show = (path: string) => relative(process.cwd(), path) || path;

function loadTemplates(dir: string): Record<TemplateName, unknown> {
  const { files, missing } = templateFilesIn(dir);
  if (missing.length > 0) throw usageError('missing-template', `no generated template at ${missing.map(show).join(', ')}: run \`make generate\` first or pass --dir.`);
  return Object.fromEntries(TEMPLATES.map((t, i) => [t.name, loadTemplate(readFileSync(files[i], 'utf8'))])) as Record<TemplateName, unknown>;
}

function syncMatrix(path: string, content: string, write: boolean): MatrixState {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (current === content) return write ? 'unchanged' : 'current';
  if (!write) return current === undefined ? 'missing' : 'stale';
  try {
    writeFileSync(path, content);
  } catch (e) {
    throw environmentError('unwritable-output', `cannot write ${path}: ${(e as Error).message}`, e);
  }
  return 'written';
}

const requests = (xs: Array<{ evaluations: unknown[] }>) => xs.reduce((n, x) => n + x.evaluations.length, 0);

function callLines(outcomes: CallOutcome[]): string[] {
  return outcomes.flatMap(({ call, evaluations }) => {
    const ok = evaluations.every((e) => e.decision === 'Allowed') && evaluations.length > 0;
    const [first] = evaluations;
    const by = (side: 'callerAllows' | 'resourceAllows') => [...new Set(evaluations.flatMap((e) => e[side]))].join(', ') || 'not needed';
    return [
      `  ${ok ? 'ok  ' : 'FAIL'} [${call.id}] ${callerText(first.request)}: ${call.actions.join(', ')} on ${resourceText(first.request)}`,
      `         caller side: ${by('callerAllows')}`,
      `         resource side: ${by('resourceAllows')}`,
    ];
  });
}

function describe(result: VerifyResult, matrix: MatrixState, matrixPath: string): string {
  const { proof, iamNames, controls } = result;
  const d = proof.model.deployment.example;
  const deniedProbes = proof.probes.flatMap((p) => p.evaluations).filter((e) => e.decision !== 'Allowed').length;
  const lines = [
    `Proving access for the example deployment: account A ${d.accounts.A}, account B ${d.accounts.B}, ${d.region}.`,
    '',
    `The pipeline's calls (${proof.calls.length} calls, ${requests(proof.calls)} requests):`,
    ...callLines(proof.calls),
    `Allowed on purpose, not pipeline calls (${proof.administration.length}):`,
    ...callLines(proof.administration),
    `Probes: ${deniedProbes} of ${requests(proof.probes)} requests (${proof.probes.length} probes) denied.`,
    `Extra grants: ${proof.extraGrants.length === 0 ? 'none: every action of every Allow statement is used by a call, every Deny statement denies a probe' : proof.extraGrants.length}.`,
    `IAM names: ${iamNames.actions} actions and ${iamNames.conditionKeys} condition keys, ${iamNames.unknown.length} unknown.`,
    controls
      ? `Controls: ${controls.controls} Control Tower controls on ${controls.checked} templates (generated and resolved): ${controls.failures.length} failures, ${controls.exempted.length} exempted (docs/proving-access.md).`
      : 'Controls: not run (--no-controls).',
    `${show(matrixPath)}: ${matrix}.`,
  ];
  return lines.join('\n') + '\n';
}

/** The proof in one line, for make generate and make test: the counts that would change if it broke. */
function summary(result: VerifyResult, matrix: MatrixState, matrixPath: string): string {
  const { proof, iamNames, controls } = result;
  const denied = proof.probes.flatMap((p) => p.evaluations).filter((e) => e.decision !== 'Allowed').length;
  const parts = [
    `${proof.calls.length} pipeline calls (${requests(proof.calls)} requests) allowed by the statements they name`,
    `${denied} of ${requests(proof.probes)} probe requests denied`,
    `${proof.extraGrants.length === 0 ? 'no' : proof.extraGrants.length} extra grants`,
    `${iamNames.actions} IAM actions known`,
    controls ? `${controls.controls} Control Tower controls pass (${controls.exempted.length} exempted)` : 'controls not run',
    `${show(matrixPath)} ${matrix}`,
  ];
  return `Access proven: ${parts.join(', ')} (--verbose for the table).\n`;
}

export async function runVerifyAccess(options: VerifyAccessOptions, io: Io): Promise<ExitCode> {
  const templates = loadTemplates(options.dir);
  const result = await verifyAccess(templates, { controls: options.controls });
  const matrixPath = join(options.dir, ACCESS_FILE);
  const matrix = syncMatrix(matrixPath, result.accessMatrix, options.write);
  const problems = [...result.problems];
  if (matrix === 'stale' || matrix === 'missing') problems.push(`${show(matrixPath)} is ${matrix}: run \`make generate\` (xacct verify-access --write) and commit it`);
  const ok = problems.length === 0;
  if (options.json) {
    const calls = (outcomes: CallOutcome[]) =>
      outcomes.map(({ call, evaluations }) => ({
        id: call.id,
        step: call.step,
        caller: call.caller,
        resource: call.resource,
        documentation: call.documentation,
        results: evaluations.map((e) => ({ action: e.request.action, decision: e.decision, callerAllows: e.callerAllows, resourceAllows: e.resourceAllows, reason: e.reason })),
      }));
    io.out(
      JSON.stringify({
        ok,
        calls: calls(result.proof.calls),
        administration: calls(result.proof.administration),
        probes: result.proof.probes.map(({ probe, evaluations }) => ({
          id: probe.id,
          results: evaluations.map((e) => ({ action: e.request.action, decision: e.decision, reason: e.reason, callerAllows: e.callerAllows, resourceAllows: e.resourceAllows })),
        })),
        extraGrants: result.proof.extraGrants,
        iamNames: result.iamNames,
        controls: result.controls,
        accessMatrix: matrix,
        problems,
      }) + '\n',
    );
    return ok ? EXIT.ok : EXIT.findings;
  }
  if (options.verbose) io.out(describe(result, matrix, matrixPath));
  if (ok) {
    io.out(options.verbose ? 'Access proven: every call is allowed by the statements it names, every probe is denied, the controls pass.\n' : summary(result, matrix, matrixPath));
    return EXIT.ok;
  }
  for (const p of problems) io.err(`${p}\n`);
  io.err(`Access NOT proven: ${problems.length} problem(s).${options.verbose ? '' : ' (--verbose for the table)'}\n`);
  return EXIT.findings;
}
