/**
 * The commands that check this project's own templates (lint, verify-access) load development
 * dependencies, which an installed xacct (npm install -g, npx) does not have. They say so plainly
 * instead of failing on a missing module.
 */
import { environmentError } from '../errors';

/** Throws an environment error (exit 3) naming the missing packages, when any of `names` cannot be resolved. */
export function requireDevDependencies(command: string, names: readonly string[], resolveName: (n: string) => string = require.resolve): void {
  const missing = names.filter((n) => {
    try {
      resolveName(n);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return;
  const shown = missing.map((n) => n.replace(/\/package\.json$/, ''));
  throw environmentError(
    'dev-dependency-missing',
    `xacct ${command} needs the development ${missing.length === 1 ? 'dependency' : 'dependencies'} ${shown.join(', ')}, which an installed xacct does not include: ` +
      `run it from a clone of the project after installing its locked dependencies (npm ci). The deployment commands do not need ${missing.length === 1 ? 'it' : 'them'}.`,
  );
}
