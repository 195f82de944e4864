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

export function runCommands(commands: string[], input: Record<string, Uint8Array>, env: Record<string, string>, outputFiles: string[]): CommandsRun {
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
