/** `--targets NAME,...` and `--wave N`: the targets one run covers, in the config's order. */
import { EXIT, XacctError } from '../errors';
import type { ResolvedTarget } from './resolve-targets';

export interface TargetSelection {
  /** Names from --targets; absent: every target. */
  names?: string[];
  /** --wave: only the targets of this wave. */
  wave?: number;
}

export function selectTargets(targets: ResolvedTarget[], selection: TargetSelection): ResolvedTarget[] {
  const known = targets.map((t) => t.name);
  const unknown = (selection.names ?? []).filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new XacctError('unknown-target', `--targets names ${unknown.join(', ')}, which the config does not have: its targets are ${known.join(', ')}.`, EXIT.usage);
  }
  const chosen = targets.filter((t) => (selection.names === undefined || selection.names.includes(t.name)) && (selection.wave === undefined || t.wave === selection.wave));
  if (chosen.length === 0) {
    const waves = [...new Set(targets.map((t) => t.wave))].sort((a, b) => a - b);
    throw new XacctError('no-target', `no target${selection.names ? ` among ${selection.names.join(', ')}` : ''} is in wave ${selection.wave}: the config's waves are ${waves.join(', ')}.`, EXIT.usage);
  }
  return chosen;
}
