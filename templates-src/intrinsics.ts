/**
 * Intrinsic functions for the builders. `Ref`, `GetAtt` and `Join` are cloudform-types' own; `Sub` is
 * wrapped because cloudform-types always emits the two-argument form, and the one-argument form is what
 * people read (and what `!Sub 'arn:${AWS::Partition}:...'` prints as).
 */
import { IntrinsicFunction, type Value } from 'cloudform-types/types/dataTypes';
import { GetAtt, Join, Ref, If, Equals, Not } from 'cloudform-types/types/functions';

export { GetAtt, Join, Ref, If, Equals, Not, IntrinsicFunction, type Value };

/** `!Sub 'text with ${Vars}'`: pseudo parameters, parameters and `${Resource.Attr}` resolve in place. */
export function Sub(text: string): IntrinsicFunction {
  return new IntrinsicFunction('Fn::Sub', text);
}

/** `!Ref AWS::NoValue`: drops a property (used inside `Fn::If`). */
export const NoValue = Ref('AWS::NoValue');
