/**
 * What a stack holds that decides how it can be deleted: its resources, the ones its template keeps on
 * delete (DeletionPolicy Retain), and how much each bucket and repository still holds (CloudFormation
 * cannot delete a bucket with object versions or a repository with images). Read-only.
 */
import type { AccountPorts, StackResource } from '../aws/ports';
import { BUCKET, REPOSITORY } from '../deploy/removal-commands';
import { loadTemplate } from '../yaml/cfn-yaml';

export { BUCKET, REPOSITORY };

export interface StackContents {
  /** Resources not deleted yet. */
  resources: StackResource[];
  /** Logical ids the deployed template marks DeletionPolicy Retain. */
  retainedByPolicy: string[];
  /** Object versions and delete markers of each bucket, images of each repository, by logical id. */
  holdings: Record<string, number>;
}

function retainPolicies(body: string): string[] {
  const template = (body.trim() === '' ? undefined : loadTemplate(body)) as { Resources?: Record<string, { DeletionPolicy?: unknown }> } | undefined;
  return Object.entries(template?.Resources ?? {})
    .filter(([, r]) => r.DeletionPolicy === 'Retain')
    .map(([id]) => id);
}

/**
 * A stack in REVIEW_IN_PROGRESS has "no template or resources" until its first change set runs (API
 * reference, CreateChangeSet ChangeSetType), and AWS refuses to summarise its template ("GetTemplateSummary
 * cannot be called on REVIEW_IN_PROGRESS stacks.", as moto #4424 and LocalStack PR 13126 reproduce it;
 * GetTemplate: "If the template doesn't exist, a ValidationError is returned"): it holds nothing, so
 * nothing is read.
 */
export async function readStackContents(ports: AccountPorts, stack: { name: string; status: string }): Promise<StackContents> {
  if (stack.status === 'REVIEW_IN_PROGRESS') return { resources: [], retainedByPolicy: [], holdings: {} };
  const [all, body] = await Promise.all([ports.cloudFormation.stackResources(stack.name), ports.cloudFormation.templateBody(stack.name)]);
  const resources = all.filter((r) => r.status !== 'DELETE_COMPLETE');
  const holdings: Record<string, number> = {};
  for (const r of resources) {
    if (!r.physicalId) continue;
    const count = r.type === BUCKET ? await ports.s3.countObjectVersions(r.physicalId) : r.type === REPOSITORY ? await ports.ecr.countImages(r.physicalId) : undefined;
    if (count !== undefined && count > 0) holdings[r.logicalId] = count;
  }
  return { resources, retainedByPolicy: retainPolicies(body), holdings };
}
