/**
 * `xacct diff` of a fleet deployed by `deploy-sequence --engine stacksets`, through the CLI against the
 * fake AWS: right after the deploy nothing would change (exit 0); a target whose config gives another
 * value has its instance's overrides named, the others none (exit 1); a stack set whose template is not
 * the one a deploy sends is named for every target.
 */
import { writeFileSync } from 'node:fs';
import { dump } from 'js-yaml';
import { fleetConfig, SOURCE, type FleetWorld } from '../helpers/fleet-world';
import { ADMIN_REGION, deployStackSets, STAGE1, stackSetsFleet } from './stacksets-fleet';

let world: FleetWorld;
beforeEach(() => {
  world = stackSetsFleet();
});
afterEach(() => world.restore());

interface Section { target: string; report?: { changed: boolean; changes: string[] }; error?: { message: string } }
const diff = async () => {
  const r = await world.run('diff', '--config', world.configFile, '--json');
  return { code: r.code, err: r.err, sections: JSON.parse(r.out) as Section[] };
};
const changesOf = (sections: Section[]) => sections.map((s) => [s.target, s.report?.changes ?? s.error?.message]);

describe('diff of a StackSets-deployed fleet', () => {
  it('no change right after the deploy; a changed value names its target\'s instance overrides; a changed set template names every target', async () => {
    expect((await deployStackSets(world)).code).toBe(0);
    await world.aws.settle();
    const clean = await diff();
    expect(clean.err).toBe('');
    expect(changesOf(clean.sections)).toEqual([['dev', []], ['staging', []], ['prod', []]]);
    expect(clean.code).toBe(0);

    // GIVEN staging's config now names another key administrator (a parameter of both stages).
    const config = fleetConfig() as { targets: Array<{ name: string; pipeline: Record<string, string> }> };
    config.targets.find((t) => t.name === 'staging')!.pipeline.keyAdministratorArn = 'arn:aws:iam::555566667777:role/other-admin';
    writeFileSync(world.configFile, dump({ ...config, stackSets: { permissionModel: 'SELF_MANAGED', maxConcurrentPercentage: 100 } }));
    const changed = await diff();
    expect(changesOf(changed.sections)).toEqual([['dev', []], ['staging', ['stage 1: instance overrides differ (KeyAdministratorArn): UpdateStackInstances', 'stage 2: instance overrides differ (KeyAdministratorArn): UpdateStackInstances']], ['prod', []]]);
    expect(changed.code).toBe(1);
    // A deploy makes exactly that change: afterwards nothing is left.
    expect((await deployStackSets(world)).code).toBe(0);
    await world.aws.settle();
    expect(changesOf((await diff()).sections)).toEqual([['dev', []], ['staging', []], ['prod', []]]);

    // GIVEN the stage-1 set's template changed outside a deploy.
    const sets = world.aws.stackSets(SOURCE, ADMIN_REGION);
    const body = sets.DescribeStackSet({ StackSetName: STAGE1 }).StackSet.TemplateBody as string;
    sets.UpdateStackSet({ StackSetName: STAGE1, TemplateBody: `${body}\n# changed by hand\n`, OperationId: 'by-hand' });
    await world.aws.settle();
    const drifted = await diff();
    for (const s of drifted.sections) expect(s.report!.changes).toEqual(expect.arrayContaining([expect.stringMatching(/^stage 1: stack set orders-api-AccB-pipeline-1's template differs/)]));
    expect(drifted.code).toBe(1);
  });
});
