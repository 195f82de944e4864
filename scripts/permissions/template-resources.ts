/**
 * The resources of one account's templates as the deployment names them: each resource's type, logical
 * id and properties, and its name when the template gives it one (a `Ref` to a parameter or a `Sub` of
 * parameters the config decides). Resources without a custom name get names CloudFormation generates.
 */
import { TEMPLATES, renderTemplate } from '../../templates-src';
import { SOURCE_ROLE_SUFFIX } from '../../templates-src/policies/arns';
import type { AccountKey } from './policy-types';
import type { PermissionScope } from './scope';
import { NAME_PROPERTY } from '../access-model/name-properties';

type Json = Record<string, unknown>;

export interface TemplateResource {
  template: string;
  logicalId: string;
  type: string;
  properties: Json;
}


const rendered = new Map<string, Json>();
const templateJson = (name: string, build: () => Json) => {
  let t = rendered.get(name);
  if (!t) rendered.set(name, (t = build()));
  return t;
};

export function templateResources(account: AccountKey): TemplateResource[] {
  return TEMPLATES.filter((t) => t.account === account).flatMap((t) => {
    const json = templateJson(t.name, () => renderTemplate(t));
    return Object.entries((json.Resources ?? {}) as Record<string, { Type: string; Properties?: Json }>).map(([logicalId, r]) => ({
      template: t.name,
      logicalId,
      type: r.Type,
      properties: r.Properties ?? {},
    }));
  });
}

/** Values of the parameters that name resources, as the deploy sequence gives them (stack-parameters.ts). */
function nameParameters(scope: PermissionScope): Record<string, string> {
  return {
    NamePrefix: scope.namePrefix,
    RepositoryName: scope.repositoryName,
    // Stack B's output SourceRoleName, which stack A gets as this parameter: `${NamePrefix}-ecr-source`.
    SourceRoleName: `${scope.namePrefix}${SOURCE_ROLE_SUFFIX}`,
  };
}

/** A property value with `Ref` and `Sub` of the naming parameters resolved; undefined when it cannot be. */
export function resolveName(value: unknown, scope: PermissionScope): string | undefined {
  const params = nameParameters(scope);
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Json;
    if (typeof v.Ref === 'string') return params[v.Ref];
    if (typeof v['Fn::Sub'] === 'string') {
      let unresolved = false;
      const text = (v['Fn::Sub'] as string).replace(/\$\{([^}]+)\}/g, (_, name: string) => {
        const p = params[name];
        if (p === undefined) unresolved = true;
        return p ?? '';
      });
      return unresolved ? undefined : text;
    }
  }
  return undefined;
}

/** The custom name of a resource, or undefined when CloudFormation generates it. */
export function customName(r: TemplateResource, scope: PermissionScope): string | undefined {
  const property = NAME_PROPERTY[r.type];
  if (!property || r.properties[property] === undefined) return undefined;
  const name = resolveName(r.properties[property], scope);
  if (name === undefined) throw new Error(`${r.template} ${r.logicalId}: ${property} is named by something the permission scope does not know: ${JSON.stringify(r.properties[property])}`);
  return name;
}

/** The logical id a `!GetAtt X.Arn` (or `Fn::GetAtt: [X, Arn]`) points at. */
export function getAttTarget(value: unknown): string | undefined {
  const g = (value as Json | undefined)?.['Fn::GetAtt'];
  if (Array.isArray(g)) return String(g[0]);
  if (typeof g === 'string') return g.split('.')[0];
  return undefined;
}
