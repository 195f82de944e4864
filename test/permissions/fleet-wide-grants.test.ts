/**
 * `xacct permissions` on a fleet grants what the fleet as a whole does: account A's deployer may retag
 * images (promote) only when the fleet has later waves, and administer the stage stack sets only when
 * the config chooses the StackSets engine. Through the CLI, as a user runs it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import { ROOT } from '../helpers/templates';

type Doc = { targets: Array<Record<string, unknown>>; stackSets?: unknown };
const example = (): Doc => load(readFileSync(join(ROOT, 'examples', 'fleet.yaml'), 'utf8')) as Doc;

async function sourceDeployerActions(doc: Doc): Promise<string[]> {
  const file = join(mkdtempSync(join(tmpdir(), 'xacct-fleet-grants-')), 'fleet.yaml');
  writeFileSync(file, dump(doc));
  const io = recordingIo();
  expect(await main(['permissions', '--config', file, '--account', 'source', '--role', 'deployer', '--json'], io)).toBe(0);
  const [policy] = JSON.parse(io.stdout()) as Array<{ policy: { Statement: Array<{ Action: string | string[] }> } }>;
  return policy!.policy.Statement.flatMap((s) => [s.Action].flat());
}

it('a fleet released in waves lets account A\'s deployer retag images (promote); one wave does not', async () => {
  const waves = await sourceDeployerActions(example());
  expect(waves).toEqual(expect.arrayContaining(['ecr:BatchGetImage', 'ecr:PutImage']));
  const oneWave = example();
  for (const t of oneWave.targets) delete t.wave;
  const single = await sourceDeployerActions(oneWave);
  expect(single).not.toContain('ecr:PutImage');
});

it('the StackSets calls are granted only when the config has a stackSets: block', async () => {
  expect(await sourceDeployerActions(example())).not.toContain('cloudformation:CreateStackSet');
  const withStackSets = { ...example(), stackSets: { permissionModel: 'SERVICE_MANAGED', organizationalUnitIds: ['ou-abcd-12345678'] } };
  expect(await sourceDeployerActions(withStackSets)).toContain('cloudformation:CreateStackSet');
});
