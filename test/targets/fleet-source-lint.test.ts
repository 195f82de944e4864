/**
 * Account A's fleet stacks through the same offline validator as the generated templates (resource
 * schemas and cfn-lint rules, scripts/lint): a fleet of 30 targets in three waves, so the first stack
 * (the repository) and a further stack are both checked, and a first stack left with the repository
 * alone. No exemption is needed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fleetSourceStacks } from '../../scripts/deploy/fleet-source';
import { lintTemplates } from '../../scripts/lint/validate-templates';
import { fleetTargets, REGION, stageOneOutputs } from './fleet-world';

jest.setTimeout(60_000);

it('the validator finds nothing in the first and a further AccA-fleet stack', () => {
  const targets = fleetTargets({ count: 30, waveOf: (i) => (i % 3) + 1 });
  const stacks = fleetSourceStacks(REGION, targets, stageOneOutputs);
  // And a first stack whose targets have all gone: the repository alone.
  const [alone] = fleetSourceStacks(REGION, targets.slice(12), stageOneOutputs, [{ stackName: 'orders-api-source', serves: targets.slice(0, 12).map((t) => t.name) }, { stackName: 'orders-api-source-2', serves: targets.slice(12).map((t) => t.name) }]);
  stacks.push({ ...alone!, stackName: 'orders-api-source-alone' });
  const dir = mkdtempSync(join(tmpdir(), 'xacct-fleet-lint-'));
  const files = stacks.map((s) => {
    const file = join(dir, `${s.stackName}.yaml`);
    writeFileSync(file, s.artifact.body);
    return file;
  });
  const result = lintTemplates(files, []);
  expect(result.findings).toEqual([]);
  expect(Object.values(result.status)).toEqual(stacks.map(() => 'OK'));
});
