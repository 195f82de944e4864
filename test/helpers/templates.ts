/** Test access to the templates as data, as files, and to their policy statements. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATES, findTemplate, renderTemplate, type TemplateName } from '../../templates-src';

export type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export const ROOT = join(__dirname, '..', '..');
export const GENERATED = join(ROOT, 'generated');

export function template(name: TemplateName): Json {
  const definition = findTemplate(name);
  if (!definition) throw new Error(`no template ${name}`);
  return renderTemplate(definition);
}

export const allTemplates = (): Array<[TemplateName, Json]> => TEMPLATES.map((t) => [t.name, renderTemplate(t)]);

export const generatedText = (name: TemplateName) => readFileSync(join(GENERATED, `${name}.yaml`), 'utf8');

export interface FoundStatement {
  template: TemplateName;
  resource: string;
  /** Where the document sits: KeyPolicy, PolicyDocument, AssumeRolePolicyDocument, RepositoryPolicyText. */
  kind: string;
  statement: Json;
}

const DOCUMENT_KEYS = ['KeyPolicy', 'PolicyDocument', 'AssumeRolePolicyDocument', 'RepositoryPolicyText'];

/** Every policy statement of every resource of the given templates. */
export function statements(names: TemplateName[] = TEMPLATES.map((t) => t.name)): FoundStatement[] {
  const found: FoundStatement[] = [];
  for (const name of names) {
    const t = template(name);
    for (const [logicalId, resource] of Object.entries<Json>(t.Resources)) {
      for (const kind of DOCUMENT_KEYS) {
        const doc = resource.Properties?.[kind];
        if (doc) for (const statement of doc.Statement) found.push({ template: name, resource: logicalId, kind, statement });
      }
      for (const inline of resource.Properties?.Policies ?? []) {
        for (const statement of inline.PolicyDocument.Statement) found.push({ template: name, resource: logicalId, kind: 'Policies', statement });
      }
    }
  }
  return found;
}

export const actionsOf = (s: Json): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const resourcesOf = (s: Json): Json[] => (s.Resource === undefined ? [] : Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

export function statementBySid(name: TemplateName, sid: string): Json {
  const matches = statements([name]).filter((f) => f.statement.Sid === sid);
  if (matches.length !== 1) throw new Error(`expected one statement ${sid} in ${name}, found ${matches.length}`);
  return matches[0].statement;
}

/** Resources of a type in a template, by logical id. */
export function resourcesOfType(t: Json, type: string): Array<[string, Json]> {
  return Object.entries<Json>(t.Resources).filter(([, r]) => r.Type === type);
}
