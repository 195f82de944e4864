/**
 * Evaluates CloudFormation intrinsic functions the way the service does for what the fake needs:
 * stack outputs, physical names and the dependency check. Ref, GetAtt, Sub (both forms), Join, Select,
 * Split, If, Equals, Not, And, Or, Condition, and the pseudo parameters.
 */
import { fault } from './fault';

export interface EvalContext {
  parameters: Record<string, string>;
  pseudo: Record<string, string>;
  /** Ref value and attributes of each resource that exists. */
  resources: Record<string, { ref: string; attributes: Record<string, string> }>;
  conditions: Record<string, unknown>;
}

const NO_VALUE = Symbol('AWS::NoValue');

function ref(name: string, ctx: EvalContext): unknown {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (name in ctx.pseudo) return ctx.pseudo[name];
  if (name in ctx.parameters) return ctx.parameters[name];
  if (name in ctx.resources) return ctx.resources[name].ref;
  throw fault('ValidationError', `Template format error: Unresolved resource dependencies [${name}] in the Resources block of the template`);
}

function getAtt(resource: string, attribute: string, ctx: EvalContext): string {
  const r = ctx.resources[resource];
  if (!r) throw fault('ValidationError', `Template error: instance of Fn::GetAtt references undefined resource ${resource}`);
  const value = r.attributes[attribute];
  if (value === undefined) throw fault('ValidationError', `Template error: resource ${resource} does not support attribute type ${attribute} in Fn::GetAtt`);
  return value;
}

function sub(text: string, vars: Record<string, unknown>, ctx: EvalContext): string {
  return text.replace(/\$\{([^}!][^}]*)\}/g, (_m, name: string) => {
    if (name in vars) return String(evaluate(vars[name], ctx));
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) return getAtt(name.slice(0, dot), name.slice(dot + 1), ctx);
    return String(ref(name, ctx));
  });
}

export function condition(name: string, ctx: EvalContext): boolean {
  if (!(name in ctx.conditions)) throw fault('ValidationError', `Template format error: Unresolved condition dependencies [${name}]`);
  return Boolean(evaluate(ctx.conditions[name], ctx));
}

export function evaluate(value: unknown, ctx: EvalContext): unknown {
  if (Array.isArray(value)) return value.map((v) => evaluate(v, ctx)).filter((v) => v !== NO_VALUE);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [fn, arg] = entries[0];
    const a = arg as never;
    switch (fn) {
      case 'Ref':
        return ref(a, ctx);
      case 'Fn::GetAtt': {
        const [res, attr] = Array.isArray(arg) ? (arg as string[]) : String(arg).split(/\.(.*)/s);
        return getAtt(res, attr, ctx);
      }
      case 'Fn::Sub':
        return Array.isArray(arg) ? sub(arg[0] as string, arg[1] as Record<string, unknown>, ctx) : sub(a, {}, ctx);
      case 'Fn::Join': {
        const [sep, items] = arg as [string, unknown];
        return (evaluate(items, ctx) as unknown[]).join(sep);
      }
      case 'Fn::Select': {
        const [index, items] = arg as [unknown, unknown];
        return (evaluate(items, ctx) as unknown[])[Number(evaluate(index, ctx))];
      }
      case 'Fn::Split': {
        const [sep, text] = arg as [string, unknown];
        return String(evaluate(text, ctx)).split(sep);
      }
      case 'Fn::If': {
        const [cond, yes, no] = arg as [string, unknown, unknown];
        return evaluate(condition(cond, ctx) ? yes : no, ctx);
      }
      case 'Fn::Equals': {
        const [l, r] = arg as [unknown, unknown];
        return evaluate(l, ctx) === evaluate(r, ctx);
      }
      case 'Fn::Not':
        return !evaluate((arg as unknown[])[0], ctx);
      case 'Fn::And':
        return (arg as unknown[]).every((c) => evaluate(c, ctx));
      case 'Fn::Or':
        return (arg as unknown[]).some((c) => evaluate(c, ctx));
      case 'Condition':
        return condition(a, ctx);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    const e = evaluate(v, ctx);
    if (e !== NO_VALUE) out[k] = e;
  }
  return out;
}

/** Every name a template refers to (Ref, GetAtt, ${...} in Sub), for the dependency check. */
export function references(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => references(v, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === 'Ref' && typeof v === 'string') found.add(v);
      else if (k === 'Fn::GetAtt') found.add(Array.isArray(v) ? String(v[0]) : String(v).split('.')[0]);
      else if (k === 'Fn::Sub') {
        const [text, vars] = Array.isArray(v) ? [v[0] as string, v[1] as Record<string, unknown>] : [v as string, {}];
        for (const m of text.matchAll(/\$\{([^}!][^}]*)\}/g)) if (!(m[1] in vars)) found.add(m[1].startsWith('AWS::') ? m[1] : m[1].split('.')[0]);
        references(vars, found);
      } else references(v, found);
    }
  }
  return found;
}
