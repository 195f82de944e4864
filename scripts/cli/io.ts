/** Where a command writes, and who answers its questions. The binary passes the process; tests pass recorders. */
import { createInterface } from 'node:readline/promises';
import { InterruptedError } from '../errors';
import type { Output } from '../progress/output';

/** The output port (stdout, stderr, whether stdout is a terminal), and the questions a command may ask. */
export interface Io extends Output {
  /** Asks a yes/no question; absent when nobody can answer (no terminal on stdin). */
  confirm?: (question: string) => Promise<boolean>;
  /** Asks for a line of text (an MFA code); absent when nobody can answer. */
  ask?: (question: string) => Promise<string>;
  /** Reads all of stdin (`xacct explain -`); absent where there is none. */
  readStdin?: () => Promise<string>;
}

/** All of the process's stdin, as text. */
export async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** One line from the terminal; Ctrl-C at the prompt interrupts the run. */
export async function readLineOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw new InterruptedError();
    throw e;
  } finally {
    rl.close();
  }
}

export async function askOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } catch (e) {
    // Ctrl-C at the prompt: the terminal is in raw mode, so it arrives as an aborted question, not SIGINT.
    if ((e as Error).name === 'AbortError') throw new InterruptedError();
    throw e;
  } finally {
    rl.close();
  }
}

let pipeWatched = false;

/**
 * A reader that stops early (`xacct --help | head -1`) closes stdout: the next write fails with EPIPE.
 * The command then ends quietly, with the exit code it had so far, instead of a stack trace.
 */
export function endQuietlyOnClosedStdout(stream: NodeJS.WriteStream = process.stdout, exit: (code: number) => void = (c) => process.exit(c)): void {
  if (pipeWatched && stream === process.stdout) return;
  if (stream === process.stdout) pipeWatched = true;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    else throw e;
  });
}

export const processIo = (): Io => (endQuietlyOnClosedStdout(), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTty: Boolean(process.stdout.isTTY),
  readStdin: readProcessStdin,
  ...(process.stdin.isTTY ? { confirm: askOnTerminal, ask: readLineOnTerminal } : {}),
});

/**
 * Records everything a command prints, for tests; `answers` are given to yes/no questions in turn,
 * `lines` to text questions (without them nobody can answer).
 */
export function recordingIo(answers?: boolean[], isTty = false, lines?: string[]): Io & { stdout: () => string; stderr: () => string; questions: string[] } {
  let o = '';
  let e = '';
  const questions: string[] = [];
  return {
    out: (t) => (o += t),
    err: (t) => (e += t),
    isTty,
    ...(answers
      ? {
          confirm: async (q: string) => {
            questions.push(q);
            return answers.shift() ?? false;
          },
        }
      : {}),
    ...(lines
      ? {
          ask: async (q: string) => {
            questions.push(q);
            return lines.shift() ?? '';
          },
        }
      : {}),
    stdout: () => o,
    stderr: () => e,
    questions,
  };
}
