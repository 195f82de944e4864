/**
 * Account A's stack reads shared by a region's targets in one fleet deploy: one DescribeStacks per
 * stack until the run writes it, never an answer from the middle of an operation or a failed one, and
 * afresh where a step decides (freshStackReads).
 */
import type { AccountPorts, CloudFormationPort, StackSummary } from '../../scripts/aws/ports';
import { freshStackReads, sharedStackReads } from '../../scripts/deploy/shared-stack-reads';

function countingPort(statuses: Array<string | Error>) {
  const asked: string[] = [];
  const cloudFormation = {
    describeStack: async (name: string) => {
      asked.push(name);
      const next = statuses.shift() ?? 'UPDATE_COMPLETE';
      if (next instanceof Error) throw next;
      return { name, status: next, outputs: { RepositoryName: 'r' }, tags: {} } as unknown as StackSummary;
    },
    executeChangeSet: async () => undefined,
    createChangeSet: async () => ({ id: 'cs', stackId: 'id' }),
  } as unknown as CloudFormationPort;
  const ports = sharedStackReads({ cloudFormation } as unknown as AccountPorts);
  return { asked, cfn: ports.cloudFormation };
}

it('the same stack read by several targets is asked once, and concurrent reads share the request', async () => {
  const { asked, cfn } = countingPort([]);
  await Promise.all([cfn.describeStack('a'), cfn.describeStack('a')]);
  await cfn.describeStack('a');
  await cfn.describeStack('b');
  expect(asked).toEqual(['a', 'b']);
});

it('a write to the stack through the port drops its answer; a write to another stack does not', async () => {
  const { asked, cfn } = countingPort([]);
  await cfn.describeStack('a');
  await cfn.executeChangeSet('b', 'cs', 't');
  await cfn.describeStack('a');
  await cfn.createChangeSet({ stackName: 'a' } as Parameters<CloudFormationPort['createChangeSet']>[0]);
  await cfn.describeStack('a');
  expect(asked).toEqual(['a', 'a']);
});

it('an answer from the middle of an operation, or a failed read, is asked again', async () => {
  const { asked, cfn } = countingPort(['UPDATE_IN_PROGRESS', new Error('Rate exceeded')]);
  expect((await cfn.describeStack('a'))!.status).toBe('UPDATE_IN_PROGRESS');
  await expect(cfn.describeStack('a')).rejects.toThrow('Rate exceeded');
  expect((await cfn.describeStack('a'))!.status).toBe('UPDATE_COMPLETE');
  await cfn.describeStack('a');
  expect(asked).toEqual(['a', 'a', 'a']);
});

it('a step that decides reads afresh, and its answer is the one shared from then on', async () => {
  const { asked, cfn } = countingPort(['CREATE_COMPLETE', 'UPDATE_COMPLETE']);
  await cfn.describeStack('a');
  const decided = await freshStackReads(() => cfn.describeStack('a'));
  expect(decided!.status).toBe('UPDATE_COMPLETE');
  expect((await cfn.describeStack('a'))!.status).toBe('UPDATE_COMPLETE');
  expect(asked).toEqual(['a', 'a']);
});
