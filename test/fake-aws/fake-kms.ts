/**
 * A fake of the KMS key reads `xacct doctor` makes, for one account and region: keys appear when a stack
 * creates an AWS::KMS::Key (its KeyPolicy as the policy named "default") and stay when the stack goes
 * (DeletionPolicy Retain); tests edit a key policy "in the console". Behaviour: fake-aws.md.
 */
import { fault } from './fault';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Key {
  id: string;
  arn: string;
  policy: Json;
  description?: string;
  created: Date;
  state: 'Enabled' | 'Disabled' | 'PendingDeletion';
}

export class FakeKms {
  private readonly keys = new Map<string, Key>();

  constructor(
    readonly account: string,
    readonly region: string,
  ) {}

  createKey(id: string, arn: string, policy: Json, description?: string, at = new Date(0)): void {
    this.keys.set(id, { id, arn, policy: structuredClone(policy), ...(description ? { description } : {}), created: at, state: 'Enabled' });
  }

  /** PutKeyPolicy, as a person would in the console. */
  putKeyPolicy(idOrArn: string, policy: Json): void {
    this.mustKey(idOrArn).policy = structuredClone(policy);
  }

  keyPolicy(idOrArn: string): Json {
    return this.mustKey(idOrArn).policy;
  }

  allKeys(): Json[] {
    return [...this.keys.values()].map((k) => k.policy);
  }

  private mustKey(idOrArn: string | undefined): Key {
    const id = (idOrArn ?? '').split('/').pop() ?? '';
    const key = this.keys.get(id);
    // KMS API reference, common errors: NotFoundException "Key '<arn>' does not exist".
    if (!key) throw fault('NotFoundException', `Key '${idOrArn?.startsWith('arn:') ? idOrArn : `arn:aws:kms:${this.region}:${this.account}:key/${id}`}' does not exist`);
    return key;
  }

  GetKeyPolicy(input: Json): Json {
    const key = this.mustKey(input.KeyId);
    // A key has one key policy, named "default" (KMS API reference, GetKeyPolicy: PolicyName).
    if ((input.PolicyName ?? 'default') !== 'default') throw fault('NotFoundException', `Policy ${input.PolicyName} does not exist`);
    return { Policy: JSON.stringify(key.policy), PolicyName: 'default' };
  }

  DescribeKey(input: Json): Json {
    const k = this.mustKey(input.KeyId);
    return {
      KeyMetadata: {
        AWSAccountId: this.account,
        KeyId: k.id,
        Arn: k.arn,
        CreationDate: k.created,
        Enabled: k.state === 'Enabled',
        ...(k.description ? { Description: k.description } : {}),
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeyState: k.state,
        Origin: 'AWS_KMS',
        KeyManager: 'CUSTOMER',
        KeySpec: 'SYMMETRIC_DEFAULT',
        MultiRegion: false,
      },
    };
  }
}
