/** Reads and validates a deployment config. Nothing here talks to AWS. */
import { load } from 'js-yaml';
import { ConfigError } from './config-error';
import { configProblems, fallbackMessage } from './config-problems';
import { describeFound } from './found-value';
import { readConfigFile } from './read-config-file';
import { configSchema, type DeploymentConfig } from './schema';

const MAPPING_HINT = 'a deployment config is a mapping of keys (name:, region:, source:, target:, pipeline:), as in examples/deployment.yaml.';

const blank = (text: string) => text.split('\n').every((line) => /^\s*(#.*)?$/.test(line));

/** The document must be a mapping before its fields mean anything: a list or a lone value is the wrong file. */
function notAMapping(doc: unknown, file: string): ConfigError | undefined {
  if (doc === undefined || doc === null) return ConfigError.ofFile(file, 'config-empty', `holds no settings: ${MAPPING_HINT}`);
  if (Array.isArray(doc)) return ConfigError.ofFile(file, 'config-not-a-mapping', `holds ${describeFound(doc)}, but ${MAPPING_HINT}`);
  if (typeof doc !== 'object') return ConfigError.ofFile(file, 'config-not-a-mapping', `holds only ${describeFound(doc)}, but ${MAPPING_HINT}`);
  return undefined;
}

export function parseConfig(text: string, file: string): DeploymentConfig {
  if (blank(text)) throw ConfigError.ofFile(file, 'config-empty', 'is empty (or holds only comments): copy examples/deployment.yaml and edit it.');
  let doc: unknown;
  try {
    doc = load(text);
  } catch (e) {
    throw ConfigError.ofFile(file, 'config-not-yaml', `is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const shape = notAMapping(doc, file);
  if (shape) throw shape;
  // reportInput keeps the value in each issue; the error map words any issue a field gives no expectation for.
  const result = configSchema.safeParse(doc, { reportInput: true, error: fallbackMessage });
  if (result.success) return result.data;
  throw new ConfigError(file, configProblems(result.error.issues, doc));
}

export function loadConfig(file: string): DeploymentConfig {
  return parseConfig(readConfigFile(file), file);
}
