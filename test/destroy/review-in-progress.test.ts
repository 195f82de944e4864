/**
 * A stack left REVIEW_IN_PROGRESS (a first change set never executed) has no template: AWS refuses to
 * summarise it, and GetTemplate has nothing to return. Teardown and status read what they need without it.
 */
import { ACCOUNT_B, twoAccountWorld, type World } from '../helpers/deploy-world';

let world: World;
beforeEach(() => {
  world = twoAccountWorld();
});
afterEach(() => world.restore());

const cfnB = () => world.aws.cloudFormation(ACCOUNT_B);

describe('a REVIEW_IN_PROGRESS stack', () => {
  it('the fake refuses GetTemplate on it', async () => {
    cfnB().seedStack('orders-api-target', 'REVIEW_IN_PROGRESS', {});
    expect(() => cfnB().GetTemplate({ StackName: 'orders-api-target' })).toThrow(/REVIEW_IN_PROGRESS/);
  });

  it('destroy deletes it without asking for its template', async () => {
    cfnB().seedStack('orders-api-target', 'REVIEW_IN_PROGRESS', {});
    const r = await world.run('destroy', '--config', world.configFile, '--yes', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(world.aws.callsOf('GetTemplate')).toEqual([]);
    expect(world.aws.callsOf('GetTemplateSummary')).toEqual([]);
    expect(cfnB().stack('orders-api-target')).toBeUndefined();
  });

  it('status reports it without asking for its template', async () => {
    cfnB().seedStack('orders-api-target', 'REVIEW_IN_PROGRESS', {});
    const r = await world.run('status', '--config', world.configFile, '--json');
    expect(world.aws.callsOf('GetTemplate')).toEqual([]);
    const report = JSON.parse(r.out);
    expect(report.stacks[0]).toMatchObject({ stack: 'orders-api-target', status: 'REVIEW_IN_PROGRESS' });
  });
});
