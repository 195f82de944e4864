/** `xacct diff`: what deploy-sequence would change in each stack, compared locally (a fleet: a section per target). Read-only. */
import { resolve } from 'node:path';
import { loadFleetConfig } from '../config/load-config';
import { verifyIdentities } from '../deploy/identity';
import { diffDeployment } from '../diff/stack-diff';
import { renderDiff } from '../diff/render-diff';
import { EXIT, type ExitCode } from '../errors';
import { resolveTargets, type ResolvedTarget } from '../targets/resolve-targets';
import type { FleetConfig } from '../config/fleet-config';
import { selectTargets } from '../targets/select-targets';
import type { RunDeps } from './run-deps';
import { readOnlySession } from './read-only-session';
import { selectionOf, type TargetOptions } from './target-options';
import type { Io } from './io';

export interface DiffCommandOptions extends TargetOptions {
  config: string;
  json: boolean;
}

/**
 * A fleet the StackSets engine deployed (a `stackSets:` block and its sets in account A): each target's
 * section is what a deploy would change in the stack sets and its instances (stacksets/diff-stacksets.ts).
 */
async function stackSetsDiff(fleet: FleetConfig, all: ResolvedTarget[], options: DiffCommandOptions, io: Io, deps: RunDeps): Promise<ExitCode | undefined> {
  if (!fleet.stackSets) return undefined;
  const { stackSetsAdmin } = await import('./stacksets-admin');
  const ss = await stackSetsAdmin(fleet, all, io, deps, deps.signal ?? new AbortController().signal);
  if (!ss) return undefined;
  const { runSections } = await import('./fleet-sections');
  const { stackSetsDiffReader, renderStackSetsDiff } = await import('../stacksets/diff-stacksets');
  let reader: ReturnType<typeof stackSetsDiffReader> | undefined;
  return runSections(selectTargets(all, selectionOf(options)), options, io, deps, {
    read: async (t, aws, portsOf) => {
      await verifyIdentities(t.config, aws, () => undefined);
      reader ??= stackSetsDiffReader(all, ss.state, ss.admin, portsOf);
      return reader.diff(t, aws);
    },
    render: renderStackSetsDiff,
    exitOf: (d) => (d.changed ? EXIT.findings : EXIT.ok),
  });
}

/** Exit 0 when a deploy would change nothing, 1 when it would change something. */
export async function runDiff(options: DiffCommandOptions, io: Io, deps: RunDeps): Promise<ExitCode> {
  const fleet = loadFleetConfig(resolve(options.config));
  const all = resolveTargets(fleet);
  const selected = selectTargets(all, selectionOf(options));
  if (fleet.targets.length > 1) {
    const { runSections } = await import('./fleet-sections');
    const { isFleetRegion, regionReader } = await import('../deploy/fleet-source-state');
    const { diffFleetSource, withFleetSourceDiff } = await import('../diff/fleet-source-diff');
    let regionOf: ReturnType<typeof regionReader> | undefined;
    const stackSets = await stackSetsDiff(fleet, all, options, io, deps);
    if (stackSets !== undefined) return stackSets;
    return runSections(selected, options, io, deps, {
      read: async (t, aws, portsOf) => {
        await verifyIdentities(t.config, aws, () => undefined);
        const diff = await diffDeployment(t.config, aws);
        if (!isFleetRegion(all, t)) return diff;
        // Account A's part: the fleet stack that serves the target, against what a deploy would send it.
        regionOf ??= regionReader(all, portsOf);
        return withFleetSourceDiff(diff, await diffFleetSource(fleet.name, t.source.accountId, t.name, aws, await regionOf(t)));
      },
      render: renderDiff,
      exitOf: (diff) => (diff.changed ? EXIT.findings : EXIT.ok),
    });
  }
  const config = selected[0]!.config;
  return readOnlySession(config, io, deps, async (aws) => {
    await verifyIdentities(config, aws, () => undefined);
    const diff = await diffDeployment(config, aws);
    io.out(options.json ? JSON.stringify(diff, null, 2) + '\n' : renderDiff(diff));
    return diff.changed ? EXIT.findings : EXIT.ok;
  });
}
