/** Tags on every stack the tool deploys: whose it is, which template, which version of it. */
import type { StackArtifact } from './template-artifacts';

export const TAG = {
  deployment: 'xacct:deployment',
  template: 'xacct:template',
  templateHash: 'xacct:template-sha256',
} as const;

export const stackTags = (deployment: string, artifact: StackArtifact): Record<string, string> => ({
  [TAG.deployment]: deployment,
  [TAG.template]: artifact.name,
  [TAG.templateHash]: artifact.hash,
});

/** A stack that does not carry this deployment's tag belongs to something else: never touch it. */
export const belongsTo = (tags: Record<string, string>, deployment: string) => tags[TAG.deployment] === deployment;

/**
 * A stack that a CREATE change set made and nobody executed: REVIEW_IN_PROGRESS and no tags at all.
 * AWS gives it none of the change set's tags until the change set runs (LocalStack snapshot
 * `test_stack_description_lifecycle`, validated against AWS), so it is recognised by name and state.
 * It holds no resources: creating it again (deploy) or deleting it (destroy) loses nothing.
 */
export const isUnexecutedCreate = (stack: { status: string; tags: Record<string, string> }) =>
  stack.status === 'REVIEW_IN_PROGRESS' && Object.keys(stack.tags).length === 0;

/**
 * Why a stack of the configured name is not this deployment's to change or delete, or undefined when it
 * is. Deploy, status and destroy all ask this one question.
 */
export function foreignReason(stack: { name: string; status: string; tags: Record<string, string> }, deployment: string, accountId: string): string | undefined {
  if (belongsTo(stack.tags, deployment) || isUnexecutedCreate(stack)) return undefined;
  const owner = stack.tags[TAG.deployment];
  return `stack ${stack.name} in account ${accountId} ${owner ? `belongs to deployment "${owner}"` : 'was not deployed by xacct'} (tag ${TAG.deployment}): it is never changed or deleted`;
}
