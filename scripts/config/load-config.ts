/** Reads and validates a deployment config. Nothing here talks to AWS. */
import { load } from 'js-yaml';
import { ConfigError } from './config-error';
import { configProblems, fallbackMessage } from './config-problems';
import { fleetOf, fleetOfOne, isFleetDocument, type FleetConfig } from './fleet-config';
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

/**
 * The line of the first quoted value that its line does not close, before `errorLine`. YAML lets a
 * quoted scalar run over lines, so the parser stops far below the opening quote (at the next key's
 * "deficient indentation", or at the end of the file); a config value never spans lines.
 */
export function unclosedQuote(text: string, errorLine: number): { line: number; quote: string } | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < Math.min(lines.length, errorLine); i++) {
    const m = /^\s*(?:-\s+)?(?:[^\s#'"][^#'"]*?:\s+|-\s+)?(["'])(.*)$/.exec(lines[i].replace(/\r$/, ''));
    if (!m) continue;
    const [, quote, rest] = m;
    const closed = quote === '"' ? /^(?:[^"\\]|\\.)*"/.test(rest) : /^(?:[^']|'')*'(?!')/.test(rest);
    if (!closed) return { line: i + 1, quote };
  }
  return undefined;
}

function yamlError(e: unknown, text: string, file: string): ConfigError {
  const first = (e as Error).message.split('\n')[0];
  const mark = (e as { mark?: { line?: number } }).mark;
  const errorLine = mark?.line !== undefined ? mark.line + 1 : text.split('\n').length;
  const open = unclosedQuote(text, errorLine);
  if (open && open.line < errorLine) {
    return ConfigError.ofFile(
      file,
      'config-not-yaml',
      `is not valid YAML: line ${open.line}: the ${open.quote === '"' ? 'double' : 'single'} quote opened on this line is not closed on it (the parser stopped later: ${first}). End the value with ${open.quote} on line ${open.line}.`,
    );
  }
  return ConfigError.ofFile(file, 'config-not-yaml', `is not valid YAML: ${first}`);
}

/** The YAML document of a config file, a mapping (not yet validated). */
function parseDocument(text: string, file: string): Record<string, unknown> {
  if (blank(text)) throw ConfigError.ofFile(file, 'config-empty', 'is empty (or holds only comments): copy examples/deployment.yaml and edit it.');
  let doc: unknown;
  try {
    doc = load(text);
  } catch (e) {
    throw yamlError(e, text, file);
  }
  const shape = notAMapping(doc, file);
  if (shape) throw shape;
  return doc as Record<string, unknown>;
}

function singleConfig(doc: Record<string, unknown>, file: string): DeploymentConfig {
  // reportInput keeps the value in each issue; the error map words any issue a field gives no expectation for.
  const result = configSchema.safeParse(doc, { reportInput: true, error: fallbackMessage });
  if (result.success) return result.data;
  throw new ConfigError(file, configProblems(result.error.issues, doc));
}

/** Either form of config as a fleet: a config without `targets:` is a fleet of one. */
export function parseFleetConfig(text: string, file: string): FleetConfig {
  const doc = parseDocument(text, file);
  if (!isFleetDocument(doc)) return fleetOfOne(singleConfig(doc, file));
  const result = fleetOf(doc);
  if ('problems' in result) throw new ConfigError(file, result.problems);
  return result.fleet;
}

/**
 * One deployment: the single-target form, or a fleet of exactly one target. A fleet of several is
 * refused here: the commands that read one deployment do not run a fleet yet.
 */
export function parseConfig(text: string, file: string): DeploymentConfig {
  const doc = parseDocument(text, file);
  if (!isFleetDocument(doc)) return singleConfig(doc, file);
  const fleet = parseFleetConfig(text, file);
  if (fleet.targets.length === 1) return fleet.targets[0].config;
  throw ConfigError.ofFile(
    file,
    'fleet-not-supported',
    `holds ${fleet.targets.length} targets (${fleet.targets.map((t) => t.name).join(', ')}): this command runs one deployment; for a config with several targets, plan, deploy-sequence, status, diff, doctor, destroy and permissions take it (docs/fleet.md).`,
  );
}

export function loadConfig(file: string): DeploymentConfig {
  return parseConfig(readConfigFile(file), file);
}

export function loadFleetConfig(file: string): FleetConfig {
  return parseFleetConfig(readConfigFile(file), file);
}
