/**
 * AWS Control Tower proactive controls (the cfn-guard rules shipped in @cdklabs/cdk-validator-cfnguard)
 * run with the cfn-guard binary from the same package, on each template in two forms:
 * - `generated`: the generated YAML as CloudFormation reads it (long form: cfn-guard 3.1 reads the
 *   short form `!GetAtt Bucket.Arn` as a string, CloudFormation as `[Bucket, Arn]`);
 * - `resolved`: the same template with the example parameters resolved, which is what the controls
 *   see when Control Tower runs them as CloudFormation hooks at deployment.
 * Only the package's binary and rule files are used; its JavaScript (which needs aws-cdk-lib) is not.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { TemplateName } from '../../templates-src';
import { environmentError } from '../errors';
import { applyExemptions } from '../exemptions';
import { CONTROL_EXEMPTIONS, type ControlExemption } from './control-exemptions';
import type { ResolvedTemplate } from '../access-model/resolve-template';
import { cachedText } from '../content-cache';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export type TemplateForm = 'generated' | 'resolved';

export interface ControlFailure {
  control: string;
  /** The guard rule that failed, e.g. s3_bucket_logging_enabled_check. */
  rule: string;
  template: TemplateName;
  form: TemplateForm;
  resource: string;
}

export interface ControlsResult {
  /** Number of control rule files run. */
  controls: number;
  /** Template files checked (templates x forms). */
  checked: number;
  failures: ControlFailure[];
  exempted: Array<{ finding: ControlFailure; exemption: ControlExemption }>;
  unusedExemptions: ControlExemption[];
}

const PLATFORMS: Record<string, string> = { linux: 'ubuntu', darwin: 'macos' };
const ARCHITECTURES: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64' };

function guardPackage(): { binary: string; rules: string; version: string; cache: string } {
  const manifest = require.resolve('@cdklabs/cdk-validator-cfnguard/package.json');
  const root = dirname(manifest);
  const platform = PLATFORMS[process.platform];
  const arch = ARCHITECTURES[process.arch];
  if (!platform || !arch) {
    throw environmentError('no-cfn-guard', `@cdklabs/cdk-validator-cfnguard ships no cfn-guard binary for ${process.platform} ${process.arch}`);
  }
  return {
    binary: join(root, 'bin', platform, arch, 'cfn-guard'),
    rules: join(root, 'rules', 'control-tower', 'cfn-guard'),
    // The binary and the rules ship together: the package's version names both.
    version: String((JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version),
    // node_modules/.cache, beside the package (its scope folder is one level up).
    cache: join(root, '..', '..', '.cache', 'xacct-controls'),
  };
}

/**
 * cfn-guard takes seconds over every rule (make test runs it on the same templates from the CLI and
 * from several tests): its output is kept by the hash of everything it reads (the package version,
 * which fixes the binary and the rules, and each data file's name and bytes), so identical input is
 * checked once per machine (content-cache.ts). XACCT_NO_CACHE=1 runs it every time.
 */
const cachedGuardOutput = (key: string, cacheDir: string, run: () => string): string => cachedText(cacheDir, key, run);

function countRules(output: Json[]): number {
  const first = output[0];
  return first ? first.compliant.length + first.not_compliant.length + first.not_applicable.length : 0;
}

/** Control ids and resources of one failed rule: read from the rule's message and the failing paths. */
function failuresOf(template: TemplateName, form: TemplateForm, failed: Json): ControlFailure[] {
  const text = JSON.stringify(failed);
  const control = /\[(CT\.[A-Z0-9]+\.PR\.\d+)\]/.exec(text)?.[1] ?? 'unknown control';
  const resources = [...new Set([...text.matchAll(/\/Resources\/([A-Za-z0-9]+)/g)].map((m) => m[1]))];
  const rule = String(failed.Rule?.name ?? 'unknown rule');
  return (resources.length ? resources : ['(template)']).map((resource) => ({ control, rule, template, form, resource }));
}

/** Runs every control on every template in both forms. Throws when cfn-guard cannot run. */
export function runControls(
  templates: Record<TemplateName, Json>,
  resolved: Record<TemplateName, ResolvedTemplate>,
  exemptions: readonly ControlExemption[] = CONTROL_EXEMPTIONS,
): ControlsResult {
  const { binary, rules, version, cache } = guardPackage();
  const dir = mkdtempSync(join(tmpdir(), 'xacct-controls-'));
  try {
    const data = join(dir, 'data');
    const outFile = join(dir, 'guard-output.json');
    mkdirSync(data);
    const names = Object.keys(templates) as TemplateName[];
    const hash = createHash('sha256').update(`cfn-guard ${version} ${binary}\n`);
    const writeData = (file: string, body: string) => {
      writeFileSync(join(data, file), body);
      hash.update(`${file}\n${body.length}\n${body}\n`);
    };
    for (const name of names) {
      writeData(`${name}.generated.json`, JSON.stringify(templates[name]));
      const r = resolved[name];
      writeData(`${name}.resolved.json`, JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: r.resources }));
    }
    const text = cachedGuardOutput(hash.digest('hex'), cache, () => {
      // cfn-guard panics when its output pipe closes early: it writes to a file.
      const fd = openSync(outFile, 'w');
      const run = spawnSync(binary, ['validate', '--rules', rules, '--data', data, '--output-format', 'json', '--structured', '--show-summary', 'none'], {
        stdio: ['ignore', fd, 'pipe'],
        encoding: 'utf8',
      });
      closeSync(fd);
      if (run.error || (run.status !== 0 && run.status !== 19)) {
        throw environmentError('cfn-guard-failed', `cfn-guard (${binary}) did not run: ${run.error?.message ?? `exit ${run.status}: ${run.stderr}`}`, run.error);
      }
      return readFileSync(outFile, 'utf8');
    });
    const output = JSON.parse(text) as Json[];
    const all: ControlFailure[] = [];
    for (const file of output) {
      const [template, form] = basename(String(file.name)).replace(/\.json$/, '').split('.') as [TemplateName, TemplateForm];
      for (const failed of file.not_compliant) all.push(...failuresOf(template, form, failed));
    }
    const split = applyExemptions(
      all,
      exemptions,
      (e, f) => e.control === f.control && e.resource === f.resource && e.templates.includes(f.template) && (!e.only || e.only === f.form),
    );
    const result: ControlsResult = { controls: countRules(output), checked: output.length, failures: split.kept, exempted: split.exempted, unusedExemptions: split.unused };
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const failureText = (f: ControlFailure) =>
  `${f.template} ${f.resource} fails ${f.control} (${f.rule}) in its ${f.form} form${f.form === 'resolved' ? ' (what Control Tower checks at deployment)' : ''}`;
