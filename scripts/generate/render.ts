/**
 * What generated/ holds: the templates as YAML files (deterministic text: no time stamps, key order as
 * built, each with a header that says where it comes from) and the example deployment's permissions.
 */
import { TEMPLATES, renderTemplate, type TemplateDefinition } from '../../templates-src';
import { EXAMPLE_CONFIG_FILE, EXAMPLE_SCOPE } from '../permissions/example-scope';
import { permissionFiles } from '../permissions/render-policy';
import { fileNameOf } from './template-files';
import { bootstrapFiles } from './bootstrap-template';

/** A file of generated/, by its path inside the folder. */
export interface RenderedFile {
  fileName: string;
  text: string;
}

export interface RenderedTemplate extends RenderedFile {
  name: TemplateDefinition['name'];
}

export { header, yamlText } from './yaml-text';
import { yamlText } from './yaml-text';

export function renderYaml(definition: TemplateDefinition): RenderedTemplate {
  return { name: definition.name, fileName: fileNameOf(definition.name), text: yamlText(definition.name, renderTemplate(definition)) };
}

/** The four policies of the example deployment (generated/permissions/) and their README. */
export const renderPermissions = (): RenderedFile[] => permissionFiles(EXAMPLE_SCOPE, EXAMPLE_CONFIG_FILE);

export const renderAll = (): RenderedFile[] => [...TEMPLATES.map(renderYaml), ...renderPermissions(), ...bootstrapFiles(EXAMPLE_SCOPE)];
