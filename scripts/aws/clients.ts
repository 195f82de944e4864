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
import { abortable, clientConfig, type ClientOptions } from './clients/client-config';
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

export { clientConfig, DEFAULT_TIMEOUTS, type AwsRequestHandler, type ClientOptions, type HttpTimeouts } from './clients/client-config';

/** The ports of one account. Clients are created once per run and account. */
export function accountPorts(options: ClientOptions): AccountPorts {
  const shared = clientConfig(options);
  // serviceId as the SDK names it (see profile-endpoints.ts).
  const config = (serviceId: string) => ({ ...shared, ...(options.endpoints?.[serviceId] ? { endpoint: options.endpoints[serviceId] } : {}) });
  const signal = options.signal;
  return {
    cloudFormation: cloudFormationPort(abortable(new CloudFormationClient(config('CloudFormation')), signal), options.cloudFormationRoleArn),
    events: eventsPort(abortable(new EventBridgeClient(config('EventBridge')), signal)),
    s3: s3Port(abortable(new S3Client(config('S3')), signal)),
    sts: stsPort(abortable(new STSClient(config('STS')), signal)),
    codePipeline: codePipelinePort(abortable(new CodePipelineClient(config('CodePipeline')), signal)),
    ecr: ecrPort(abortable(new ECRClient(config('ECR')), signal)),
    ecs: ecsPort(abortable(new ECSClient(config('ECS')), signal)),
    serviceCatalog: serviceCatalogPort(abortable(new ServiceCatalogClient(config('Service Catalog')), signal)),
    iam: iamPort(abortable(new IAMClient(config('IAM')), signal)),
    kms: kmsPort(abortable(new KMSClient(config('KMS')), signal)),
  };
}
