/** One JSON object per line for machines (`--json`): the progress events as they happen. */
import type { Output } from './output';
import type { ProgressEvent } from '../deploy/events';

export const jsonReporter = (io: Output) => (event: ProgressEvent) => io.out(JSON.stringify(event) + '\n');
