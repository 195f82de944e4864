/**
 * Reads the config file's text, or says in one sentence why it cannot: missing, a folder, not
 * readable, or far too large. The size is checked (fstat) before a byte is read, and reading stops at
 * the limit, so a wrong path to a disk image or a pipe that never ends costs nothing.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ConfigError } from './config-error';

/** A deployment config is a few kilobytes; one a thousand times that is the wrong file. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

// One decimal just over the limit ("1.2 MB"), whole numbers beyond (the sizes shown are all over 1 MB).
function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 10 || Number.isInteger(mb) ? `${Math.round(mb)} MB` : `${mb.toFixed(1)} MB`;
}

function tooLarge(file: string, bytes?: number): ConfigError {
  const size = bytes === undefined ? `is larger than ${megabytes(MAX_CONFIG_BYTES)}` : `is ${megabytes(bytes)}`;
  return ConfigError.ofFile(
    file,
    'config-too-large',
    `${size}: a deployment config is a few kilobytes, and files over ${megabytes(MAX_CONFIG_BYTES)} are not read. Is this the right file? (see examples/deployment.yaml)`,
  );
}

function cannotOpen(file: string, e: NodeJS.ErrnoException): ConfigError {
  switch (e.code) {
    case 'ENOENT':
      return ConfigError.ofFile(file, 'config-not-found', 'does not exist: check the path, or copy examples/deployment.yaml there and edit it.');
    case 'ENOTDIR':
      return ConfigError.ofFile(file, 'config-not-found', 'does not exist: a part of its path is a file, not a folder.');
    case 'EISDIR':
      return isFolder(file);
    case 'EACCES':
    case 'EPERM':
      return ConfigError.ofFile(file, 'config-unreadable', `cannot be read: permission denied (${e.code}). Give yourself read access (chmod u+r ${file}) or run as a user who has it.`);
    default:
      return ConfigError.ofFile(file, 'config-unreadable', `cannot be read: ${e.code ?? 'error'}: ${e.message}.`);
  }
}

const isFolder = (file: string) =>
  ConfigError.ofFile(file, 'config-not-a-file', `is a folder, not a file: pass the YAML file itself, for example --config ${file}/deployment.yaml (copy examples/deployment.yaml to start one).`);

/** The file's text; throws a ConfigError with one sentence when it cannot be had. */
export function readConfigFile(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw cannotOpen(file, e as NodeJS.ErrnoException);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw isFolder(file);
    if (stat.isFile() && stat.size > MAX_CONFIG_BYTES) throw tooLarge(file, stat.size);
    // Pipes and devices (--config <(envsubst < tpl.yaml)) have no size up front: read up to the limit.
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > MAX_CONFIG_BYTES) throw tooLarge(file);
    return buffer.subarray(0, length).toString('utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw cannotOpen(file, e as NodeJS.ErrnoException);
  } finally {
    closeSync(fd);
  }
}
