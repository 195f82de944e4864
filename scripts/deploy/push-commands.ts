/**
 * How to push an image to account A's repository, as the ECR user guide gives it ("Pushing a Docker
 * image": `aws ecr get-login-password | docker login --username AWS --password-stdin <registry>`, then
 * `docker tag` and `docker push`), with the deployment's region and profile filled in.
 */
import type { DeploymentConfig } from '../config/schema';
import { awsCli, type CliAccounts } from './removal-commands';

export function pushCommands(config: CliAccounts & { pipeline: Pick<DeploymentConfig['pipeline'], 'imageTag'> }, repositoryUri: string): string[] {
  const registry = repositoryUri.split('/')[0];
  const target = `${repositoryUri}:${config.pipeline.imageTag}`;
  return [`${awsCli(config, 'source', 'ecr get-login-password')} | docker login --username AWS --password-stdin ${registry}`, `docker tag <your local image> ${target}`, `docker push ${target}`];
}
