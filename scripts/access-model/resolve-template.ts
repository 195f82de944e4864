/**
 * A generated template made concrete, the way CloudFormation would make it in one stack: parameters
 * (checked against their patterns and defaults), pseudo parameters, conditions, and Ref, Fn::GetAtt,
 * Fn::Sub, Fn::Join, Fn::If and Fn::Select replaced by values. Physical ids follow CloudFormation's
 * naming (`<stack>-<LogicalId>-<SUFFIX>`, buckets in lower case) with a suffix derived from the stack and
 * logical id, so the result is deterministic. Pure: no I/O.
 */
import { createHash } from 'node:crypto';
import type { StackContext } from './example-deployment';
import { NAME_MAX_LENGTH, NAME_PROPERTY } from './name-properties';

export type ParameterValues = Record<string, string>;

export interface PhysicalResource {
  type: string;
  /** What `Ref` returns. */
  ref: string;
  /** What `Fn::GetAtt` returns, by attribute name. */
  attributes: Record<string, string>;
}

export interface ResolvedTemplate {
  stack: StackContext;
  parameters: Record<string, string | number>;
  /** Resources whose condition holds, every intrinsic function replaced by its value. */
  resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  physical: Record<string, PhysicalResource>;
  outputs: Record<string, string>;
}

export class ResolutionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResolutionError';
  }
}

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Marks a value removed by `!Ref AWS::NoValue`. */
const NO_VALUE = Symbol('AWS::NoValue');

const hash = (seed: string, length: number) => createHash('sha256').update(seed).digest('hex').slice(0, length);

/** CloudFormation's generated name: stack name, logical id and a 12-character suffix, within `max`. */
function generatedName(stack: StackContext, logicalId: string, max: number): string {
  const suffix = hash(`${stack.accountId}/${stack.stackName}/${logicalId}`, 12).toUpperCase();
  const room = max - suffix.length - 2;
  const head = `${stack.stackName}-${logicalId}`;
  return `${head.slice(0, room)}-${suffix}`;
}

function keyId(stack: StackContext, logicalId: string): string {
  const h = hash(`${stack.accountId}/${stack.stackName}/${logicalId}/key`, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Ref and attributes of one resource, from its type and (for named resources) its resolved name, or from
 * the physical id a deployed stack reports for it (`known`, ListStackResources).
 */
function physicalResource(stack: StackContext, logicalId: string, type: string, name: (property: string) => string | undefined, known?: string): PhysicalResource {
  if (known !== undefined) {
    // A queue's physical id is its URL; every other resource here is known by its name or id.
    const fromKnown = type === 'AWS::SQS::Queue' ? () => known.split('/').pop() : () => known;
    if (type === 'AWS::KMS::Key') {
      const { partition: p, region: r, accountId: a } = stack;
      return { type, ref: known, attributes: { Arn: `arn:${p}:kms:${r}:${a}:key/${known}`, KeyId: known } };
    }
    if (NAME_PROPERTY[type]) return physicalResource(stack, logicalId, type, (prop) => (prop === NAME_PROPERTY[type] ? fromKnown() : name(prop)));
    return { type, ref: known, attributes: {} };
  }
  const { partition: p, region: r, accountId: a } = stack;
  switch (type) {
    case 'AWS::IAM::Role': {
      const roleName = name('RoleName') ?? generatedName(stack, logicalId, NAME_MAX_LENGTH[type]!);
      return { type, ref: roleName, attributes: { Arn: `arn:${p}:iam::${a}:role/${roleName}`, RoleId: `AROA${hash(roleName, 17).toUpperCase()}` } };
    }
    case 'AWS::KMS::Key': {
      const id = keyId(stack, logicalId);
      return { type, ref: id, attributes: { Arn: `arn:${p}:kms:${r}:${a}:key/${id}`, KeyId: id } };
    }
    case 'AWS::S3::Bucket': {
      const bucket = name('BucketName') ?? generatedName(stack, logicalId, NAME_MAX_LENGTH[type]!).toLowerCase();
      return { type, ref: bucket, attributes: { Arn: `arn:${p}:s3:::${bucket}`, DomainName: `${bucket}.s3.amazonaws.com` } };
    }
    case 'AWS::ECR::Repository': {
      const repository = name('RepositoryName') ?? generatedName(stack, logicalId, NAME_MAX_LENGTH[type]!).toLowerCase();
      return {
        type,
        ref: repository,
        attributes: { Arn: `arn:${p}:ecr:${r}:${a}:repository/${repository}`, RepositoryUri: `${a}.dkr.ecr.${r}.amazonaws.com/${repository}` },
      };
    }
    case 'AWS::SQS::Queue': {
      const queue = name('QueueName') ?? generatedName(stack, logicalId, NAME_MAX_LENGTH[type]!);
      return {
        type,
        ref: `https://sqs.${r}.amazonaws.com/${a}/${queue}`,
        attributes: { Arn: `arn:${p}:sqs:${r}:${a}:${queue}`, QueueName: queue, QueueUrl: `https://sqs.${r}.amazonaws.com/${a}/${queue}` },
      };
    }
    case 'AWS::Events::Rule': {
      const rule = name('Name') ?? generatedName(stack, logicalId, NAME_MAX_LENGTH[type]!);
      return { type, ref: rule, attributes: { Arn: `arn:${p}:events:${r}:${a}:rule/${rule}` } };
    }
    case 'AWS::CodePipeline::Pipeline': {
      const pipeline = name('Name') ?? generatedName(stack, logicalId, NAME_MAX_LENGTH[type]!);
      return { type, ref: pipeline, attributes: { Version: '1' } };
    }
    case 'AWS::KMS::Alias':
      return { type, ref: name('AliasName') ?? `alias/${logicalId}`, attributes: {} };
    default:
      // Policies and other resources whose Ref is an opaque id nobody refers to by value.
      return { type, ref: generatedName(stack, logicalId, 128), attributes: {} };
  }
}

function checkParameters(declared: Record<string, Json>, given: ParameterValues): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  for (const [id, spec] of Object.entries(declared)) {
    const value = given[id] ?? (spec.Default !== undefined ? String(spec.Default) : undefined);
    if (value === undefined) throw new ResolutionError(`parameter ${id} has no value and no default`);
    if (spec.AllowedPattern && !new RegExp(spec.AllowedPattern).test(value)) {
      throw new ResolutionError(`parameter ${id} = '${value}' does not match its AllowedPattern ${spec.AllowedPattern}`);
    }
    if (spec.MinLength !== undefined && value.length < spec.MinLength) throw new ResolutionError(`parameter ${id} is shorter than ${spec.MinLength}`);
    if (spec.MaxLength !== undefined && value.length > spec.MaxLength) throw new ResolutionError(`parameter ${id} is longer than ${spec.MaxLength}`);
    if (spec.Type === 'Number') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new ResolutionError(`parameter ${id} = '${value}' is not a number`);
      if ((spec.MinValue !== undefined && n < spec.MinValue) || (spec.MaxValue !== undefined && n > spec.MaxValue)) {
        throw new ResolutionError(`parameter ${id} = ${n} is outside ${spec.MinValue}..${spec.MaxValue}`);
      }
      values[id] = n;
    } else {
      values[id] = value;
    }
  }
  const unknown = Object.keys(given).filter((id) => !(id in declared));
  if (unknown.length > 0) throw new ResolutionError(`no such parameter: ${unknown.join(', ')}`);
  return values;
}

/**
 * Resolves one template in one stack. Throws ResolutionError naming what it cannot resolve. `known`:
 * physical ids of a deployed stack's resources, by logical id (else they are derived as CloudFormation
 * would name them).
 */
export function resolveTemplate(template: Json, stack: StackContext, given: ParameterValues, known: Record<string, string> = {}): ResolvedTemplate {
  const parameters = checkParameters(template.Parameters ?? {}, given);
  const pseudo: Record<string, string> = {
    'AWS::AccountId': stack.accountId,
    'AWS::Region': stack.region,
    'AWS::Partition': stack.partition,
    'AWS::StackName': stack.stackName,
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackId': `arn:${stack.partition}:cloudformation:${stack.region}:${stack.accountId}:stack/${stack.stackName}/${hash(stack.stackName, 8)}`,
  };
  const conditionCache = new Map<string, boolean>();
  const physical: Record<string, PhysicalResource> = {};
  const declared: Record<string, Json> = template.Resources ?? {};

  const ref = (name: string, at: string): unknown => {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name in pseudo) return pseudo[name];
    if (name in parameters) return parameters[name];
    if (name in declared) return physicalOf(name).ref;
    throw new ResolutionError(`${at}: Ref to unknown ${name}`);
  };

  const getAtt = (logicalId: string, attribute: string, at: string): string => {
    if (!(logicalId in declared)) throw new ResolutionError(`${at}: GetAtt of unknown resource ${logicalId}`);
    const value = physicalOf(logicalId).attributes[attribute];
    if (value === undefined) throw new ResolutionError(`${at}: ${declared[logicalId].Type} ${logicalId} has no attribute ${attribute} here`);
    return value;
  };

  function physicalOf(logicalId: string): PhysicalResource {
    if (!physical[logicalId]) {
      const r = declared[logicalId];
      const name = (property: string) => {
        const v = r.Properties?.[property];
        return v === undefined ? undefined : String(resolve(v, `${logicalId}.${property}`));
      };
      physical[logicalId] = physicalResource(stack, logicalId, r.Type, name, known[logicalId]);
    }
    return physical[logicalId];
  }

  const sub = (text: string, vars: Record<string, unknown>, at: string): string =>
    text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      if (name.startsWith('!')) return '${' + name.slice(1) + '}';
      if (name in vars) return String(resolve(vars[name], at));
      const dot = name.indexOf('.');
      if (dot > 0 && !name.startsWith('AWS::')) return getAtt(name.slice(0, dot), name.slice(dot + 1), at);
      const v = ref(name, at);
      if (v === NO_VALUE) throw new ResolutionError(`${at}: AWS::NoValue inside Fn::Sub`);
      return String(v);
    });

  function condition(name: string): boolean {
    if (!conditionCache.has(name)) {
      const expr = template.Conditions?.[name];
      if (expr === undefined) throw new ResolutionError(`unknown condition ${name}`);
      conditionCache.set(name, Boolean(evaluate(expr, `Conditions.${name}`)));
    }
    return conditionCache.get(name)!;
  }

  function evaluate(expr: Json, at: string): boolean {
    const [fn, args] = Object.entries<Json>(expr)[0];
    switch (fn) {
      case 'Fn::Equals':
        return String(resolve(args[0], at)) === String(resolve(args[1], at));
      case 'Fn::Not':
        return !evaluate(args[0], at);
      case 'Fn::And':
        return args.every((a: Json) => evaluate(a, at));
      case 'Fn::Or':
        return args.some((a: Json) => evaluate(a, at));
      case 'Condition':
        return condition(args);
      default:
        throw new ResolutionError(`${at}: ${fn} is not a condition function`);
    }
  }

  function resolve(value: Json, at: string): unknown {
    if (Array.isArray(value)) return value.map((v, i) => resolve(v, `${at}[${i}]`)).filter((v) => v !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries<Json>(value);
    if (entries.length === 1) {
      const [fn, args] = entries[0];
      switch (fn) {
        case 'Ref':
          return ref(args, at);
        case 'Fn::GetAtt': {
          const [logicalId, attribute] = typeof args === 'string' ? [args.slice(0, args.indexOf('.')), args.slice(args.indexOf('.') + 1)] : args;
          return getAtt(logicalId, attribute, at);
        }
        case 'Fn::Sub':
          return typeof args === 'string' ? sub(args, {}, at) : sub(args[0], args[1], at);
        case 'Fn::Join':
          return (resolve(args[1], at) as unknown[]).map(String).join(args[0]);
        case 'Fn::Select':
          return (resolve(args[1], at) as unknown[])[Number(resolve(args[0], at))];
        case 'Fn::Split':
          return String(resolve(args[1], at)).split(args[0]);
        case 'Fn::If':
          return resolve(condition(args[0]) ? args[1] : args[2], at);
        default:
          if (fn.startsWith('Fn::')) throw new ResolutionError(`${at}: ${fn} is not supported by the resolver`);
      }
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const r = resolve(v, `${at}.${k}`);
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  }

  const resources: ResolvedTemplate['resources'] = {};
  for (const [logicalId, r] of Object.entries(declared)) {
    if (r.Condition !== undefined && !condition(r.Condition)) continue;
    resources[logicalId] = { Type: r.Type, Properties: resolve(r.Properties ?? {}, logicalId) as Record<string, unknown> };
    physicalOf(logicalId);
  }
  const outputs: Record<string, string> = {};
  for (const [id, o] of Object.entries<Json>(template.Outputs ?? {})) {
    if (o.Condition !== undefined && !condition(o.Condition)) continue;
    outputs[id] = String(resolve(o.Value, `Outputs.${id}`));
  }
  return { stack, parameters, resources, physical, outputs };
}
