/**
 * The API operations scripts/aws/clients/ can send, read from its files' imports of the SDK's command
 * classes: what the permission table and the fake's authorization table must both cover.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** SDK package → the client label of the permission table and the service's signing name (its IAM prefix). */
const PACKAGES: Record<string, { client: string; signingName: string }> = {
  'client-cloudformation': { client: 'CloudFormation', signingName: 'cloudformation' },
  'client-eventbridge': { client: 'EventBridge', signingName: 'events' },
  'client-s3': { client: 'S3', signingName: 's3' },
  'client-sts': { client: 'STS', signingName: 'sts' },
  'client-codepipeline': { client: 'CodePipeline', signingName: 'codepipeline' },
  'client-ecr': { client: 'ECR', signingName: 'ecr' },
  'client-service-catalog': { client: 'ServiceCatalog', signingName: 'servicecatalog' },
  'client-iam': { client: 'IAM', signingName: 'iam' },
  'client-kms': { client: 'KMS', signingName: 'kms' },
  'client-ecs': { client: 'ECS', signingName: 'ecs' },
  'client-cloudwatch': { client: 'CloudWatch', signingName: 'monitoring' },
};

export interface SdkCall {
  client: string;
  signingName: string;
  operation: string;
}

export function sdkCalls(): SdkCall[] {
  // One file per service's port in scripts/aws/clients/ (clients.ts beside it only builds them).
  const folder = join(__dirname, '..', '..', 'scripts', 'aws', 'clients');
  const source = readdirSync(folder)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => readFileSync(join(folder, f), 'utf8'))
    .join('\n');
  const calls: SdkCall[] = [];
  for (const m of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/([a-z0-9-]+)'/g)) {
    const pkg = PACKAGES[m[2]!];
    if (!pkg) throw new Error(`scripts/aws/clients/ imports @aws-sdk/${m[2]}: add it to test/helpers/sdk-calls.ts`);
    for (const name of m[1]!.split(',').map((n) => n.trim())) {
      const command = /^([A-Z][A-Za-z0-9]*)Command$/.exec(name);
      if (command) calls.push({ ...pkg, operation: command[1]! });
    }
  }
  return calls;
}
