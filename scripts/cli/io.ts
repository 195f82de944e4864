/** Where a command writes. The binary passes the process streams; tests pass recorders. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stdout is a terminal (live progress) or a pipe/file (plain lines). */
  isTty: boolean;
}

export const processIo = (): Io => ({
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTty: Boolean(process.stdout.isTTY),
});

/** Records everything a command prints, for tests. */
export function recordingIo(): Io & { stdout: () => string; stderr: () => string } {
  let o = '';
  let e = '';
  return {
    out: (t) => (o += t),
    err: (t) => (e += t),
    isTty: false,
    stdout: () => o,
    stderr: () => e,
  };
}
