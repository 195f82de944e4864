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
