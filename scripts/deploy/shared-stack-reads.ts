/**
 * Account A's stacks in one deploy run over a fleet: every target of a region reads them at each of its
 * steps for their outputs (the repository, its source role), six times per target, the same stack
 * each time. Here a region's targets share one answer of DescribeStacks per stack until this run
 * writes that stack: a change set, an execute, a delete or a rollback continuation of it through this
 * port drops the answer, and an answer of a stack in the middle of an operation (*_IN_PROGRESS) is not
 * kept. Measured by the fleet bench (test/bench/fleet-bench.ts): 50 targets in 2 regions read account
 * A's stacks about 300 times less.
 *
 * Account A's own steps read afresh (fleet-run.ts runs them in `freshStackReads`): the fleet decides
 * again before it acts, and someone else may have changed the stack since the run last read it. The
 * fresh answer is then the one the targets share. A target's stack B is not shared: its steps read it
 * themselves, as before.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AccountPorts, CloudFormationPort, StackSummary } from '../aws/ports';

const fresh = new AsyncLocalStorage<boolean>();

/** Runs `work` with every read of a shared stack asked of AWS (and shared from then on). */
export const freshStackReads = <T>(work: () => Promise<T>): Promise<T> => fresh.run(true, work);

/** The CloudFormation calls that change a stack (their stack name: the first argument, or `stackName`). */
const WRITES = new Set<keyof CloudFormationPort>(['createChangeSet', 'executeChangeSet', 'deleteChangeSet', 'deleteStack', 'continueUpdateRollback']);

const stackOf = (args: unknown[]): string | undefined => {
  const first = args[0];
  if (typeof first === 'string') return first;
  if (typeof first === 'object' && first !== null && typeof (first as { stackName?: unknown }).stackName === 'string') return (first as { stackName: string }).stackName;
  return undefined;
};

function sharedDescribe(port: CloudFormationPort): CloudFormationPort {
  const answers = new Map<string, Promise<StackSummary | undefined>>();
  const read = (name: string): Promise<StackSummary | undefined> => {
    const asked = port.describeStack(name);
    answers.set(name, asked);
    // A failed read (throttling past the SDK's retries) or a stack mid-operation is asked again next time.
    const forget = () => {
      if (answers.get(name) === asked) answers.delete(name);
    };
    asked.then((stack) => stack?.status.endsWith('_IN_PROGRESS') && forget(), forget);
    return asked;
  };
  return new Proxy(port, {
    get: (target, member) => {
      if (member === 'describeStack') return (name: string) => (fresh.getStore() ? read(name) : (answers.get(name) ?? read(name)));
      const value = (target as unknown as Record<string | symbol, unknown>)[member];
      if (typeof value !== 'function' || !WRITES.has(member as keyof CloudFormationPort)) return value;
      return async (...args: unknown[]) => {
        const stack = stackOf(args);
        if (stack !== undefined) answers.delete(stack);
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          // A read answered while the write was on its way may show the stack from before it.
          if (stack !== undefined) answers.delete(stack);
        }
      };
    },
  });
}

/** Account A's ports of one region for a deploy run: its stack reads shared, everything else as it was. */
export function sharedStackReads(ports: AccountPorts): AccountPorts {
  return { ...ports, cloudFormation: sharedDescribe(ports.cloudFormation) };
}
