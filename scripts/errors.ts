/**
 * Typed errors. Only the CLI turns them into messages and exit codes; everything else throws them.
 * `userError` tells a problem with the input (fix your command or config) from a tool or AWS failure.
 */
export const EXIT = {
  ok: 0,
  /** The command ran and found a problem: files differ, lint findings. */
  findings: 1,
  /** Bad usage or input: unknown flag, invalid value, unreadable config. Nothing was changed. */
  usage: 2,
  /** The environment refused: a folder that cannot be written, a missing build. */
  environment: 3,
  /** AWS refused or a deployment failed: wrong account, access denied, a stack that rolled back. */
  aws: 4,
  /** Changes were shown but not applied: confirm, or run again with --yes. */
  notConfirmed: 5,
  /**
   * Credentials or connection: no usable credentials (none found, a missing profile, an expired SSO
   * session or token, keys AWS does not know) or AWS could not be reached (refused, DNS, timeout).
   * Nothing in AWS is wrong; fix the credentials or the network and run again.
   */
  notReached: 6,
  /** A fleet run in which some targets failed and the others finished: the summary names each. */
  partlyFailed: 7,
  /** Interrupted (Ctrl-C): the next run continues where this one stopped. */
  interrupted: 130,
  /** A bug: an unexpected exception. */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class XacctError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'XacctError';
  }

  get userError(): boolean {
    return this.exitCode === EXIT.usage;
  }
}

export const usageError = (code: string, message: string) => new XacctError(code, message, EXIT.usage);
export const environmentError = (code: string, message: string, cause?: unknown) =>
  new XacctError(code, message, EXIT.environment, { cause });

/** Ctrl-C: nothing new starts, requests in flight are abandoned; the next run continues. Exit 130. */
export class InterruptedError extends XacctError {
  constructor() {
    super('interrupted', 'interrupted: no new AWS call was started after Ctrl-C. Run the same command again: it continues where this run stopped.', EXIT.interrupted);
  }
}
