/** Which failures are AWS's (exit 4, with what we were doing) and which are ours (internal, exit 70), and Ctrl-C at a prompt. */
import { describeAwsFailure } from '../scripts/aws/aws-errors';
import { XacctError } from '../scripts/errors';
import { InterruptedError } from '../scripts/errors';
import { detectDrift } from '../scripts/status/drift';
import type { CloudFormationPort, StackSummary } from '../scripts/aws/ports';
import { VirtualClock } from './fake-aws/virtual-clock';

jest.mock('node:readline/promises', () => ({
  createInterface: () => ({
    question: () => Promise.reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' })),
    close: () => undefined,
  }),
}));

describe('describeAwsFailure', () => {
  it('wraps errors AWS answered with what we were doing and the account', () => {
    const aws = Object.assign(new Error('Stack is busy'), { name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
    const wrapped = describeAwsFailure(aws, 'deploying s', '111122223333');
    expect(wrapped).toBeInstanceOf(XacctError);
    expect((wrapped as XacctError).exitCode).toBe(4);
    expect(wrapped.message).toBe('deploying s in account 111122223333: ValidationError: Stack is busy');
  });

  it('passes our own errors through unchanged: they are bugs, not AWS refusals', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'outputs')");
    expect(describeAwsFailure(bug, 'deploying s', '111122223333')).toBe(bug);
  });

  it('treats the credential chain failures as AWS failures', () => {
    const e = Object.assign(new Error('Token is expired'), { name: 'CredentialsProviderError' });
    expect(describeAwsFailure(e, 'x', '1')).toBeInstanceOf(XacctError);
  });
});

describe('Ctrl-C at a yes/no prompt', () => {
  it('is an interruption (exit 130), not an AWS failure', async () => {
    const { askOnTerminal } = await import('../scripts/cli/io');
    await expect(askOnTerminal('Apply?')).rejects.toBeInstanceOf(InterruptedError);
    await expect(askOnTerminal('Apply?')).rejects.toMatchObject({ exitCode: 130 });
  });
});

describe('drift detection that failed', () => {
  it('is reported as DETECTION_FAILED even when AWS also gives a stack drift status', async () => {
    const cfn = {
      detectDrift: async () => 'detection-1',
      driftDetection: async () => ({ detectionStatus: 'DETECTION_FAILED', stackDriftStatus: 'IN_SYNC', reason: 'Failed to detect drift on resource [Pipeline]' }),
      resourceDrifts: async () => [],
    } as unknown as CloudFormationPort;
    const stack = { name: 's', status: 'UPDATE_COMPLETE' } as StackSummary;
    const report = await detectDrift(cfn, stack, new VirtualClock(), 1000);
    expect(report).toMatchObject({ status: 'DETECTION_FAILED', reason: 'Failed to detect drift on resource [Pipeline]' });
  });
});
