/**
 * The CLI resolves regions from a copy of the SDK's partition table (scripts/config/sdk-partitions.ts):
 * the copy equals the installed SDK's table, and the lookup answers as the SDK's `partition()` does.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { partition } from '@aws-sdk/core/client';
import { SDK_PARTITIONS } from '../../scripts/config/sdk-partitions';
import { isKnownRegion, partitionFacts, partitionOf } from '../../scripts/config/regions';
import { installedSdkPartitions, partitionsModuleText } from '../helpers/sdk-partitions';
import { ROOT } from '../helpers/templates';

it('the copied table equals the installed SDK\'s (UPDATE_PARTITIONS=1 writes it anew)', () => {
  const installed = installedSdkPartitions();
  if (process.env.UPDATE_PARTITIONS === '1') writeFileSync(join(ROOT, 'scripts', 'config', 'sdk-partitions.ts'), partitionsModuleText(installed));
  expect(JSON.parse(JSON.stringify(SDK_PARTITIONS))).toEqual(installed);
});

const listed = SDK_PARTITIONS.partitions.flatMap((p) => Object.keys(p.regions));
const unlisted = ['eu-nowhere-9', 'cn-west-9', 'us-gov-central-7', 'us-isob-north-5', 'eusc-de-south-2', 'mars-1', ''];

it.each([...listed, ...unlisted])('%s: the same partition, DNS suffix and known-ness as the SDK', (region) => {
  const sdk = partition(region) as { name: string; dnsSuffix: string; description?: string };
  expect(partitionFacts(region)).toEqual({ name: sdk.name, dnsSuffix: sdk.dnsSuffix, ...(sdk.description !== undefined ? { description: sdk.description } : {}) });
  expect(partitionOf(region)).toBe(sdk.name);
  expect(isKnownRegion(region)).toBe(sdk.description !== undefined);
});

it('reads the regions the tool depends on', () => {
  expect(partitionOf('cn-north-1')).toBe('aws-cn');
  expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
  expect(isKnownRegion('eu-west-1')).toBe(true);
  expect(isKnownRegion('eu-nowhere-9')).toBe(false);
});
