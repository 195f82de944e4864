/**
 * A template as the deploy sequence uses it: the YAML body (identical to generated/, which the tests
 * and `make check-generated` keep current), its content hash, the capabilities it needs and its
 * parameter definitions for checks before any API call.
 */
import { createHash } from 'node:crypto';
import { findTemplate, renderTemplate, type TemplateName } from '../../templates-src';
import { yamlText } from '../generate/yaml-text';
import type { Capability } from '../aws/ports';

export interface ParameterDefinition {
  Type: string;
  Default?: unknown;
  AllowedPattern?: string;
  MinLength?: number;
  MaxLength?: number;
  MinValue?: number;
  MaxValue?: number;
  ConstraintDescription?: string;
}

/** A template as a stack step deploys it: the three pipeline templates, or the bootstrap stack's. */
export interface StackArtifact {
  name: string;
  readonly body: string;
  /** First 16 hex digits of the body's SHA-256: the template version a stack runs (stack tag). */
  readonly hash: string;
  capabilities: Capability[];
  parameters: Record<string, ParameterDefinition>;
}

export interface TemplateArtifact extends StackArtifact {
  name: TemplateName;
}

/**
 * The artifact of a template rendered to JSON: its YAML text (as generated/ holds it), hash and
 * capabilities. The text and its hash are made on first read: `plan` shows parameters and capabilities
 * only, and dumping the three templates was a tenth of its start.
 */
export function artifactOf<N extends string>(name: N, json: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>; Parameters?: Record<string, ParameterDefinition> }): StackArtifact & { name: N } {
  let body: string | undefined;
  let hash: string | undefined;
  return {
    name,
    get body() {
      return (body ??= yamlText(name, json));
    },
    get hash() {
      return (hash ??= createHash('sha256').update(this.body).digest('hex').slice(0, 16));
    },
    capabilities: capabilitiesFor(json.Resources),
    parameters: json.Parameters ?? {},
  };
}

const cache = new Map<TemplateName, TemplateArtifact>();

/**
 * "If you have IAM resources with custom names, you must specify CAPABILITY_NAMED_IAM": AWS::IAM::Group,
 * ::InstanceProfile, ::ManagedPolicy, ::Role and ::User each with its name property; any other IAM
 * resource needs CAPABILITY_IAM (CloudFormation API reference, CreateChangeSet, Capabilities).
 */
const CUSTOM_NAME: Record<string, string> = {
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
};

export function capabilitiesFor(resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>): Capability[] {
  const iam = Object.values(resources).filter((r) => r.Type.startsWith('AWS::IAM::'));
  if (iam.length === 0) return [];
  const named = iam.some((r) => CUSTOM_NAME[r.Type] !== undefined && r.Properties?.[CUSTOM_NAME[r.Type]] !== undefined);
  return named ? ['CAPABILITY_NAMED_IAM'] : ['CAPABILITY_IAM'];
}

export function templateArtifact(name: TemplateName): TemplateArtifact {
  const cached = cache.get(name);
  if (cached) return cached;
  const definition = findTemplate(name);
  if (!definition) throw new Error(`no template ${name}`);
  const json = renderTemplate(definition) as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>; Parameters: Record<string, ParameterDefinition> };
  const artifact: TemplateArtifact = artifactOf(name, json);
  cache.set(name, artifact);
  return artifact;
}

/**
 * The most a template sent inline may hold: "TemplateBody … Length Constraints: Minimum length of 1.
 * Maximum length of 51200" (CloudFormation API reference, CreateChangeSet). Larger ones must come from
 * S3 (TemplateURL); the tool refuses them before any call instead, and a test keeps the generated ones
 * under it.
 */
export const TEMPLATE_BODY_LIMIT = 51_200;

export function sizeProblem(artifact: StackArtifact): string | undefined {
  const bytes = Buffer.byteLength(artifact.body, 'utf8');
  if (bytes <= TEMPLATE_BODY_LIMIT) return undefined;
  return `template ${artifact.name} is ${bytes} bytes; CloudFormation takes at most ${TEMPLATE_BODY_LIMIT} bytes in a request (TemplateBody), and this tool does not upload templates to S3 for TemplateURL`;
}

/** Parameter problems CloudFormation would reject, found before the call: missing, unknown, bad pattern. */
export function parameterProblems(artifact: StackArtifact, values: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(values)) {
    if (!(name in artifact.parameters)) problems.push(`parameter ${name} does not exist in ${artifact.name}`);
  }
  for (const [name, p] of Object.entries(artifact.parameters)) {
    const v = values[name];
    if (v === undefined) {
      if (p.Default === undefined) problems.push(`parameter ${name} of ${artifact.name} has no value`);
      continue;
    }
    const why = p.ConstraintDescription ? `: it ${p.ConstraintDescription}` : '';
    if (p.AllowedPattern !== undefined && !new RegExp(p.AllowedPattern).test(v)) problems.push(`parameter ${name}=${JSON.stringify(v)} does not match ${p.AllowedPattern}${why}`);
    if (p.MinLength !== undefined && v.length < p.MinLength) problems.push(`parameter ${name} is shorter than ${p.MinLength}${why}`);
    if (p.MaxLength !== undefined && v.length > p.MaxLength) problems.push(`parameter ${name} is longer than ${p.MaxLength}${why}`);
    if (p.Type === 'Number') {
      const n = Number(v);
      if (v.trim() === '' || Number.isNaN(n)) problems.push(`parameter ${name}=${JSON.stringify(v)} is not a number`);
      else if ((p.MinValue !== undefined && n < p.MinValue) || (p.MaxValue !== undefined && n > p.MaxValue)) problems.push(`parameter ${name}=${v} is out of range${why}`);
    }
  }
  return problems;
}
