/**
 * Stack outputs at run time: the parameters a stack takes from the other account's stack, resolved.
 * The table of which parameter comes from where is targets/stack-parameters.ts.
 */
import type { ParameterSource } from '../targets/stack-parameters';
import { awsError } from '../aws/aws-errors';

export { stackParameters } from '../targets/stack-parameters';

/** Outputs of the stacks deployed so far, by stack name. */
export type KnownOutputs = Record<string, Record<string, string> | undefined>;

/** The outputs of both stacks, by stack name, from what is known of them. */
export const outputsByStack = (c: { source: { stackName: string }; target: { stackName: string } }, stacks: { target?: { outputs: Record<string, string> } | undefined; source?: { outputs: Record<string, string> } | undefined }): KnownOutputs => ({
  [c.target.stackName]: stacks.target?.outputs,
  [c.source.stackName]: stacks.source?.outputs,
});

/** Values for every parameter whose source is known; undefined when an output is not available yet. */
export function resolveParameters(sources: Record<string, ParameterSource>, outputs: KnownOutputs): Record<string, string> | undefined {
  const resolved: Record<string, string> = {};
  for (const [name, source] of Object.entries(sources)) {
    if ('value' in source) {
      resolved[name] = source.value;
      continue;
    }
    const v = outputs[source.fromStack]?.[source.output];
    if (v === undefined) return undefined;
    resolved[name] = v;
  }
  return resolved;
}

/** The value of one source, now; a missing output means the sequence has not got that far. */
export function resolveSource(outputs: KnownOutputs, source: ParameterSource): string {
  if ('value' in source) return source.value;
  const value = outputs[source.fromStack]?.[source.output];
  if (!value) throw awsError('missing-output', `stack ${source.fromStack} has no output ${source.output}: run the whole sequence`);
  return value;
}
