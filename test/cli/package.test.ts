/**
 * The installable package: `--version` names the templates it deploys, the dev-only commands say
 * plainly when their development dependencies are missing (an installed xacct has none), and the
 * package.json is one npm can publish under a scoped name with the compiled CLI only.
 */
import { readFileSync } from 'node:fs';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import { requireDevDependencies } from '../../scripts/cli/dev-dependencies';
import { templateArtifact } from '../../scripts/deploy/template-artifacts';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

it('xacct --version prints the version and the digest of each template', async () => {
  const io = recordingIo();
  expect(await main(['--version'], io)).toBe(0);
  expect(io.stdout()).toMatch(new RegExp(`^xacct ${pkg.version.replace(/\./g, '\\.')}\\n`));
  for (const name of ['AccB-pipeline-1', 'AccA-pipeline', 'AccB-pipeline-2'] as const) expect(io.stdout()).toContain(`${name.padEnd(16)} ${templateArtifact(name).hash}`);
});

it('a missing development dependency is exit 3 with what to do, not a module error', () => {
  const missing = () => {
    throw Object.assign(new Error('Cannot find module'), { code: 'MODULE_NOT_FOUND' });
  };
  expect(() => requireDevDependencies('lint', ['@aws/cloudformation-validate'], missing)).toThrow(
    expect.objectContaining({ exitCode: 3, message: expect.stringContaining('xacct lint needs the development dependency @aws/cloudformation-validate') }),
  );
  expect(() => requireDevDependencies('lint', ['@aws/cloudformation-validate'])).not.toThrow();
});

it('package.json: a scoped, publishable name; the compiled CLI in files; prepack builds; no TypeScript at run time', () => {
  expect(pkg.name).toBe('@xacct/pipeline-kit');
  expect(pkg.private).toBeUndefined();
  expect(pkg.bin).toEqual({ xacct: 'bin/xacct.js' });
  expect(pkg.files).toEqual(expect.arrayContaining(['bin/xacct.js', 'dist/scripts/**/*.js', 'dist/templates-src/**/*.js', 'dist/package.json']));
  expect(pkg.scripts.prepack).toBe('tsc -p tsconfig.build.json');
  for (const dev of ['typescript', 'ts-jest', 'jest', '@cloud-copilot/iam-simulate', '@aws/cloudformation-validate']) expect(pkg.dependencies[dev]).toBeUndefined();
  expect(readFileSync('.ci/run', 'utf8')).toMatch(/npm pack[^]*npm install -g[^]*--prefix[^]*xacct --version[^]*xacct generate --out[^]*xacct init[^]*xacct plan --config deployment\.yaml --offline/);
});
