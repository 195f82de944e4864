/**
 * The fake's Commands runs are remembered by their inputs (run-commands.ts): a repeated run answers as
 * the first did, each caller gets its own files, and a run with any input changed runs again.
 */
import { runCommands } from './run-commands';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);
const COMMANDS = ['sed -i -e "s|old|$NEW|" f.txt', 'cat f.txt'];

describe('runCommands', () => {
  it('answers a repeated run as the first, with files of its own', () => {
    const first = runCommands(COMMANDS, { 'f.txt': bytes('old') }, { NEW: 'new' }, ['f.txt']);
    const again = runCommands(COMMANDS, { 'f.txt': bytes('old') }, { NEW: 'new' }, ['f.txt']);
    expect(again).toEqual(first);
    expect(text(again.files['f.txt'])).toBe('new');
    first.files['f.txt']!.fill(0);
    expect(text(runCommands(COMMANDS, { 'f.txt': bytes('old') }, { NEW: 'new' }, ['f.txt']).files['f.txt'])).toBe('new');
  });

  it('runs again when the input files, the environment or the commands differ', () => {
    expect(text(runCommands(COMMANDS, { 'f.txt': bytes('old!') }, { NEW: 'new' }, ['f.txt']).files['f.txt'])).toBe('new!');
    expect(text(runCommands(COMMANDS, { 'f.txt': bytes('old') }, { NEW: 'other' }, ['f.txt']).files['f.txt'])).toBe('other');
    const failed = runCommands(['exit 3', ...COMMANDS], { 'f.txt': bytes('old') }, { NEW: 'new' }, ['f.txt']);
    expect([failed.exitCode, failed.failed, failed.files]).toEqual([3, 'exit 3', {}]);
  });
});
