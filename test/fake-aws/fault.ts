/** Errors shaped like the SDK's ServiceExceptions: `name` is the AWS error code. */
export class FakeAwsError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number };

  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = code;
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: status };
  }
}

export const fault = (code: string, message: string, status = 400) => new FakeAwsError(code, message, status);

/**
 * The request reached AWS and did its work, but the answer never came back (a reset connection): the
 * SDK sees a network error, which it retries as a transient one.
 */
export class LostAnswer extends Error {
  constructor(readonly operation: string) {
    super(`the answer to ${operation} was lost`);
    this.name = 'LostAnswer';
  }
}
