/**
 * Which resources a teardown leaves in place, why, and the AWS CLI commands that remove them. Pure.
 *
 * - The artifact key (DeletionPolicy Retain): deleting a KMS key is irreversible and makes everything it
 *   encrypted unreadable, so AWS only schedules it (7 to 30 days' wait) and the tool leaves that choice
 *   to a person. Its key policy keeps account B's root as administrator, so it stays manageable.
 * - A bucket with object versions, a repository with images: CloudFormation cannot delete them, and the
 *   tool never deletes data. The stack is deleted around them (DeleteStack with RetainResources).
 */
import type { AccountKey } from '../deploy/plan-types';
import type { DeploymentConfig } from '../config/schema';
import type { RetainedResource } from '../deploy/destroy-types';
import { awsCli, KMS_KEY, removalCommands } from '../deploy/removal-commands';
import { BUCKET, REPOSITORY, type StackContents } from './stack-contents';

function why(type: string, config: DeploymentConfig, holds: number | undefined, byPolicy: boolean): string {
  if (type === KMS_KEY && byPolicy) {
    return `DeletionPolicy Retain: deleting a KMS key cannot be undone and makes everything it encrypted unreadable (artifacts, and anything copied from them), so AWS only schedules it after a waiting period of 7 to 30 days; that decision is yours. Its key policy keeps account ${config.target.accountId}'s root and ${config.pipeline.keyAdministratorArn} as administrators, so it stays manageable. Until it is scheduled for deletion (or disabled), its key policy still lets a role named ${config.pipeline.namePrefix}-ecr-source in account ${config.source.accountId} use it; a key pending deletion cannot be used. A kept key costs 1 USD a month.`;
  }
  if (type === BUCKET) return `holds ${holds} object version(s): CloudFormation cannot delete a bucket that is not empty, and xacct never deletes data. The bucket keeps its encryption, versioning and public-access block; its bucket policy is deleted with the stack.`;
  if (type === REPOSITORY) {
    return `holds ${holds} image(s): CloudFormation cannot delete a repository that still holds images, and xacct never deletes them. Its repository policy still lets ${config.pipeline.ecsTaskExecutionRoleArn} pull; deleting the repository removes both.`;
  }
  return 'DeletionPolicy Retain in the template.';
}

/** The resources of one stack that its deletion leaves in place. */
export function retainedResources(config: DeploymentConfig, account: AccountKey, stack: string, contents: StackContents): RetainedResource[] {
  return contents.resources.flatMap((r) => {
    const byPolicy = contents.retainedByPolicy.includes(r.logicalId);
    const holds = contents.holdings[r.logicalId];
    if (!byPolicy && holds === undefined) return [];
    const physicalId = r.physicalId ?? r.logicalId;
    return [
      {
        account,
        accountId: config[account].accountId,
        stack,
        logicalId: r.logicalId,
        type: r.type,
        physicalId,
        why: why(r.type, config, holds, byPolicy),
        commands: removalCommands(config, account, r.type, physicalId),
      },
    ];
  });
}

/** Resources that failed to delete and may be kept: buckets and repositories that still hold something. */
export function keepable(contents: StackContents): string[] {
  return contents.resources.filter((r) => r.status === 'DELETE_FAILED' && contents.holdings[r.logicalId] !== undefined).map((r) => r.logicalId);
}

/** How to find what earlier teardowns left: CloudFormation copies the stack tags onto the key, buckets and repository. */
export function leftoversHint(config: DeploymentConfig, account: AccountKey): string {
  return awsCli(config, account, `resourcegroupstaggingapi get-resources --tag-filters Key=xacct:deployment,Values=${config.name}`);
}
