/**
 * The only module that imports the AWS SDK clients, with its folder clients/ (one file per service's
 * port, and the configuration they share): it builds the ports of one account from its credentials.
 * The files in clients/ translate SDK shapes and "does not exist" errors into the ports' plain data.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { ServiceCatalogClient } from '@aws-sdk/client-service-catalog';
import type { AccountPorts } from './ports';
import { abortable, clientConfig, DEFAULT_TIMEOUTS, watchCalls, type ClientOptions } from './clients/client-config';
import { cloudFormationPort } from './clients/cloudformation';
import { codePipelinePort } from './clients/codepipeline';
import { ecrPort } from './clients/ecr';
import { ecsPort } from './clients/ecs';
import { eventsPort } from './clients/eventbridge';
import { iamPort } from './clients/iam';
import { kmsPort } from './clients/kms';
import { s3Port } from './clients/s3';
import { serviceCatalogPort } from './clients/service-catalog';
import { stsPort } from './clients/sts';

export { clientConfig, DEFAULT_TIMEOUTS, type AwsRequestHandler, type CallWatch, type ClientOptions, type HttpTimeouts } from './clients/client-config';

/** The ports of one account. Clients are created once per run and account. */
export function accountPorts(options: ClientOptions): AccountPorts {
  const shared = clientConfig(options);
  // serviceId as the SDK names it (see profile-endpoints.ts).
  const config = (serviceId: string) => ({ ...shared, ...(options.endpoints?.[serviceId] ? { endpoint: options.endpoints[serviceId] } : {}) });
  const signal = options.signal;
  // Ctrl-C ends any call; a call that waits on the network is announced, and its failure names the endpoint.
  const ready = <C extends Parameters<typeof watchCalls>[0] & { send: (...args: any[]) => Promise<any> }>(client: C): C => watchCalls(abortable(client, signal), options.watch, options.timeouts ?? DEFAULT_TIMEOUTS); // eslint-disable-line @typescript-eslint/no-explicit-any
  return {
    cloudFormation: cloudFormationPort(ready(new CloudFormationClient(config('CloudFormation'))), options.cloudFormationRoleArn),
    events: eventsPort(ready(new EventBridgeClient(config('EventBridge')))),
    s3: s3Port(ready(new S3Client(config('S3')))),
    sts: stsPort(ready(new STSClient(config('STS')))),
    codePipeline: codePipelinePort(ready(new CodePipelineClient(config('CodePipeline')))),
    ecr: ecrPort(ready(new ECRClient(config('ECR')))),
    ecs: ecsPort(ready(new ECSClient(config('ECS')))),
    serviceCatalog: serviceCatalogPort(ready(new ServiceCatalogClient(config('Service Catalog')))),
    iam: iamPort(ready(new IAMClient(config('IAM')))),
    kms: kmsPort(ready(new KMSClient(config('KMS')))),
  };
}
