/** Known regions and their partitions, from the AWS SDK's own partition data (no list of ours to age). */
import { partition } from '@aws-sdk/core/client';

/** A region the SDK lists by name; a pattern match alone (e.g. "eu-nowhere-9") is not enough. */
export function isKnownRegion(region: string): boolean {
  return (partition(region) as { description?: string }).description !== undefined;
}

/** The partition of a region (aws, aws-cn, aws-us-gov, ...): the first field of its ARNs. */
export function partitionOf(region: string): string {
  return (partition(region) as { name?: string }).name ?? 'aws';
}
