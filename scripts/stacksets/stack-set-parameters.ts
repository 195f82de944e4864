/**
 * A stack set has one set of parameters; each instance may override them (ParameterOverrides). The
 * stack set's value of a parameter is the value every target shares, or the first target's; a target
 * overrides where its value differs.
 */
import type { ParameterSource } from '../targets/stack-parameters';

/** Thrown when a parameter's value comes from a stack output the run has not read. */
export class MissingOutputError extends Error {}

/**
 * A target's parameter values: given values as they are, outputs from the stacks they name
 * (`outputsOf(stackName)` answers for the target: its stage-1 instance, or account A's stack).
 */
export function resolveParameters(sources: Record<string, ParameterSource>, outputsOf: (stack: string) => Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(sources).map(([name, s]) => {
      if ('value' in s) return [name, s.value];
      const value = outputsOf(s.fromStack)?.[s.output];
      if (value === undefined) throw new MissingOutputError(`parameter ${name} takes output ${s.output} of stack ${s.fromStack}, which was not read`);
      return [name, value];
    }),
  );
}

/** The stack set's parameters for these targets' values (in target order). */
export function stackSetParameters(values: Array<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) for (const [k, x] of Object.entries(v)) if (!(k in out)) out[k] = x;
  return out;
}

/**
 * What one instance sends as ParameterOverrides: every value that differs from the stack set's, and
 * every parameter it overrode before (UpdateStackInstances keeps an override left out, API reference
 * ParameterOverrides: "to leave an overridden parameter set to its present value, include the parameter
 * and specify UsePreviousValue as true"; sending the value again is the same).
 */
export function overridesFor(desired: Record<string, string>, setParameters: Record<string, string>, previous: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(desired).filter(([k, v]) => setParameters[k] !== v || k in previous));
}

/** Whether an instance's values (the set's, overridden) are the desired ones. */
export function sameValues(desired: Record<string, string>, setParameters: Record<string, string>, overrides: Record<string, string>): boolean {
  const effective = { ...setParameters, ...overrides };
  return Object.keys({ ...desired, ...effective }).every((k) => effective[k] === desired[k]);
}
