/**
 * The templates an explanation holds the message against: by default the ones this xacct deploys (built
 * from templates-src/, identical to generated/), or the YAML files of a folder (`--dir`): the templates
 * of an older release a stack still runs, or a template someone changed.
 */
import { readFileSync } from 'node:fs';
import { TEMPLATES, renderTemplate, type TemplateName } from '../../templates-src';
import { usageError } from '../errors';
import { fileNameOf, templateFilesIn } from '../generate/template-files';
import { loadTemplate } from '../yaml/cfn-yaml';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export type Templates = Record<TemplateName, Json>;

export interface TemplateSet {
  templates: Templates;
  /** For answers: `the templates of xacct 0.1.0` or the folder. */
  origin: string;
}

export function builtInTemplates(version: string): TemplateSet {
  return { templates: Object.fromEntries(TEMPLATES.map((t) => [t.name, renderTemplate(t)])) as Templates, origin: `the templates xacct ${version} deploys` };
}

/** The templates of a folder; `shown` is how answers name it (as the user typed it). */
export function templatesIn(dir: string, shown = dir): TemplateSet {
  const { files, missing } = templateFilesIn(dir);
  if (missing.length > 0) throw usageError('missing-template', `no template at ${missing.join(', ')}: --dir takes a folder with ${TEMPLATES.map((t) => fileNameOf(t.name)).join(', ')} (as xacct generate writes them).`);
  const templates = Object.fromEntries(
    TEMPLATES.map((t, i) => {
      try {
        return [t.name, loadTemplate(readFileSync(files[i], 'utf8'))];
      } catch (e) {
        throw usageError('unreadable-template', `${files[i]} is not a template xacct can read: ${(e as Error).message.split('\n')[0]}`);
      }
    }),
  ) as Templates;
  return { templates, origin: `the templates in ${shown}` };
}
