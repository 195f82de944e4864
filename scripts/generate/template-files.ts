/** Where the templates live as files: `<name>.yaml` in a folder (generated/, or one a command is given). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATES } from '../../templates-src';

export const fileNameOf = (name: string) => `${name}.yaml`;

/** The template files of a folder, in template order, and those of them that are not there. */
export function templateFilesIn(dir: string): { files: string[]; missing: string[] } {
  const files = TEMPLATES.map((t) => join(dir, fileNameOf(t.name)));
  return { files, missing: files.filter((f) => !existsSync(f)) };
}
