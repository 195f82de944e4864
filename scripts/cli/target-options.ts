/** `--targets a,b`, `--wave N` and `--concurrency N` as every command over a fleet takes them. */
import type { TargetSelection } from '../targets/select-targets';

export interface TargetOptions {
  /** --targets a,b */
  targets?: string;
  /** --wave N */
  wave?: number;
}

export function selectionOf(options: TargetOptions): TargetSelection {
  const names = options.targets?.split(',').map((n) => n.trim()).filter((n) => n !== '');
  return { ...(names ? { names } : {}), ...(options.wave !== undefined ? { wave: options.wave } : {}) };
}

/** Whether the command names targets at all (a single-target config then still checks the names). */
export const selects = (options: TargetOptions) => options.targets !== undefined || options.wave !== undefined;
