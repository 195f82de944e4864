/**
 * The endpoint a named profile configures for a service (`endpoint_url`, or a `services` section with a
 * per-service `endpoint_url`), applied to the clients of the account that uses that profile. The SDK
 * reads these settings only from the process-wide profile (AWS_PROFILE or default), not from the
 * client's `profile` option, so the tool resolves them itself, with the precedence of the AWS SDKs and
 * Tools reference guide ("Service-specific endpoints"): AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL,
 * then the profile's per-service setting, then its global one; none of the file settings when
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS / ignore_configured_endpoint_urls is true. The environment
 * variables are left to the SDK, which applies them itself.
 */
import type { SharedConfigFiles } from '@smithy/types';

type Section = Record<string, string | undefined>;

/** `serviceId` of each client (the SDK's runtime config): it names the environment variable and the services key. */
export const SERVICE_IDS = ['CloudFormation', 'EventBridge', 'S3', 'STS', 'CodePipeline', 'ECR', 'ECS', 'Service Catalog', 'IAM', 'KMS', 'CloudWatch'] as const;

const envName = (serviceId: string) => `AWS_ENDPOINT_URL_${serviceId.toUpperCase().replace(/ /g, '_')}`;
const servicesKey = (serviceId: string) => serviceId.toLowerCase().replace(/ /g, '_');

export function profileEndpoint(profile: Section | undefined, services: Record<string, Section>, serviceId: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!profile) return undefined;
  if (env[envName(serviceId)] || env.AWS_ENDPOINT_URL) return undefined;
  if (/^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '') || /^true$/i.test(profile.ignore_configured_endpoint_urls ?? '')) return undefined;
  const section = profile.services ? services[`services.${profile.services}`] : undefined;
  // The services section holds keys like `cloudformation.endpoint_url` (the loader flattens sub-sections).
  return section?.[`${servicesKey(serviceId)}.endpoint_url`] ?? profile.endpoint_url;
}

/** For one profile, the endpoint of each service that has one configured; empty when none has. */
export function endpointsOfProfile(files: SharedConfigFiles, profile: string): Record<string, string> {
  const config = files.configFile ?? {};
  const services = Object.fromEntries(Object.entries(config).filter(([k]) => k.startsWith('services.'))) as Record<string, Section>;
  const section = (config[profile] ?? files.credentialsFile?.[profile]) as Section | undefined;
  const out: Record<string, string> = {};
  for (const id of SERVICE_IDS) {
    const url = profileEndpoint(section, services, id);
    if (url) out[id] = url;
  }
  return out;
}
