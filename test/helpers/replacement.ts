/**
 * What an update from one template to another would replace, decided by the CloudFormation resource
 * specification (the `causesReplacement` of each property, from @aws-cdk/aws-service-spec).
 */
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import { isDeepStrictEqual } from 'node:util';
import type { Json } from './templates';

type Db = ReturnType<typeof loadAwsServiceSpecSync>;
let db: Db | undefined;
const spec = (): Db => (db ??= loadAwsServiceSpecSync());

export interface UpdateProblem {
  logicalId: string;
  problem: string;
}

/** Properties of a resource type whose change replaces the resource ('yes' or 'maybe'). */
export function replacingProperties(type: string): string[] {
  const [resource] = spec().lookup('resource', 'cloudFormationType', 'equals', type);
  if (!resource) throw new Error(`unknown resource type ${type}`);
  return Object.entries(resource.properties)
    .filter(([, p]) => p.causesReplacement === 'yes' || p.causesReplacement === 'maybe')
    .map(([name]) => name);
}

/**
 * Problems an update from `before` to `after` would cause to the resources of `before`: removed,
 * retyped, or a replacing property changed. Resources `after` adds are not problems.
 */
export function updateProblems(before: Json, after: Json): UpdateProblem[] {
  const problems: UpdateProblem[] = [];
  for (const [logicalId, old] of Object.entries<Json>(before.Resources)) {
    const next = after.Resources[logicalId];
    if (!next) {
      problems.push({ logicalId, problem: 'removed (would be deleted)' });
      continue;
    }
    if (next.Type !== old.Type) {
      problems.push({ logicalId, problem: `type changes from ${old.Type} to ${next.Type} (would be replaced)` });
      continue;
    }
    for (const property of replacingProperties(old.Type)) {
      if (!isDeepStrictEqual(old.Properties?.[property], next.Properties?.[property])) {
        problems.push({ logicalId, problem: `${property} changes, which replaces a ${old.Type}` });
      }
    }
  }
  return problems;
}
