/** `xacct generate [--out DIR] [--check] [--json]` */
import { relative } from 'node:path';
import { EXIT, type ExitCode } from '../errors';
import { renderAll } from '../generate/render';
import { writeGenerated, type GenerateResult } from '../generate/write-generated';
import type { Io } from './io';

export interface GenerateOptions {
  out: string;
  check: boolean;
  json: boolean;
}

const show = (path: string) => relative(process.cwd(), path) || path;

function describe(result: GenerateResult, check: boolean): string {
  // A failing check names only the files at fault; otherwise every file and what happened to it.
  const shown = check ? result.files.filter((f) => f.state !== 'unchanged') : result.files;
  const lines = shown.map((f) => `${f.state.padEnd(9)} ${show(f.file)}`);
  for (const s of result.stray) lines.push(`${'stray'.padEnd(9)} ${show(s)} (nothing generates it)`);
  const bad = result.files.filter((f) => f.state === 'differs' || f.state === 'missing').length + result.stray.length;
  if (check) {
    lines.push(
      bad === 0
        ? `generated/ is current: ${result.files.length} files match templates-src/ and the permission tables.`
        : `${bad} file(s) differ from what templates-src/ and the permission tables produce: run \`make generate\` and commit the result.`,
    );
  } else {
    const written = result.files.filter((f) => f.state === 'written').length;
    lines.push(`${written} written, ${result.files.length - written} unchanged in ${show(result.outDir)}.`);
    if (result.stray.length > 0) lines.push('Stray files are left alone: remove them if no longer wanted.');
  }
  return lines.join('\n') + '\n';
}

export function runGenerate(options: GenerateOptions, io: Io): ExitCode {
  const result = writeGenerated(options.out, renderAll(), options.check);
  const differs = result.files.some((f) => f.state === 'differs' || f.state === 'missing') || (options.check && result.stray.length > 0);
  if (options.json) {
    io.out(JSON.stringify({ outDir: result.outDir, check: options.check, files: result.files, stray: result.stray, upToDate: !differs }) + '\n');
  } else if (options.check && differs) {
    io.err(describe(result, true));
  } else {
    io.out(describe(result, options.check));
  }
  return options.check && differs ? EXIT.findings : EXIT.ok;
}
