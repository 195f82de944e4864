/**
 * The awsQuery protocol (CloudFormation, STS, IAM), server side. Requests are POSTed form bodies:
 * `Action=DescribeStacks&Version=2010-05-15&StackName=x&Parameters.member.1.ParameterKey=k`; answers are
 * `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…</ResponseMetadata></ActionResponse>`
 * and errors `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`
 * (AWS Query API: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/CommonErrors.html;
 * the SDK's AwsQueryProtocol reads exactly these element names).
 */
import type { FakeAwsError } from '../fault';
import { escapeXml, xmlElements } from './xml';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * List members the SDK sends as `Name=` when the list is empty (it serializes empty lists): without a
 * schema the fake cannot tell them from an empty string, so they are named here.
 */
const LIST_MEMBERS = new Set(['Capabilities', 'Tags', 'Parameters', 'RetainResources', 'NotificationARNs', 'ResourceTypes', 'StackResourceDriftStatusFilters', 'PolicyArns']);

/** The form body as nested data: `a.member.2.b` becomes `{a: [undefined, {b}]}`-style lists, 1-based. */
export function decodeQuery(body: string): { action: string; input: Json } {
  const params = new URLSearchParams(body);
  const input: Json = {};
  let action = '';
  for (const [key, value] of params) {
    if (key === 'Action') {
      action = value;
      continue;
    }
    if (key === 'Version') continue;
    const path = key.split('.');
    if (path.length === 1 && value === '' && LIST_MEMBERS.has(key)) {
      input[key] = [];
      continue;
    }
    setPath(input, path, value);
  }
  return { action, input: compactLists(input) as Json };
}

function setPath(target: Json, path: string[], value: string): void {
  let node: Json = target;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (segment === 'member' || segment === 'entry') {
      // `X.member.N...`: X is a list, N its 1-based index.
      const index = Number(path[i + 1]) - 1;
      const rest = path.slice(i + 2);
      if (rest.length === 0) {
        node[index] = value;
        return;
      }
      node[index] ??= {};
      setPath(node[index], rest, value);
      return;
    }
    if (last) {
      node[segment] = value;
      return;
    }
    const listNext = path[i + 1] === 'member' || path[i + 1] === 'entry';
    node[segment] ??= listNext ? [] : {};
    node = node[segment];
  }
}

/** Lists built by index may have holes only if the SDK skipped numbers; keep them dense. */
function compactLists(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(compactLists);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, compactLists(x)]));
  return v;
}

const NAMESPACES: Record<string, string> = {
  cloudformation: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
};

export function encodeQueryResult(service: string, action: string, result: Json, requestId: string): string {
  return (
    `<${action}Response xmlns="${NAMESPACES[service] ?? ''}">` +
    `<${action}Result>${xmlElements(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</${action}Response>`
  );
}

export function encodeQueryError(service: string, error: FakeAwsError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${NAMESPACES[service] ?? ''}">` +
    `<Error><Type>${error.$fault === 'server' ? 'Receiver' : 'Sender'}</Type><Code>${escapeXml(error.name)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId>` +
    `</ErrorResponse>`
  );
}
