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

export async function readStackContents(ports: AccountPorts, stack: string): Promise<StackContents> {
  const [all, body] = await Promise.all([ports.cloudFormation.stackResources(stack), ports.cloudFormation.templateBody(stack)]);
  const resources = all.filter((r) => r.status !== 'DELETE_COMPLETE');
  const holdings: Record<string, number> = {};
  for (const r of resources) {
    if (!r.physicalId) continue;
    const count = r.type === BUCKET ? await ports.s3.countObjectVersions(r.physicalId) : r.type === REPOSITORY ? await ports.ecr.countImages(r.physicalId) : undefined;
    if (count !== undefined && count > 0) holdings[r.logicalId] = count;
  }
  return { resources, retainedByPolicy: retainPolicies(body), holdings };
}
