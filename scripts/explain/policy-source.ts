/**
 * Where an explanation takes its policies from. `xacct explain` holds a message against the templates
 * (the model built from them); `xacct doctor` holds it against the policies it reads from both accounts,
 * through the same interface, and compares the two. A source may not know a policy (`undefined`): a
 * principal that is none of the deployment's roles, a resource outside it, or a read that failed.
 */
import type { LabelledPolicy } from '../iam/policy';
import type { AccessModel, Principal, Resource } from '../access-model/access-model';

/**
 * Labels: a live policy carries the label of the template policy it stands for
 * (`AccB-pipeline-2 ArtifactBucketPolicy`, `AccA-pipeline SourceRole trust policy`, the labels of
 * scripts/access-model/access-model.ts), so that answers name the same statements the flow names and the
 * template's wording of a missing statement can be quoted.
 */
export interface PolicySource {
  /** How answers name these policies: `the templates`, `the live policies`. */
  name: string;
  /** The identity policies of a principal of the model (inline and attached); undefined when not known. */
  identityPolicies(principal: Principal): LabelledPolicy[] | undefined;
  /** The policy of a resource of the model (trust, bucket, key, repository, queue, bus policy); null when it has none. */
  resourcePolicy(resource: Resource): LabelledPolicy | null | undefined;
}

/** The key of the model resource an object key belongs to (`B:ArtifactBucket/some/key` -> `B:ArtifactBucket`). */
export const baseKey = (key: string) => (key.includes('/') ? key.slice(0, key.indexOf('/')) : key);

/** The policies the templates (and the put-permission step, and the outside policies the proof assumes) give. */
export function templatePolicies(model: AccessModel): PolicySource {
  return {
    name: 'the templates',
    identityPolicies: (p) => (model.principals.get(p.key) === p ? p.identityPolicies : undefined),
    resourcePolicy: (r) => (model.resources.has(baseKey(r.key)) ? (r.policy ?? null) : undefined),
  };
}
