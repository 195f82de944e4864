/**
 * Stage 2 as the StackSets engine deploys it: a stack of its own beside the stage-1 stack.
 *
 * AccB-pipeline-2 is AccB-pipeline-1 plus the pipeline, its trigger role and two rules: the targets
 * engine updates stack B from one to the other. A stack set cannot do that: each stack set makes its
 * own stack in every account (named `StackSet-<set>-<id>`), and a stack set has one template for all of
 * its instances, so stage 1 and stage 2 are two sets. Deploying the whole AccB-pipeline-2 as the second
 * set would create the stage-1 resources a second time, and the roles' names are fixed (`<NamePrefix>-...`):
 * their creation fails ("Resource of type 'AWS::IAM::Role' with identifier '...' already exists.",
 * HandlerErrorCode AlreadyExists, as recorded in awslabs/stable-diffusion-aws-extension#233; a role name is
 * unique in an account: CloudFormation User Guide, AWS::IAM::Role RoleName). So the second set's template holds
 * only what AccB-pipeline-2 adds, and each reference to a stage-1 resource becomes a parameter filled from
 * the stage-1 stack's output of the same value (PipelineRoleArn, ArtifactBucketName, ...). A reference that
 * no stage-1 output carries is refused here, so a change to the templates cannot slip through.
 */
import { findTemplate, renderTemplate, type TemplateName } from '../../templates-src';
import { artifactOf, type ParameterDefinition, type StackArtifact } from '../deploy/template-artifacts';

type Json = Record<string, unknown>;

export interface PipelinePart {
  artifact: StackArtifact;
  /** Each added parameter and the stage-1 output whose value it takes (the same name). */
  fromStageOne: Record<string, string>;
}

/** A template rendered to JSON, as far as this file reads it. */
export interface RenderedTemplate {
  Parameters: Record<string, ParameterDefinition>;
  Resources: Record<string, Json>;
  Outputs: Record<string, Json>;
  Conditions?: Json;
}

const render = (name: TemplateName) => renderTemplate(findTemplate(name)!) as unknown as RenderedTemplate;

/** `Ref X` / `GetAtt X.Attr` of a stage-1 resource, as a key: the output that carries it, by key. */
function outputsByReference(outputs: Record<string, Json>): Map<string, string> {
  const byRef = new Map<string, string>();
  for (const [name, o] of Object.entries(outputs)) {
    const v = o.Value as Json;
    if (typeof v?.Ref === 'string') byRef.set(v.Ref, name);
    const att = v?.['Fn::GetAtt'];
    if (Array.isArray(att)) byRef.set(att.join('.'), name);
  }
  return byRef;
}

/** `one` and `two`: the stage templates (AccB-pipeline-1 and -2 by default; a test passes others). */
/** The conditions `parts` use (Fn::If, a resource's Condition), with the conditions those use. */
function usedConditions(all: Json, parts: unknown[]): Json {
  const used = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v as Json)) {
      if (k === 'Fn::If' && Array.isArray(x) && typeof x[0] === 'string') mark(x[0]);
      if (k === 'Condition' && typeof x === 'string') mark(x);
      visit(x);
    }
  };
  const mark = (name: string): void => {
    if (used.has(name) || !(name in all)) return;
    used.add(name);
    visit(all[name]);
  };
  parts.forEach(visit);
  return Object.fromEntries(Object.entries(all).filter(([k]) => used.has(k)));
}

export function pipelinePart(one: RenderedTemplate = render('AccB-pipeline-1'), two: RenderedTemplate = render('AccB-pipeline-2')): PipelinePart {
  const stageOne = new Set(Object.keys(one.Resources));
  const carriedBy = outputsByReference(one.Outputs);
  const fromStageOne: Record<string, string> = {};
  const parameterFor = (reference: string): string => {
    const output = carriedBy.get(reference);
    if (!output) throw new Error(`AccB-pipeline-2 refers to ${reference} of stage 1, which no AccB-pipeline-1 output carries: the StackSets engine's stage 2 cannot take it`);
    fromStageOne[output] = output;
    return output;
  };
  const rewrite = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rewrite);
    if (v === null || typeof v !== 'object') return v;
    const o = v as Json;
    if (typeof o.Ref === 'string' && stageOne.has(o.Ref)) return { Ref: parameterFor(o.Ref) };
    const att = o['Fn::GetAtt'];
    if (Array.isArray(att) && stageOne.has(att[0] as string)) return { Ref: parameterFor(att.join('.')) };
    const sub = o['Fn::Sub'];
    if (sub !== undefined) {
      const [text, vars] = Array.isArray(sub) ? (sub as [string, Json]) : [sub as string, undefined];
      // `${Resource}` / `${Resource.Attr}` inside a Sub: the parameter's name in its place.
      const replaced = text.replace(/\$\{([A-Za-z0-9]+)(\.[A-Za-z0-9.]+)?\}/g, (m, id: string, attr: string | undefined) => (stageOne.has(id) ? `\${${parameterFor(attr ? `${id}${attr}` : id)}}` : m));
      return { 'Fn::Sub': vars === undefined ? replaced : [replaced, rewrite(vars)] };
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, rewrite(x)]));
  };

  const resources: Record<string, Json> = {};
  for (const [id, r] of Object.entries(two.Resources)) {
    if (stageOne.has(id)) continue;
    const kept = rewrite(r) as Json;
    // The stage-1 resources it waited for are in place before this stack exists (stage 1 ran first).
    const after = ([] as string[]).concat((r.DependsOn as string | string[] | undefined) ?? []).filter((d) => !stageOne.has(d));
    if (after.length > 0) kept.DependsOn = after;
    else delete kept.DependsOn;
    resources[id] = kept;
  }
  const outputs = Object.fromEntries(Object.entries(two.Outputs).filter(([k]) => !(k in one.Outputs)).map(([k, o]) => [k, rewrite(o)]));
  const parameters: Record<string, ParameterDefinition> = { ...two.Parameters };
  for (const name of Object.keys(fromStageOne)) {
    parameters[name] = { Type: 'String', Description: `Output ${name} of this target's stage-1 stack (AccB-pipeline-1).` } as ParameterDefinition;
  }
  const conditions = usedConditions(two.Conditions ?? {}, [resources, outputs]);
  const json = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'Cross-account container pipeline, account B (target), stage 2 as a stack of its own (xacct StackSets engine): the pipeline, its trigger role and rules, on the stage-1 stack\'s key, buckets and pipeline role.',
    Parameters: parameters,
    ...(Object.keys(conditions).length > 0 ? { Conditions: conditions } : {}),
    Resources: resources,
    Outputs: outputs,
  };
  return { artifact: artifactOf('AccB-pipeline-2-stackset', json as unknown as Parameters<typeof artifactOf>[1]), fromStageOne };
}
