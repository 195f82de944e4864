/**
 * Two CloudFormation templates compared locally, resource by resource: which logical ids a deploy would
 * add or remove, and for each one kept the property paths whose values differ. Pure: the texts in, the
 * differences out. Unlike a change set it cannot say whether CloudFormation would replace a resource.
 */
import { loadTemplate } from '../yaml/cfn-yaml';

export interface ResourceRef {
  logicalId: string;
  type: string;
}

export interface ModifiedResource extends ResourceRef {
  /** Paths under the resource whose values differ, e.g. `Properties.Tags[0].Value`; `Type` when the type changed. */
  paths: string[];
}

export interface TemplateDiff {
  added: ResourceRef[];
  removed: ResourceRef[];
  modified: ModifiedResource[];
  /** Paths outside Resources that differ: `Outputs.PipelineName`, `Parameters.Release.AllowedValues`, ... */
  other: string[];
}

type Json = unknown;
type Resources = Record<string, { Type?: string } & Record<string, Json>>;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const key = (path: string, k: string) => (path === '' ? k : `${path}.${k}`);

/** The paths under which `a` and `b` differ; a path missing on one side is a difference at that path. */
export function differingPaths(a: Json, b: Json, path = ''): string[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    return Array.from({ length: n }, (_, i) => (i >= a.length || i >= b.length ? [`${path}[${i}]`] : differingPaths(a[i], b[i], `${path}[${i}]`))).flat();
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => (!(k in a) || !(k in b) ? [key(path, k)] : differingPaths(a[k], b[k], key(path, k))));
  }
  return a === b ? [] : [path === '' ? '(whole value)' : path];
}

function parse(text: string, what: string): Record<string, Json> {
  const doc = loadTemplate(text);
  if (!isObject(doc)) throw new Error(`${what} is not a CloudFormation template (not a mapping)`);
  return doc;
}

/** What deploying `wanted` over a stack that runs `deployed` changes, by resource. */
export function diffTemplates(deployedText: string, wantedText: string): TemplateDiff {
  const deployed = parse(deployedText, 'the deployed template');
  const wanted = parse(wantedText, 'the template to deploy');
  const before = (isObject(deployed.Resources) ? deployed.Resources : {}) as Resources;
  const after = (isObject(wanted.Resources) ? wanted.Resources : {}) as Resources;
  const ref = (resources: Resources, logicalId: string): ResourceRef => ({ logicalId, type: String(resources[logicalId]?.Type ?? '?') });
  const added = Object.keys(after).filter((id) => !(id in before)).sort().map((id) => ref(after, id));
  const removed = Object.keys(before).filter((id) => !(id in after)).sort().map((id) => ref(before, id));
  const modified = Object.keys(after)
    .filter((id) => id in before)
    .sort()
    .flatMap((id) => {
      const paths = differingPaths(before[id], after[id]);
      return paths.length === 0 ? [] : [{ ...ref(after, id), paths }];
    });
  const { Resources: _a, ...deployedRest } = deployed;
  const { Resources: _b, ...wantedRest } = wanted;
  return { added, removed, modified, other: differingPaths(deployedRest, wantedRest) };
}

export const templateChanged = (d: TemplateDiff) => d.added.length + d.removed.length + d.modified.length + d.other.length > 0;
