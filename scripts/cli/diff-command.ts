/** `xacct diff`: what deploy-sequence would change in each stack, compared locally. Read-only. */
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config';
import { verifyIdentities } from '../deploy/identity';
import { diffDeployment } from '../diff/stack-diff';
import { renderDiff } from '../diff/render-diff';
import { EXIT, type ExitCode } from '../errors';
import type { RunDeps } from './run-deps';
import { readOnlySession } from './read-only-session';
import type { Io } from './io';

export interface DiffCommandOptions {
  config: string;
  json: boolean;
}

/** Exit 0 when a deploy would change nothing, 1 when it would change something. */
export async function runDiff(options: DiffCommandOptions, io: Io, deps: RunDeps): Promise<ExitCode> {
  const config = loadConfig(resolve(options.config));
  return readOnlySession(config, io, deps, async (aws) => {
    await verifyIdentities(config, aws, () => undefined);
    const diff = await diffDeployment(config, aws);
    io.out(options.json ? JSON.stringify(diff, null, 2) + '\n' : renderDiff(diff));
    return diff.changed ? EXIT.findings : EXIT.ok;
  });
}
