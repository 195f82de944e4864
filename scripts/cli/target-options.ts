/** `--targets a,b`, `--wave N` and `--concurrency N` as every command over a fleet takes them. */
import { InvalidArgumentError } from 'commander';
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


/** `--wave N`: a whole number. */
export function parseWave(v: string): number {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('must be a whole number, for example 1');
  return Number(v);
}

/** `--concurrency N`: at least one target at a time. */
export function parseConcurrency(v: string): number {
  if (!/^[1-9]\d*$/.test(v)) throw new InvalidArgumentError('must be a whole number of at least 1, for example 4');
  return Number(v);
}
