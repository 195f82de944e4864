/**
 * Port methods that make more than one request (every page of a listing, or a read and its lists): each
 * request goes through a `PageCall`, so a throttled page is tried again on its own and the pages before
 * it are not read again. The resilience wrapper (deploy/resilient-ports.ts) passes a `PageCall` that
 * retries throttling; called directly, a method sends each request once.
 */

/** One request of a method that makes several. */
export type PageCall = <T>(request: () => Promise<T>) => Promise<T>;

const PAGED = Symbol('paged');

type AsyncMethod = (...args: never[]) => Promise<unknown>;
export type Paged<F extends AsyncMethod> = F & { readonly [PAGED]: (page: PageCall) => F };

const once: PageCall = (request) => request();

/** A method whose requests each go through the `PageCall` it is built with (once each, called as is). */
export function paged<F extends AsyncMethod>(build: (page: PageCall) => F): Paged<F> {
  return Object.assign(build(once), { [PAGED]: build });
}

/** The builder of a paged method, or undefined for a method that makes one request. */
export function pagedBuilder(member: unknown): ((page: PageCall) => AsyncMethod) | undefined {
  return typeof member === 'function' && PAGED in member ? (member as Paged<AsyncMethod>)[PAGED] : undefined;
}
