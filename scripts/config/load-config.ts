/** Reads and validates a deployment config. Nothing here talks to AWS. */
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { EXIT, XacctError } from '../errors';
import { configSchema, type DeploymentConfig } from './schema';

export interface ConfigProblem {
  path: string;
  message: string;
}

export class ConfigError extends XacctError {
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      'invalid-config',
      `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`,
      EXIT.usage,
    );
  }
}

const pathOf = (path: ReadonlyArray<PropertyKey>) => (path.length === 0 ? '(top level)' : path.map(String).join('.'));

export function parseConfig(text: string, file: string): DeploymentConfig {
  let raw: unknown;
  try {
    raw = load(text);
  } catch (e) {
    throw new ConfigError(file, [{ path: '(file)', message: `is not valid YAML: ${(e as Error).message.split('\n')[0]}` }]);
  }
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return { path: pathOf(issue.path), message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} (see examples/deployment.yaml)` };
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) return { path: pathOf(issue.path), message: 'is required' };
    return { path: pathOf(issue.path), message: issue.message };
  });
  throw new ConfigError(file, problems);
}

export function loadConfig(file: string): DeploymentConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [{ path: '(file)', message: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  return parseConfig(text, file);
}
