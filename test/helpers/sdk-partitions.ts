/**
 * The partition data the AWS SDK resolves regions with (`partition()` of `@aws-sdk/core/client`), read
 * from the installed SDK's source: the SDK exports the lookup but not its table. scripts/config/
 * sdk-partitions.ts is a copy of it, so the CLI's offline commands need not load the SDK's client core.
 */
import { readFileSync } from 'node:fs';

export function installedSdkPartitions(): unknown {
  const source = readFileSync(require.resolve('@aws-sdk/core/client'), 'utf8');
  const match = /const partitionsInfo = (\{[\s\S]*?\n\});\n/.exec(source);
  if (!match) throw new Error('the partition table was not found in @aws-sdk/core/client: its layout changed; read partition() there again');
  return JSON.parse(match[1]!);
}

export function partitionsModuleText(data: unknown): string {
  return [
    '/**',
    ' * The AWS SDK\'s partition table, copied from the installed `@aws-sdk/core/client` (which exports the',
    ' * lookup, `partition()`, but not the table) so offline commands resolve regions without loading the',
    ' * SDK\'s client core. Written by test/config/partitions.test.ts, which fails when the SDK\'s table',
    ' * changes: `UPDATE_PARTITIONS=1 npx jest test/config/partitions.test.ts` writes it anew.',
    ' */',
    `export const SDK_PARTITIONS = ${JSON.stringify(data, null, 2)} as const;`,
    '',
  ].join('\n');
}
