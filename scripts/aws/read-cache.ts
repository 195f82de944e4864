/**
 * Reads of one account that several targets share (account A's stack of a region, its identity, the
 * tag of its repository), asked once: the first call's promise answers every later caller with the
 * same arguments. Only for a read-only run (status): a run that changes AWS must read again.
 */
import type { AccountPorts } from './ports';

/** The reads a fleet's targets repeat against account A; everything else passes through. */
const SHARED_READS: Partial<Record<keyof AccountPorts, readonly string[]>> = {
  sts: ['callerIdentity'],
  cloudFormation: ['describeStack', 'templateBody', 'stackResources'],
  ecr: ['imageOfTag'],
};

export function sharedReads(ports: AccountPorts): AccountPorts {
  const answers = new Map<string, Promise<unknown>>();
  const wrapPort = <P extends object>(portName: string, port: P, methods: readonly string[]): P =>
    new Proxy(port, {
      get: (target, name) => {
        const member = (target as Record<string | symbol, unknown>)[name];
        if (typeof member !== 'function' || typeof name !== 'string' || !methods.includes(name)) return member;
        return (...args: unknown[]) => {
          const key = `${portName}.${name}(${JSON.stringify(args)})`;
          if (!answers.has(key)) answers.set(key, (member as (...a: unknown[]) => Promise<unknown>).apply(target, args));
          return answers.get(key);
        };
      },
    });
  return new Proxy(ports, {
    get: (target, name) => {
      const port = target[name as keyof AccountPorts];
      const methods = SHARED_READS[name as keyof AccountPorts];
      return methods ? wrapPort(String(name), port, methods) : port;
    },
  });
}
