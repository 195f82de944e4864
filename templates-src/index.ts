/**
 * The only list of templates. Everything that emits, lints, publishes or deploys a template reads it
 * from here, in deployment order.
 */
import { accAPipeline } from './acc-a-pipeline';
import { accBPipeline1 } from './acc-b-pipeline-1';
import { accBPipeline2 } from './acc-b-pipeline-2';
import type { TemplateDefinition } from './template-types';

export const TEMPLATES: readonly TemplateDefinition[] = [accBPipeline1, accAPipeline, accBPipeline2];

export type TemplateName = TemplateDefinition['name'];

/** The template as plain JSON data: intrinsic-function objects and class instances flattened. */
export function renderTemplate(definition: TemplateDefinition): Record<string, unknown> {
  return JSON.parse(JSON.stringify(definition.build())) as Record<string, unknown>;
}

export function findTemplate(name: string): TemplateDefinition | undefined {
  return TEMPLATES.find((t) => t.name === name);
}

export type { TemplateDefinition } from './template-types';
