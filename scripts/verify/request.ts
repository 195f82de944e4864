/**
 * One request the proof evaluates: a caller, an action, a resource and the context AWS would fill in.
 * Its own file so that the evaluator (evaluate.ts) and the wording of denials (diagnose.ts) both take
 * it from below instead of from each other.
 */
import type { Principal, Resource } from '../access-model/access-model';

export interface Request {
  kind: 'call' | 'probe';
  id: string;
  /** The flow step (calls) or what the probe tries (probes). */
  step: string;
  caller: Principal;
  action: string;
  resource: Resource;
  context: Record<string, string>;
}
