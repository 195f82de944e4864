/** STS's port: who the credentials are. */
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { StsPort } from '../ports';

export function stsPort(client: STSClient): StsPort {
  return {
    async callerIdentity() {
      const out = await client.send(new GetCallerIdentityCommand({}));
      return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
    },
  };
}
