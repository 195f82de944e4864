/** Running `xacct explain` in tests: the CLI with recorded output, and templates with a statement broken. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TemplateName } from '../../templates-src';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import { yamlText } from '../../scripts/generate/render';
import { allTemplates, ROOT, type Json } from '../helpers/templates';

export const CONFIG = join(ROOT, 'examples', 'deployment.yaml');
export type Templates = Record<TemplateName, Json>;

/** The pipeline's messages for the example deployment (fixtures/pipeline-messages.json). */
export const MESSAGES: Record<string, { format: string; text: string }> = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'pipeline-messages.json'), 'utf8'));

export async function explain(message: string, ...flags: string[]) {
  const io = recordingIo();
  const code = await main(['explain', '--config', CONFIG, message, ...flags], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

/** `xacct explain --json`: the answer as an object. */
export async function explainJson(message: string, ...flags: string[]): Promise<{ code: number; json: Json }> {
  const r = await explain(message, '--json', ...flags);
  return { code: r.code, json: r.out ? JSON.parse(r.out) : undefined };
}

/** A folder with the three templates as xacct generates them, changed by `change` first. */
export function templatesDir(change: (t: Templates) => void): string {
  const t = Object.fromEntries(allTemplates()) as Templates;
  change(t);
  const dir = mkdtempSync(join(tmpdir(), 'xacct-explain-'));
  for (const [name, template] of Object.entries(t)) writeFileSync(join(dir, `${name}.yaml`), yamlText(name, template));
  return dir;
}

/** The policy document of a template resource (`Properties.<property>`, or an inline policy by name). */
export function documentOf(t: Templates, template: TemplateName, resource: string, property: string): Json {
  const p = t[template].Resources[resource].Properties;
  return p[property];
}

/** The statement with this Sid in a document. */
export const statementOf = (document: Json, sid: string): Json => document.Statement.find((s: Json) => s.Sid === sid);

/** Removes the statement with this Sid from a document. */
export function removeStatement(document: Json, sid: string): void {
  const before = document.Statement.length;
  document.Statement = document.Statement.filter((s: Json) => s.Sid !== sid);
  if (document.Statement.length !== before - 1) throw new Error(`no statement ${sid} to remove`);
}
