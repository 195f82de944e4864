/**
 * Physical ids and attributes the fake gives resources: deterministic, shaped like AWS's (bucket names
 * lower case, key ids as UUIDs, role ARNs with the role name), so outputs and ARNs look real.
 */
import { createHash } from 'node:crypto';

export interface Placement {
  account: string;
  region: string;
  partition: string;
  stackName: string;
  /** Each stack (each creation of a stack of one name) gets its own random suffixes, as in AWS. */
  stackId: string;
}

export interface PhysicalResource {
  ref: string;
  attributes: Record<string, string>;
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

function uuid(seed: string): string {
  const h = hash(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * CloudFormation's generated names: stack-LogicalId-RANDOM (here: a hash of the stack id, so a stack
 * created again under the same name gets other names, and never the ones a teardown kept).
 */
function generatedName(p: Placement, logicalId: string, max: number, lower = false): string {
  const suffix = hash(`${p.stackId}/${logicalId}`).slice(0, 12).toUpperCase();
  const name = `${p.stackName}-${logicalId}`.slice(0, max - 13) + `-${suffix}`;
  return lower ? name.toLowerCase() : name;
}

export function physicalResource(type: string, logicalId: string, properties: Record<string, unknown>, p: Placement): PhysicalResource {
  const { account: a, region: r, partition: pt } = p;
  const named = (prop: string, max: number, lower = false) => (typeof properties[prop] === 'string' ? (properties[prop] as string) : generatedName(p, logicalId, max, lower));
  switch (type) {
    case 'AWS::KMS::Key': {
      const id = uuid(`${p.stackId}/${logicalId}`);
      return { ref: id, attributes: { Arn: `arn:${pt}:kms:${r}:${a}:key/${id}`, KeyId: id } };
    }
    case 'AWS::KMS::Alias':
      return { ref: named('AliasName', 256), attributes: {} };
    case 'AWS::S3::Bucket': {
      const name = named('BucketName', 63, true);
      return { ref: name, attributes: { Arn: `arn:${pt}:s3:::${name}`, DomainName: `${name}.s3.amazonaws.com` } };
    }
    case 'AWS::IAM::Role': {
      const name = named('RoleName', 64);
      return { ref: name, attributes: { Arn: `arn:${pt}:iam::${a}:role/${name}`, RoleId: `AROA${hash(name).slice(0, 17).toUpperCase()}` } };
    }
    case 'AWS::ECR::Repository': {
      const name = named('RepositoryName', 256, true);
      return { ref: name, attributes: { Arn: `arn:${pt}:ecr:${r}:${a}:repository/${name}`, RepositoryUri: `${a}.dkr.ecr.${r}.amazonaws.com/${name}` } };
    }
    case 'AWS::Events::Rule': {
      const name = named('Name', 64);
      return { ref: name, attributes: { Arn: `arn:${pt}:events:${r}:${a}:rule/${name}` } };
    }
    case 'AWS::SQS::Queue': {
      const name = named('QueueName', 80);
      return { ref: `https://sqs.${r}.amazonaws.com/${a}/${name}`, attributes: { Arn: `arn:${pt}:sqs:${r}:${a}:${name}`, QueueName: name, QueueUrl: `https://sqs.${r}.amazonaws.com/${a}/${name}` } };
    }
    case 'AWS::CodePipeline::Pipeline':
      return { ref: named('Name', 100), attributes: { Version: '1' } };
    default:
      return { ref: generatedName(p, logicalId, 64), attributes: {} };
  }
}
