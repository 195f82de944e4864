/**
 * Work over the targets of a fleet with a bounded number at a time, results in the targets' order.
 * One target's failure is its own result: it never stops the others.
 */

/**
 * Four targets at a time by default. CloudFormation publishes no per-API rate limit; public reports see
 * throttling from about 8-10 calls per second per account (../shared/design/fleet.md, "Rate of calls";
 * the CDK CLI runs one stack at a time by default, Service Catalog Puppet 10 workers). Each target reads
 * or deletes in its own account B, and account A's reads of a region are shared (read once), so four
 * keeps account A well below that rate while a fleet of tens of targets is read in a few rounds.
 */
export const DEFAULT_FLEET_CONCURRENCY = 4;

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function eachTarget<I, T>(items: readonly I[], concurrency: number, work: (item: I, index: number) => Promise<T>): Promise<Settled<T>[]> {
  const results: Settled<T>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { ok: true, value: await work(items[i]!, i) };
      } catch (error) {
        results[i] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}
