/** Where a command writes, and who answers its questions. The binary passes the process; tests pass recorders. */
import { createInterface } from 'node:readline/promises';
import { InterruptedError } from '../deploy/resilient-ports';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stdout is a terminal (live progress) or a pipe/file (plain lines). */
  isTty: boolean;
  /** Asks a yes/no question; absent when nobody can answer (no terminal on stdin). */
  confirm?: (question: string) => Promise<boolean>;
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

export const processIo = (): Io => ({
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTty: Boolean(process.stdout.isTTY),
  ...(process.stdin.isTTY ? { confirm: askOnTerminal } : {}),
});

/** Records everything a command prints, for tests; `answers` are given to questions in turn. */
export function recordingIo(answers?: boolean[], isTty = false): Io & { stdout: () => string; stderr: () => string; questions: string[] } {
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
    stdout: () => o,
    stderr: () => e,
    questions,
  };
}
