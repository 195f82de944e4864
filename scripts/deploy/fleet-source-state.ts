/**
 * Account A's stacks of a region that serves several targets, as deployed and as a deploy would make
 * them now: what status, diff, doctor and destroy hold a fleet's source side against. The wanted stacks
 * come from fleetSourceStacks with the same inputs the deploy gives it (fleet-shared-source.ts): each
 * target's stage-1 outputs, and the deployed stacks' `Serves` so every target stays in its stack.
 */
import { describeAwsFailure } from '../aws/aws-errors';
import type { CloudFormationPort, StackSummary } from '../aws/ports';
import { XacctError } from '../errors';
import type { Accounts } from './observe';
import type { ResolvedTarget } from '../targets/resolve-targets';
import { fleetSourceStacks, stackGroups, stackNameOf, STAGE_ONE_OUTPUTS, type DeployedFleetStack, type FleetSourceStack } from './fleet-source';
import { TAG } from './stack-tags';

/** Every region of a config with several targets gets account A's fleet stacks (fleet-planner.ts). */
export const servedTogether = (all: readonly ResolvedTarget[], t: ResolvedTarget): ResolvedTarget[] => all.filter((x) => x.region === t.region && x.source.accountId === t.source.accountId);
export const isFleetRegion = (all: readonly ResolvedTarget[], t: ResolvedTarget): boolean => all.length > 1 && servedTogether(all, t).length > 0;

/** The `Serves` output of a fleet stack, split at the commas (none: it serves nobody). */
export const servesOf = (stack: StackSummary): string[] => (stack.outputs.Serves ?? '').split(',').filter((n) => n !== '');

/**
 * The region's fleet stacks that exist: `<source.stackName>`, `-2`, `-3`, ... Every name the targets
 * would fill in config order is read, then further ones while they exist (a stack is only ever added
 * after the last one the deployed targets fill, so the first one missing past those ends the list).
 */
export async function readFleetStacks(cfn: CloudFormationPort, served: readonly ResolvedTarget[]): Promise<StackSummary[]> {
  const base = served[0]!.source.stackName;
  const planned = stackGroups([...served], base).length;
  const found: StackSummary[] = [];
  for (let i = 0; ; i++) {
    const stack = await cfn.describeStack(stackNameOf(base, i));
    if (stack) found.push(stack);
    else if (i >= planned - 1) break;
  }
  return found;
}

/** A stage-1 stack that has every output account A's stack takes (a target deployed that far). */
export const hasStageOne = (stack: StackSummary | undefined): stack is StackSummary => stack !== undefined && STAGE_ONE_OUTPUTS.every((o) => stack.outputs[o]);

export interface RegionSource {
  region: string;
  /** The fleet stacks as deployed, in name order. */
  deployed: StackSummary[];
  /** The targets the wanted stacks serve: the region's targets whose stage 1 is deployed, less the ones removed. */
  built: string[];
  /** The region's targets with no stage 1 yet: a deploy creates it first, then adds them to these stacks. */
  notYetDeployed: string[];
  /** What a deploy would make the stacks now (empty when no target is left). */
  wanted: FleetSourceStack[];
  /** Each built target's source role in account A (its stage-1 output SourceRoleName: the name B's policies trust). */
  sourceRoleNames: Record<string, string>;
}

/**
 * `stageOneOf`: a target's stage-1 stack B (undefined when it does not exist); `without`: targets to
 * leave out (a teardown of them). A target without its stage-1 outputs is left out as well: a deploy
 * would have to create its stage 1 before account A's stacks could serve it.
 */
export async function regionSource(
  served: readonly ResolvedTarget[],
  source: CloudFormationPort,
  stageOneOf: (t: ResolvedTarget) => Promise<StackSummary | undefined>,
  without: readonly string[] = [],
): Promise<RegionSource> {
  const region = served[0]!.region;
  const deployed = await readFleetStacks(source, served);
  const kept = served.filter((t) => !without.includes(t.name));
  const stageOne = await Promise.all(kept.map(async (t) => [t, await stageOneOf(t)] as const));
  const ready = stageOne.filter(([, s]) => hasStageOne(s));
  const outputs = new Map(ready.map(([t, s]) => [t.name, s!.outputs]));
  const serves: DeployedFleetStack[] = deployed.map((s) => ({ stackName: s.name, serves: servesOf(s) }));
  const wanted = ready.length === 0 ? [] : fleetSourceStacks(region, ready.map(([t]) => t), (t) => outputs.get(t.name) ?? {}, serves);
  return {
    region,
    deployed,
    built: ready.map(([t]) => t.name),
    notYetDeployed: stageOne.filter(([, s]) => !hasStageOne(s)).map(([t]) => t.name),
    wanted,
    sourceRoleNames: Object.fromEntries(ready.map(([t, s]) => [t.name, s!.outputs.SourceRoleName!])),
  };
}

/** The deployed stack whose `Serves` names the target. */
export const deployedServing = (r: RegionSource, name: string): StackSummary | undefined => r.deployed.find((s) => servesOf(s).includes(name));
/** The stack a deploy would put the target's part in. */
export const wantedServing = (r: RegionSource, name: string): FleetSourceStack | undefined => r.wanted.find((s) => s.serves.includes(name));

/**
 * Whether a deployed fleet stack runs what a deploy would send now, decided as status decides it for
 * the three templates: the template hash the stack is tagged with and the parameter values.
 */
export function fleetStackCurrent(deployed: StackSummary, wanted: FleetSourceStack | undefined): { current: boolean; reason: string; deployedHash?: string; currentHash?: string } {
  const deployedHash = deployed.tags[TAG.templateHash];
  if (!wanted) return { current: false, reason: `stack ${deployed.name} is no longer one a deploy keeps: it would serve none of its targets`, ...(deployedHash ? { deployedHash } : {}) };
  const hashes = { ...(deployedHash ? { deployedHash } : {}), currentHash: wanted.artifact.hash };
  if (deployedHash !== wanted.artifact.hash) return { current: false, reason: `stack ${deployed.name} runs ${deployed.tags[TAG.template] ?? '?'} ${deployedHash ?? '?'}; a deploy would send ${wanted.artifact.name} ${wanted.artifact.hash} (serving ${wanted.serves.join(', ')})`, ...hashes };
  const differs = Object.entries(wanted.parameters).filter(([k, v]) => deployed.parameters[k] !== v).map(([k]) => k);
  if (differs.length > 0) return { current: false, reason: `stack ${deployed.name}: parameter ${differs.join(', ')} differs from what a deploy would send`, ...hashes };
  return { current: true, reason: `stack ${deployed.name} runs ${wanted.artifact.name} ${wanted.artifact.hash} for ${wanted.serves.join(', ')}`, ...hashes };
}

/**
 * Reads each region's fleet stacks once for all the targets a command covers: `portsOf` gives any
 * target's ports (each target's stage 1 is read with its own credentials). A failed read is the
 * command's AWS failure for each target of the region.
 */
export function regionReader(all: readonly ResolvedTarget[], portsOf: (t: ResolvedTarget) => Promise<Accounts>): (t: ResolvedTarget) => Promise<RegionSource> {
  const regions = new Map<string, Promise<RegionSource>>();
  return (t) => {
    const key = `${t.source.accountId}/${t.region}`;
    if (!regions.has(key)) {
      const stageOne = async (x: ResolvedTarget) =>
        (await portsOf(x)).target.cloudFormation.describeStack(x.target.stackName).catch((e: unknown) => {
          throw describeAwsFailure(e, `reading the stage-1 stack ${x.target.stackName} of ${x.name}`, x.target.accountId);
        });
      const read = portsOf(t).then((aws) => regionSource(servedTogether(all, t), aws.source.cloudFormation, stageOne));
      regions.set(key, read.catch((e: unknown) => {
        throw e instanceof XacctError ? e : describeAwsFailure(e, `reading account A's stacks in ${t.region}`, t.source.accountId);
      }));
    }
    return regions.get(key)!;
  };
}
