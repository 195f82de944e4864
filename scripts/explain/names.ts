/**
 * How the deployment's things are named in AWS, so that a name in a message can be recognised:
 * - names the templates set (`<namePrefix>-ecr-source`, the repository, `alias/<namePrefix>-artifacts`)
 *   and names the config gives (ECS cluster, service and roles, the key administrator) are compared as
 *   they are;
 * - names CloudFormation generates follow `<stack name>-<LogicalId>-<random suffix>`, cut to the
 *   type's maximum length (buckets in lower case): "If you don't specify a name, AWS CloudFormation
 *   generates a unique physical ID ... the stack name, the logical ID ... and a random string"
 *   (AWS CloudFormation User Guide, "Name type"). The model holds stand-ins for them; a real name is
 *   recognised by the pattern, with the stack name or the logical id possibly cut short.
 */
import type { AccessModel, AccountKey } from '../access-model/access-model';
import { NAME_MAX_LENGTH, NAME_PROPERTY } from '../access-model/name-properties';
import { baseKey } from './policy-source';

/** The template each account's resources come from (stack B in its stage 2 form, as the model reads it). */
export const TEMPLATE_OF: Record<'A' | 'B', 'AccA-pipeline' | 'AccB-pipeline-2'> = { A: 'AccA-pipeline', B: 'AccB-pipeline-2' };


export interface NamedResource {
  key: string;
  account: 'A' | 'B';
  logicalId: string;
  type: string;
  /** The name the template sets; undefined when CloudFormation generates it. */
  fixedName?: string;
  /** The model's name (the fixed name, or a stand-in for a generated one). */
  modelName: string;
  stackName: string;
}

/** Every resource of the two stacks, with how it is named. */
function namedResources(model: AccessModel): NamedResource[] {
  const out: NamedResource[] = [];
  for (const account of ['A', 'B'] as const) {
    const t = model.deployment.templates[TEMPLATE_OF[account]];
    for (const [logicalId, resource] of Object.entries(t.resources)) {
      const property = NAME_PROPERTY[resource.Type];
      const fixed = property ? resource.Properties[property] : undefined;
      out.push({
        key: `${account}:${logicalId}`,
        account,
        logicalId,
        type: resource.Type,
        ...(typeof fixed === 'string' ? { fixedName: fixed } : {}),
        modelName: t.physical[logicalId]?.attributes.QueueName ?? t.physical[logicalId]?.ref ?? logicalId,
        stackName: t.stack.stackName,
      });
    }
  }
  return out;
}


/**
 * Whether `name` is a name CloudFormation generated for `logicalId` in `stackName`:
 * `<stack>-<LogicalId>-<suffix of letters and digits>`. Only a name of the type's full length may have
 * a shortened stack name or logical id; a shorter one must hold both whole, so that another stack whose
 * name starts the same is not taken for ours.
 */
function isGeneratedName(name: string, stackName: string, logicalId: string, type: string): boolean {
  const lowerCase = type === 'AWS::S3::Bucket';
  const cut = name.lastIndexOf('-');
  if (cut <= 0) return false;
  if (!/^[A-Za-z0-9]{6,}$/.test(name.slice(cut + 1))) return false;
  const head = name.slice(0, cut);
  const [stack, id] = lowerCase ? [stackName.toLowerCase(), logicalId.toLowerCase()] : [stackName, logicalId];
  if (head === `${stack}-${id}`) return true;
  if (name.length < (NAME_MAX_LENGTH[type] ?? 64)) return false;
  for (let i = head.indexOf('-'); i > 0; i = head.indexOf('-', i + 1)) {
    const l = head.slice(i + 1);
    if (l.length > 0 && stack.startsWith(head.slice(0, i)) && id.startsWith(l)) return true;
  }
  return false;
}

export type NameMatch = 'name' | 'pattern';

/** How `name` matches a resource of ours: by its fixed name, or by CloudFormation's pattern. */
function nameMatch(name: string, r: NamedResource): NameMatch | undefined {
  if (r.fixedName !== undefined) return r.fixedName === name ? 'name' : undefined;
  return isGeneratedName(name, r.stackName, r.logicalId, r.type) ? 'pattern' : undefined;
}

/** The one resource of a type and account whose name matches; the longest logical id wins a tie (cut names). */
export function findByName(model: AccessModel, type: string, account: AccountKey, name: string): { resource: NamedResource; how: NameMatch } | undefined {
  const hits = namedResources(model)
    .filter((r) => r.type === type && r.account === account)
    .flatMap((r) => {
      const how = nameMatch(name, r);
      return how ? [{ resource: r, how }] : [];
    });
  return hits.sort((a, b) => b.resource.logicalId.length - a.resource.logicalId.length)[0];
}


/**
 * A resource's description with its real name: the model describes generated names by their stand-ins
 * (`bucket orders-api-target-artifactbucket-3f2a... (ArtifactBucket)`); answers show the name the message
 * gave, or the pattern CloudFormation follows.
 */
export function displayDescription(model: AccessModel, key: string, description: string, realName?: string): string {
  const named = namedResources(model).find((r) => r.key === baseKey(key));
  if (named?.type === 'AWS::KMS::Key' && description.includes(named.modelName)) {
    // KMS keys have an id and aliases, no name: the alias the template gives is how people know it.
    const t = model.deployment.templates[TEMPLATE_OF[named.account]];
    const alias = Object.values(t.resources).find((r) => r.Type === 'AWS::KMS::Alias')?.Properties.AliasName;
    const id = realName && /^[0-9a-f-]{36}$/.test(realName) ? `key ${realName}` : 'the key';
    return description.split(`key ${named.modelName} (${named.logicalId})`).join(`${id} with alias ${alias ?? '(none)'} (${named.logicalId})`);
  }
  if (!named || named.fixedName !== undefined || !description.includes(named.modelName)) return description;
  const pattern = `${named.stackName}-${named.logicalId}-…`;
  return description.split(named.modelName).join(realName ?? (named.type === 'AWS::S3::Bucket' ? pattern.toLowerCase() : pattern));
}
