/**
 * Account A's stacks of a region that serves several targets (fleet-source.ts builds them): read the
 * outputs of each served target's stage-1 stack, then deploy each stack like the bootstrap stack (its
 * own artifact, parameters known from the start). One step of the fleet plan; it fails as one.
 */
import { awsError } from '../aws/aws-errors';
import type { ResolvedTarget } from '../targets/resolve-targets';
import type { StepResult } from './events';
import type { FleetStep } from './fleet-planner';
import { fleetSourceStacks } from './fleet-source';
import type { RunContext } from './run-context';
import { deployStack, type OwnStackStep } from './steps/deploy-stack';

export async function deploySharedSource(ctx: RunContext, step: FleetStep, served: ResolvedTarget[], contexts: Map<string, RunContext>): Promise<StepResult> {
  const outputs = new Map<string, Record<string, string>>();
  for (const t of served) {
    // A served target outside this run (--targets) has no ports of its own here: its stage 1 is read
    // with the ports of its account B only when it is part of the run.
    const tctx = contexts.get(t.name);
    if (!tctx) throw awsError('fleet-source-unserved', `account A's stack in ${t.region} also serves ${t.name}: include it in --targets (its stage-1 outputs are needed)`);
    const stack = await tctx.aws.target.cloudFormation.describeStack(t.target.stackName);
    if (!stack) throw awsError('missing-output', `stack ${t.target.stackName} of ${t.name} does not exist yet: its stage 1 runs first`);
    outputs.set(t.name, stack.outputs);
  }
  const stacks = fleetSourceStacks(step.region, served, (t) => outputs.get(t.name) ?? {});
  let changed = false;
  for (const s of stacks) {
    const own: OwnStackStep = {
      id: step.id,
      kind: 'deploy-stack',
      account: 'source',
      accountId: step.accountId,
      region: step.region,
      action: 'update',
      reason: `account A's stack for ${s.serves.join(', ')}`,
      stack: s.stackName,
      template: s.artifact.name,
      artifact: s.artifact,
      parameters: Object.fromEntries(Object.entries(s.parameters).map(([k, v]) => [k, { value: v }])),
      capabilities: s.artifact.capabilities,
    };
    const result = await deployStack(ctx, own);
    if (result.outcome !== 'no-change') changed = true;
  }
  return changed ? { outcome: 'updated' } : { outcome: 'no-change', reason: `account A's stacks in ${step.region} are current` };
}
