/**
 * The only module that imports the AWS SDK clients, with its folder clients/ (one file per service's
 * port, and the configuration they share): it builds the ports of one account from its credentials.
 * The files in clients/ translate SDK shapes and "does not exist" errors into the ports' plain data.
 */
import type { AccountPorts, StackSetsPort } from './ports';
import { pagedBuilder } from './paging';
import { abortable, clientConfig, DEFAULT_TIMEOUTS, watchCalls, type ClientOptions } from './clients/client-config';

export { clientConfig, DEFAULT_TIMEOUTS, type AwsRequestHandler, type CallWatch, type ClientOptions, type HttpTimeouts } from './clients/client-config';

/**
 * A port whose SDK client (and the client's package) is loaded on its first call: most commands use a
 * few of the eleven services, and each client package takes tens of milliseconds to load (every test
 * file loads them anew). Ports are objects of methods only, so a proxy that forwards calls is the port.
 */
function lazyPort<P extends object>(build: () => P): P {
  let port: P | undefined;
  const real = () => (port ??= build());
  return new Proxy({} as P, {
    get: (_, name) => {
      const member = (real() as Record<string | symbol, unknown>)[name];
      // A paged method keeps its builder (aws/paging.ts), which binding would drop; it needs no `this`.
      if (pagedBuilder(member)) return member;
      return typeof member === 'function' ? member.bind(port) : member;
    },
    has: (_, name) => name in real(),
  });
}

/* eslint-disable @typescript-eslint/no-require-imports */
/** The ports of one account. Clients are created once per run and account, on first use. */
export function accountPorts(options: ClientOptions): AccountPorts {
  const shared = clientConfig(options);
  // serviceId as the SDK names it (see profile-endpoints.ts).
  const config = (serviceId: string) => ({ ...shared, ...(options.endpoints?.[serviceId] ? { endpoint: options.endpoints[serviceId] } : {}) });
  const signal = options.signal;
  // Ctrl-C ends any call; a call that waits on the network is announced, and its failure names the endpoint.
  const ready = <C extends Parameters<typeof watchCalls>[0] & { send: (...args: any[]) => Promise<any> }>(client: C): C => watchCalls(abortable(client, signal), options.watch, options.timeouts ?? DEFAULT_TIMEOUTS); // eslint-disable-line @typescript-eslint/no-explicit-any
  return {
    cloudFormation: lazyPort(() => {
      const { CloudFormationClient } = require('@aws-sdk/client-cloudformation') as typeof import('@aws-sdk/client-cloudformation');
      const { cloudFormationPort } = require('./clients/cloudformation') as typeof import('./clients/cloudformation');
      return cloudFormationPort(ready(new CloudFormationClient(config('CloudFormation'))), options.cloudFormationRoleArn);
    }),
    events: lazyPort(() => {
      const { EventBridgeClient } = require('@aws-sdk/client-eventbridge') as typeof import('@aws-sdk/client-eventbridge');
      const { eventsPort } = require('./clients/eventbridge') as typeof import('./clients/eventbridge');
      return eventsPort(ready(new EventBridgeClient(config('EventBridge'))));
    }),
    s3: lazyPort(() => {
      const { S3Client } = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
      const { s3Port } = require('./clients/s3') as typeof import('./clients/s3');
      return s3Port(ready(new S3Client(config('S3'))));
    }),
    sts: lazyPort(() => {
      const { STSClient } = require('@aws-sdk/client-sts') as typeof import('@aws-sdk/client-sts');
      const { stsPort } = require('./clients/sts') as typeof import('./clients/sts');
      return stsPort(ready(new STSClient(config('STS'))));
    }),
    codePipeline: lazyPort(() => {
      const { CodePipelineClient } = require('@aws-sdk/client-codepipeline') as typeof import('@aws-sdk/client-codepipeline');
      const { codePipelinePort } = require('./clients/codepipeline') as typeof import('./clients/codepipeline');
      return codePipelinePort(ready(new CodePipelineClient(config('CodePipeline'))));
    }),
    ecr: lazyPort(() => {
      const { ECRClient } = require('@aws-sdk/client-ecr') as typeof import('@aws-sdk/client-ecr');
      const { ecrPort } = require('./clients/ecr') as typeof import('./clients/ecr');
      return ecrPort(ready(new ECRClient(config('ECR'))));
    }),
    ecs: lazyPort(() => {
      const { ECSClient } = require('@aws-sdk/client-ecs') as typeof import('@aws-sdk/client-ecs');
      const { ecsPort } = require('./clients/ecs') as typeof import('./clients/ecs');
      return ecsPort(ready(new ECSClient(config('ECS'))));
    }),
    cloudWatch: lazyPort(() => {
      const { CloudWatchClient } = require('@aws-sdk/client-cloudwatch') as typeof import('@aws-sdk/client-cloudwatch');
      const { cloudWatchPort } = require('./clients/cloudwatch') as typeof import('./clients/cloudwatch');
      return cloudWatchPort(ready(new CloudWatchClient(config('CloudWatch'))));
    }),
    serviceCatalog: lazyPort(() => {
      const { ServiceCatalogClient } = require('@aws-sdk/client-service-catalog') as typeof import('@aws-sdk/client-service-catalog');
      const { serviceCatalogPort } = require('./clients/service-catalog') as typeof import('./clients/service-catalog');
      return serviceCatalogPort(ready(new ServiceCatalogClient(config('Service Catalog'))));
    }),
    iam: lazyPort(() => {
      const { IAMClient } = require('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam');
      const { iamPort } = require('./clients/iam') as typeof import('./clients/iam');
      return iamPort(ready(new IAMClient(config('IAM'))));
    }),
    kms: lazyPort(() => {
      const { KMSClient } = require('@aws-sdk/client-kms') as typeof import('@aws-sdk/client-kms');
      const { kmsPort } = require('./clients/kms') as typeof import('./clients/kms');
      return kmsPort(ready(new KMSClient(config('KMS'))));
    }),
  };
}

/**
 * The StackSets port of the administrator account (not one of every account's ports: one account
 * administers the stack sets, with the CallAs the config names).
 */
export function stackSetsPorts(options: ClientOptions, callAs?: 'SELF' | 'DELEGATED_ADMIN'): StackSetsPort {
  const shared = clientConfig(options);
  const config = { ...shared, ...(options.endpoints?.CloudFormation ? { endpoint: options.endpoints.CloudFormation } : {}) };
  return lazyPort(() => {
    const { CloudFormationClient } = require('@aws-sdk/client-cloudformation') as typeof import('@aws-sdk/client-cloudformation'); // eslint-disable-line @typescript-eslint/no-require-imports
    const { stackSetsPort } = require('./clients/stacksets') as typeof import('./clients/stacksets'); // eslint-disable-line @typescript-eslint/no-require-imports
    return stackSetsPort(watchCalls(abortable(new CloudFormationClient(config), options.signal), options.watch, options.timeouts ?? DEFAULT_TIMEOUTS), callAs);
  });
}
