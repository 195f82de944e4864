/**
 * What the fake does for a Commands action: it runs the action's commands for real, with /bin/sh, in a
 * fresh directory that holds the files of the input artifact, and the action's environment variables
 * set ("All artifacts that are specified as input artifacts to a CodeBuild action are available inside
 * of the container running the commands", Commands action reference). Commands run one after another
 * and the first that fails fails the action, as in a CodeBuild build phase. The fake's shortcuts: the
 * host's shell and tools stand in for CodePipeline's managed Linux build image (unsure which versions
 * of sed and grep that image holds; GNU ones on Amazon Linux), and there is no 55-minute timeout.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CommandsRun {
  /** 0 when every command succeeded. */
  exitCode: number;
  /** The failing command, when one failed. */
  failed?: string;
  /** stdout and stderr of every command, in order (the action's log). */
  log: string;
  /** The files the output artifact asks for that exist after the run, by name. */
  files: Record<string, Uint8Array>;
}

/**
 * Runs already made, by everything they depend on. The commands the pipelines run (the Pin stage's
 * grep/sed/cat) read only their input files and environment, so the same inputs give the same run; a
 * test file deploys and releases the same pipeline many times, and each run forked a shell per command
 * (several per cent of a deploy-heavy file's CPU, and the forks' own). Answers are copied out, so a caller changing one changes no
 * other (as Buffers, which readFileSync gave).
 */
const runs = new Map<string, CommandsRun>();
const MAX_RUNS = 256;

const copyOf = (run: CommandsRun): CommandsRun => ({ ...run, files: Object.fromEntries(Object.entries(run.files).map(([name, body]) => [name, Buffer.from(body)])) });

export function runCommands(commands: string[], input: Record<string, Uint8Array>, env: Record<string, string>, outputFiles: string[]): CommandsRun {
  const key = JSON.stringify([commands, process.env.PATH, env, outputFiles, Object.entries(input).map(([name, body]) => [name, Buffer.from(body).toString('base64')])]);
  let run = runs.get(key);
  if (!run) {
    run = runInShell(commands, input, env, outputFiles);
    if (runs.size >= MAX_RUNS) runs.delete(runs.keys().next().value!);
    runs.set(key, run);
  }
  return copyOf(run);
}

function runInShell(commands: string[], input: Record<string, Uint8Array>, env: Record<string, string>, outputFiles: string[]): CommandsRun {
  const dir = mkdtempSync(join(tmpdir(), 'xacct-commands-'));
  try {
    for (const [name, body] of Object.entries(input)) writeFileSync(join(dir, name), body);
    let log = '';
    for (const command of commands) {
      const r = spawnSync('/bin/sh', ['-c', command], { cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, encoding: 'utf8' });
      log += `$ ${command}\n${r.stdout ?? ''}${r.stderr ?? ''}`;
      const code = r.status ?? 1;
      if (code !== 0) return { exitCode: code, failed: command, log, files: {} };
    }
    const files: Record<string, Uint8Array> = {};
    for (const name of outputFiles) if (existsSync(join(dir, name))) files[name] = readFileSync(join(dir, name));
    return { exitCode: 0, log, files };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
