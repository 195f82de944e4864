/** The README's "When a run fails" section stays true to `xacct explain`: its example is what the command prints. */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import { CONFIG, MESSAGES, documentOf, statementOf, templatesDir } from './explain-helpers';
import { ROOT } from '../helpers/templates';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.split('## When a run fails')[1]?.split('\n## ')[0] ?? '';

describe('the README section "When a run fails"', () => {
  it('is built around xacct explain: how to run it, where the message is, the exit codes and every deniedBy value', () => {
    expect(section).toContain('xacct explain --config my-deployment.yaml - < message.txt');
    expect(section).toContain('### Where the message is');
    expect(section).toContain('Exit codes of `explain`: `0`');
    for (const value of ['identity', 'resource', 'scp', 'rcp', 'boundary', 'session', 'vpce', 'unknown']) expect(section).toContain(`\`${value}\``);
  });

  it('shows what explain prints for the example it describes, word for word', async () => {
    const example = /```\n(Message: [\s\S]*?)```/.exec(section)?.[1] ?? '';
    expect(example).toMatch(/^Message: s3:PutObjectAcl denied/);
    const work = mkdtempSync(join(tmpdir(), 'xacct-readme-'));
    copyFileSync(CONFIG, join(work, 'my-deployment.yaml'));
    const broken = templatesDir((t) => {
      statementOf(documentOf(t, 'AccB-pipeline-2', 'ArtifactBucketPolicy', 'PolicyDocument'), 'SourceRoleWritesSourceArtifact').Action = ['s3:PutObject'];
    });
    mkdirSync(join(work, 'old-generated'));
    for (const f of readdirSync(broken)) copyFileSync(join(broken, f), join(work, 'old-generated', f));
    const here = process.cwd();
    process.chdir(work);
    try {
      const io = recordingIo();
      expect(await main(['explain', '--config', 'my-deployment.yaml', MESSAGES['artifact-acl'].text, '--dir', 'old-generated/'], io)).toBe(0);
      expect(io.stdout()).toBe(example);
    } finally {
      process.chdir(here);
    }
  });
});
