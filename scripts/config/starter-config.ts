/**
 * The commented starter config `xacct init` writes: every value given or discovered, and each value
 * that could be neither with its documented default and a "check this" comment.
 */
import { partitionOf } from './regions';

export interface StarterValues {
  name: string;
  region: string;
  sourceAccount: string;
  targetAccount: string;
  sourceProfile: string;
  targetProfile: string;
  repository: string;
  cluster: string;
  service: string;
  container: string;
  /** Where a value came from, by key (flag, discovered, default): shown as a comment. */
  origins: Record<string, string>;
  /** The key administrator, when discovered (the identity that ran init in the target account). */
  keyAdministratorArn?: string;
}

/** A deployment name from a repository name: lower case, digits and hyphens, 2 to 48 characters. */
export function nameFrom(repository: string): string {
  const n = repository.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '').slice(0, 48).replace(/-+$/, '');
  return n.length >= 2 ? n : 'xacct-deployment';
}

export function starterConfig(v: StarterValues): string {
  const p = partitionOf(v.region);
  const from = (key: string) => (v.origins[key] ? `  # ${v.origins[key]}` : '');
  const keyAdmin = v.keyAdministratorArn ?? `arn:${p}:iam::${v.targetAccount}:role/Admin`;
  return `# A deployment of the cross-account container pipeline, written by xacct init. Check the values
# marked "check this", then:
#   xacct plan --config <this file> --offline     # what would happen, no AWS call
#   xacct permissions --config <this file> --account target --role deployer   # what each identity needs
#   xacct deploy-sequence --config <this file>    # deploy (asks before each change)
# Every key is described in docs/config.md; unknown keys are errors.

# Names this deployment (stack tags, the event bus statement id). Lower-case, digits, hyphens.
name: ${v.name}

# The one region of everything: repository, pipeline, ECS service.
region: ${v.region}${from('region')}

# Account A: developers push images to the ECR repository here.
source:
  accountId: "${v.sourceAccount}"${from('sourceAccount')}
  credentials:
    profile: ${v.sourceProfile}${from('sourceProfile')}
  stackName: ${v.name}-source
  # Recommended: the role CloudFormation builds this stack with (docs/permissions.md creates it).
  # cloudFormationRoleArn: arn:${p}:iam::${v.sourceAccount}:role/${v.name}-cloudformation

# Account B: the pipeline, its artifacts and the ECS service it deploys to.
target:
  accountId: "${v.targetAccount}"${from('targetAccount')}
  credentials:
    profile: ${v.targetProfile}${from('targetProfile')}
  stackName: ${v.name}-target
  # cloudFormationRoleArn: arn:${p}:iam::${v.targetAccount}:role/${v.name}-cloudformation

pipeline:
  # Derives the names both accounts agree on: role <prefix>-ecr-source in A, alias/<prefix>-artifacts in B.
  namePrefix: ${v.name.slice(0, 32).replace(/-+$/, '')}
  repositoryName: ${v.repository}${from('repository')}
  imageTag: latest
  containerName: ${v.container}${from('container')}
  ecsCluster: ${v.cluster}${from('cluster')}
  ecsService: ${v.service}${from('service')}
  # check this: the task execution role of the service's task definition (ecsTaskExecutionRole is the
  # name the ECS developer guide uses for it).
  ecsTaskExecutionRoleArn: arn:${p}:iam::${v.targetAccount}:role/ecsTaskExecutionRole
  # The task role of that task definition, if it has one:
  # ecsTaskRoleArn: arn:${p}:iam::${v.targetAccount}:role/${v.name}-task
  # ${v.keyAdministratorArn ? 'the identity that ran xacct init in account B (discovered): check this' : 'check this: an existing role or user of account B that administers the artifact key'}
  keyAdministratorArn: ${keyAdmin}
`;
}
