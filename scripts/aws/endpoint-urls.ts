/**
 * Endpoint URLs are checked before any call: AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE> and a
 * profile's endpoint_url must each be an absolute http(s) URL with a host. Without the check, the SDK
 * fails inside its endpoint resolver (`127.0.0.1:4566`, `not-a-url`: a TypeError "Invalid URL") or
 * takes `localhost:4566` for a URL whose scheme is `localhost:` and answers "NotFound: Unknown".
 * The variables are those of the AWS SDKs and Tools reference guide, "Service-specific endpoints":
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 */
import { usageError } from '../errors';

/** Why `value` is not an endpoint URL, or undefined when it is one. */
export function endpointProblem(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return 'is empty';
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return /^[\w.-]+:\d+$/.test(trimmed) ? 'has no scheme' : 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    // `localhost:4566` parses as scheme `localhost:` with path `4566`.
    return /^[a-z][\w.-]*:\d+/i.test(trimmed) ? 'has no scheme' : `has the scheme ${url.protocol.replace(/:$/, '')}, not http or https`;
  }
  if (!url.hostname) return 'has no host';
  return undefined;
}

function suggestion(value: string): string {
  const t = value.trim();
  return /^[\w.-]+:\d+$/.test(t) || /^[\w.-]+$/.test(t) ? ` (for example http://${t})` : '';
}

export interface EndpointSetting {
  /** Where the value comes from: an environment variable, or a profile's key in a file. */
  where: string;
  value: string;
}

/** The endpoint settings of the environment: AWS_ENDPOINT_URL and every AWS_ENDPOINT_URL_<SERVICE>. */
export function environmentEndpoints(env: NodeJS.ProcessEnv = process.env): EndpointSetting[] {
  return Object.keys(env)
    .filter((k) => /^AWS_ENDPOINT_URL(_[A-Z0-9_]+)?$/.test(k) && env[k] !== undefined && env[k] !== '')
    .sort()
    .map((k) => ({ where: `the environment variable ${k}`, value: env[k]! }));
}

/** Throws a usage error (exit 2) naming every setting that is not an http(s) URL with a host. */
export function checkEndpoints(settings: readonly EndpointSetting[]): void {
  const bad = settings.flatMap((s) => {
    const problem = endpointProblem(s.value);
    return problem ? [`${s.where} is "${s.value}", which ${problem}: an endpoint must be a URL with a scheme and a host, like http://localhost:4566 or https://cloudformation.eu-west-1.amazonaws.com${suggestion(s.value)}. Correct it, or unset it to reach AWS itself.`] : [];
  });
  if (bad.length > 0) throw usageError('bad-endpoint-url', `${bad.join('\n')}\nAWS was not called; nothing was changed.`);
}
