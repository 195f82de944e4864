/**
 * Recognising AWS errors by code and message, in one place. The SDK throws ServiceExceptions whose
 * `name` is the error code; messages are matched where AWS gives no distinct code.
 */
import { EXIT, InterruptedError, XacctError } from '../errors';
import { notReachedFailure } from './credential-errors';

export const codeOf = (e: unknown): string | undefined => (e && typeof e === 'object' && 'name' in e ? String((e as { name: unknown }).name) : undefined);
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export const isMissingStack = (e: unknown) => codeOf(e) === 'ValidationError' && /does not exist/.test(messageOf(e));
/**
 * The codes AWS services throttle with, as the SDK classifies them (@smithy/core retry,
 * THROTTLING_ERROR_CODES; its isThrottlingError also takes HTTP 429). LimitExceededException, which the
 * SDK also lists, is left out: Service Catalog answers it for a product's 101st version, a quota, not a rate.
 */
const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'PriorRequestNotComplete',
  'SlowDown',
  'BandwidthLimitExceeded',
  'ProvisionedThroughputExceededException',
]);
/** The HTTP status of an SDK error (HEAD answers have no body, so this is all they carry). */
export const statusOf = (e: unknown): number | undefined => (e && typeof e === 'object' && '$metadata' in e ? (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode : undefined);
export const isThrottling = (e: unknown) => THROTTLING_CODES.has(codeOf(e) ?? '') || statusOf(e) === 429 || /rate exceeded/i.test(messageOf(e));
export const isAccessDenied = (e: unknown) => ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation'].includes(codeOf(e) ?? '');
export const isNotFound = (e: unknown) => ['NotFound', 'NoSuchKey', 'NoSuchBucket', 'ResourceNotFoundException'].includes(codeOf(e) ?? '');

/** The reason CloudFormation gives a change set that would change nothing. */
export const NO_CHANGES_REASON = /didn't contain changes|No updates are to be performed/;

/** An AWS failure the user can act on, with what to do. Exit code 4. */
export function awsError(code: string, message: string, cause?: unknown): XacctError {
  return new XacctError(code, message, EXIT.aws, { cause });
}

/** The default event bus does not exist: almost always the wrong region. */
export const missingBusError = (account: string, region: string, cause: unknown) =>
  awsError('missing-bus', `the default event bus of account ${account} in ${region} does not exist (${messageOf(cause)}); check the region in the config`, cause);

/** Wrap an SDK error with what we were doing and in which account; expired credentials get advice. */
/** An error AWS (or the SDK's credential chain) raised, as opposed to a bug of ours. */
export function isFromAws(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  return '$metadata' in e || '$fault' in e || /Credential|Token|SSO/i.test(codeOf(e) ?? '');
}

export function describeAwsFailure(e: unknown, doing: string, account: string): Error {
  if (e instanceof XacctError) return e;
  // Ctrl-C aborted the request in flight.
  if (codeOf(e) === 'AbortError') return new InterruptedError();
  // No credentials, expired ones, or no connection: exit 6 with the fix (credential-errors.ts).
  const notReached = notReachedFailure(e, doing, account);
  if (notReached) return notReached;
  // Anything else (a TypeError, a size check) is ours: it goes up unchanged and exits as an internal error.
  if (!isFromAws(e)) return e instanceof Error ? e : new Error(String(e));
  if (isAccessDenied(e)) {
    return awsError('access-denied', `${doing} in account ${account}: access denied: ${messageOf(e)}`, e);
  }
  return awsError('aws-failure', `${doing} in account ${account}: ${codeOf(e) ?? 'error'}: ${messageOf(e)}`, e);
}
