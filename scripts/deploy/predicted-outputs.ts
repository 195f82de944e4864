/**
 * The outputs a stack will have once its operation succeeds, where its template decides them from the
 * parameters alone: an output that is `Ref` of a parameter, or `Ref` of a resource whose `Ref` value is
 * the name its template gives it from a parameter or a literal. The deploy sequence uses them to create
 * the next stack's change set while this stack's operation runs (engine.ts); the step that later runs it
 * takes it only when the real outputs give the same parameters, so a wrong guess costs a change set,
 * never a wrong deployment.
 */
import { findTemplate, renderTemplate, type TemplateName } from '../../templates-src';

type Json = Record<string, unknown>;

/**
 * Resource types whose `Ref` is the name set by a property, with the page that says so: "When the
 * logical ID of this resource is provided to the Ref intrinsic function, Ref returns the resource name,
 * such as test-repository" (CloudFormation template reference, AWS::ECR::Repository, Return values).
 * Types not listed here are not guessed.
 */
const REF_IS_NAME: Readonly<Record<string, { property: string; source: string }>> = {
  'AWS::ECR::Repository': {
    property: 'RepositoryName',
    source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecr-repository.html#aws-resource-ecr-repository-return-values',
  },
};

const rendered = new Map<TemplateName, Json>();
const templateOf = (name: TemplateName): Json => {
  let t = rendered.get(name);
  if (!t) rendered.set(name, (t = renderTemplate(findTemplate(name)!)));
  return t;
};

/** A literal, or `Ref` of a parameter given a value; undefined otherwise. */
function valueOf(v: unknown, parameters: Record<string, string>): string | undefined {
  if (typeof v === 'string') return v;
  const ref = (v as Json | undefined)?.Ref;
  return typeof ref === 'string' ? parameters[ref] : undefined;
}

/** The outputs of `template` that follow from `parameters` alone, by output name. */
export function predictedOutputs(template: TemplateName, parameters: Record<string, string>): Record<string, string> {
  const t = templateOf(template);
  const resources = (t.Resources ?? {}) as Record<string, { Type: string; Properties?: Json }>;
  const predicted: Record<string, string> = {};
  for (const [name, output] of Object.entries((t.Outputs ?? {}) as Record<string, { Value: unknown }>)) {
    const ref = (output.Value as Json | undefined)?.Ref;
    if (typeof ref !== 'string') continue;
    const resource = resources[ref];
    // Not a resource: a parameter (a pseudo parameter such as AWS::AccountId has no value here).
    const kind = resource && REF_IS_NAME[resource.Type];
    const value = !resource ? parameters[ref] : kind ? valueOf(resource.Properties?.[kind.property], parameters) : undefined;
    if (value !== undefined) predicted[name] = value;
  }
  return predicted;
}
