/** The exit codes: every one is in --help, and the built binary exits with them (what scripts and CI see). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import { EXIT } from '../../scripts/errors';
import { ROOT } from '../helpers/templates';

it('--help lists every exit code once, with what it means', async () => {
  const io = recordingIo();
  expect(await main(['--help'], io)).toBe(0);
  const table = io.stdout().split('Exit codes:')[1] ?? '';
  const listed = [...table.matchAll(/^ {2}(\d+) +\S.*$/gm)].map((m) => Number(m[1]));
  expect(listed.sort((a, b) => a - b)).toEqual([...Object.values(EXIT)].sort((a, b) => a - b));
  expect(table).toContain('6   credentials or connection: no usable credentials, or AWS not reached');
});

it('the binary exits 6 when no credentials can be found, with the message on stderr and nothing on stdout', () => {
  const home = mkdtempSync(join(tmpdir(), 'xacct-bin-'));
  writeFileSync(join(home, 'config'), '');
  writeFileSync(join(home, 'credentials'), '');
  const config = load(readFileSync(join(ROOT, 'examples', 'deployment.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
  config.source.credentials = { defaultChain: true };
  config.target.credentials = { defaultChain: true };
  const file = join(home, 'deployment.yaml');
  writeFileSync(file, dump(config));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'xacct.js'), 'plan', '--config', file], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...env,
      HOME: home,
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  expect(r.stderr).toContain('no AWS credentials were found (CredentialsProviderError: Could not load credentials from any providers)');
  expect(r.status).toBe(6);
  expect(r.stdout).toBe('');
});
