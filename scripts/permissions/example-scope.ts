/**
 * The permission scope of examples/deployment.yaml, written out so that `xacct generate` renders the
 * example's policies without reading and validating the config file (the validator alone would double
 * the command's start-up time). A test holds it to permissionScope() of the file, as the access proof's
 * example deployment is held to it.
 */
import type { PermissionScope } from './scope';

export const EXAMPLE_CONFIG_FILE = 'examples/deployment.yaml';

export const EXAMPLE_SCOPE: PermissionScope = {
  deployment: 'orders-api',
  region: 'eu-west-1',
  partition: 'aws',
  source: { key: 'source', accountId: '111122223333', stackName: 'orders-api-source', cloudFormationRoleArn: 'arn:aws:iam::111122223333:role/orders-api-cloudformation' },
  target: { key: 'target', accountId: '444455556666', stackName: 'orders-api-target', cloudFormationRoleArn: 'arn:aws:iam::444455556666:role/orders-api-cloudformation' },
  namePrefix: 'orders-api',
  repositoryName: 'orders-api',
  imageDefinitionsObjectKey: 'imagedefinitions.zip',
  ecsCluster: 'orders',
  ecsService: 'orders-api',
  catalogs: {},
};
