/** Tags on every stack the tool deploys: whose it is, which template, which version of it. */
import type { TemplateArtifact } from './template-artifacts';

export const TAG = {
  deployment: 'xacct:deployment',
  template: 'xacct:template',
  templateHash: 'xacct:template-sha256',
} as const;

export const stackTags = (deployment: string, artifact: TemplateArtifact): Record<string, string> => ({
  [TAG.deployment]: deployment,
  [TAG.template]: artifact.name,
  [TAG.templateHash]: artifact.hash,
});

/** A stack that does not carry this deployment's tag belongs to something else: never touch it. */
export const belongsTo = (tags: Record<string, string>, deployment: string) => tags[TAG.deployment] === deployment;
