/**
 * A region where the pipeline cannot run is refused by `plan` (offline too) and `deploy-sequence` before
 * any AWS call, naming the field `region` and what to do; a region where release: digest may not run
 * (the Commands action) is a warning that says what would settle it. The facts and their sources:
 * scripts/config/region-offerings.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import type { AwsRequestHandler } from '../../scripts/aws/clients';
import { CODEPIPELINE_NOT_OFFERED, COMMANDS_ACTION_NOT_OFFERED, COMMANDS_ACTION_UNSURE } from '../../scripts/config/region-offerings';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const EXAMPLE = load(readFileSync('examples/deployment.yaml', 'utf8')) as Doc;
const dir = mkdtempSync(join(tmpdir(), 'xacct-regions-'));

function configIn(region: string, release?: 'digest' | 'tag'): string {
  const doc = JSON.parse(JSON.stringify(EXAMPLE)) as Doc;
  doc.region = region;
  if (release) doc.pipeline.release = release;
  const file = join(dir, `${region}-${release ?? 'default'}.yaml`);
  writeFileSync(file, dump(doc));
  return file;
}

/** Any AWS request fails the test: the refusal must come first. */
const calls: string[] = [];
const noAws = { handle: async (request: { hostname: string }) => { calls.push(request.hostname); throw new Error(`AWS was called: ${request.hostname}`); } } as unknown as AwsRequestHandler;

async function run(argv: string[]) {
  const io = recordingIo();
  const code = await main(argv, io, { requestHandler: noAws });
  return { code, out: io.stdout(), err: io.stderr() };
}

beforeEach(() => calls.splice(0));

it('every fact cites a source and the month it was read', () => {
  for (const fact of [...Object.values(CODEPIPELINE_NOT_OFFERED), ...Object.values(COMMANDS_ACTION_NOT_OFFERED), ...Object.values(COMMANDS_ACTION_UNSURE)]) {
    expect(fact.sources.length).toBeGreaterThan(0);
    for (const s of fact.sources) expect(s).toMatch(/^https:\/\//);
    expect(fact.read).toMatch(/^\d{4}-\d{2}$/);
  }
});

describe.each(['ca-west-1', 'mx-central-1', 'ap-east-2', 'ap-southeast-7'])('%s: no CodePipeline endpoint', (region) => {
  it.each([
    ['plan --offline', ['plan', '--offline']],
    ['plan', ['plan']],
    ['deploy-sequence', ['deploy-sequence', '--yes']],
  ])('%s refuses it with the config exit code, naming region and what to do, before any AWS call', async (_, argv) => {
    for (const release of ['digest', 'tag'] as const) {
      const r = await run([...argv, '--config', configIn(region, release)]);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toContain(`region: CodePipeline is not offered in ${region}`);
      expect(r.err).toContain('choose a region where CodePipeline is offered');
      expect(calls).toEqual([]);
    }
  });
});

describe('the Commands action (release: digest)', () => {
  it('a region without CodeBuild is refused for release: digest, offering release: tag', async () => {
    // Every such region also lacks CodePipeline today; the check stands on its own for when CodePipeline arrives first.
    for (const region of Object.keys(COMMANDS_ACTION_NOT_OFFERED)) expect(CODEPIPELINE_NOT_OFFERED[region]).toBeDefined();
    const { regionVerdict } = await import('../../scripts/config/region-offerings');
    const offerings = await import('../../scripts/config/region-offerings');
    const pipelines = offerings.CODEPIPELINE_NOT_OFFERED as Record<string, unknown>;
    const saved = pipelines['ca-west-1'];
    delete pipelines['ca-west-1'];
    try {
      const digest = regionVerdict('ca-west-1', 'digest');
      expect(digest.problems).toEqual([{ path: 'region', message: expect.stringMatching(/^the Commands action that release: digest needs is not offered in ca-west-1 .*: set pipeline\.release: tag, or choose another region$/) }]);
      expect(regionVerdict('ca-west-1', 'tag')).toEqual({ problems: [], warnings: [] });
    } finally {
      pipelines['ca-west-1'] = saved;
    }
  });

  it.each(Object.keys(COMMANDS_ACTION_UNSURE))('%s: release: digest plans with a warning that says what would settle it; release: tag without one', async (region) => {
    const digest = await run(['plan', '--offline', '--config', configIn(region, 'digest')]);
    expect(digest.code).toBe(0);
    expect(digest.err).toContain(`warning: region ${region}: the Commands action that release: digest needs may not be offered there`);
    expect(digest.err).toContain(`aws codepipeline list-action-types --action-owner-filter AWS --region ${region}`);
    expect(digest.err).toContain('set pipeline.release: tag');
    const tag = await run(['plan', '--offline', '--config', configIn(region, 'tag')]);
    expect(tag.code).toBe(0);
    expect(tag.err).toBe('');
  });

  it('a region offering both plans without a word', async () => {
    const r = await run(['plan', '--offline', '--config', configIn('eu-west-1')]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
  });
});
