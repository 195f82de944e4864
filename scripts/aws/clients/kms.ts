/** KMS's port: a key's policy. */
import { GetKeyPolicyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { codeOf } from '../aws-errors';
import { readPolicyDocument } from '../../iam/policy';
import type { KmsPort, PolicyDocument } from '../ports';

export function kmsPort(client: KMSClient): KmsPort {
  return {
    async keyPolicy(keyId) {
      try {
        const out = await client.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }));
        return out.Policy ? readPolicyDocument<PolicyDocument>(out.Policy) : undefined;
      } catch (e) {
        if (codeOf(e) === 'NotFoundException') return undefined;
        throw e;
      }
    },
  };
}
