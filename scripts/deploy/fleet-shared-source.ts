/**
 * One of account A's stacks of a region that serves several targets (fleet-source.ts builds them):
 * read the outputs of each served target's stage-1 stack and the `Serves` output of the region's fleet
 * stacks as deployed (a target stays in the stack that holds its role), then deploy this step's stack
 * like the bootstrap stack (its own artifact, parameters known from the start). One plan step per
 * stack; they run one after another (one stack operation per account and region at a time).
 */
import { awsError } from '../aws/aws-errors';
import type { ResolvedTarget } from '../targets/resolve-targets';
import type { StepResult } from './events';
import type { FleetStep } from './fleet-planner';
import type { DeployStackStep } from './plan-types';
import { fleetSourceStacks, type DeployedFleetStack } from './fleet-source';
import type { RunContext } from './run-context';
import { deployStack, type OwnStackStep } from './steps/deploy-stack';

/**
 * The stage-1 outputs read by an earlier account-A stack of the run (one `contexts` per run): a region's
 * later stacks take them from there instead of reading every target's stack again (25 reads per stack
 * in the fleet bench). Stage 1 ran before any of them and this run does not run it again.
 */
const readThisRun = new WeakMap<Map<string, RunContext>, Map<string, Record<string, string>>>();

/** The stage-1 outputs of each target the region's account-A stacks serve, by target name. */
async function stageOneOutputs(served: ResolvedTarget[], contexts: Map<string, RunContext>, deployed: DeployedFleetStack[]): Promise<Map<string, Record<string, string>>> {
  const outputs = new Map<string, Record<string, string>>();
  const servedNow = new Set(deployed.flatMap((d) => d.serves));
  const known = readThisRun.get(contexts) ?? new Map<string, Record<string, string>>();
  readThisRun.set(contexts, known);
  for (const t of served) {
    const before = known.get(t.name);
    if (before) {
      outputs.set(t.name, before);
      continue;
    }
    // A target outside this run (--targets) has no ports here: one the stacks do not serve yet is
    // left out (its own run adds it); one they serve would lose its parts, so it must be in the run.
    const tctx = contexts.get(t.name);
    if (!tctx && !servedNow.has(t.name)) continue;
    if (!tctx) throw awsError('fleet-source-unserved', `account A's stacks in ${t.region} also serve ${t.name}: include it in --targets (its stage-1 outputs are written into them)`);
    const stack = await tctx.aws.target.cloudFormation.describeStack(t.target.stackName);
    if (!stack) throw awsError('missing-output', `stack ${t.target.stackName} of ${t.name} does not exist yet: its stage 1 runs first`);
    outputs.set(t.name, stack.outputs);
    known.set(t.name, stack.outputs);
  }
  return outputs;
}

/** The region's fleet stacks as deployed: `stackNames` are the ones the plan lists. */
async function deployedStacks(ctx: RunContext, stackNames: string[]): Promise<DeployedFleetStack[]> {
  const found = await Promise.all(stackNames.map((name) => ctx.aws.source.cloudFormation.describeStack(name)));
  return found.flatMap((stack, i) => (stack?.outputs.Serves !== undefined ? [{ stackName: stackNames[i]!, serves: stack.outputs.Serves.split(',').filter((n) => n !== '') }] : []));
}

export async function deploySharedSource(ctx: RunContext, step: FleetStep & DeployStackStep, served: ResolvedTarget[], contexts: Map<string, RunContext>, regionStacks: string[]): Promise<StepResult> {
  const deployed = await deployedStacks(ctx, regionStacks);
  const outputs = await stageOneOutputs(served, contexts, deployed);
  const stacks = fleetSourceStacks(step.region, served.filter((t) => outputs.has(t.name)), (t) => outputs.get(t.name)!, deployed);
  const own = stacks.find((s) => s.stackName === step.stack);
  if (!own) {
    throw awsError('fleet-source-moved', `account A's stack ${step.stack} in ${step.region} is no longer one the region's targets need as deployed now (${stacks.map((s) => s.stackName).join(', ')}): run xacct plan again and deploy from the new plan`);
  }
  const stackStep: OwnStackStep = {
    id: step.id,
    kind: 'deploy-stack',
    account: 'source',
    accountId: step.accountId,
    region: step.region,
    action: 'update',
    reason: `account A's stack for ${own.serves.join(', ')}`,
    stack: own.stackName,
    template: own.artifact.name,
    artifact: own.artifact,
    parameters: Object.fromEntries(Object.entries(own.parameters).map(([k, v]) => [k, { value: v }])),
    capabilities: own.artifact.capabilities,
  };
  return deployStack(ctx, stackStep);
}
