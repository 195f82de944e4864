/**
 * A statement as the template writes it, found by the label the access model gives it
 * (`AccA-pipeline SourceRole trust policy: TargetPipelineRoleAssumes`), and values shown the way the
 * template's author wrote them (`arn:${AWS::Partition}:s3:::${ArtifactBucketName}/*`) rather than
 * resolved with the stand-in names of generated resources.
 */
import type { TemplateName } from '../../templates-src';
import type { Templates } from './templates';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface TemplateStatement {
  template: TemplateName;
  /** The template resource that holds the document (the policy, role, key, bucket policy, repository). */
  logicalId: string;
  /** The document's property, e.g. `AssumeRolePolicyDocument`. */
  property: string;
  statement: Json;
}

/** `<template> <logical id>[ trust policy| key policy| repository policy| <inline policy name>]` */
function documentOf(templates: Templates, policyLabel: string): { template: TemplateName; logicalId: string; property: string; document: Json } | undefined {
  const [template, logicalId, ...rest] = policyLabel.split(' ');
  const resource = (templates as Record<string, Json>)[template]?.Resources?.[logicalId];
  if (!resource) return undefined;
  const kind = rest.join(' ');
  const p = resource.Properties ?? {};
  const found = (property: string, document: Json) => (document ? { template: template as TemplateName, logicalId, property, document } : undefined);
  if (kind === 'trust policy') return found('AssumeRolePolicyDocument', p.AssumeRolePolicyDocument);
  if (kind === 'key policy') return found('KeyPolicy', p.KeyPolicy);
  if (kind === 'repository policy') return found('RepositoryPolicyText', p.RepositoryPolicyText);
  if (kind === '') return found('PolicyDocument', p.PolicyDocument);
  return found(`Policies (${kind})`, (p.Policies ?? []).find((x: Json) => x.PolicyName === kind)?.PolicyDocument);
}

export function templateStatement(templates: Templates, label: string): TemplateStatement | undefined {
  const cut = label.lastIndexOf(': ');
  if (cut < 0) return undefined;
  const doc = documentOf(templates, label.slice(0, cut));
  const sid = label.slice(cut + 2);
  const statements: Json[] = doc ? [doc.document.Statement].flat() : [];
  const statement = statements.find((s) => s.Sid === sid);
  return doc && statement ? { template: doc.template, logicalId: doc.logicalId, property: doc.property, statement } : undefined;
}

/** A template value for people: intrinsic functions shown as the `${...}` they stand for. */
export function showValue(v: Json): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(showValue).join(', ');
  if (v && typeof v === 'object') {
    const [fn, args] = Object.entries<Json>(v)[0] ?? [];
    if (fn === 'Ref') return `\${${args}}`;
    if (fn === 'Fn::GetAtt') return `\${${Array.isArray(args) ? args.join('.') : args}}`;
    if (fn === 'Fn::Sub') return Array.isArray(args) ? String(args[0]) : String(args);
    if (fn === 'Fn::Join') return (args[1] as Json[]).map(showValue).join(args[0]);
    if (fn === 'Fn::If') return `${showValue(args[1])} (when ${args[0]})`;
  }
  return JSON.stringify(v);
}

/** A whole statement on one line, intrinsic functions shown as `${...}`. */
export function showStatement(statement: Json): string {
  const show = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(show);
    if (v && typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return showValue(v);
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, show(x)]));
    }
    return v;
  };
  return JSON.stringify(show(statement));
}
