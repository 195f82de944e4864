/**
 * Where reporters write: the output port. The CLI's Io (cli/io.ts) is one, built on the process or on
 * a recorder in tests; the reporters need no more of it than this, so they do not depend on the CLI.
 */
export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stdout is a terminal (live progress) or a pipe/file (plain lines). */
  isTty: boolean;
}
