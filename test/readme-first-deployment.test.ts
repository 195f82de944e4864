/**
 * The README's first deployment, run as written: the xacct command lines of its code blocks (init,
 * bootstrap, plan, deploy-sequence, status, with the README's own flags), taken from the README itself
 * so that this fails when the README changes them, run through the CLI and the real SDK against the
 * fake AWS. Installing is out of scope; the config lines bootstrap prints are added as the guide says.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { main } from '../scripts/cli/main';
import { recordingIo } from '../scripts/cli/io';
import { ACCOUNT_A, ACCOUNT_B, exampleConfig, twoAccountWorld, type World } from './helpers/deploy-world';
import { docSection, splitMarkdown } from './helpers/docs';
import { ROOT } from './helpers/templates';

jest.setTimeout(120_000);

/** Every xacct command line of the guide's shell blocks, in order: continuations joined, comments cut, `npx ` dropped. */
function guideCommands(): string[][] {
  const first = docSection('README.md', '## Your first deployment');
  const { fences } = splitMarkdown(first, 'README.md');
  const lines = fences
    .filter((f) => f.lang === 'sh')
    .flatMap((f) => f.text.replace(/\\\n\s*/g, '').split('\n'))
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => /^(npx )?xacct /.test(l));
  return lines.map((l) => l.replace(/^npx /, '').split(/\s+/).slice(1));
}

let world: World;
afterEach(() => world.restore());

describe("the README's first deployment, as written", () => {
  it('init, bootstrap in each account, plan, deploy-sequence and status run against the fake AWS', async () => {
    const commands = guideCommands();
    expect(commands.map((c) => c[0])).toEqual(['init', 'bootstrap', 'bootstrap', 'plan', 'plan', 'deploy-sequence', 'status', 'status']);
    // The guide's configs and profiles: the README's file name, in a directory of its own.
    const config = exampleConfig();
    world = twoAccountWorld(config);
    world.aws.addProfile('orders-source-admin', ACCOUNT_A);
    world.aws.addProfile('orders-target-admin', ACCOUNT_B);
    Object.assign(process.env, world.aws.writeCredentialsFile());
    const file = join(mkdtempSync(join(tmpdir(), 'xacct-guide-')), 'my-deployment.yaml');
    const run = async (argv: string[], answers?: boolean[]) => {
      const io = recordingIo(answers, answers !== undefined);
      const code = await main(argv.map((a) => (a === 'my-deployment.yaml' ? file : a)), io, world.deps);
      return { code, out: io.stdout(), err: io.stderr() };
    };

    const init = await run(commands[0]!);
    expect(init.err).toBe('');
    expect(init.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain(`accountId: "${ACCOUNT_A}"`);

    for (const argv of commands.slice(1, 3)) {
      const r = await run(argv);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      // Add the config line it prints: the CloudFormation role of the account.
      const account = argv[argv.indexOf('--account') + 1] as 'source' | 'target';
      const role = /cloudFormationRoleArn: (\S+)/.exec(r.out)![1]!;
      expect(role).toBe(`arn:aws:iam::${account === 'source' ? ACCOUNT_A : ACCOUNT_B}:role/orders-api-cloudformation`);
      const c = load(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
      c[account]!.cloudFormationRoleArn = role;
      writeFileSync(file, dump(c));
      const trust = argv[argv.indexOf('--trust') + 1];
      expect(world.aws.iam(account === 'source' ? ACCOUNT_A : ACCOUNT_B).role('orders-api-deployer')!.trust).toMatchObject({ Statement: [{ Principal: { AWS: trust } }] });
    }

    for (const argv of commands.slice(3, 5)) {
      const r = await run(argv);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Plan for deployment');
      expect(r.out).not.toContain('bootstrap is due');
    }

    // At a terminal, a yes to each change set.
    const deploy = await run(commands[5]!, Array(20).fill(true));
    expect(deploy.code).toBe(0);
    expect(deploy.out).toContain('waits for the first push');
    expect(world.aws.cloudFormation(ACCOUNT_B).stack('orders-api-target')!.status).toMatch(/_COMPLETE$/);

    const status = await run(commands[6]!);
    expect(status.out).toContain('Deployment orders-api in eu-west-1');
    expect(status.out).toContain('orders-api-target');
    const json = await run(commands[7]!);
    expect(JSON.parse(json.out)).toEqual(expect.objectContaining({ deployment: 'orders-api' }));
    // The whole guide ran from the README's own lines.
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('npx xacct bootstrap --config my-deployment.yaml --account target --trust');
  });
});
