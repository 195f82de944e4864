/**
 * "Nothing to deploy" is decided from what is deployed (the template GetTemplate returns, the parameter
 * values, a status whose last operation succeeded), not from the stack's tags: after a failed update
 * AWS rolls the stack back to the previous template, so tags are only the ownership mark.
 */
import { ACCOUNT_A, ACCOUNT_B, twoAccountWorld, type World } from '../helpers/deploy-world';
import type { ProgressEvent } from '../../scripts/deploy/events';
import { stackTags } from '../../scripts/deploy/stack-tags';
import { templateArtifact } from '../../scripts/deploy/template-artifacts';

let world: World;
beforeEach(() => {
  world = twoAccountWorld();
});
afterEach(() => world.restore());

const deploy = (...extra: string[]) => world.run('deploy-sequence', '--config', world.configFile, '--yes', '--json', ...extra);
const cfnA = () => world.aws.cloudFormation(ACCOUNT_A);
const cfnB = () => world.aws.cloudFormation(ACCOUNT_B);
const outcomes = (events: ProgressEvent[]) => Object.fromEntries(events.flatMap((e) => (e.type === 'step-finished' ? [[e.stepId, e.result.outcome]] : [])));
const planOf = async () => JSON.parse((await world.run('plan', '--config', world.configFile, '--json')).out) as { steps: Array<{ id: string; action: string; reason: string }> };

describe('a deployment that failed and rolled back', () => {
  it('is deployed again on the next run, even when its tags already name the new template', async () => {
    cfnB().failures.push({ stack: 'orders-api-target', logicalId: 'Pipeline', on: 'update', reason: 'Cross-account pass role is not allowed', times: 1 });
    expect((await deploy()).code).toBe(4);
    expect(cfnB().stack('orders-api-target')?.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    // Tags that claim stage 2 (what a wrong reading of the rollback would leave): they decide nothing.
    cfnB().setTags('orders-api-target', stackTags('orders-api', templateArtifact('AccB-pipeline-2')));

    const planned = await planOf();
    const stage2 = planned.steps.find((s) => s.id === 'target-pipeline')!;
    expect(stage2.action).toBe('update');
    expect(stage2.reason).toMatch(/UPDATE_ROLLBACK_COMPLETE after a failed operation/);

    const again = await deploy();
    expect(again.err).toBe('');
    expect(again.code).toBe(0);
    expect(outcomes(again.events)['target-pipeline']).toBe('updated');
    expect(cfnB().stack('orders-api-target')?.status).toBe('UPDATE_COMPLETE');
    expect(cfnB().stack('orders-api-target')?.template?.Resources?.Pipeline).toBeDefined();
  });
});

describe('a stack whose tags match but whose deployed template differs', () => {
  it('is updated: the template GetTemplate returns decides', async () => {
    expect((await deploy()).code).toBe(0);
    // Someone updated stack A outside the tool and put our tags back: the template is not ours.
    const tags = cfnA().stack('orders-api-source')!.tags;
    cfnA().replaceTemplateBody('orders-api-source', '# changed by hand\n');
    expect(cfnA().stack('orders-api-source')!.tags).toEqual(tags);
    const stepA = (await planOf()).steps.find((s) => s.id === 'source-stack')!;
    expect(stepA).toMatchObject({ action: 'update', reason: expect.stringMatching(/the deployed template is not AccA-pipeline/) });
  });

  it('a healthy deployment reads the templates and still makes zero writes on a re-run', async () => {
    expect((await deploy()).code).toBe(0);
    const writes = world.aws.writes().length;
    const reads = world.aws.callsOf('GetTemplate').length;
    const r = await deploy();
    expect(r.code).toBe(0);
    expect(world.aws.writes().length).toBe(writes);
    expect(world.aws.callsOf('GetTemplate').length).toBeGreaterThan(reads);
    expect(Object.values(outcomes(r.events)).every((o) => o === 'no-change')).toBe(true);
  });
});

describe('a change set that is not AVAILABLE', () => {
  it.each(['OBSOLETE', 'UNAVAILABLE'])('%s: nothing is executed, the error says why and what to do, exit 4', async (status) => {
    cfnB().settledExecutionStatus.push(status);
    const r = await deploy();
    expect(r.code).toBe(4);
    expect(r.err).toMatch(new RegExp(`change set .* of stack orders-api-target in account ${ACCOUNT_B} is CREATE_COMPLETE with execution status ${status}, not AVAILABLE: .*Nothing was executed\\. .*run again`));
    expect(world.aws.callsOf('ExecuteChangeSet')).toEqual([]);
  });
});

describe('a stack left ROLLBACK_FAILED', () => {
  it('is refused with what to do: delete it, keeping what cannot go, with the commands; nothing is written', async () => {
    cfnB().seedStack('orders-api-target', 'ROLLBACK_FAILED', stackTags('orders-api', templateArtifact('AccB-pipeline-1')));
    const writes = world.aws.writes().length;
    const r = await deploy();
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/is ROLLBACK_FAILED: a failed create could not be rolled back.*aws cloudformation delete-stack --stack-name orders-api-target.*--retain-resources/s);
    expect(world.aws.writes().length).toBe(writes);
  });
});
