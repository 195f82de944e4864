/**
 * One page of a list the fake answers. The token the fake hands back is the offset of the next page
 * (absent on the last page): callers only pass it back, so any opaque string would do.
 */
export function pageOf<T>(items: T[], token: string | undefined, size: number): { items: T[]; next?: string } {
  const start = token ? Number(token) : 0;
  const next = start + size < items.length ? String(start + size) : undefined;
  return { items: items.slice(start, start + size), ...(next ? { next } : {}) };
}
