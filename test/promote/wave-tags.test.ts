/**
 * Each fleet target's pipeline watches its wave's tag, as `xacct plan --offline --json` of
 * examples/fleet.yaml shows it (the CLI path a user takes): stage 2's ImageTag, the image definitions
 * upload and the first-image check name `latest` in wave 1, `latest-wave<N>` after. Account A's stack
 * keeps the pushed tag (its forwarding rules and tag exclusions for the wave tags: account A's fleet
 * template).
 */
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';

interface Step {
  kind: string;
  template?: string;
  target?: string;
  imageTag?: string;
  parameters?: Record<string, { value?: string }>;
}

async function steps(): Promise<Step[]> {
  const io = recordingIo();
  expect(await main(['plan', '--config', 'examples/fleet.yaml', '--offline', '--json'], io)).toBe(0);
  return (JSON.parse(io.stdout()) as { steps: Step[] }).steps;
}

describe('the tag each wave watches', () => {
  it.each([
    ['dev', 'latest'],
    ['staging', 'latest-wave2'],
    ['prod', 'latest-wave3'],
  ])('%s watches %s: stage 2 ImageTag, the image definitions and the first-image check', async (target, tag) => {
    const of = (await steps()).filter((s) => s.target === target);
    expect(of.find((s) => s.kind === 'deploy-stack' && s.template === 'AccB-pipeline-2')!.parameters!.ImageTag).toEqual({ value: tag });
    expect(of.find((s) => s.kind === 'upload-image-definitions')!.imageTag).toBe(tag);
    expect(of.find((s) => s.kind === 'check-image')!.imageTag).toBe(tag);
  });

  it('a single-target config is wave 1: stage 2 watches the pushed tag, unchanged', async () => {
    const io = recordingIo();
    expect(await main(['plan', '--config', 'examples/deployment.yaml', '--offline', '--json'], io)).toBe(0);
    const plan = JSON.parse(io.stdout()) as { steps: Step[] };
    expect(plan.steps.find((s) => s.kind === 'deploy-stack' && s.template === 'AccB-pipeline-2')!.parameters!.ImageTag).toEqual({ value: 'latest' });
  });
});
