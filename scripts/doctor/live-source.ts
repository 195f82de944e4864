/**
 * What doctor read, as the policy source `xacct explain`'s engine holds a message against: each live
 * policy under the key of the access model it stands for (`A:SourceRole`, `B:ArtifactBucket`, ...) and
 * the label of the template policy it replaces, so answers name the same statements as the templates.
 */
import type { PolicySource } from '../explain/policy-source';
import { baseKey } from '../explain/policy-source';
import type { LabelledPolicy, PolicyDocument } from '../iam/policy';
import type { AccountKey } from '../deploy/plan-types';

const LETTER: Record<AccountKey, 'A' | 'B'> = { source: 'A', target: 'B' };

export class LiveDocuments {
  private readonly identity = new Map<string, LabelledPolicy[]>();
  private readonly resource = new Map<string, LabelledPolicy>();

  /** `logicalId`: the resource in the account's template (a role, a bucket, the key, the repository, the bus). */
  static key = (account: AccountKey, logicalId: string) => `${LETTER[account]}:${logicalId}`;

  addIdentity(account: AccountKey, roleLogicalId: string, label: string, document: unknown): void {
    const key = LiveDocuments.key(account, roleLogicalId);
    this.identity.set(key, [...(this.identity.get(key) ?? []), { label, document: document as PolicyDocument }]);
  }

  setResource(account: AccountKey, logicalId: string, label: string, document: unknown): void {
    this.resource.set(LiveDocuments.key(account, logicalId), { label, document: document as PolicyDocument });
  }

  /** The live policies; what doctor did not read is "not known" (the engine falls back on what it can say). */
  source(): PolicySource {
    return {
      name: 'the live policies',
      identityPolicies: (p) => this.identity.get(p.key),
      resourcePolicy: (r) => this.resource.get(baseKey(r.key)),
    };
  }
}
