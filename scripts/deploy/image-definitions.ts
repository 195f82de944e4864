/**
 * imagedefinitions.zip: the ECS deploy action's input, `[{"name": container, "imageUri": uri}]`
 * zipped (the S3 source action delivers the zip's content). Byte-for-byte deterministic, so an
 * unchanged definition is recognised by its hash and not uploaded again.
 */
import { createHash } from 'node:crypto';

export const DEFINITIONS_FILE = 'imagedefinitions.json';
/** CodePipeline limits the file to 100 KB. */
const MAX_BYTES = 100 * 1024;

/**
 * A fixed timestamp. Zip stores local time without a zone, and fflate reads a Date's local fields:
 * built from local fields, the bytes are the same in every time zone.
 */
const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);

export interface ImageDefinitions {
  json: string;
  zip: Uint8Array;
  sha256: string;
}

export function imageDefinitions(containerName: string, repositoryUri: string, imageTag: string): ImageDefinitions {
  // Loaded here, not with the module: the engine imports this file, and most commands never zip.
  const { strToU8, zipSync } = require('fflate') as typeof import('fflate'); // eslint-disable-line @typescript-eslint/no-require-imports
  const json = JSON.stringify([{ name: containerName, imageUri: `${repositoryUri}:${imageTag}` }]) + '\n';
  const bytes = strToU8(json);
  if (bytes.length > MAX_BYTES) throw new Error(`${DEFINITIONS_FILE} is ${bytes.length} bytes; CodePipeline accepts at most ${MAX_BYTES}`);
  const zip = zipSync({ [DEFINITIONS_FILE]: [bytes, { mtime: FIXED_MTIME, level: 9, os: 3, attrs: 0o100644 << 16 }] });
  return { json, zip, sha256: createHash('sha256').update(zip).digest('hex') };
}
