/** One JSON object per line for machines (`--json`): the progress events as they happen. */
import type { Io } from '../cli/io';
import type { ProgressEvent } from './events';

export const jsonReporter = (io: Io) => (event: ProgressEvent) => io.out(JSON.stringify(event) + '\n');
