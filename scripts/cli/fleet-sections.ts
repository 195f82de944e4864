/**
 * A read-only command (diff, doctor) over the selected targets of a fleet: each target read with its own
 * credentials by the single-target code, a bounded number at a time, and printed as a section headed by
 * the target's name (`--json`: an array of `{ target, report }` or `{ target, error }`). A target that
 * cannot be read is its section's error; the others still print.
 */
import type { Accounts } from '../deploy/observe';
import { EXIT, InterruptedError, XacctError, type ExitCode } from '../errors';
import { DEFAULT_FLEET_CONCURRENCY, eachTarget } from '../targets/each-target';
import type { ResolvedTarget } from '../targets/resolve-targets';
import { fleetSession } from './fleet-session';
import type { Io } from './io';
import type { RunDeps } from './run-deps';

export interface SectionCommand<R> {
  /** `portsOf`: any target's ports (account A's fleet stacks of a region take each of its targets' stage-1 outputs). */
  read: (t: ResolvedTarget, aws: Accounts, portsOf: (t: ResolvedTarget) => Promise<Accounts>) => Promise<R>;
  render: (report: R) => string;
  exitOf: (report: R) => ExitCode;
}

/**
 * The fleet's exit: a target that could not be read (its own code: 4 AWS, 6 credentials) before one with
 * findings (1), before all well (0), as the single-target commands rank them.
 */
export function worstExit(codes: ExitCode[]): ExitCode {
  return codes.find((c) => c !== EXIT.ok && c !== EXIT.findings) ?? (codes.includes(EXIT.findings) ? EXIT.findings : EXIT.ok);
}

export async function runSections<R>(targets: ResolvedTarget[], options: { json: boolean; concurrency?: number }, io: Io, deps: RunDeps, command: SectionCommand<R>): Promise<ExitCode> {
  return fleetSession(io, deps, { readOnly: true }, async (session) => {
    const settled = await eachTarget(targets, options.concurrency ?? DEFAULT_FLEET_CONCURRENCY, async (t) => command.read(t, await session.portsOf(t), session.portsOf));
    const sections = settled.map((s, i) => {
      const t = targets[i]!;
      const head = { target: t.name, accountId: t.target.accountId, region: t.region };
      if (s.ok) return { ...head, report: s.value, code: command.exitOf(s.value) };
      if (s.error instanceof InterruptedError || !(s.error instanceof XacctError)) throw s.error;
      return { ...head, error: { code: s.error.code, message: s.error.message }, code: s.error.exitCode };
    });
    if (options.json) io.out(JSON.stringify(sections.map(({ code: _code, ...rest }) => rest), null, 2) + '\n');
    else {
      for (const s of sections) {
        io.out(`== ${s.target} (account ${s.accountId}, ${s.region}) ==\n`);
        io.out('report' in s ? command.render(s.report as R) : `could not be read: ${s.error.message}\n`);
        io.out('\n');
      }
    }
    return worstExit(sections.map((s) => s.code));
  });
}
