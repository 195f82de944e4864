/** The error of a config that cannot be used, with its problems as data (for --json) and as text. */
import { EXIT, XacctError } from '../errors';
import type { ConfigProblem } from './config-problems';

/** The config cannot be used: every problem with its path (or "(file)"), exit code 2. */
export class ConfigError extends XacctError {
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
    code = 'invalid-config',
  ) {
    super(code, ConfigError.describe(file, problems), EXIT.usage);
  }

  /** A problem with the file as a whole is one plain sentence about the file. */
  static ofFile(file: string, code: string, sentence: string): ConfigError {
    return new ConfigError(file, [{ path: '(file)', message: sentence }], code);
  }

  private static describe(file: string, problems: ConfigProblem[]): string {
    if (problems.length === 1 && problems[0].path === '(file)') return `config file ${file} ${problems[0].message}`;
    const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    return `${file}: ${count}:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`;
  }
}
