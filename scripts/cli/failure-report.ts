/**
 * A failed command as one JSON object, for scripts that run with --json: the shape of deploy-sequence's
 * `failed` event, with the exit code, and the problems or the account as data where there are some.
 */
import { CommanderError } from 'commander';
import { NotReachedError } from '../aws/credential-errors';
import { ConfigError } from '../config/config-error';
import type { ConfigProblem } from '../config/config-problems';
import { XacctError, type ExitCode } from '../errors';

export interface FailureReport {
  type: 'failed';
  code: string;
  message: string;
  exitCode: ExitCode;
  /** A config that cannot be used: each problem with its field path. */
  problems?: ConfigProblem[];
  /** Credentials or connection: the account and where its credentials come from. */
  account?: { name: string; id: string; profile?: string; via: string };
}

/** commander.unknownOption -> unknown-option, like our own codes. */
const commanderCode = (code: string) => code.replace(/^commander\./, '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function failureReport(error: unknown, exitCode: ExitCode): FailureReport {
  if (error instanceof CommanderError) {
    return { type: 'failed', code: commanderCode(error.code), message: error.message.replace(/^error: /, ''), exitCode };
  }
  if (error instanceof XacctError) {
    const report: FailureReport = { type: 'failed', code: error.code, message: error.message, exitCode };
    if (error instanceof ConfigError) report.problems = error.problems;
    if (error instanceof NotReachedError && error.origin) {
      const o = error.origin;
      report.account = { name: o.key, id: o.accountId, ...(o.profile ? { profile: o.profile } : {}), via: o.via };
    }
    return report;
  }
  return { type: 'failed', code: 'internal', message: error instanceof Error ? error.message : String(error), exitCode };
}
