/**
 * Known regions and their partitions, from the AWS SDK's own partition table (no list of ours to age):
 * sdk-partitions.ts is a copy of the installed SDK's, which a test keeps equal to it. Looked up the way
 * the SDK's `partition()` does (exact region names first, then each partition's region pattern, then
 * `aws`), without loading the SDK's client core: offline commands start faster.
 */
import { SDK_PARTITIONS } from './sdk-partitions';

export interface PartitionFacts {
  /** aws, aws-cn, aws-us-gov, ...: the first field of an ARN. */
  name: string;
  dnsSuffix: string;
  /** Present for a region the SDK lists by name. */
  description?: string;
}

type Partition = (typeof SDK_PARTITIONS)['partitions'][number];

const regexes = new Map<Partition, RegExp>();
const patternOf = (p: Partition): RegExp => regexes.get(p) ?? regexes.set(p, new RegExp(p.regionRegex)).get(p)!;

/** The same answer as `partition(region)` of `@aws-sdk/core/client` for the fields the tool reads. */
export function partitionFacts(region: string): PartitionFacts {
  const { partitions } = SDK_PARTITIONS;
  for (const p of partitions) {
    const listed = (p.regions as Record<string, { description?: string }>)[region];
    if (listed) return { name: p.outputs.name, dnsSuffix: p.outputs.dnsSuffix, ...(listed.description !== undefined ? { description: listed.description } : {}) };
  }
  const matched = partitions.find((p) => patternOf(p).test(region)) ?? partitions.find((p) => p.id === 'aws')!;
  return { name: matched.outputs.name, dnsSuffix: matched.outputs.dnsSuffix };
}

/** A region the SDK lists by name; a pattern match alone (e.g. "eu-nowhere-9") is not enough. */
export function isKnownRegion(region: string): boolean {
  return partitionFacts(region).description !== undefined;
}

/** The partition of a region (aws, aws-cn, aws-us-gov, ...): the first field of its ARNs. */
export function partitionOf(region: string): string {
  return partitionFacts(region).name;
}
