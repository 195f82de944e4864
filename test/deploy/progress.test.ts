/** How a run shows itself: a live line on a terminal, plain lines elsewhere, JSON lines for machines. */
import { ACCOUNT_B, twoAccountWorld, type World } from '../helpers/deploy-world';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';

let world: World;
beforeEach(() => {
  world = twoAccountWorld();
});
afterEach(() => world.restore());

async function runWith(isTty: boolean) {
  const io = recordingIo(undefined, isTty);
  const code = await main(['deploy-sequence', '--config', world.configFile, '--yes'], io, { ...world.deps });
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('progress', () => {
  it('on a terminal the waiting status is one live line, rewritten in place', async () => {
    const r = await runWith(true);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\r\x1b\[2K {6}orders-api-target CREATE_IN_PROGRESS \(\d+s\)/);
    expect(r.out).toMatch(/\r\x1b\[2K {6}orders-api-source CREATE_IN_PROGRESS \(\d+s\)/);
  });

  it('elsewhere there are only plain lines, one per status change', async () => {
    const r = await runWith(false);
    expect(r.out).not.toContain('\r');
    expect(r.out).not.toContain('\x1b');
    expect(r.out.match(/ {6}orders-api-target is CREATE_IN_PROGRESS\n/g)).toHaveLength(1);
    expect(r.out).toMatch(/\[1\/6\] target-foundation: create/);
    expect(r.out).toMatch(/ {6}\d\d:\d\d:\d\d CREATE_COMPLETE +ArtifactKey AWS::KMS::Key/);
  });

  it('a failure shows the root-cause resource first, then what to do', async () => {
    world.aws.cloudFormation(ACCOUNT_B).failures.push({ stack: 'orders-api-target', logicalId: 'PipelineRole', reason: 'Role limit exceeded (Service: Iam, Status Code: 409)' });
    const r = await runWith(false);
    expect(r.code).toBe(4);
    const rootCause = r.out.indexOf('Root cause: PipelineRole CREATE_FAILED: Role limit exceeded');
    expect(rootCause).toBeGreaterThan(0);
    expect(r.out.slice(rootCause)).not.toMatch(/CREATE_COMPLETE +\w+ AWS::/);
    expect(r.err).toMatch(/ended in ROLLBACK_COMPLETE\. Root cause: PipelineRole \(AWS::IAM::Role\) CREATE_FAILED: Role limit exceeded.*it can only be deleted and created again \(the run does that after asking\)/);
  });

  it('--json prints one event object per line, ending with the outcome', async () => {
    const r = await world.run('deploy-sequence', '--config', world.configFile, '--yes', '--json');
    const lines = r.out.trim().split('\n');
    const types = lines.map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types[0]).toBe('identity');
    expect(types).toContain('plan');
    expect(types).toContain('stack-event');
    expect(types.at(-1)).toBe('finished');
    expect(JSON.parse(lines.at(-1)!)).toEqual({ type: 'finished', changed: 5, unchanged: 1, stoppedForConfirmation: false });
  });

  it('--json reports a failure as the last event too', async () => {
    world.aws.cloudFormation(ACCOUNT_B).failures.push({ stack: 'orders-api-target', logicalId: 'PipelineRole', reason: 'nope' });
    const r = await world.run('deploy-sequence', '--config', world.configFile, '--yes', '--json');
    expect(r.events.at(-1)).toMatchObject({ type: 'failed', code: 'stack-failed' });
  });
});
