/**
 * The AWS CLI commands that remove what the tool never deletes itself (a key, a bucket with versions, a
 * repository with images): printed by the teardown for what it keeps, and by the deploy sequence when
 * such a kept resource stands in the way of a new stack.
 */
import type { CredentialsConfig } from '../config/schema';
import type { AccountKey } from './plan-types';

/** What the commands read: the region and each account's credentials (a config, or a resolved target). */
export type CliAccounts = { region: string } & Record<AccountKey, { credentials: CredentialsConfig }>;

export const KMS_KEY = 'AWS::KMS::Key';
export const BUCKET = 'AWS::S3::Bucket';
export const REPOSITORY = 'AWS::ECR::Repository';

/** `aws ...` with the region and, when the config names one, the profile of the account. */
export function awsCli(config: CliAccounts, account: AccountKey, args: string): string {
  const credentials = config[account].credentials;
  return `aws ${args} --region ${config.region}${'profile' in credentials ? ` --profile ${credentials.profile}` : ''}`;
}

export function removalCommands(config: CliAccounts, account: AccountKey, type: string, physicalId: string): string[] {
  const cli = (args: string) => awsCli(config, account, args);
  switch (type) {
    case KMS_KEY:
      return [cli(`kms schedule-key-deletion --key-id ${physicalId} --pending-window-in-days 30`)];
    case BUCKET: {
      // Versioned buckets: `aws s3 rm --recursive` only adds delete markers. Each call removes up to 1000.
      const list = (what: string) => `"$(${cli(`s3api list-object-versions --bucket ${physicalId} --max-items 1000 --output json --query '{Objects: ${what}[].{Key: Key, VersionId: VersionId}}'`)})"`;
      return [
        cli(`s3api delete-objects --bucket ${physicalId} --delete ${list('Versions')}`),
        cli(`s3api delete-objects --bucket ${physicalId} --delete ${list('DeleteMarkers')}`),
        cli(`s3 rb s3://${physicalId}`),
      ];
    }
    case REPOSITORY:
      return [cli(`ecr delete-repository --repository-name ${physicalId} --force`)];
    default:
      return [];
  }
}

